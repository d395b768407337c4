import type { Server } from 'node:http';
import type { Worker } from 'bullmq';
import type { Config } from '../shared/config.js';
import { createPageFetcher } from '../shared/fetch/fetch-page.js';
import type { Logger } from '../shared/logger.js';
import { createRobotsGate, robotsFetcherFrom } from '../shared/politeness/robots.js';
import { createHostLimiter } from '../shared/politeness/host-limiter.js';
import { createRedisConnection } from '../shared/redis.js';
import { loadSourceProfiles } from '../shared/source-registry.js';
import { closePipelineQueues, createPipelineQueues } from '../queues/index.js';
import { createFetchWorker } from './fetch-worker.js';
import { createDownstreamBacklog } from './downstream-backlog.js';
import { startHealthServer } from './health-server.js';
import { createStageMetrics } from './metrics.js';
import { createParseWorker } from './parse-worker.js';
import { createDiscovery } from './discovery.js';
import { createInlineParser } from './parse-page.js';
import type { Politeness } from './politeness.js';
import { createStoreWorker } from './store-worker.js';
import { createNearDuplicateFilter, type NearDuplicateFilter } from '../shared/store/near-duplicate-filter.js';
import { waitForMongo } from './wait-for-mongo.js';
import { batchInserts, flushInserts } from '../shared/store/insert-batching.js';

export const ROLES = ['fetch', 'parse', 'store', 'all'] as const;
export type Role = (typeof ROLES)[number];

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, waits for in-flight ones up to `timeoutMs`, closes every connection. */
  close(timeoutMs: number): Promise<{ timedOut: boolean }>;
}

/** Starts the given roles in this process, sharing one set of connections. */
export async function startWorkers(roles: Role[], config: Config, log: Logger): Promise<RunningWorkers> {
  const stages = new Set(roles.includes('all') ? ['fetch', 'parse', 'store'] : roles);
  const producer = createRedisConnection(config.redisUrl);
  const workerConnection = createRedisConnection(config.redisUrl);
  const { client: mongo, db } = await waitForMongo(config.mongoUrl, log);
  const sources = await loadSourceProfiles(config.sourcesDir);
  const sourcesById = new Map(sources.map((source) => [source.id, source]));
  const queues = createPipelineQueues({ connection: producer, prefix: config.queuePrefix, config });
  const metrics = createStageMetrics(async () => {
    const states = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
    const [fetch, parse, store] = await Promise.all([queues.fetch, queues.parse, queues.store].map((queue) => queue.getJobCounts(...states)));
    return { fetch: fetch ?? {}, parse: parse ?? {}, store: store ?? {} };
  });
  batchInserts(mongo, { ...config.insertBatching, onBatch: (collection, documents) => metrics.insertBatch.observe({ collection }, documents) });
  const workers: Worker[] = [];
  const discovery = createDiscovery({ config, fetchQueue: queues.fetch, sources: sourcesById });
  const parsesInPlace = stages.has('fetch') && stages.has('parse') && config.inlineParse;

  if (stages.has('fetch')) {
    const robots = { gate: undefined as ReturnType<typeof createRobotsGate> | undefined };
    const fetcher = createPageFetcher({
      userAgent: config.userAgent,
      allowList: config.allowHosts,
      maxBytes: config.maxBodyBytes,
      timeouts: { connectMs: config.timeouts.connectMs, firstByteMs: config.timeouts.responseMs, totalMs: config.timeouts.requestMs },
      // Every redirect hop is checked against robots.txt too, not just the first URL.
      beforeRequest: async (url) => (config.robots && robots.gate ? robots.gate.check(url) : { allowed: true }),
    });
    robots.gate = createRobotsGate({
      redis: producer,
      keyPrefix: `${config.queuePrefix}:`,
      fetchRobots: robotsFetcherFrom(fetcher),
      userAgent: config.userAgent,
    });
    const limiter = createHostLimiter({ redis: producer, keyPrefix: `${config.queuePrefix}:` });
    const politeness: Politeness = {
      checkRobots: (url) => robots.gate!.check(url),
      tryAcquire: (host, request) => limiter.tryAcquire(host, request),
      pauseHost: (host, ms) => limiter.pauseHost(host, ms),
      robotsSitemaps: (origin) => robots.gate!.sitemaps(origin),
    };
    const downstreamBacklog = createDownstreamBacklog(queues);
    const inlineParser = parsesInPlace
      ? createInlineParser({ db, metrics, storeQueue: queues.store, sources: sourcesById, discovery })
      : undefined;
    workers.push(createFetchWorker({ config, connection: workerConnection, db, log, metrics, fetcher, politeness, parseQueue: queues.parse, fetchQueue: queues.fetch, sources: sourcesById, downstreamBacklog, inlineParser }));
  }
  if (stages.has('parse')) {
    workers.push(createParseWorker({ config, connection: workerConnection, db, log, metrics, storeQueue: queues.store, sources: sourcesById, discovery }));
  }
  let nearDuplicateFilter: NearDuplicateFilter | undefined;
  if (stages.has('store')) {
    if (config.nearDuplicateFilterMb > 0) {
      nearDuplicateFilter = createNearDuplicateFilter({ redis: producer, db, keyPrefix: `${config.queuePrefix}:`, megabytes: config.nearDuplicateFilterMb, log });
    }
    workers.push(createStoreWorker({ config, connection: workerConnection, db, log, metrics, sources, fetchQueue: queues.fetch, nearDuplicateFilter }));
  }
  for (const worker of workers) {
    // BullMQ reports connection trouble here; it reconnects by itself, so this is for the logs.
    worker.on('error', (error) => log.error({ err: error.message, queue: worker.name }, 'worker error'));
  }

  let health: Server | undefined;
  if (config.metricsPort > 0) {
    health = await startHealthServer(config.metricsPort, '0.0.0.0', metrics.registry, {
      ready: async () => {
        await producer.ping();
        await db.command({ ping: 1 });
      },
    });
  }
  log.info({ roles: [...stages], concurrency: config.concurrency, parsesInPlace, prefix: config.queuePrefix }, 'workers started');

  return {
    workers,
    close: async (timeoutMs) => {
      let timedOut = false;
      const graceful = Promise.all(workers.map((worker) => worker.close()));
      const timer = new Promise<void>((resolve) => setTimeout(() => { timedOut = true; resolve(); }, timeoutMs).unref());
      await Promise.race([graceful, timer]);
      if (timedOut) {
        // Out of time: abort what is still running (its job goes back for another attempt by any
        // worker) and give the aborts a moment to unwind before the connections close.
        for (const worker of workers) worker.cancelAllJobs('shutdown timeout');
        await Promise.race([graceful, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      }
      health?.close();
      nearDuplicateFilter?.close();
      await closePipelineQueues(queues);
      await Promise.all([producer.quit().catch(() => producer.disconnect()), workerConnection.quit().catch(() => workerConnection.disconnect())]);
      await flushInserts(mongo);
      await mongo.close();
      return { timedOut };
    },
  };
}
