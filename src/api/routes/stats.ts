import type { FastifyInstance } from 'fastify';
import { pipelineStatus } from '../../cli/commands/status.js';
import type { CliContext } from '../../cli/context.js';
import { outcomeTimeline, recentFailures } from '../outcome-timeline.js';

/** GET /api/stats: what `newsflow status` prints, the last hour in 5-minute buckets and the latest failures. */
export function registerStatsRoutes(app: FastifyInstance, ctx: CliContext): void {
  app.get('/api/stats', async () => {
    const db = await ctx.db();
    const [status, timeline, failures] = await Promise.all([pipelineStatus(ctx), outcomeTimeline(db), recentFailures(db)]);
    return { ...status, timeline, failures };
  });
}
