import type { Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { StageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { PARSE_QUEUE, type ParseJob } from '../queues/parse-queue.js';
import type { StoreQueue } from '../queues/store-queue.js';
import { decompressBody, loadPage } from '../shared/store/pages.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import type { StageMetrics } from './metrics.js';
import { createStageWorker } from './stage-worker.js';
import type { Discovery } from './discovery.js';
import { parseFetchedPage } from './parse-page.js';

export interface ParseWorkerDeps {
  config: Config;
  connection: Redis;
  db: Db;
  log: Logger;
  metrics: StageMetrics;
  storeQueue: StoreQueue;
  sources: Map<string, SourceProfile>;
  /** What parsed pages, feeds and sitemaps add to the frontier. */
  discovery: Discovery;
}

/** parse → store. Takes the raw page from the job (or MongoDB) and hands it to `parseFetchedPage`. */
export function createParseWorker(deps: ParseWorkerDeps) {
  const { db } = deps;
  return createStageWorker<ParseJob>({
    queueName: PARSE_QUEUE,
    connection: deps.connection,
    prefix: deps.config.queuePrefix,
    concurrency: deps.config.concurrency.parse,
    lockDurationMs: deps.config.lockDurationMs,
    jobTimeoutMs: deps.config.jobTimeoutMs,
    db,
    log: deps.log,
    metrics: deps.metrics,
    subject: (job) => ({ fetchJobId: job.data.fetchJobId, fetch: job.data.fetch, finalUrl: job.data.finalUrl }),
    process: async (job: Job<ParseJob>, { log, step }) => {
      step('load raw page');
      const page = await rawPage(db, job.data);
      const { body: _body, ...subject } = job.data;
      await parseFetchedPage(deps, { ...subject, contentType: page.contentType }, page.raw, log, step);
    },
  });
}

/** The raw body from the job (the usual way) or, for jobs without one, from MongoDB. */
async function rawPage(db: Db, data: ParseJob): Promise<{ raw: Buffer; contentType: string }> {
  try {
    if (data.body !== undefined) return { raw: await decompressBody(Buffer.from(data.body, 'base64')), contentType: data.contentType };
    const page = await loadPage(db, data.pageId);
    if (page === null) throw new StageError('parse-error', `raw page ${data.pageId} is missing from MongoDB`, true);
    return page;
  } catch (error) {
    // A body that does not decompress will not decompress next time either.
    if (error instanceof Error && 'errno' in error && /header check|unexpected end|invalid/i.test(error.message)) {
      throw new StageError('parse-error', `stored raw page is corrupt: ${error.message}`, true, { cause: error });
    }
    throw error;
  }
}
