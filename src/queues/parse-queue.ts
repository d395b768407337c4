import { Queue } from 'bullmq';
import type { QueueContext } from './connection.js';
import { jobIdPart, stageJobOptions } from './job-options.js';
import type { FetchJob } from './fetch-queue.js';

export const PARSE_QUEUE = 'parse';

/**
 * A fetched page waiting for extraction. The raw body travels gzip-compressed in the job itself
 * (base64), so the parser never has to read it back from MongoDB; the fetch worker has already
 * kept the same bytes in `pages` for re-parsing later. Finished parse jobs are removed at once,
 * so Redis only ever holds the pages waiting to be parsed.
 */
export interface ParseJob {
  fetch: FetchJob;
  /** Id of the fetch job: the key of this URL's outcome record. */
  fetchJobId: string;
  /** `_id` of the raw page in the `pages` collection. */
  pageId: string;
  /** gzip of the raw body, base64; dropped before the store stage. */
  body?: string;
  etag?: string;
  lastModified?: string;
  finalUrl: string;
  status: number;
  contentType: string;
  /** The character encoding the fetcher decoded the response with (from its Content-Type, meta or detection). */
  encoding?: string;
  /** ISO timestamp of the response. */
  fetchedAt: string;
  attempts: number;
}

export type ParseQueue = Queue<ParseJob, unknown, 'parse'>;

export function createParseQueue(ctx: QueueContext): ParseQueue {
  return new Queue<ParseJob, unknown, 'parse'>(PARSE_QUEUE, {
    connection: ctx.connection,
    prefix: ctx.prefix,
    defaultJobOptions: stageJobOptions(ctx.config),
  });
}

/** Idempotent per fetch job: a fetch retried after a crash does not parse the page twice. */
export async function enqueueParse(queue: ParseQueue, job: ParseJob): Promise<void> {
  await queue.add('parse', job, { jobId: jobIdPart(job.fetchJobId), removeOnComplete: true });
}
