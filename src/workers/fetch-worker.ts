import { DelayedError, Worker, type Job } from 'bullmq';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';
import { FetchError } from '../shared/fetch/errors.js';
import type { PageFetcher } from '../shared/fetch/fetch-page.js';
import type { Logger } from '../shared/logger.js';
import { enqueueUrls, FETCH_QUEUE, type FetchJob, type FetchQueue } from '../queues/fetch-queue.js';
import { scheduleEntryPoint } from '../queues/source-schedules.js';
import { enqueueParse, type ParseQueue } from '../queues/parse-queue.js';
import { compressBody, loadValidators, savePage } from '../shared/store/pages.js';
import { recordOutcome } from '../shared/store/outcomes.js';
import { articlesCollection } from '../shared/store/articles.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import type { StageMetrics } from './metrics.js';
import type { DownstreamBacklog } from './downstream-backlog.js';
import type { InlineParser, ParsedPageSubject } from './parse-page.js';
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
  /** For sitemaps discovered through robots.txt. */
  fetchQueue: FetchQueue;
  /** Pages waiting to be parsed or stored: fetching does not run far ahead of them. */
  downstreamBacklog: DownstreamBacklog;
  sources: Map<string, SourceProfile>;
  /** Set when this process parses too (`NEWSFLOW_INLINE_PARSE`): pages are parsed here, not queued. */
  inlineParser?: InlineParser;
}

/** How long fetching pauses when the parse + store backlog is full (the backlog is re-read after it). */
const BACKLOG_PAUSE_MS = 1_000;

/** Scheduled jobs are created by BullMQ from a template: their enqueue time is the job's own. */
function withEnqueueTime(job: Job<FetchJob>): FetchJob {
  return job.data.enqueuedAt > 0 ? job.data : { ...job.data, enqueuedAt: job.timestamp };
}

/** `sitemaps: "discover"`: a source's start page brings in the sitemaps its robots.txt names (and /sitemap.xml). */
async function discoverSitemaps(deps: FetchWorkerDeps, data: FetchJob): Promise<void> {
  const profile = data.sourceId ? deps.sources.get(data.sourceId) : undefined;
  if (!profile || profile.sitemaps !== 'discover') return;
  const origin = new URL(data.canonicalUrl).origin;
  const everyMs = profile.recrawl.sitemapsMinutes * 60_000;
  const urls = [...new Set([...(await deps.politeness.robotsSitemaps(origin)), new URL('/sitemap.xml', origin).href])];
  for (const url of urls) await scheduleEntryPoint(deps.fetchQueue, profile.id, { url, kind: 'sitemap', everyMs });
  await enqueueUrls(
    deps.fetchQueue,
    urls.map((url) => ({ url, sourceId: profile.id, kind: 'sitemap' as const, origin: 'sitemap' as const, depth: 0, priority: 1, dedupTtlMs: Math.floor(everyMs / 2) })),
    { trackingParams: deps.config.trackingParams, recrawlWindowMs: deps.config.recrawlWindowMs },
  );
}

/**
 * fetch → parse. Waits its turn per host without burning an attempt (the job is moved to delayed),
 * fetches with a conditional GET and keeps the raw page in MongoDB. The page is then parsed right
 * here when this process parses too, or else queued, with its gzipped bytes, to the parse stage.
 */
