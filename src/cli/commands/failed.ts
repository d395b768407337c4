import type { Command } from 'commander';
import { STAGES } from '../../queues/index.js';
import { withContext } from '../context.js';
import { renderTable, truncate } from '../format.js';

export function registerFailed(program: Command): void {
  const failed = program.command('failed').description('list or re-queue URLs whose jobs failed');
  failed
    .command('list')
    .description('failed jobs with their reasons')
    .option('--limit <n>', 'at most this many per stage', '50')
    .option('--json', 'print as JSON lines')
    .action(async (options: { limit: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const limit = Math.max(1, Math.min(10_000, Number(options.limit) || 50));
        const rows: string[][] = [];
        for (const stage of STAGES) {
          const jobs = await ctx.queues()[stage].getFailed(0, limit - 1);
          for (const job of jobs) {
            const data = job.data as { url?: string; fetch?: { url: string }; parse?: { fetch: { url: string } } };
            const url = data.url ?? data.fetch?.url ?? data.parse?.fetch.url ?? '?';
            if (options.json) process.stdout.write(`${JSON.stringify({ stage, jobId: job.id, url, reason: job.failedReason, attempts: job.attemptsMade })}\n`);
            rows.push([stage, String(job.id), truncate(url, 60), truncate(job.failedReason ?? '', 70)]);
          }
        }
        if (!options.json) process.stdout.write(rows.length > 0 ? renderTable(['stage', 'job', 'url', 'reason'], rows) : 'no failed jobs\n');
      });
    });
  failed
    .command('retry')
    .description('re-queue failed jobs (all, or one by id)')
    .option('--id <jobId>', 'only this job')
    .option('--stage <stage>', 'only this stage (fetch, parse, store)')
    .action(async (options: { id?: string; stage?: string }) => {
      await withContext(async (ctx) => {
        let retried = 0;
        for (const stage of STAGES) {
          if (options.stage !== undefined && options.stage !== stage) continue;
          const queue = ctx.queues()[stage];
          if (options.id !== undefined) {
            const job = await queue.getJob(options.id);
            if (job && (await job.isFailed())) {
              await job.retry('failed');
              retried += 1;
            }
            continue;
          }
          for (;;) {
            const jobs = await queue.getFailed(0, 499);
            if (jobs.length === 0) break;
            for (const job of jobs) await job.retry('failed');
            retried += jobs.length;
          }
        }
        process.stdout.write(`re-queued ${retried} failed job(s)\n`);
      });
    });
}
