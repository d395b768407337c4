import { Option, type Command } from 'commander';
import type { ArticleDocument } from '../../shared/document.js';
import { parseArticleQuery, QueryValidationError, toMongoQuery, SORTS } from '../../shared/query/article-query.js';
import { articlesCollection } from '../../shared/store/articles.js';
import { loadArticleDetails } from '../../shared/store/article-details.js';
import { CliError, withContext } from '../context.js';
import { csvCell, FORMATS, renderTable, truncate, type Format } from '../format.js';

/** Fields printed by json/jsonl (everything but internal bookkeeping). */
const HIDDEN = { terms: 0, bodyHtml: 0, minhash: 0 } as const;
const CSV_FIELDS = ['_id', 'url', 'canonicalUrl', 'source', 'title', 'language', 'authors', 'publishedAt', 'fetchedAt', 'clusterId', 'wordCount'] as const;

export function toJson(doc: Partial<ArticleDocument>): Record<string, unknown> {
  return { id: doc._id, ...doc, _id: undefined };
}

export function printArticles(docs: Partial<ArticleDocument>[], format: Format): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(docs.map(toJson), null, 2)}\n`);
  } else if (format === 'jsonl') {
    for (const doc of docs) process.stdout.write(`${JSON.stringify(toJson(doc))}\n`);
  } else if (format === 'csv') {
    process.stdout.write(`${CSV_FIELDS.join(',')}\n`);
    for (const doc of docs) process.stdout.write(`${CSV_FIELDS.map((field) => csvCell(doc[field])).join(',')}\n`);
  } else {
    const rows = docs.map((doc) => [
      doc.publishedAt ? doc.publishedAt.toISOString().slice(0, 16).replace('T', ' ') : '-',
      doc.language ?? '-',
      truncate(doc.source ?? '', 24),
      truncate((doc.authors ?? []).join(', ') || '-', 24),
      truncate(doc.title ?? '(no title)', 70),
      doc._id ?? '',
    ]);
    process.stdout.write(renderTable(['published', 'lang', 'source', 'authors', 'title', 'id'], rows));
    process.stdout.write(`${docs.length} article(s)\n`);
  }
}

export function queryOptions(command: Command): Command {
  return command
    .option('--source <domain>', 'only articles from this site (host without www.)')
    .option('--source-id <id>', 'only articles of this configured source')
    .option('--lang <code>', 'only articles in this language (tr, ru, kk, en, …)')
    .option('--since <date>', 'published on or after (2024-10-10 or an ISO timestamp)')
    .option('--until <date>', 'published on or before')
    .option('--author <name>', 'only articles by this author (exact name)')
    .option('--text <words>', 'articles whose title or body contain all these words')
    .option('--cluster <id>', 'the articles of one near-duplicate cluster (copies of a story)')
    .option('--credits <domain>', 'articles that credit this site (e.g. akorda.kz)')
    .addOption(new Option('--sort <order>', 'sort order').choices(SORTS as unknown as string[]).default('-published'))
    .option('--limit <n>', 'at most this many articles', '20')
    .option('--skip <n>', 'skip this many first (pagination)', '0');
}

export interface QueryFlags {
  source?: string; sourceId?: string; lang?: string; since?: string; until?: string; author?: string; text?: string;
  cluster?: string; credits?: string; sort?: string; limit?: string; skip?: string;
}

export function parseFlags(flags: QueryFlags) {
  try {
    return parseArticleQuery(Object.fromEntries(Object.entries(flags).filter(([key, value]) => value !== undefined && key !== 'format')));
  } catch (error) {
    if (error instanceof QueryValidationError) throw new CliError(error.message.replace(/(^|; )(\w+):/g, '$1--$2:'));
    throw error;
  }
}

export function registerQuery(program: Command): void {
  queryOptions(program.command('query').description('print stored articles from MongoDB'))
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS as unknown as string[]).default('table'))
    .option('--id <id>', 'one article by id, with its aliases, revisions, copies elsewhere (cluster) and provenance')
    .action(async (flags: QueryFlags & { format: Format; id?: string }) => {
      await withContext(async (ctx) => {
        const articles = articlesCollection(await ctx.db());
        if (flags.id !== undefined) {
          const details = await loadArticleDetails(await ctx.db(), String(flags.id));
          if (!details) throw new CliError(`no article with id ${flags.id}`);
          const { article, ...related } = details;
          process.stdout.write(`${JSON.stringify({ ...toJson(article), ...related }, null, flags.format === 'jsonl' ? undefined : 2)}\n`);
          return;
        }
        const query = toMongoQuery(parseFlags(flags));
        const docs = await articles.find(query.filter, { projection: HIDDEN }).sort(query.sort).skip(query.skip).limit(query.limit).toArray();
        printArticles(docs, flags.format);
      });
    });
}
