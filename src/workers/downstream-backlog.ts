import type { Queue } from 'bullmq';

/** Pages waiting to be parsed or stored, as the fetch stage's backpressure sees them. */
export interface DownstreamBacklog {
  current(): Promise<number>;
  /** This process has just handed one more page to the parser. */
  added(): void;
}

/**
 * Reads the parse + store waiting counts from Redis at most once per `refreshMs` (two round trips
 * per fetch would cost more than the fetch's own bookkeeping). Pages this process hands to the
 * parser in between are counted locally, so a fast fetcher cannot overshoot the limit by a whole
 * interval's worth of pages; other processes' pages show up at the next read.
 */
export function createDownstreamBacklog(queues: { parse: Queue; store: Queue }, refreshMs = 1_000): DownstreamBacklog {
  let value = 0;
  let readAt = 0;
  return {
    async current() {
      if (Date.now() - readAt > refreshMs) {
        const [parse, store] = await Promise.all([queues.parse.getWaitingCount(), queues.store.getWaitingCount()]);
        value = parse + store;
        readAt = Date.now();
      }
      return value;
    },
    added() {
      value += 1;
    },
  };
}
