import type { Command } from 'commander';
import { STAGES } from '../../queues/index.js';
import { outcomeCounts } from '../../shared/store/outcomes.js';
import { articlesCollection } from '../../shared/store/articles.js';
import { withContext, type CliContext } from '../context.js';
import { renderTable } from '../format.js';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

export interface PipelineStatus {
  queues: Record<string, Record<(typeof STATES)[number], number>>;
  articles: number;
  outcomes: Record<string, number>;
}

export async function pipelineStatus(ctx: CliContext): Promise<PipelineStatus> {
  const queues = ctx.queues();
  const counts = await Promise.all(STAGES.map((stage) => queues[stage].getJobCounts(...STATES)));
  const db = await ctx.db();
  return {
    queues: Object.fromEntries(STAGES.map((stage, index) => [stage, counts[index] as Record<(typeof STATES)[number], number>])),
    articles: await articlesCollection(db).countDocuments({}),
    outcomes: await outcomeCounts(db),
  };
}

function render(status: PipelineStatus): string {
  const rows = Object.entries(status.queues).map(([name, counts]) => [name, ...STATES.map((state) => String(counts[state] ?? 0))]);
  let text = renderTable(['queue', ...STATES], rows);
  text += `\narticles stored: ${status.articles}\n`;
  const outcomes = Object.entries(status.outcomes).sort((a, b) => b[1] - a[1]);
  text += outcomes.length > 0 ? `outcomes: ${outcomes.map(([name, count]) => `${name}=${count}`).join(' ')}\n` : 'outcomes: none yet\n';
  return text;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('queue counts per stage, stored articles and outcome counts')
    .option('--json', 'print as JSON')
    .option('-w, --watch [seconds]', 'refresh every few seconds until interrupted')
    .action(async (options: { json?: boolean; watch?: string | boolean }) => {
      await withContext(async (ctx) => {
        const interval = options.watch === undefined || options.watch === false ? 0 : Math.max(1, Number(options.watch === true ? 2 : options.watch) || 2);
        for (;;) {
          const status = await pipelineStatus(ctx);
          if (options.json) process.stdout.write(`${JSON.stringify(status)}\n`);
          else process.stdout.write(`${interval > 0 ? `\x1b[2J\x1b[H${new Date().toISOString()}\n` : ''}${render(status)}`);
          if (interval === 0) return;
          await new Promise((resolve) => setTimeout(resolve, interval * 1000));
        }
      });
    });
}
