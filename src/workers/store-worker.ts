import type { Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { ArticleTooLargeError, articleDocumentFor } from '../shared/article-document.js';
import { StageError } from '../shared/errors.js';
import { urlKey } from '../shared/url/canonicalize.js';
import type { Logger } from '../shared/logger.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import { STORE_QUEUE, type StoreJob } from '../queues/store-queue.js';
import { enqueueUrls, type FetchQueue } from '../queues/fetch-queue.js';
import { nextRefetchDelayMs } from '../shared/discovery/recrawl.js';
import { storeArticle, type StoreResult } from '../shared/store/articles.js';
import { clusterNewArticle } from '../shared/store/clusters.js';
import type { BandKeyFilter } from '../shared/dedup/near-duplicate-index.js';
import { recordOutcome } from '../shared/store/outcomes.js';
import type { Outcome } from '../shared/outcome.js';
import type { StageMetrics } from './metrics.js';
import { createStageWorker } from './stage-worker.js';

export interface StoreWorkerDeps {
  config: Config;
  connection: Redis;
  db: Db;
  log: Logger;
  metrics: StageMetrics;
  sources: SourceProfile[];
  /** For refetches of fresh articles. */
  fetchQueue: FetchQueue;
  /** Rules out band keys no stored article has before the near-duplicate search asks MongoDB. */
  nearDuplicateFilter?: BandKeyFilter | undefined;
}

const OUTCOME_OF: Record<StoreResult['kind'], Outcome> = {
  stored: 'stored',
  revised: 'revised',
  unchanged: 'unchanged',
  duplicate: 'duplicate',
};

/** Fresh articles are fetched again a few times in their first days (conditional GET) to catch corrections. */
async function scheduleRefetch(deps: StoreWorkerDeps, data: StoreJob, publishedAt: Date | null): Promise<void> {
  const fetch = data.parse.fetch;
  const fetchCount = fetch.fetchCount ?? 1;
  const profile = fetch.sourceId ? deps.sources.find((source) => source.id === fetch.sourceId) : undefined;
  const delayMs = nextRefetchDelayMs({
    publishedAt,
    fetchCount,
    now: Date.now(),
    ...(profile ? { refetchHours: profile.recrawl.freshArticleRefetchHours } : {}),
  });
  if (delayMs === null) return;
  await enqueueUrls(
    deps.fetchQueue,
    [{
      url: data.canonicalUrl,
      depth: fetch.depth,
      origin: 'recrawl',
      fetchCount: fetchCount + 1,
      delayMs,
      dedupSuffix: `r${fetchCount + 1}`,
      validators: { ...(data.parse.etag ? { etag: data.parse.etag } : {}), ...(data.parse.lastModified ? { lastModified: data.parse.lastModified } : {}) },
      ...(fetch.sourceId ? { sourceId: fetch.sourceId } : {}),
    }],
    { trackingParams: deps.config.trackingParams, recrawlWindowMs: deps.config.recrawlWindowMs + delayMs },
  );
}

/** A page too large to store will be as large next time: a permanent, recorded failure. */
function documentOrFail(...args: Parameters<typeof articleDocumentFor>) {
  try {
    return articleDocumentFor(...args);
  } catch (error) {
    if (error instanceof ArticleTooLargeError) throw new StageError('too-large', error.message, true, { cause: error });
    throw error;
  }
}

/** store: fingerprints, deduplicates and upserts the normalized document; records the outcome. */
export function createStoreWorker(deps: StoreWorkerDeps) {
  const { db, config } = deps;
  return createStageWorker<StoreJob>({
    queueName: STORE_QUEUE,
    connection: deps.connection,
    prefix: config.queuePrefix,
    concurrency: config.concurrency.store,
    lockDurationMs: config.lockDurationMs,
    jobTimeoutMs: config.jobTimeoutMs,
    db,
    log: deps.log,
    metrics: deps.metrics,
    subject: (job) => ({ fetchJobId: job.data.parse.fetchJobId, fetch: job.data.parse.fetch, finalUrl: job.data.parse.finalUrl }),
    process: async (job: Job<StoreJob>, { log, step }) => {
      const { parse, article } = job.data;
      const doc = documentOrFail(article, {
        url: parse.fetch.url,
        canonicalUrl: job.data.canonicalUrl,
        finalUrl: parse.finalUrl,
        pageId: parse.pageId,
        sourceId: parse.fetch.sourceId ?? null,
        httpStatus: parse.status,
        contentType: parse.contentType,
        fetchedAt: new Date(parse.fetchedAt),
        fetchJobId: parse.fetchJobId,
      }, deps.sources);
      step('store article');
      const result = await storeArticle(db, doc, {
        maxRevisions: 20,
        sameSiteAliases: job.data.aliases.map((url) => ({ url, urlKey: urlKey(url) })),
      });
      if (result.kind === 'stored' || result.kind === 'revised') {
        step('near-duplicate clustering');
        await clusterNewArticle(db, doc, { maxHamming: config.nearDuplicateDistance, minJaccard: config.nearDuplicateJaccard, filter: deps.nearDuplicateFilter });
      }
      const outcome = OUTCOME_OF[result.kind];
      step('outcome and refetch');
      // Both idempotent (the refetch is deduplicated by its frontier key): a retry after either failed redoes both.
      await Promise.all([
        recordOutcome(db, {
          _id: parse.fetchJobId, url: parse.fetch.url, canonicalUrl: job.data.canonicalUrl, urlKey: doc._id,
          finalUrl: parse.finalUrl, sourceId: parse.fetch.sourceId ?? null, outcome, stage: 'store',
          httpStatus: parse.status, attempts: parse.attempts, error: null, articleId: result.articleId,
          enqueuedAt: new Date(parse.fetch.enqueuedAt),
        }),
        scheduleRefetch(deps, job.data, doc.publishedAt),
      ]);
      deps.metrics.outcomes.inc({ stage: 'store', outcome });
      log.info({ outcome, articleId: result.articleId, title: article.title }, 'stored');
    },
  });
}
