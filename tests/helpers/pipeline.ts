import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createPipelineQueues, closePipelineQueues, type PipelineQueues } from '../../src/queues/index.js';
import { enqueueUrls, type EnqueueDecision, type UrlToEnqueue } from '../../src/queues/fetch-queue.js';
import { startWorkers, type Role, type RunningWorkers } from '../../src/workers/runtime.js';
import { COLLECTIONS } from '../../src/shared/store/collections.js';
import type { FetchRecord } from '../../src/shared/store/outcomes.js';
import type { ArticleDocument } from '../../src/shared/document.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const MONGO_BASE = (process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow').replace(/\/[^/]*$/, '');
export const DEMO_SITE = path.resolve(import.meta.dirname, '../../demo/site');

/**
 * A pipeline of its own for one test file: a random queue prefix and database, so test files run
 * in parallel against the same Redis and MongoDB and leave nothing behind.
 */
export interface TestPipeline {
  config: Config;
  db: Db;
  queues: PipelineQueues;
  workers?: RunningWorkers;
  env: Record<string, string>;
  start(roles?: Role[]): Promise<void>;
  enqueue(urls: (string | UrlToEnqueue)[]): Promise<EnqueueDecision[]>;
  /** Waits until every accepted job id has its outcome record. */
  waitForOutcomes(jobIds: string[], timeoutMs?: number): Promise<FetchRecord[]>;
  articles(): Promise<ArticleDocument[]>;
  close(): Promise<void>;
}

export async function createTestPipeline(overrides: Record<string, string> = {}): Promise<TestPipeline> {
  const id = randomBytes(4).toString('hex');
  const env: Record<string, string> = {
    REDIS_URL,
    MONGODB_URL: `${MONGO_BASE}/newsflow_test_${id}`,
    NEWSFLOW_QUEUE_PREFIX: `nftest-${id}`,
    NEWSFLOW_ALLOW_HOSTS: '127.0.0.1',
    NEWSFLOW_HOST_MIN_INTERVAL_MS: '0',
    NEWSFLOW_HOST_MAX_CONCURRENCY: '16',
    NEWSFLOW_BACKOFF_MS: '100',
    NEWSFLOW_ATTEMPTS: '3',
    NEWSFLOW_LOG_LEVEL: process.env.NEWSFLOW_TEST_LOG_LEVEL ?? 'silent',
    NEWSFLOW_SOURCES_DIR: path.resolve(import.meta.dirname, '../../sources'),
    ...overrides,
  };
  const config = loadConfig(env);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const mongo = await MongoClient.connect(config.mongoUrl);
  const db = mongo.db();
  const queues = createPipelineQueues({ connection: redis, prefix: config.queuePrefix, config });
  const pipeline: TestPipeline = {
    config,
    db,
    queues,
    env,
    async start(roles = ['all']) {
      pipeline.workers = await startWorkers(roles, config, createLogger(config.logLevel, { test: id }));
    },
    enqueue: (urls) =>
      enqueueUrls(queues.fetch, urls.map((url) => (typeof url === 'string' ? { url } : url)), {
        trackingParams: config.trackingParams,
        recrawlWindowMs: config.recrawlWindowMs,
      }),
    async waitForOutcomes(jobIds, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const fetches = db.collection<FetchRecord>(COLLECTIONS.fetches);
      for (;;) {
        const records = await fetches.find({ _id: { $in: jobIds } }).toArray();
        if (records.length >= jobIds.length) return records;
        if (Date.now() > deadline) throw new Error(`only ${records.length}/${jobIds.length} outcomes after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    articles: () => db.collection<ArticleDocument>(COLLECTIONS.articles).find({}).toArray(),
    async close() {
      await pipeline.workers?.close(5_000);
      await closePipelineQueues(queues);
      const keys = await redis.keys(`${config.queuePrefix}:*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
      await db.dropDatabase();
      await mongo.close();
    },
  };
  return pipeline;
}

export function acceptedIds(decisions: EnqueueDecision[]): string[] {
  return decisions.flatMap((decision) => (decision.status === 'accepted' ? [decision.jobId] : []));
}
