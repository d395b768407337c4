import type { QueueContext } from './connection.js';
import { createFetchQueue, FETCH_QUEUE, type FetchQueue } from './fetch-queue.js';
import { createParseQueue, PARSE_QUEUE, type ParseQueue } from './parse-queue.js';
import { createStoreQueue, STORE_QUEUE, type StoreQueue } from './store-queue.js';

export type { QueueContext } from './connection.js';

/** The pipeline's edges, in order: fetch → parse → store. */
export const STAGES = [FETCH_QUEUE, PARSE_QUEUE, STORE_QUEUE] as const;
export type Stage = (typeof STAGES)[number];

export interface PipelineQueues {
  fetch: FetchQueue;
  parse: ParseQueue;
  store: StoreQueue;
}

export function createPipelineQueues(ctx: QueueContext): PipelineQueues {
  return { fetch: createFetchQueue(ctx), parse: createParseQueue(ctx), store: createStoreQueue(ctx) };
}

export async function closePipelineQueues(queues: PipelineQueues): Promise<void> {
  await Promise.all([queues.fetch.close(), queues.parse.close(), queues.store.close()]);
}
