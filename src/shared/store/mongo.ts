import { MongoClient, type Db } from 'mongodb';
import { databaseName } from '../config.js';

/**
 * One MongoClient per process. Timeouts are short enough that a store job fails (and is retried
 * with backoff by BullMQ) while the database is away, instead of hanging its lock.
 */
export async function connectMongo(mongoUrl: string): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(mongoUrl, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 60_000,
    maxPoolSize: 20,
    retryWrites: false,
  });
  await client.connect();
  return { client, db: client.db(databaseName(mongoUrl)) };
}
