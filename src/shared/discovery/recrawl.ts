/**
 * When to fetch a fresh article again. News articles change in their first hours and days
 * (corrections, updates, added photos); after that, refetching is wasted politeness budget.
 * Pure: the caller passes `now`.
 */

/** Ages (hours after publication) at which an article is refetched unless a profile says otherwise. */
export const DEFAULT_REFETCH_HOURS: readonly number[] = [6, 24, 72];

export interface RefetchInput {
  /** Publication instant (ISO-8601 or Date); unknown → no scheduled refetches. */
  publishedAt: string | Date | null | undefined;
  /** Fetches made so far, the first one included. */
  fetchCount: number;
  now: Date | number;
  /** The profile's `recrawl.freshArticleRefetchHours` (ascending). */
  refetchHours?: readonly number[];
}

const HOUR_MS = 3_600_000;

/**
 * Delay in ms until the next refetch, or null when the article is done (no publication date,
 * every checkpoint used or passed). Checkpoints already in the past are skipped, so an article
 * discovered two days late is refetched once at 72 h, not three times in a row.
 */
export function nextRefetchDelayMs({ publishedAt, fetchCount, now, refetchHours = DEFAULT_REFETCH_HOURS }: RefetchInput): number | null {
  if (publishedAt === null || publishedAt === undefined) return null;
  const published = publishedAt instanceof Date ? publishedAt.getTime() : Date.parse(publishedAt);
  if (Number.isNaN(published)) return null;
  const refetchesDone = Math.max(0, fetchCount - 1);
  if (refetchesDone >= refetchHours.length) return null;

  const nowMs = typeof now === 'number' ? now : now.getTime();
  // A publication date in the future (clock skew, embargoed stories) counts as "just published".
  const ageMs = Math.max(0, nowMs - published);
  const next = refetchHours.find((hours) => hours * HOUR_MS > ageMs);
  return next === undefined ? null : next * HOUR_MS - ageMs;
}
