import type { ChildProcess } from 'node:child_process';
import { MongoClient, type Db } from 'mongodb';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/shared/config.js';
import { createPipelineQueues, closePipelineQueues, STAGES, type PipelineQueues } from '../../src/queues/index.js';
import { enqueueUrls } from '../../src/queues/fetch-queue.js';
import { canonicalizeUrl } from '../../src/shared/url/canonicalize.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import { serveArticleSite, type ArticleSite } from '../helpers/article-site.js';
import { freePort, OwnFerretDb, OwnRedis } from '../helpers/services.js';
import { killHard, spawnWorker } from '../helpers/worker-process.js';

/**
 * "Nothing accepted is lost, nothing is stored twice, and it keeps going": one crawl of a generated
 * site by separate fetch, parse and store processes, while workers are killed with SIGKILL and
 * restarted, Redis is restarted (AOF), and the MongoDB-protocol server is away for ~10 s. Redis and
 * FerretDB here are the test's own, so stopping them disturbs no other test.
 */
const PAGES = Number(process.env.NEWSFLOW_CHAOS_PAGES ?? 2_000);
const KILLS = 10;
const ROLES = ['fetch', 'parse', 'store'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`chaos: ${PAGES} pages through separate worker processes under faults`, () => {
  let site: ArticleSite;
  let redis: OwnRedis;
  let ferret: OwnFerretDb;
  let env: Record<string, string>;
  let mongo: MongoClient;
  let db: Db;
  let queues: PipelineQueues;
  let producer: Redis;
  const workers = new Map<string, ChildProcess>();
  const faults: string[] = [];

  beforeAll(async () => {
    site = await serveArticleSite(PAGES);
    redis = new OwnRedis(await freePort());
    await redis.start();
    ferret = new OwnFerretDb(await freePort());
    await ferret.start();
    env = {
      REDIS_URL: redis.url,
      MONGODB_URL: `${ferret.url}/newsflow_chaos`,
      NEWSFLOW_QUEUE_PREFIX: 'chaos',
      NEWSFLOW_ALLOW_HOSTS: '127.0.0.1',
      NEWSFLOW_ROBOTS: 'off',
      NEWSFLOW_HOST_MIN_INTERVAL_MS: '0',
      NEWSFLOW_HOST_MAX_CONCURRENCY: '64',
      NEWSFLOW_LOCK_DURATION_MS: '4000',
      NEWSFLOW_ATTEMPTS: '12',
      NEWSFLOW_BACKOFF_MS: '250',
      NEWSFLOW_LOG_LEVEL: process.env.NEWSFLOW_TEST_WORKER_LOGS ? 'info' : 'silent',
      NEWSFLOW_SHUTDOWN_TIMEOUT_S: '2',
    };
    const config = loadConfig(env);
    producer = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    queues = createPipelineQueues({ connection: producer, prefix: config.queuePrefix, config });
    mongo = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 30_000 });
    await mongo.connect();
    db = mongo.db();
  }, 120_000);

  afterAll(async () => {
    for (const child of workers.values()) await killHard(child);
    await closePipelineQueues(queues).catch(() => undefined);
    await producer?.quit().catch(() => undefined);
    await mongo?.close().catch(() => undefined);
    await ferret?.stop().catch(() => undefined);
    ferret?.dropDatabase();
    await redis?.stop().catch(() => undefined);
    await site?.close();
  }, 60_000);

  const start = (role: string) => workers.set(role, spawnWorker(role, env));
  const outcomes = () => db.collection(COLLECTIONS.fetches).countDocuments({});

  it('stores every page exactly once, leaves no job failed or stuck, and records no duplicate aliases', async () => {
    for (const role of ROLES) start(role);
    const decisions = await enqueueUrls(queues.fetch, site.urls.map((url) => ({ url })), { trackingParams: [], recrawlWindowMs: 86_400_000 });
    expect(decisions.filter((decision) => decision.status === 'accepted')).toHaveLength(PAGES);

    // Faults, spread over the crawl.
    let random = 42;
    const next = (n: number) => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(1_500 + next(2_500));
      const role = ROLES[next(ROLES.length)]!;
      await killHard(workers.get(role)!);
      faults.push(`kill -9 ${role} after ${await outcomes().catch(() => -1)} outcomes`);
      start(role);
    }
    await redis.stop();
    faults.push('redis stopped');
    await sleep(2_000);
    await redis.start();
    faults.push('redis restarted');
    await sleep(3_000);
    await ferret.stop();
    faults.push('mongodb-protocol server stopped');
    await sleep(10_000);
    await ferret.start();
    faults.push('mongodb-protocol server restarted');

    const deadline = Date.now() + 20 * 60_000;
    let done = 0;
    while (Date.now() < deadline) {
      done = await outcomes().catch(() => done);
      if (done >= PAGES) {
        const counts = await Promise.all(STAGES.map((stage) => queues[stage].getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
        if (counts.every((count) => Object.values(count).every((value) => value === 0))) break;
      }
      await sleep(1_000);
    }
    console.log(`chaos faults: ${faults.join('; ')}; outcomes ${done}/${PAGES}`);

    const articles = db.collection(COLLECTIONS.articles);
    expect(await articles.countDocuments({})).toBe(PAGES);
    const stored = await articles.find({}, { projection: { canonicalUrl: 1 } }).toArray();
    expect(new Set(stored.map((doc) => doc.canonicalUrl))).toEqual(new Set(site.urls.map((url) => canonicalizeUrl(url))));

    const records = await db.collection(COLLECTIONS.fetches).find({}, { projection: { outcome: 1, url: 1 } }).toArray();
    expect(records).toHaveLength(PAGES);
    expect(records.filter((record) => record.outcome !== 'stored')).toEqual([]);
    expect(new Set(records.map((record) => record.url)).size).toBe(PAGES);

    for (const stage of STAGES) {
      const counts = await queues[stage].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      expect({ stage, ...counts }).toMatchObject({ stage, waiting: 0, active: 0, delayed: 0, prioritized: 0, failed: 0 });
    }
    expect(await db.collection(COLLECTIONS.aliases).countDocuments({})).toBe(0);
    expect(await db.collection(COLLECTIONS.revisions).countDocuments({})).toBe(PAGES);
    // Each page was fetched at least once; a crash between fetching and acknowledging may refetch it, never store it twice.
    expect(site.urls.every((url) => (site.hits.get(new URL(url).pathname) ?? 0) >= 1)).toBe(true);
  }, 25 * 60_000);
});
