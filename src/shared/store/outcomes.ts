import type { Db } from 'mongodb';
import type { Outcome } from '../outcome.js';
import { COLLECTIONS } from './collections.js';
import { insertOrReplace } from './insert-batching.js';

/** The one durable record of what happened to a URL accepted into the pipeline. */
export interface FetchRecord {
  /** The fetch job id: one record per accepted URL, rewritten (never duplicated) on retries. */
  _id: string;
  url: string;
  canonicalUrl: string | null;
  urlKey: string | null;
  finalUrl: string | null;
  sourceId: string | null;
  outcome: Outcome;
  /** The stage that decided the outcome. */
  stage: 'enqueue' | 'fetch' | 'parse' | 'store';
  httpStatus: number | null;
  attempts: number;
  error: string | null;
  /** Id of the article the URL ended up in (stored or duplicate). */
  articleId: string | null;
  enqueuedAt: Date | null;
  finishedAt: Date;
  durationMs: number | null;
}

export type OutcomeToRecord = Omit<FetchRecord, 'finishedAt' | 'durationMs'> & { finishedAt?: Date };

/**
 * Writes the URL's one outcome record. Insert first: it is the cheap atomic write on every
 * MongoDB-protocol server; only a job retried after recording (rare) replaces its record.
 */
export async function recordOutcome(db: Db, record: OutcomeToRecord, now: Date = new Date()): Promise<void> {
  const finishedAt = record.finishedAt ?? now;
  const doc: FetchRecord = {
    ...record,
    finishedAt,
    durationMs: record.enqueuedAt ? finishedAt.getTime() - record.enqueuedAt.getTime() : null,
  };
  await insertOrReplace(db, COLLECTIONS.fetches, doc);
}

export async function outcomeCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .collection<FetchRecord>(COLLECTIONS.fetches)
    .aggregate<{ _id: string; count: number }>([{ $group: { _id: '$outcome', count: { $sum: 1 } } }])
    .toArray();
  return Object.fromEntries(rows.map((row) => [row._id, row.count]));
}
