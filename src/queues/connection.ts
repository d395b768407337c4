import type { Redis } from 'ioredis';
import type { Config } from '../shared/config.js';

/** What every queue module needs: one Redis connection, the key prefix and the config. */
export interface QueueContext {
  connection: Redis;
  prefix: string;
  config: Config;
}
