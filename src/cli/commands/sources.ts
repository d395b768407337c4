import type { Command } from 'commander';
import { COLLECTIONS } from '../../shared/store/collections.js';
import { tallyArticlesBy } from '../../shared/store/source-stats.js';
import { loadSourceProfiles, resolveSourcesDir } from '../../shared/source-registry.js';
import { schedulerId, sourceEntryPoints } from '../../queues/source-schedules.js';
import { withContext } from '../context.js';
import { renderTable } from '../format.js';

export function registerSources(program: Command): void {
  program
    .command('sources')
    .description('list source profiles with their last crawl and counts (--check: only validate the profiles)')
    .option('--check', 'validate every profile and exit (no services needed)')
    .option('--unschedule <id>', 'remove the revisit schedules of a source')
    .option('--json', 'print as JSON')
    .action(async (options: { check?: boolean; unschedule?: string; json?: boolean }) => {
      if (options.check) {
        await withContext(async (ctx) => {
          const profiles = await loadSourceProfiles(ctx.config.sourcesDir);
          process.stdout.write(`${profiles.length} source profile(s) valid in ${resolveSourcesDir(ctx.config.sourcesDir)}: ${profiles.map((profile) => profile.id).join(', ')}\n`);
        });
        return;
      }
      await withContext(async (ctx) => {
        const profiles = await loadSourceProfiles(ctx.config.sourcesDir);
        if (options.unschedule !== undefined) {
          const profile = profiles.find((candidate) => candidate.id === options.unschedule);
          const queue = ctx.queues().fetch;
          const schedulers = await queue.getJobSchedulers(0, -1);
          let removed = 0;
          for (const scheduler of schedulers) {
            if (scheduler.key.startsWith(`source-${options.unschedule}-`)) removed += (await queue.removeJobScheduler(scheduler.key)) ? 1 : 0;
          }
          process.stdout.write(`removed ${removed} schedule(s) of ${profile ? profile.id : options.unschedule}\n`);
          return;
        }
        const db = await ctx.db();
        const ids = profiles.map((profile) => profile.id);
        const stats = await tallyArticlesBy(db, 'sourceId', { sourceId: { $in: ids } }, profiles.length);
        const fetches = await db
          .collection(COLLECTIONS.fetches)
          .aggregate<{ _id: string; fetches: number }>([{ $match: { sourceId: { $in: ids } } }, { $group: { _id: '$sourceId', fetches: { $sum: 1 } } }])
          .toArray();
        const schedulers = new Set((await ctx.queues().fetch.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key));
        const rows = profiles.map((profile) => {
          const articles = stats.find((row) => row.key === profile.id);
          const crawl = fetches.find((row) => row._id === profile.id);
          const scheduled = sourceEntryPoints(profile).filter((point) => schedulers.has(schedulerId(profile.id, point.url))).length;
          return {
            id: profile.id,
            name: profile.name,
            languages: profile.languages,
            articles: articles?.articles ?? 0,
            fetches: crawl?.fetches ?? 0,
            lastCrawl: articles?.lastFetchedAt ?? null,
            schedules: scheduled,
          };
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        process.stdout.write(renderTable(
          ['id', 'name', 'languages', 'articles', 'fetches', 'last crawl', 'schedules'],
          rows.map((row) => [row.id, row.name.slice(0, 40), row.languages.join(','), String(row.articles), String(row.fetches), row.lastCrawl ? row.lastCrawl.toISOString() : 'never', String(row.schedules)]),
        ));
      });
    });
}
