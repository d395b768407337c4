/**
 * The Bloom filter of the near-duplicate index's band keys, kept in Redis beside the queues, so
 * that every store worker shares it. On FerretDB, which cannot push `$in` down, a candidate search
 * costs one query per band key (32); the filter rules out nearly all of them in one round trip.
 *
 * MongoDB stays the source of truth, and the filter is trusted only while it is known to cover
 * every entry there:
 * - band keys are added to the filter before their entry is inserted (and again after, if the
 *   Redis connection dropped in between), so an entry is never ruled out by the filter;
 * - `ready` holds the run id of the Redis server the filter was completed on, and the bitmap's
 *   last bit (which no key sets) marks it complete. A restarted Redis (bits written in its last
 *   second may be lost even with AOF) has a new run id, a flushed one has no `ready`, an evicted
 *   bitmap comes back without its mark: in each case searches ask MongoDB about every key, as
 *   without a filter, while one worker rebuilds the filter from the index and marks it again.
 * The bitmap is named after its size, so workers configured with different sizes keep separate
 * filters instead of reading each other's bits.
 */
import { hostname } from 'node:os';
import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { bandFilterShape, completeMarkPosition, filterPositions, possibleKeys, type BandFilterShape } from '../dedup/band-filter.js';
import { NEAR_DUPLICATE_COLLECTION, type BandEntry, type BandKeyFilter } from '../dedup/near-duplicate-index.js';

export interface NearDuplicateFilterOptions {
  redis: Redis;
  db: Db;
  /** Key prefix, e.g. the queue prefix with a colon: "newsflow:". */
  keyPrefix: string;
  megabytes: number;
  log: Logger;
  collectionName?: string;
}

export interface NearDuplicateFilter extends BandKeyFilter {
  /** Starts a rebuild unless the filter is ready; resolves when it is (or could not be) ready. */
  rebuild(): Promise<'ready' | 'busy' | 'redis-changed'>;
  /** Stops listening to the connection. */
  close(): void;
}

const REBUILD_LOCK_MS = 60_000;
/** After a failed or contended rebuild, searches go without the filter this long before trying again. */
const REBUILD_RETRY_MS = 10_000;
/** Entries whose keys are written in one BITFIELD call while rebuilding. */
const REBUILD_BATCH = 50;

