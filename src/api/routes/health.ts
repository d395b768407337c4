import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { CliContext } from '../../cli/context.js';

const READY_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** /healthz (the process runs), /readyz (Redis and MongoDB answer a ping) and /metrics. */
export function registerHealthRoutes(app: FastifyInstance, ctx: CliContext, registry: Registry): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const checks = await Promise.allSettled([
      // BullMQ's client interface has no PING; INFO is as cheap and proves the same round trip.
      withTimeout(ctx.queues().fetch.client.then((redis) => redis.info()), 'Redis'),
      withTimeout(ctx.db().then((db) => db.command({ ping: 1 })), 'MongoDB'),
    ]);
    const [redis, mongo] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : String((check.reason as Error)?.message ?? check.reason)));
    const ready = checks.every((check) => check.status === 'fulfilled');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', redis, mongodb: mongo });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
