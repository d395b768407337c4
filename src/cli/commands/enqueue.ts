import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { enqueueUrls, type EnqueueDecision, type UrlToEnqueue } from '../../queues/fetch-queue.js';
import { seedSource } from '../../queues/source-schedules.js';
import { findSource } from '../sources.js';
import { recordOutcome } from '../../shared/store/outcomes.js';
import { CliError, withContext, type CliContext } from '../context.js';
import { startProgress } from '../progress.js';
import { openUrlFile, readUrlLines } from '../url-input.js';

const BATCH = 1_000;

export interface EnqueueSummary {
  accepted: number;
  skipped: number;
  rejected: { url: string; reason: string }[];
}

/** Enqueues URLs in batches and records every rejected one (a bad input is never silently dropped). */
export async function enqueueAll(ctx: CliContext, urls: AsyncIterable<UrlToEnqueue> | Iterable<UrlToEnqueue>, total: number | null): Promise<EnqueueSummary> {
  const summary: EnqueueSummary = { accepted: 0, skipped: 0, rejected: [] };
  const queue = ctx.queues().fetch;
  const progress = startProgress('enqueue', total);
  let batch: UrlToEnqueue[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const decisions = await enqueueUrls(queue, batch, { trackingParams: ctx.config.trackingParams, recrawlWindowMs: ctx.config.recrawlWindowMs });
    await tally(ctx, decisions, summary);
    progress.increment(batch.length);
    batch = [];
  };
  for await (const url of urls) {
    batch.push(url);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  progress.stop();
  return summary;
}

async function tally(ctx: CliContext, decisions: EnqueueDecision[], summary: EnqueueSummary): Promise<void> {
  for (const decision of decisions) {
    if (decision.status === 'accepted') summary.accepted += 1;
    else if (decision.status === 'skipped') summary.skipped += 1;
    else summary.rejected.push({ url: decision.input, reason: decision.reason });
  }
  const rejected = decisions.filter((decision) => decision.status === 'rejected');
  if (rejected.length === 0) return;
  const db = await ctx.db();
  const now = new Date();
  for (const decision of rejected) {
    await recordOutcome(db, {
      _id: `rejected-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      url: decision.input, canonicalUrl: null, urlKey: null, finalUrl: null, sourceId: null,
      outcome: 'invalid-url', stage: 'enqueue', httpStatus: null, attempts: 0,
      error: decision.status === 'rejected' ? decision.reason : null, articleId: null, enqueuedAt: now,
    });
  }
}

function printSummary(summary: EnqueueSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(`accepted ${summary.accepted}, skipped ${summary.skipped} (already queued or seen), rejected ${summary.rejected.length}\n`);
  for (const { url, reason } of summary.rejected.slice(0, 50)) {
    process.stdout.write(`  rejected ${url.length > 120 ? `${url.slice(0, 117)}...` : url}: ${reason}\n`);
  }
  if (summary.rejected.length > 50) process.stdout.write(`  … and ${summary.rejected.length - 50} more rejected\n`);
}

async function* fromFileAndStdin(args: string[], file: string | undefined, useStdin: boolean): AsyncGenerator<UrlToEnqueue> {
  for (const url of args) yield { url };
  if (file !== undefined) {
    if (file !== '-') await access(file).catch(() => { throw new CliError(`cannot read URL file ${file}`); });
    for await (const url of readUrlLines(openUrlFile(file))) yield { url };
  }
  if (useStdin) for await (const url of readUrlLines(process.stdin)) yield { url };
}

export function registerEnqueue(program: Command): void {
  program
    .command('enqueue')
    .description('put URLs (arguments, --file, or stdin one per line) or a source\'s start URLs on the fetch queue')
    .argument('[urls...]', 'URLs to fetch')
    .option('-f, --file <path>', 'read URLs from a file, one per line (- for stdin)')
    .option('-s, --source <id>', 'seed a configured source (its start URLs, feeds and sitemaps)')
    .option('--json', 'print the summary as JSON')
    .action(async (args: string[], options: { file?: string; source?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const inputs: UrlToEnqueue[] = [];
        if (options.source !== undefined) {
          const profile = await findSource(ctx, options.source);
          const seeded = await seedSource(ctx.queues().fetch, profile, { trackingParams: ctx.config.trackingParams, recrawlWindowMs: ctx.config.recrawlWindowMs, schedule: true });
          const accepted = seeded.decisions.filter((decision) => decision.status === 'accepted').length;
          process.stderr.write(`source ${profile.id}: ${accepted} entry point(s) enqueued, ${seeded.schedulers} revisit schedule(s) in place\n`);
        }
        const useStdin = args.length === 0 && options.file === undefined && options.source === undefined && !process.stdin.isTTY;
        if (args.length === 0 && options.file === undefined && options.source === undefined && !useStdin) {
          throw new CliError('give URLs as arguments, --file <path>, --source <id>, or pipe them on stdin');
        }
        const all = async function* () {
          yield* inputs;
          yield* fromFileAndStdin(args, options.file, useStdin);
        };
        const summary = await enqueueAll(ctx, all(), options.file === undefined && !useStdin ? inputs.length + args.length : null);
        if (options.source !== undefined && args.length === 0 && options.file === undefined) return;
        printSummary(summary, options.json === true);
      });
    });
}
