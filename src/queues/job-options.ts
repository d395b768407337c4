import type { JobsOptions } from 'bullmq';
import type { Config } from '../shared/config.js';

/**
 * Retry policy of every stage: BullMQ is the one owner of retries (the HTTP client never retries
 * behind its back). Finished jobs are trimmed so Redis stays small; the durable record of each
 * URL's outcome lives in MongoDB (`fetches`).
 */
export function stageJobOptions(config: Pick<Config, 'attempts' | 'backoffMs'>): JobsOptions {
  return {
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
  };
}

/** BullMQ forbids ':' in custom job ids (it is its key separator). */
export function jobIdPart(value: string): string {
  return value.replace(/:/g, '_');
}
