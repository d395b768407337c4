import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { ArticleDocument } from '../../shared/document.js';
import { toMongoQuery } from '../../shared/query/article-query.js';
import { articlesCollection } from '../../shared/store/articles.js';
import { CliError, withContext } from '../context.js';
import { csvCell } from '../format.js';
import { startProgress } from '../progress.js';
import { parseFlags, queryOptions, toJson, type QueryFlags } from './query.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Internal bookkeeping and the (large, derivable) HTML body stay out, as in `newsflow query`. */
const PROJECTION = { terms: 0, minhash: 0, version: 0, bodyHtml: 0 } as const;
/** Documents per round trip: big enough to keep the server busy, small enough to bound memory. */
const BATCH_SIZE = 500;
const CSV_COLUMNS = [
  '_id', 'url', 'canonicalUrl', 'source', 'sourceId', 'title', 'lead', 'language', 'authors', 'publishedAt', 'modifiedAt',
  'fetchedAt', 'section', 'tags', 'clusterId', 'wordCount', 'bodyText',
] as const satisfies readonly (keyof ArticleDocument)[];

function csvHeader(): string {
  return `${CSV_COLUMNS.map((column) => (column === '_id' ? 'id' : column)).join(',')}\n`;
}

function formatLine(doc: Partial<ArticleDocument>, format: ExportFormat): string {
  return format === 'jsonl' ? `${JSON.stringify(toJson(doc))}\n` : `${CSV_COLUMNS.map((column) => csvCell(doc[column])).join(',')}\n`;
}

/**
 * Writes lines to a stream and, when its buffer is full, waits for it to drain: memory stays flat
 * whatever the export's size. A stream error (disk full, closed pipe) fails the next write.
 */
function lineWriter(stream: NodeJS.WritableStream) {
  let failure: Error | undefined;
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  return {
    async write(text: string): Promise<void> {
      if (failure) throw failure;
      if (!stream.write(text)) await once(stream, 'drain'); // `once` rejects on 'error' too
    },
    /** Ends a file stream and waits until everything is on disk. */
    async finish(): Promise<void> {
      if (failure) throw failure;
      stream.end();
      await once(stream, 'finish');
    },
  };
}

interface ExportFlags extends QueryFlags {
  format: ExportFormat;
  out?: string;
}

/**
 * `newsflow export`: every article matching the query filters, streamed from a MongoDB cursor.
 * Without --limit there is no limit. With --out the file appears only once complete (written
 * next to it under a temporary name, then renamed), so a failed export never looks finished.
 */
export function registerExport(program: Command): void {
  const command = queryOptions(program.command('export').description('stream matching articles as JSON lines or CSV (all of them unless --limit)'));
  // The query's page size makes no sense for an export: without --limit, everything is exported.
  const limit = command.options.find((option) => option.long === '--limit');
  if (limit) {
    limit.defaultValue = undefined;
    limit.description = 'at most this many articles (default: all)';
    command.setOptionValueWithSource('limit', undefined, 'default');
  }
  command
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS as unknown as string[]).default('jsonl'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (flags: ExportFlags) => {
      const { format, out, ...filters } = flags;
      const limited = filters.limit !== undefined;
      const query = toMongoQuery(parseFlags(filters));
      await withContext(async (ctx) => {
        const articles = articlesCollection(await ctx.db());
        const matching = Math.max(0, (await articles.countDocuments(query.filter)) - query.skip);
        const total = limited ? Math.min(matching, query.limit) : matching;
        const partial = out === undefined ? undefined : `${out}.partial-${process.pid}`;
        const file = partial === undefined ? undefined : createWriteStream(partial, { flags: 'wx' });
        const writer = lineWriter(file ?? process.stdout);
        const progress = startProgress('export', total);
        let cursor = articles.find(query.filter, { projection: PROJECTION, batchSize: BATCH_SIZE }).sort(query.sort).skip(query.skip);
        if (limited) cursor = cursor.limit(query.limit);
        try {
          if (format === 'csv') await writer.write(csvHeader());
          for await (const doc of cursor) {
            await writer.write(formatLine(doc, format));
            progress.increment();
          }
          if (file && partial !== undefined && out !== undefined) {
            await writer.finish();
            await rename(partial, out);
          }
        } catch (error) {
          if (file && partial !== undefined) {
            file.destroy();
            await rm(partial, { force: true });
          }
          throw new CliError(`export failed: ${(error as Error).message}`);
        } finally {
          progress.stop();
          await cursor.close();
        }
      });
    });
}
