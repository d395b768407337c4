import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { tryCanonicalizeUrl, urlKey } from '../shared/url/canonicalize.js';
import type { QueueContext } from './connection.js';
import { stageJobOptions } from './job-options.js';

export const FETCH_QUEUE = 'fetch';

/** One URL to fetch. `urlKey` identifies its canonical form everywhere (frontier, MongoDB). */
export interface FetchJob {
  /** The URL as given (tracking parameters and all), for the record. */
  url: string;
  canonicalUrl: string;
  urlKey: string;
  /** Id of the source profile that scoped this URL, when there is one. */
  sourceId?: string;
  /** Link distance from a start URL; 0 for URLs enqueued by a person. */
  depth: number;
  discoveredFrom?: string;
  /** Why it was scheduled: a person, link following, a feed, a sitemap, a recrawl. */
  origin: 'cli' | 'link' | 'feed' | 'sitemap' | 'start' | 'recrawl' | 'provenance' | 'retry';
  /** What the URL is: an HTML page (default), or a feed or sitemap to discover article URLs from. */
  kind?: 'page' | 'feed' | 'sitemap';
  /** Fetches of this URL so far (refetches of fresh articles count up). */
  fetchCount?: number;
  /** ms since epoch, to measure enqueue → stored latency. */
  enqueuedAt: number;
  /** Validators of the previous response, for a conditional GET. */
  validators?: { etag?: string; lastModified?: string };
}

export type FetchQueue = Queue<FetchJob, unknown, string>;

export function createFetchQueue(ctx: QueueContext): FetchQueue {
  return new Queue<FetchJob, unknown, string>(FETCH_QUEUE, {
    connection: ctx.connection,
    prefix: ctx.prefix,
    defaultJobOptions: stageJobOptions(ctx.config),
  });
}

export interface UrlToEnqueue {
  url: string;
  sourceId?: string;
  depth?: number;
  discoveredFrom?: string;
  origin?: FetchJob['origin'];
  /** BullMQ priority: 1 is the highest; undefined = FIFO ahead of every prioritized job. */
  priority?: number;
  kind?: FetchJob['kind'];
  fetchCount?: number;
  validators?: FetchJob['validators'];
  /** Delay before the fetch (refetches of fresh articles). */
  delayMs?: number;
  /**
   * Frontier key suffix: a refetch of a URL is a separate frontier entry (`<key>-r2`), so it is not
   * skipped as "seen" yet still scheduled at most once.
   */
  dedupSuffix?: string;
  /** How long this entry blocks the same URL; defaults to the recrawl window. */
  dedupTtlMs?: number;
}

export type EnqueueDecision =
  | { input: string; status: 'accepted'; canonicalUrl: string; jobId: string }
  | { input: string; status: 'skipped'; canonicalUrl: string; jobId: string }
  | { input: string; status: 'rejected'; reason: string };

export interface EnqueueOptions {
  trackingParams: string[];
  /** The same canonical URL is not scheduled again within this window. */
  recrawlWindowMs: number;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
}

/**
 * The URL as given, safe to store and print: control characters (NUL and friends, which some
 * MongoDB-protocol servers cannot store in strings) percent-encoded, length bounded.
 */
export function printableUrl(input: string, maxLength = 4_096): string {
  const printable = input.replace(/[\u0000-\u001F\u007F]/g, (char) => encodeURIComponent(char));
  return printable.length > maxLength ? `${printable.slice(0, maxLength)}…` : printable;
}

/**
 * The frontier. The seen-check and the enqueue are one atomic step: BullMQ's add script checks
 * the deduplication key (the canonical URL key, kept for the recrawl window) and creates the job
 * in the same Lua call, so concurrent producers never schedule a canonical URL twice. A job id
 * that differs from the one we proposed means an earlier job already holds the key.
 */
export async function enqueueUrls(
  queue: FetchQueue,
  inputs: UrlToEnqueue[],
  options: EnqueueOptions,
): Promise<EnqueueDecision[]> {
  const now = options.now ?? Date.now;
  const decisions: EnqueueDecision[] = [];
  const pending: { input: string; canonicalUrl: string; jobId: string; job: Parameters<FetchQueue['addBulk']>[0][number] }[] = [];
  for (const input of inputs) {
    const result = tryCanonicalizeUrl(input.url, { extraTrackingParams: options.trackingParams });
    if (!result.ok) {
      decisions.push({ input: printableUrl(input.url), status: 'rejected', reason: result.message });
      continue;
    }
    const key = urlKey(result.url);
    const jobId = `${input.dedupSuffix ? `${key}-${input.dedupSuffix}` : key}-${now().toString(36)}${randomBytes(3).toString('hex')}`;
    const data: FetchJob = {
      url: printableUrl(input.url),
      canonicalUrl: result.url,
      urlKey: key,
      depth: input.depth ?? 0,
      origin: input.origin ?? 'cli',
      enqueuedAt: now(),
      ...(input.sourceId !== undefined ? { sourceId: input.sourceId } : {}),
      ...(input.discoveredFrom !== undefined ? { discoveredFrom: input.discoveredFrom } : {}),
      ...(input.kind !== undefined && input.kind !== 'page' ? { kind: input.kind } : {}),
      ...(input.fetchCount !== undefined ? { fetchCount: input.fetchCount } : {}),
      ...(input.validators !== undefined ? { validators: input.validators } : {}),
    };
    const frontierKey = input.dedupSuffix ? `${key}-${input.dedupSuffix}` : key;
    pending.push({
      input: printableUrl(input.url),
      canonicalUrl: result.url,
      jobId,
      job: {
        name: 'fetch',
        data,
        opts: {
          jobId,
          deduplication: { id: frontierKey, ttl: input.dedupTtlMs ?? options.recrawlWindowMs },
          ...(input.priority !== undefined ? { priority: input.priority } : {}),
          ...(input.delayMs !== undefined && input.delayMs > 0 ? { delay: input.delayMs } : {}),
        },
      },
    });
  }
  for (let start = 0; start < pending.length; start += 500) {
    const chunk = pending.slice(start, start + 500);
    const jobs = await queue.addBulk(chunk.map((item) => item.job));
    chunk.forEach((item, index) => {
      const addedId = jobs[index]?.id;
      decisions.push({
        input: item.input,
        status: addedId === item.jobId ? 'accepted' : 'skipped',
        canonicalUrl: item.canonicalUrl,
        jobId: addedId ?? item.jobId,
      });
    });
  }
  return decisions;
}
