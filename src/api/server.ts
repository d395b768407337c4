import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CliContext } from '../cli/context.js';
import { installTokenAuth } from './auth.js';
import { mountBullBoard } from './bull-board.js';
import { registerDashboard } from './dashboard.js';
import { installErrorHandlers } from './errors.js';
import { createApiMetrics, installRequestMetrics } from './http-metrics.js';
import { parseFlatQuery, queryProblem } from './querystring.js';
import { installRequestGuards } from './request-guards.js';
import { registerArticleRoutes } from './routes/articles.js';
import { registerFailedRoutes } from './routes/failed.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerSourceRoutes } from './routes/sources.js';
import { registerStatsRoutes } from './routes/stats.js';

export interface ApiServerOptions {
  /** Connections (MongoDB, the queues) and configuration, opened on first use. */
  ctx: CliContext;
  /** Required on every route but /healthz when set. */
  token: string | null;
}

/**
 * The read-only HTTP API, the dashboard and Bull Board in one fastify instance (not listening yet:
 * `newsflow serve` and the tests call `listen`).
 */
export async function createApiServer({ ctx, token }: ApiServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and fastify's logger type differ only in generics.
    loggerInstance: ctx.log as FastifyBaseLogger,
    routerOptions: { querystringParser: parseFlatQuery },
    bodyLimit: 16 * 1024,
  });
  const registry = createApiMetrics(() => ctx.queues());
  installRequestMetrics(app, registry);
  installErrorHandlers(app);
  // Authentication first: a caller without the token learns nothing else about the request.
  if (token !== null) installTokenAuth(app, token);
  installRequestGuards(app, { tokenRequired: token !== null });
  app.addHook('preHandler', async (request, reply) => {
    const problem = queryProblem(request.query);
    if (problem !== undefined) return reply.code(400).send({ error: problem });
  });

  registerHealthRoutes(app, ctx, registry);
  registerArticleRoutes(app, () => ctx.db());
  registerSourceRoutes(app, () => ctx.db(), ctx.config.sourcesDir);
  registerStatsRoutes(app, ctx);
  registerFailedRoutes(app, () => ctx.queues());
  registerDashboard(app);
  await mountBullBoard(app, ctx.queues());
  return app;
}
