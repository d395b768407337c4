import type { SourceProfile } from '../shared/sources/schema.js';
import { tryCanonicalizeUrl, urlKey } from '../shared/url/canonicalize.js';
import { enqueueUrls, type EnqueueDecision, type EnqueueOptions, type FetchJob, type FetchQueue, type UrlToEnqueue } from './fetch-queue.js';

const MINUTE_MS = 60_000;

/** What a source is revisited for: its start pages, feeds and sitemaps, each at its own interval. */
export interface SourceEntryPoint {
  url: string;
  kind: NonNullable<FetchJob['kind']>;
  everyMs: number;
}

/** Pure: the entry points of a profile that are known without fetching anything. */
export function sourceEntryPoints(profile: SourceProfile): SourceEntryPoint[] {
  const points: SourceEntryPoint[] = profile.startUrls.map((url) => ({ url, kind: 'page', everyMs: profile.recrawl.startPagesMinutes * MINUTE_MS }));
  if (Array.isArray(profile.feeds)) {
    for (const url of profile.feeds) points.push({ url, kind: 'feed', everyMs: profile.recrawl.feedsMinutes * MINUTE_MS });
  }
  if (Array.isArray(profile.sitemaps)) {
    for (const url of profile.sitemaps) points.push({ url, kind: 'sitemap', everyMs: profile.recrawl.sitemapsMinutes * MINUTE_MS });
  }
  return points;
}

/** One scheduler per (source, URL): upserting it again from any number of processes changes nothing. */
export function schedulerId(sourceId: string, url: string): string {
  return `source-${sourceId}-${urlKey(url)}`;
}

/**
 * Keeps a source ingested: a BullMQ job scheduler per entry point re-enqueues it at its interval.
 * Schedulers live in Redis, so they survive worker restarts; the id makes the upsert idempotent.
 */
export async function scheduleEntryPoint(queue: FetchQueue, sourceId: string, point: SourceEntryPoint): Promise<void> {
  const canonical = tryCanonicalizeUrl(point.url);
  if (!canonical.ok) return;
  const data: FetchJob = {
    url: point.url,
    canonicalUrl: canonical.url,
    urlKey: urlKey(canonical.url),
    sourceId,
    depth: 0,
    origin: 'recrawl',
    enqueuedAt: 0,
    ...(point.kind !== 'page' ? { kind: point.kind } : {}),
  };
  // The first visit is the seeding enqueue itself; the scheduler takes over one interval later.
  await queue.upsertJobScheduler(
    schedulerId(sourceId, point.url),
    { every: point.everyMs, startDate: Date.now() + point.everyMs },
    { name: 'fetch', data, opts: { priority: 1 } },
  );
}

/**
 * `newsflow enqueue --source X`: fetch every entry point now (through the frontier) and schedule
 * the revisits. Feeds and sitemaps marked "discover" are found by the parse stage on start pages
 * and in robots.txt, and scheduled the same way.
 */
export async function seedSource(
  queue: FetchQueue,
  profile: SourceProfile,
  options: EnqueueOptions & { schedule: boolean },
): Promise<{ decisions: EnqueueDecision[]; schedulers: number }> {
  const points = sourceEntryPoints(profile);
  const inputs: UrlToEnqueue[] = points.map((point) => ({
    url: point.url,
    sourceId: profile.id,
    origin: 'start',
    kind: point.kind,
    priority: 1,
    // Entry points are revisited on a schedule; the frontier must not block the next visit.
    dedupTtlMs: Math.max(1_000, Math.floor(point.everyMs / 2)),
  }));
  const decisions = await enqueueUrls(queue, inputs, options);
  if (options.schedule) for (const point of points) await scheduleEntryPoint(queue, profile.id, point);
  return { decisions, schedulers: options.schedule ? points.length : 0 };
}
