import { Redis } from 'ioredis';

/**
 * A Redis connection suitable for BullMQ workers: `maxRetriesPerRequest: null` makes commands wait
 * through a Redis restart instead of failing, and reconnects back off up to 2 s.
 */
export function createRedisConnection(redisUrl: string, options: { forWorker?: boolean } = {}): Redis {
  return new Redis(redisUrl, {
    maxRetriesPerRequest: options.forWorker === false ? 3 : null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    lazyConnect: false,
  });
}
