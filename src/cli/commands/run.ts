import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { UrlToEnqueue } from '../../queues/fetch-queue.js';
import { enqueueUrls } from '../../queues/fetch-queue.js';
import { packageRoot } from '../../shared/package-root.js';
import { COLLECTIONS } from '../../shared/store/collections.js';
import { articlesCollection } from '../../shared/store/articles.js';
import type { FetchRecord } from '../../shared/store/outcomes.js';
import { createLogger } from '../../shared/logger.js';
import { startWorkers } from '../../workers/runtime.js';
import { CliContext, CliError } from '../context.js';
import { findSource } from '../sources.js';
import { seedSource } from '../../queues/source-schedules.js';
import { printArticles } from './query.js';
import { serveStaticSite } from '../static-site.js';

const DEMO_PORT = 8765;

/**
 * The main job in one command: with no arguments, ingest the bundled offline demo site (served on
 * 127.0.0.1, the only address the SSRF guard lets through for it); with URLs or --source, ingest
 * those. Runs every stage in this process, waits until each accepted URL has an outcome, and
 * prints what was stored.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('ingest URLs, a source, or (with no arguments) the bundled offline demo site, then print what was stored')
    .argument('[urls...]', 'URLs to ingest')
    .option('-s, --source <id>', 'ingest a configured source')
    .option('--timeout <seconds>', 'give up waiting after this long', '180')
    .option('--format <format>', 'how to print the stored articles: table, json, jsonl', 'table')
    .action(async (urls: string[], options: { source?: string; timeout: string; format: 'table' | 'json' | 'jsonl' }) => {
      const demo = urls.length === 0 && options.source === undefined;
      const site = demo ? await serveStaticSite(path.join(packageRoot(), 'demo', 'site'), DEMO_PORT) : undefined;
      const env = { ...process.env };
      if (site) env.NEWSFLOW_ALLOW_HOSTS = [env.NEWSFLOW_ALLOW_HOSTS, '127.0.0.1'].filter(Boolean).join(',');
      const ctx = new CliContext(env);
      const log = createLogger(ctx.config.logLevel === 'info' ? 'warn' : ctx.config.logLevel, { role: 'run' });
      const running = await startWorkers(['all'], ctx.config, log);
      try {
        const inputs: UrlToEnqueue[] = urls.map((url) => ({ url }));
        if (site) {
          const list = await readFile(path.join(packageRoot(), 'demo', 'site', 'urls.txt'), 'utf8');
          for (const line of list.split('\n').filter((entry) => entry.trim().length > 0)) inputs.push({ url: `${site.origin}${line.trim()}` });
        }
        const enqueueOptions = { trackingParams: ctx.config.trackingParams, recrawlWindowMs: ctx.config.recrawlWindowMs };
        const decisions = await enqueueUrls(ctx.queues().fetch, inputs, enqueueOptions);
        if (options.source !== undefined) {
          // The same entry points as `enqueue --source`, without installing revisit schedules: a run ends.
          const seeded = await seedSource(ctx.queues().fetch, await findSource(ctx, options.source), { ...enqueueOptions, schedule: false });
          decisions.push(...seeded.decisions);
        }
        const accepted = decisions.filter((decision) => decision.status === 'accepted');
        const skipped = decisions.filter((decision) => decision.status === 'skipped').length;
        for (const decision of decisions) if (decision.status === 'rejected') process.stderr.write(`rejected ${decision.input}: ${decision.reason}\n`);
        process.stderr.write(`enqueued ${accepted.length} URL(s), ${skipped} already seen within the recrawl window\n`);
        const db = await ctx.db();
        const ids = accepted.map((decision) => decision.status === 'accepted' ? decision.jobId : '');
        const deadline = Date.now() + Number(options.timeout) * 1000;
        let done = 0;
        let reported = -1;
        while (Date.now() < deadline) {
          done = await db.collection<FetchRecord>(COLLECTIONS.fetches).countDocuments({ _id: { $in: ids } });
          if (done !== reported) {
            process.stderr.write(process.stderr.isTTY ? `\rprogress: ${done}/${ids.length} URL(s) finished` : `progress: ${done}/${ids.length} URL(s) finished\n`);
            reported = done;
          }
          if (done >= ids.length) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        if (process.stderr.isTTY) process.stderr.write('\n');
        const outcomes = await db.collection<FetchRecord>(COLLECTIONS.fetches).find({ _id: { $in: ids } }).toArray();
        for (const record of outcomes.filter((entry) => entry.outcome !== 'stored' && entry.outcome !== 'duplicate' && entry.outcome !== 'unchanged')) {
          process.stderr.write(`${record.outcome}: ${record.url}${record.error ? ` (${record.error})` : ''}\n`);
        }
        const canonical = decisions.flatMap((decision) => (decision.status === 'rejected' ? [] : [decision.canonicalUrl]));
        const articleIds = [...new Set(outcomes.flatMap((record) => (record.articleId ? [record.articleId] : [])))];
        const docs = await articlesCollection(db)
          .find({ $or: [{ _id: { $in: articleIds } }, { canonicalUrl: { $in: canonical } }] }, { projection: { terms: 0, bodyHtml: 0, minhash: 0 } })
          .sort({ publishedAt: -1 })
          .toArray();
        printArticles(docs, options.format);
        if (done < ids.length) throw new CliError(`timed out: ${ids.length - done} URL(s) still in the pipeline (see newsflow status)`);
      } finally {
        await running.close(10_000);
        await ctx.close();
        await site?.close();
      }
    });
}
