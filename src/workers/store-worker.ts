import type { Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { buildArticleDocument } from '../shared/document.js';
import { contentFingerprint } from '../shared/dedup/fingerprint.js';
import { simhash } from '../shared/dedup/simhash.js';
import { resolveProvenance } from '../shared/discovery/provenance.js';
import type { Logger } from '../shared/logger.js';
import { searchTerms } from '../shared/search-terms.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import { urlKey } from '../shared/url/canonicalize.js';
import { STORE_QUEUE, type StoreJob } from '../queues/store-queue.js';
import { storeArticle, type StoreResult } from '../shared/store/articles.js';
import { clusterNewArticle } from '../shared/store/clusters.js';
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
}

const OUTCOME_OF: Record<StoreResult['kind'], Outcome> = {
  stored: 'stored',
  revised: 'revised',
  unchanged: 'unchanged',
  duplicate: 'duplicate',
};

/** store: fingerprints, deduplicates and upserts the normalized document; records the outcome. */
export function createStoreWorker(deps: StoreWorkerDeps) {
  const { db, config } = deps;
  return createStageWorker<StoreJob>({
    queueName: STORE_QUEUE,
    connection: deps.connection,
    prefix: config.queuePrefix,
    concurrency: config.concurrency.store,
    db,
    log: deps.log,
    metrics: deps.metrics,
    subject: (job) => ({ fetchJobId: job.data.parse.fetchJobId, fetch: job.data.parse.fetch, finalUrl: job.data.parse.finalUrl }),
    process: async (job: Job<StoreJob>, { log }) => {
      const { parse, article } = job.data;
      const canonicalKey = urlKey(job.data.canonicalUrl);
      const doc = buildArticleDocument({
        article,
        url: parse.fetch.url,
        canonicalUrl: job.data.canonicalUrl,
        urlKey: canonicalKey,
        finalUrl: parse.finalUrl,
        sourceId: parse.fetch.sourceId ?? null,
        httpStatus: parse.status,
        contentType: parse.contentType,
        fetchedAt: new Date(parse.fetchedAt),
        contentFingerprint: contentFingerprint(article.bodyText),
        simhash: simhash(article.bodyText, article.language ? { language: article.language } : {}),
        terms: searchTerms(article.title, article.bodyText),
        provenance: resolveProvenance(article.credits, deps.sources),
        sameSiteAliases: job.data.aliases.map((url) => ({ url, urlKey: urlKey(url) })),
      });
      const result = await storeArticle(db, doc, { maxRevisions: 20 });
      if (result.kind === 'stored' || result.kind === 'revised') {
        await clusterNewArticle(db, doc, { maxHamming: config.nearDuplicateDistance });
      }
      const outcome = OUTCOME_OF[result.kind];
      await recordOutcome(db, {
        _id: parse.fetchJobId, url: parse.fetch.url, canonicalUrl: job.data.canonicalUrl, urlKey: canonicalKey,
        finalUrl: parse.finalUrl, sourceId: parse.fetch.sourceId ?? null, outcome, stage: 'store',
        httpStatus: parse.status, attempts: parse.attempts, error: null, articleId: result.articleId,
        enqueuedAt: new Date(parse.fetch.enqueuedAt),
      });
      deps.metrics.outcomes.inc({ stage: 'store', outcome });
      log.info({ outcome, articleId: result.articleId, title: article.title }, 'stored');
    },
  });
}
