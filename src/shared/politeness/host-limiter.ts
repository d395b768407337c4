import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface HostLimits {
  /** At most this many requests in flight to the host, across all workers. Default 2. */
  maxConcurrent?: number;
  /** At least this long between two request starts to the host. Default 1000 ms (raise for Crawl-delay). */
  minIntervalMs?: number;
  /** A slot not released within this time frees itself (the worker holding it crashed). Default 120 s. */
  leaseMs?: number;
}

export type AcquireResult =
  | {
      granted: true;
      /** When the slot was granted, on the Redis server's clock (ms since epoch). */
      grantedAtMs: number;
      release(): Promise<void>;
    }
  | { granted: false; /** Earliest moment worth trying again; the caller delays the job by this much. */ waitMs: number };

export interface HostLimiter {
  tryAcquire(host: string, limits?: HostLimits): Promise<AcquireResult>;
  /** Nobody starts a request to `host` for `ms` (429/503 Retry-After). Never shortens an existing pause. */
  pauseHost(host: string, ms: number): Promise<void>;
}

export interface HostLimiterOptions {
  redis: Redis;
  /** Namespace for the keys, e.g. 'newsflow:'. */
  keyPrefix: string;
  defaults?: HostLimits;
}

/** How soon a caller denied for lack of a free slot is told to try again (at least minIntervalMs). */
const BUSY_RETRY_MS = 250;

export const DEFAULT_HOST_LIMITS: Required<HostLimits> = { maxConcurrent: 2, minIntervalMs: 1000, leaseMs: 120_000 };

/**
 * One atomic decision per call, using the Redis server's clock so that workers on different
 * machines (with skewed clocks) agree on "now".
 *
 * KEYS[1] leases  – sorted set: lease id → expiry time (ms)
 * KEYS[2] last    – time (ms) of the most recent granted start
 * KEYS[3] pause   – time (ms) until which the host is paused
 * ARGV: maxConcurrent, minIntervalMs, leaseMs, leaseId, busyRetryMs
 * Returns {1, grantedAtMs} when granted, {0, waitMs} otherwise.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxConcurrent = tonumber(ARGV[1])
local minInterval = tonumber(ARGV[2])
local leaseMs = tonumber(ARGV[3])
local busyRetry = tonumber(ARGV[5])

local pausedUntil = tonumber(redis.call('GET', KEYS[3]) or '0')
if pausedUntil > now then
  return {0, pausedUntil - now}
end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local wait = 0
if redis.call('ZCARD', KEYS[1]) >= maxConcurrent then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  -- Nobody is woken when a slot is released, so poll: no later than the oldest lease's expiry,
  -- but usually after about one request interval, when a slot has most likely been released.
  wait = math.max(1, math.min(tonumber(oldest[2]) - now, math.max(minInterval, busyRetry)))
end

local last = tonumber(redis.call('GET', KEYS[2]) or '-1')
if last >= 0 and now - last < minInterval then
  local intervalWait = minInterval - (now - last)
  if wait == 0 or intervalWait > wait then wait = intervalWait end
end
if wait > 0 then
  return {0, wait}
end

redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[4])
-- The set lives as long as its longest lease; never cut short a lease taken with a longer leaseMs.
if redis.call('PTTL', KEYS[1]) < leaseMs then
  redis.call('PEXPIRE', KEYS[1], leaseMs)
end
-- Outlive the interval comfortably: the key only needs to exist while it can still deny someone.
redis.call('SET', KEYS[2], now, 'PX', minInterval + 1000)
return {1, now}
`;

/** KEYS[1] pause; ARGV[1] ms. Extends the pause, never shortens it. */
const PAUSE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]))
end
return untilMs
`;

interface LimiterCommands {
  newsflowHostAcquire(leases: string, last: string, pause: string, maxConcurrent: number, minIntervalMs: number, leaseMs: number, leaseId: string, busyRetryMs: number): Promise<[number, number]>;
  newsflowHostPause(pause: string, ms: number): Promise<number>;
}

/**
 * Per-host politeness shared by every worker process through Redis: a concurrency cap made of
 * expiring leases plus a minimum spacing between request starts. It never waits itself; a denied
 * caller gets `waitMs` and reschedules the job, so no worker slot is burnt sleeping.
 */
export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const { redis, keyPrefix } = options;
  const defaults = { ...DEFAULT_HOST_LIMITS, ...options.defaults };
  const commands = redis as unknown as Redis & LimiterCommands;
  if (typeof commands.newsflowHostAcquire !== 'function') {
    redis.defineCommand('newsflowHostAcquire', { numberOfKeys: 3, lua: ACQUIRE_SCRIPT });
    redis.defineCommand('newsflowHostPause', { numberOfKeys: 1, lua: PAUSE_SCRIPT });
  }
  const keys = (host: string) => {
    // Hash tag keeps one host's keys in the same Redis Cluster slot, as a multi-key script needs.
    const base = `${keyPrefix}host:{${host.toLowerCase()}}`;
    return { leases: `${base}:leases`, last: `${base}:last`, pause: `${base}:pause` };
  };

  return {
    async tryAcquire(host, limits = {}) {
      const maxConcurrent = Math.max(1, Math.floor(limits.maxConcurrent ?? defaults.maxConcurrent));
      const minIntervalMs = Math.max(0, Math.ceil(limits.minIntervalMs ?? defaults.minIntervalMs));
      const leaseMs = Math.max(1, Math.ceil(limits.leaseMs ?? defaults.leaseMs));
      const k = keys(host);
      const leaseId = randomUUID();
      const [granted, value] = await commands.newsflowHostAcquire(k.leases, k.last, k.pause, maxConcurrent, minIntervalMs, leaseMs, leaseId, BUSY_RETRY_MS);
      if (granted !== 1) return { granted: false, waitMs: Number(value) };
      let released = false;
      return {
        granted: true,
        grantedAtMs: Number(value),
        release: async () => {
          if (released) return;
          released = true;
          await redis.zrem(k.leases, leaseId);
        },
      };
    },
    async pauseHost(host, ms) {
      if (!(ms > 0)) return;
      await commands.newsflowHostPause(keys(host).pause, Math.ceil(ms));
    },
  };
}