export function createFetchWorker(deps: FetchWorkerDeps) {
  const { config, db, fetcher, politeness } = deps;
  return createStageWorker<FetchJob>({
    queueName: FETCH_QUEUE,
    connection: deps.connection,
    prefix: config.queuePrefix,
    concurrency: config.concurrency.fetch,
    lockDurationMs: config.lockDurationMs,
    jobTimeoutMs: config.jobTimeoutMs,
    db,
    log: deps.log,
    metrics: deps.metrics,
    subject: (job) => ({ fetchJobId: String(job.id), fetch: withEnqueueTime(job) }),
    process: async (job: Job<FetchJob>, { log, token, signal, step }) => {
      const data = withEnqueueTime(job);
      const backlog = await deps.downstreamBacklog.current();
      if (backlog > config.maxDownstreamBacklog) {
        // Fetched pages would only pile up in Redis. The job goes back to the head of the queue
        // (no attempt spent) and fetch workers take no job for a while: moving each job to
        // delayed instead cycled through the whole backlog at full speed while nothing was fetched.
        log.debug({ backlog }, 'parse/store backlog full; fetching pauses');
        await deps.fetchQueue.rateLimit(BACKLOG_PAUSE_MS);
        throw Worker.RateLimitError();
      }
      const target = data.canonicalUrl;
      const host = new URL(target).host;
      step('robots.txt');
      const robots = config.robots ? await politeness.checkRobots(target) : { allowed: true };
      if (!robots.allowed) {
        throw new FetchError('robots-disallowed', `robots.txt of ${host} disallows ${target}`, { permanent: true, url: target });
      }
      const sourcePoliteness = job.data.sourceId ? deps.sources.get(job.data.sourceId)?.politeness : undefined;
      step('host slot');
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
      let fetched: { subject: ParsedPageSubject; raw: Buffer; gzippedBody: Buffer } | undefined;
      try {
        // Refetches carry their validators; scheduled revisits of feeds and start pages look them up.
        const validators = data.validators ?? (data.origin === 'recrawl' ? await loadValidators(db, data.urlKey) : {});
        const listDocument = data.kind === 'feed' || data.kind === 'sitemap';
        step('download');
        const page = await fetcher.fetchPage(target, { ...validators, ...(signal ? { signal } : {}), ...(listDocument ? { accept: ['html', 'feed'] as const } : {}) });
        deps.metrics.bytesDownloaded.inc(page.bytes);
        const fetchedAt = new Date();
        if (page.notModified) {
          await articlesCollection(db).updateOne({ _id: data.urlKey }, { $max: { lastSeenAt: fetchedAt } });
          await recordOutcome(db, {
            _id: String(job.id), url: data.url, canonicalUrl: data.canonicalUrl, urlKey: data.urlKey,
            finalUrl: page.finalUrl, sourceId: data.sourceId ?? null, outcome: 'not-modified', stage: 'fetch',
            httpStatus: page.status, attempts: job.attemptsMade + 1, error: null, articleId: null,
            enqueuedAt: new Date(data.enqueuedAt),
          });
          deps.metrics.outcomes.inc({ stage: 'fetch', outcome: 'not-modified' });
          return;
        }
        // A gzip-coded response is already what we store; only other bodies are compressed here.
        const gzippedBody = page.gzippedBody ?? (await compressBody(page.body));
        step('save raw page');
        await savePage(db, {
          fetchJobId: String(job.id), urlKey: data.urlKey, url: data.url, finalUrl: page.finalUrl, sourceId: data.sourceId ?? null,
          status: page.status, contentType: page.contentType, encoding: page.encoding, etag: page.etag ?? null,
          lastModified: page.lastModified ?? null, fetchedAt, gzippedBody, bytes: page.bytes,
        });
        const subject: ParsedPageSubject = {
          fetch: data, fetchJobId: String(job.id), pageId: String(job.id), finalUrl: page.finalUrl,
          status: page.status, contentType: page.contentType, fetchedAt: fetchedAt.toISOString(),
          attempts: job.attemptsMade + 1, encoding: page.encoding,
          ...(page.etag ? { etag: page.etag } : {}),
          ...(page.lastModified ? { lastModified: page.lastModified } : {}),
        };
        fetched = { subject, raw: page.body, gzippedBody };
        log.info({ status: page.status, bytes: page.bytes, finalUrl: page.finalUrl, ms: Math.round(page.timings.totalMs) }, 'fetched');
        if (data.origin === 'start' || (data.origin === 'recrawl' && data.depth === 0 && !listDocument)) {
          // Sitemap discovery is a bonus of a start page, not a condition of it: its failure is logged, the page goes on.
          await discoverSitemaps(deps, data).catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'sitemap discovery failed'));
        }
      } catch (error) {
        if (error instanceof FetchError && error.retryAfterMs !== undefined) {
          // The server asked the whole host to slow down, not just this URL.
          await politeness.pauseHost(host, error.retryAfterMs);
        }
        throw error;
      } finally {
        await slot.release();
      }
      if (fetched === undefined) return;
      if (deps.inlineParser) {
        try {
          await deps.inlineParser(fetched.subject, fetched.raw, log, step);
          return;
        } catch (error) {
          // Not dropped: the parse queue gives the page what any parse job gets, retries with
          // backoff or, for a permanent failure, its outcome and a failed job to inspect.
          log.warn({ err: error instanceof Error ? error.message : String(error) }, 'parsing in this process failed; the page goes to the parse queue');
        }
      }
      step('enqueue parse');
      await enqueueParse(deps.parseQueue, { ...fetched.subject, body: fetched.gzippedBody.toString('base64') });
      deps.downstreamBacklog.added();
    },
  });
}
