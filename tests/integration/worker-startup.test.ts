import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/shared/config.js';
import { closePipelineQueues, createPipelineQueues, type PipelineQueues } from '../../src/queues/index.js';
import { enqueueUrls } from '../../src/queues/fetch-queue.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import { serveArticleSite, type ArticleSite } from '../helpers/article-site.js';
import { freePort, OwnFerretDb } from '../helpers/services.js';
import { killHard, spawnWorker, stderrTail } from '../helpers/worker-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Compose starts the workers and the database together, and a worker restarted by its supervisor
 * may come up while the database restarts: a worker that finds no MongoDB waits for it.
 */
describe('a worker started before MongoDB', () => {
  let site: ArticleSite;
  let ferret: OwnFerretDb;
  let producer: Redis;
  let queues: PipelineQueues;
  let worker: ChildProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    site = await serveArticleSite(5);
    ferret = new OwnFerretDb(await freePort());
    env = {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      MONGODB_URL: `${ferret.url}/newsflow_startup`,
      NEWSFLOW_QUEUE_PREFIX: `startup${process.pid}`,
      // The test's keys stay in the shared Redis: keep the near-duplicate filter small.
      NEWSFLOW_NEAR_DUPLICATE_FILTER_MB: '1',
      NEWSFLOW_ALLOW_HOSTS: '127.0.0.1',
      NEWSFLOW_ROBOTS: 'off',
      NEWSFLOW_HOST_MIN_INTERVAL_MS: '0',
    };
    const config = loadConfig(env);
    producer = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    queues = createPipelineQueues({ connection: producer, prefix: config.queuePrefix, config });
  });

  afterAll(async () => {
    if (worker) await killHard(worker);
    for (const queue of Object.values(queues)) await queue.obliterate({ force: true }).catch(() => undefined);
    await closePipelineQueues(queues);
    await producer.quit();
    await ferret.stop().catch(() => undefined);
    ferret.dropDatabase();
    await site.close();
  }, 60_000);

  it('keeps waiting while MongoDB is away, then stores what was enqueued meanwhile', async () => {
    worker = spawnWorker('all', env);
    const exited = new Promise<string>((resolve) => worker!.once('exit', (code) => resolve(`exited with code ${code}: ${stderrTail(worker!)}`)));
    await enqueueUrls(queues.fetch, site.urls.map((url) => ({ url })), { trackingParams: [], recrawlWindowMs: 86_400_000 });
    // Longer than the driver's 5 s server selection timeout, which used to end the process.
    const early = await Promise.race([exited, sleep(12_000).then(() => 'still running')]);
    expect(early).toBe('still running');

    await ferret.start();
    const mongo = new MongoClient(env.MONGODB_URL!);
    try {
      const articles = mongo.db().collection(COLLECTIONS.articles);
      const deadline = Date.now() + 60_000;
      while ((await articles.countDocuments({})) < site.urls.length && Date.now() < deadline) await sleep(500);
      expect(await articles.countDocuments({})).toBe(site.urls.length);
    } finally {
      await mongo.close();
    }
  }, 120_000);
});
