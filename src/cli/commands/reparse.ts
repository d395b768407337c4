import type { Command } from 'commander';
import { parseArticleQuery, toMongoQuery } from '../../shared/query/article-query.js';
import { loadSourceProfiles } from '../../shared/source-registry.js';
import { articlesCollection } from '../../shared/store/articles.js';
import { reparseArticle } from '../../shared/store/reparse.js';
import { withContext } from '../context.js';
import { startProgress } from '../progress.js';

export function registerReparse(program: Command): void {
  program
    .command('reparse')
    .description('re-run extraction on stored raw pages (no refetch) and update the documents in place')
    .option('--source <domain>', 'only articles from this site')
    .option('--since <date>', 'only articles fetched on or after this date')
    .option('--json', 'print the report as JSON')
    .action(async (options: { source?: string; since?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const query = parseArticleQuery({ ...(options.source ? { source: options.source } : {}), limit: 1 });
        const filter: Record<string, unknown> = toMongoQuery(query).filter;
        if (options.since !== undefined) filter.fetchedAt = { $gte: parseArticleQuery({ since: options.since }).since };
        const db = await ctx.db();
        const sources = await loadSourceProfiles(ctx.config.sourcesDir);
        const articles = articlesCollection(db);
        const total = await articles.countDocuments(filter);
        const progress = startProgress('reparse', total);
        const report = { total, updated: 0, unchanged: 0, missingPage: 0, conflicts: 0, failed: 0, changedFields: {} as Record<string, number> };
        for await (const doc of articles.find(filter, { projection: { terms: 0 } }).sort({ _id: 1 })) {
          try {
            const result = await reparseArticle(db, doc, sources);
            if (result.kind === 'updated') {
              report.updated += 1;
              for (const field of result.changed) report.changedFields[field] = (report.changedFields[field] ?? 0) + 1;
            } else if (result.kind === 'unchanged') report.unchanged += 1;
            else if (result.kind === 'missing-page') report.missingPage += 1;
            else report.conflicts += 1;
          } catch (error) {
            // One page the extractor cannot handle must not stop the whole run; it is counted and logged.
            report.failed += 1;
            ctx.log.error({ articleId: doc._id, err: error instanceof Error ? error.message : String(error) }, 'reparse failed');
          }
          progress.increment();
        }
        progress.stop();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          return;
        }
        process.stdout.write(`re-parsed ${report.total}: ${report.updated} updated, ${report.unchanged} unchanged, ${report.missingPage} without a stored page, ${report.conflicts} conflicts, ${report.failed} failed\n`);
        for (const [field, count] of Object.entries(report.changedFields).sort((a, b) => b[1] - a[1])) {
          process.stdout.write(`  ${field}: changed in ${count}\n`);
        }
      });
    });
}
