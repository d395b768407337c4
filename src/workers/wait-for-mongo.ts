import { setTimeout as sleep } from 'node:timers/promises';
import { MongoNetworkError, MongoServerSelectionError, type Db, type MongoClient } from 'mongodb';
import type { Logger } from '../shared/logger.js';
import { ensureNearDuplicateIndexes } from '../shared/dedup/near-duplicate-index.js';
import { ensureIndexes } from '../shared/store/collections.js';
import { connectMongo } from '../shared/store/mongo.js';

/** Longest pause between two connection attempts at start-up. */
const MAX_RETRY_DELAY_MS = 10_000;

/** The database is away (not started yet, restarting, network): worth waiting for. Anything else is a mistake to report. */
function isUnreachable(error: unknown): boolean {
  return error instanceof MongoServerSelectionError || error instanceof MongoNetworkError;
}

/**
 * A worker service may start before its database (compose, a restart, a failover): it waits for
 * MongoDB with a growing pause, saying so at each attempt, instead of exiting and leaving its
 * stage unserved. A wrong URL or credentials still stop it at once, with the driver's reason.
 */
export async function waitForMongo(mongoUrl: string, log: Logger): Promise<{ client: MongoClient; db: Db }> {
  for (let attempt = 1; ; attempt += 1) {
    let connected: { client: MongoClient; db: Db } | undefined;
    try {
      connected = await connectMongo(mongoUrl);
      await ensureIndexes(connected.db);
      await ensureNearDuplicateIndexes(connected.db);
      if (attempt > 1) log.info({ attempt }, 'MongoDB reachable; starting');
      return connected;
    } catch (error) {
      await connected?.client.close().catch((closeError: unknown) => log.debug({ err: String(closeError) }, 'closing the failed MongoDB client'));
      if (!isUnreachable(error)) throw error;
      const retryInMs = Math.min(MAX_RETRY_DELAY_MS, 500 * 2 ** Math.min(attempt - 1, 5));
      log.warn({ err: (error as Error).message, attempt, retryInMs }, 'MongoDB not reachable; waiting for it before taking jobs');
      await sleep(retryInMs);
    }
  }
}
