import type { Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { StageError } from '../shared/errors.js';
import { extractArticle } from '../shared/extract/index.js';
import type { ExtractedArticle } from '../shared/extract/types.js';
import { decodeHtml } from '../shared/fetch/charset.js';
import type { Logger } from '../shared/logger.js';
import { chooseCanonical } from '../shared/url/choose-canonical.js';
import { PARSE_QUEUE, type ParseJob } from '../queues/parse-queue.js';
import { enqueueStore, type StoreQueue } from '../queues/store-queue.js';
import { decompressBody, loadPage } from '../shared/store/pages.js';
import { recordOutcome } from '../shared/store/outcomes.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import { extractionHintsFor } from '../shared/sources/extraction-hints.js';
import type { StageMetrics } from './metrics.js';
import { createStageWorker } from './stage-worker.js';
import { isStorableArticle } from './article-gate.js';
import type { Discovery } from './discovery.js';

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

/** parse → store. Re-reads the raw page from MongoDB, extracts, and skips pages that are not articles. */
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
      const data = job.data;
      step('load raw page');
      const page = await rawPage(db, data);
      if (data.fetch.kind === 'feed' || data.fetch.kind === 'sitemap') {
        step('discover from list');
        const found = await deps.discovery.fromListDocument(data, page.raw);
        await recordOutcome(db, {
          _id: data.fetchJobId, url: data.fetch.url, canonicalUrl: data.fetch.canonicalUrl, urlKey: data.fetch.urlKey,
          finalUrl: data.finalUrl, sourceId: data.fetch.sourceId ?? null, outcome: 'discovered', stage: 'parse',
          httpStatus: data.status, attempts: data.attempts, error: null, articleId: null,
          enqueuedAt: new Date(data.fetch.enqueuedAt),
        });
        deps.metrics.outcomes.inc({ stage: 'parse', outcome: 'discovered' });
        log.info({ kind: data.fetch.kind, enqueued: found }, 'discovered URLs');
        return;
      }
      const hints = extractionHintsFor(data.fetch.sourceId ? deps.sources.get(data.fetch.sourceId) : undefined);
      const html = decodePage(page.raw, page.contentType, data.encoding);
      const article = extractPage(html, data.finalUrl, hints);
      const { body: _body, ...parse } = data;
      step('follow links');
      const followed = await deps.discovery.fromPage(parse, html, article);
      if (followed > 0) log.debug({ enqueued: followed }, 'followed links');
      if (!isStorableArticle(article)) {
        await recordOutcome(db, {
          _id: data.fetchJobId, url: data.fetch.url, canonicalUrl: data.fetch.canonicalUrl, urlKey: data.fetch.urlKey,
          finalUrl: data.finalUrl, sourceId: data.fetch.sourceId ?? null, outcome: 'not-article', stage: 'parse',
          httpStatus: data.status, attempts: data.attempts, error: `page type ${article.pageType}`, articleId: null,
          enqueuedAt: new Date(data.fetch.enqueuedAt),
        });
        deps.metrics.outcomes.inc({ stage: 'parse', outcome: 'not-article' });
        log.info({ pageType: article.pageType }, 'not an article; not stored');
        return;
      }
      const choice = chooseCanonical({
        requestedUrl: data.fetch.canonicalUrl,
        finalUrl: data.finalUrl,
        declaredCanonical: article.canonicalUrl,
        ogUrl: null,
      });
      step('enqueue store');
      await enqueueStore(deps.storeQueue, { parse, article, canonicalUrl: choice.canonicalUrl, aliases: choice.aliases });
      log.debug({ title: article.title, words: article.bodyText.length }, 'parsed');
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

/** Share of replacement and control characters above which a "text/html" body is binary garbage. */
const GARBAGE_RATIO = 0.05;

/** Decodes with the encoding the fetcher already settled on; refuses bodies that are not text. */
export function decodePage(raw: Buffer, contentType: string, encoding: string | undefined): string {
  const { html } = decodeHtml(raw, encoding ? `${contentType}; charset=${encoding}` : contentType);
  const sample = html.slice(0, 65_536);
  const garbage = sample.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (sample.length > 0 && garbage / sample.length > GARBAGE_RATIO) {
    throw new StageError('decode-error', `the body is not text: ${Math.round((100 * garbage) / sample.length)}% undecodable characters`, true);
  }
  return html;
}

/** A page that makes the extractor throw will throw again: a permanent, recorded failure. */
function extractPage(html: string, url: string, hints: SourceProfile['extraction']): ExtractedArticle {
  try {
    return extractArticle(html, url, hints ?? undefined);
  } catch (error) {
    throw new StageError('parse-error', `extraction failed: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
  }
}
