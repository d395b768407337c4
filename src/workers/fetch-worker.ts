import { DelayedError, type Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { FetchError } from '../shared/fetch/errors.js';
import type { PageFetcher } from '../shared/fetch/fetch-page.js';
import type { Logger } from '../shared/logger.js';
import { FETCH_QUEUE, type FetchJob } from '../queues/fetch-queue.js';
import { enqueueParse, type ParseQueue } from '../queues/parse-queue.js';
import { loadValidators, savePage, touchPage } from '../shared/store/pages.js';
import { recordOutcome } from '../shared/store/outcomes.js';
import { articlesCollection } from '../shared/store/articles.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import type { StageMetrics } from './metrics.js';
import type { Politeness } from './politeness.js';
import { createStageWorker } from './stage-worker.js';

export interface FetchWorkerDeps {
  config: Config;
  connection: Redis;
  db: Db;
  log: Logger;
  metrics: StageMetrics;
  fetcher: PageFetcher;
  politeness: Politeness;
  parseQueue: ParseQueue;
  sources: Map<string, SourceProfile>;
}

/**
 * fetch → parse. Waits its turn per host without burning an attempt (the job is moved to delayed),
 * fetches with a conditional GET, keeps the raw page in MongoDB and hands its id to the parser.
 */
export function createFetchWorker(deps: FetchWorkerDeps) {
  const { config, db, fetcher, politeness } = deps;
  return createStageWorker<FetchJob>({
    queueName: FETCH_QUEUE,
    connection: deps.connection,
    prefix: config.queuePrefix,
    concurrency: config.concurrency.fetch,
    db,
    log: deps.log,
    metrics: deps.metrics,
    subject: (job) => ({ fetchJobId: String(job.id), fetch: job.data }),
    process: async (job: Job<FetchJob>, { log, token }) => {
      const target = job.data.canonicalUrl;
      const host = new URL(target).host;
      const robots = config.robots ? await politeness.checkRobots(target) : { allowed: true };
      if (!robots.allowed) {
        throw new FetchError('robots-disallowed', `robots.txt of ${host} disallows ${target}`, { permanent: true, url: target });
      }
      const sourcePoliteness = job.data.sourceId ? deps.sources.get(job.data.sourceId)?.politeness : undefined;
      const slot = await politeness.tryAcquire(host, {
        maxConcurrent: sourcePoliteness?.maxConcurrent ?? config.hostMaxConcurrency,
        minIntervalMs: Math.max(sourcePoliteness?.minIntervalMs ?? config.hostMinIntervalMs, robots.crawlDelayMs ?? 0),
        leaseMs: config.timeouts.requestMs + 5_000,
      });
      if (!slot.granted) {
        log.debug({ waitMs: slot.waitMs, host }, 'host busy; delaying the job');
        await job.moveToDelayed(Date.now() + slot.waitMs, token);
        throw new DelayedError();
      }
      try {
        const validators = await loadValidators(db, job.data.urlKey);
        const page = await fetcher.fetchPage(target, validators);
        deps.metrics.bytesDownloaded.inc(page.bytes);
        const fetchedAt = new Date();
        if (page.notModified) {
          await touchPage(db, job.data.urlKey, fetchedAt);
          await articlesCollection(db).updateOne({ _id: job.data.urlKey }, { $max: { lastSeenAt: fetchedAt } });
          await recordOutcome(db, {
            _id: String(job.id), url: job.data.url, canonicalUrl: job.data.canonicalUrl, urlKey: job.data.urlKey,
            finalUrl: page.finalUrl, sourceId: job.data.sourceId ?? null, outcome: 'not-modified', stage: 'fetch',
            httpStatus: page.status, attempts: job.attemptsMade + 1, error: null, articleId: null,
            enqueuedAt: new Date(job.data.enqueuedAt),
          });
          deps.metrics.outcomes.inc({ stage: 'fetch', outcome: 'not-modified' });
          return;
        }
        await savePage(db, {
          urlKey: job.data.urlKey, url: job.data.url, finalUrl: page.finalUrl, sourceId: job.data.sourceId ?? null,
          status: page.status, contentType: page.contentType, etag: page.etag ?? null,
          lastModified: page.lastModified ?? null, fetchedAt, body: page.body,
        });
        await enqueueParse(deps.parseQueue, {
          fetch: job.data, fetchJobId: String(job.id), pageId: job.data.urlKey, finalUrl: page.finalUrl,
          status: page.status, contentType: page.contentType, fetchedAt: fetchedAt.toISOString(),
          attempts: job.attemptsMade + 1,
        });
        log.info({ status: page.status, bytes: page.bytes, finalUrl: page.finalUrl, ms: Math.round(page.timings.totalMs) }, 'fetched');
      } catch (error) {
        if (error instanceof FetchError && error.retryAfterMs !== undefined) {
          // The server asked the whole host to slow down, not just this URL.
          await politeness.pauseHost(host, error.retryAfterMs);
        }
        throw error;
      } finally {
        await slot.release();
      }
    },
  });
}
