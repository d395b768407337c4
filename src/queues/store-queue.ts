import { Queue } from 'bullmq';
import type { ExtractedArticle } from '../shared/extract/types.js';
import type { QueueContext } from './connection.js';
import { jobIdPart, stageJobOptions } from './job-options.js';
import type { ParseJob } from './parse-queue.js';

export const STORE_QUEUE = 'store';

/** An extracted article on its way to deduplication and MongoDB. */
export interface StoreJob {
  parse: ParseJob;
  article: ExtractedArticle;
  /** The canonical URL chosen from the page (its own rel=canonical when same-site). */
  canonicalUrl: string;
  /** Other canonicalized URLs of the same page (requested, redirected, AMP/print). */
  aliases: string[];
}

export type StoreQueue = Queue<StoreJob, unknown, 'store'>;

export function createStoreQueue(ctx: QueueContext): StoreQueue {
  return new Queue<StoreJob, unknown, 'store'>(STORE_QUEUE, {
    connection: ctx.connection,
    prefix: ctx.prefix,
    defaultJobOptions: stageJobOptions(ctx.config),
  });
}

export async function enqueueStore(queue: StoreQueue, job: StoreJob): Promise<void> {
  await queue.add('store', job, { jobId: jobIdPart(job.parse.fetchJobId) });
}