export function createNearDuplicateFilter(options: NearDuplicateFilterOptions): NearDuplicateFilter {
  const { redis, db, log } = options;
  const shape: BandFilterShape = bandFilterShape(options.megabytes);
  const base = `${options.keyPrefix}near-duplicate-filter:${shape.bits}`;
  const bitsKey = `${base}:bits`;
  const readyKey = `${base}:ready`;
  const lockKey = `${base}:rebuilding`;
  const completeMark = completeMarkPosition(shape);
  const entries = db.collection<BandEntry>(options.collectionName ?? NEAR_DUPLICATE_COLLECTION);

  // Every dropped connection may hide a Redis restart: forget the run id, and count the drop so
  // that writes made across it are repeated (`confirm`).
  let runId: Promise<string> | undefined;
  let connectionGeneration = 0;
  const onClose = () => {
    runId = undefined;
    connectionGeneration += 1;
  };
  redis.on('close', onClose);
  const currentRunId = (): Promise<string> => {
    if (runId) return runId;
    const reading = redis.info('server').then((info) => {
      const id = /^run_id:(\S+)/m.exec(info)?.[1];
      if (!id) throw new Error('Redis INFO server has no run_id');
      return id;
    });
    runId = reading;
    // A failed read is asked again next time (the caller gets the error).
    reading.catch(() => {
      if (runId === reading) runId = undefined;
    });
    return reading;
  };

  let rebuilding: Promise<'ready' | 'busy' | 'redis-changed'> | undefined;
  let nextRebuildAt = 0;

  // BITFIELD arguments are built with plain loops: nested flatMap took ~0.5 ms per article for the ~1,000 arguments of a read and a write.
  const setBits = (keys: string[]) => {
    const args: (string | number)[] = [];
    for (const key of keys) for (const position of filterPositions(key, shape)) args.push('SET', 'u1', position, 1);
    return redis.call('BITFIELD', bitsKey, ...args);
  };
  /** The complete mark's bit first, then every position of every key, in order. */
  const getBitsArgs = (keys: string[]) => {
    const args: (string | number)[] = ['GET', 'u1', completeMark];
    for (const key of keys) for (const position of filterPositions(key, shape)) args.push('GET', 'u1', position);
    return args;
  };

  async function rebuildNow(): Promise<'ready' | 'busy' | 'redis-changed'> {
    const startedOn = await currentRunId();
    if ((await redis.get(readyKey)) === startedOn && (await redis.getbit(bitsKey, completeMark)) === 1) return 'ready';
    const owner = `${hostname()}:${process.pid}:${startedOn}`;
    if ((await redis.set(lockKey, owner, 'PX', REBUILD_LOCK_MS, 'NX')) !== 'OK') return 'busy';
    const started = Date.now();
    let count = 0;
    try {
      let batch: string[] = [];
      for await (const entry of entries.find({}, { projection: { keys: 1 } }).batchSize(1_000)) {
        batch.push(...entry.keys);
        count += 1;
        if (count % REBUILD_BATCH === 0) {
          await setBits(batch);
          batch = [];
          await redis.pexpire(lockKey, REBUILD_LOCK_MS);
        }
      }
      if (batch.length > 0) await setBits(batch);
      // A restart during the scan may have lost bits set before it: then the filter is not complete.
      if ((await currentRunId()) !== startedOn) return 'redis-changed';
      await redis.setbit(bitsKey, completeMark, 1);
      await redis.set(readyKey, startedOn);
      log.info({ entries: count, ms: Date.now() - started, bits: shape.bits }, 'near-duplicate filter rebuilt from the index');
      return 'ready';
    } finally {
      if ((await redis.get(lockKey)) === owner) await redis.del(lockKey);
    }
  }

  function rebuild(): Promise<'ready' | 'busy' | 'redis-changed'> {
    rebuilding ??= rebuildNow().finally(() => {
      rebuilding = undefined;
    });
    return rebuilding;
  }

  /** In the background of a search: its failure leaves searches on the full key list, which is correct, and is retried later. */
  function rebuildSoon(): void {
    if (rebuilding || Date.now() < nextRebuildAt) return;
    nextRebuildAt = Date.now() + REBUILD_RETRY_MS;
    rebuild().then(
      (result) => {
        if (result !== 'ready') log.debug({ result }, 'near-duplicate filter not rebuilt by this worker; searching without it meanwhile');
      },
      (error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'near-duplicate filter rebuild failed; searching without it until the next attempt'),
    );
  }

  return {
    async possible(keys) {
      const generation = connectionGeneration;
      const [expected, replies] = await Promise.all([
        currentRunId(),
        redis
          .multi()
          .get(readyKey)
          .call('BITFIELD', bitsKey, ...getBitsArgs(keys))
          .exec(),
      ]);
      if (replies === null) throw new Error('near-duplicate filter read was aborted');
      const [[readyError, ready], [bitsError, bits]] = replies as [[Error | null, string | null], [Error | null, number[]]];
      if (readyError ?? bitsError) throw readyError ?? bitsError;
      const [complete, ...keyBits] = bits;
      // Without the complete mark, the bitmap was evicted and recreated by key writes (a Redis not
      // set to noeviction). A connection dropped meanwhile may have put the read on a restarted
      // server that the run id read before does not describe: not trusted either.
      if (ready !== expected || complete !== 1 || generation !== connectionGeneration) {
        rebuildSoon();
        return keys;
      }
      return possibleKeys(keys, keyBits, shape);
    },
    async add(keys) {
      const generation = connectionGeneration;
      await setBits(keys);
      return generation;
    },
    async confirm(keys, token) {
      if (token !== connectionGeneration) await setBits(keys);
    },
    rebuild,
    close() {
      redis.off('close', onClose);
    },
  };
}
