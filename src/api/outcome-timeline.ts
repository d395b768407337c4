import type { Db } from 'mongodb';
import { OUTCOMES, type Outcome } from '../shared/outcome.js';
import { COLLECTIONS } from '../shared/store/collections.js';
import type { FetchRecord } from '../shared/store/outcomes.js';

export const BUCKET_MS = 5 * 60_000;
export const TIMELINE_BUCKETS = 12;

/** Outcomes where the URL ended as intended; everything else is a failure worth showing. */
const SUCCESS_OUTCOMES: ReadonlySet<Outcome> = new Set(['stored', 'revised', 'unchanged', 'duplicate', 'not-modified', 'not-article']);
export const FAILURE_OUTCOMES: Outcome[] = OUTCOMES.filter((outcome) => !SUCCESS_OUTCOMES.has(outcome));

export interface TimelineBucket {
  start: Date;
  end: Date;
  counts: Record<string, number>;
}

/** Pure: the last `count` wall-clock-aligned buckets up to and including the one holding `now`. */
export function timelineBuckets(now: Date, bucketMs = BUCKET_MS, count = TIMELINE_BUCKETS): { start: Date; end: Date }[] {
  const lastStart = Math.floor(now.getTime() / bucketMs) * bucketMs;
  return Array.from({ length: count }, (_, index) => {
    const start = lastStart - (count - 1 - index) * bucketMs;
    return { start: new Date(start), end: new Date(start + bucketMs) };
  });
}

/**
 * Outcomes per bucket over the last hour: one small indexed `$match` + `$group` per bucket, which
 * FerretDB 1.24 runs like MongoDB (date arithmetic inside `$group` it does not), and memory stays
 * bounded however many pages were crawled.
 */
export async function outcomeTimeline(db: Db, now: Date = new Date()): Promise<TimelineBucket[]> {
  const fetches = db.collection<FetchRecord>(COLLECTIONS.fetches);
  return Promise.all(
    timelineBuckets(now).map(async ({ start, end }) => {
      const rows = await fetches
        .aggregate<{ _id: string; count: number }>([
          { $match: { finishedAt: { $gte: start, $lt: end } } },
          { $group: { _id: '$outcome', count: { $sum: 1 } } },
        ])
        .toArray();
      return { start, end, counts: Object.fromEntries(rows.map((row) => [row._id, row.count])) };
    }),
  );
}

export interface RecentFailure {
  url: string;
  outcome: string;
  stage: string;
  error: string | null;
  httpStatus: number | null;
  finishedAt: Date;
}

export async function recentFailures(db: Db, limit = 20): Promise<RecentFailure[]> {
  const records = await db
    .collection<FetchRecord>(COLLECTIONS.fetches)
    .find({ outcome: { $in: FAILURE_OUTCOMES } }, { projection: { url: 1, outcome: 1, stage: 1, error: 1, httpStatus: 1, finishedAt: 1 } })
    .sort({ finishedAt: -1 })
    .limit(limit)
    .toArray();
  return records.map((record) => ({
    url: record.url,
    outcome: record.outcome,
    stage: record.stage,
    error: record.error,
    httpStatus: record.httpStatus,
    finishedAt: record.finishedAt,
  }));
}
