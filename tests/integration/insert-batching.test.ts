import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { MongoClient, MongoServerError, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchInserts, flushInserts, insertOrDuplicate } from '../../src/shared/store/insert-batching.js';

const MONGODB_URL = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/newsflow';

/** A TCP relay to the MongoDB-protocol server whose connections can be cut at a chosen moment. */
async function startRelay(): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const target = new URL(MONGODB_URL);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 27017), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('insert batching (inserts of concurrent jobs sent together)', () => {
  let batched: MongoClient;
  let plain: MongoClient;
  let db: Db;
  const insertCommands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    batched = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 10_000, monitorCommands: true });
    batched.on('commandStarted', (event) => {
      if (event.commandName === 'insert') insertCommands.push(event);
    });
    plain = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
    await Promise.all([batched.connect(), plain.connect()]);
    db = batched.db(`newsflow_test_${randomBytes(6).toString('hex')}`);
    batchInserts(batched, { lingerMs: 50, maxBatch: 8 });
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await Promise.all([batched?.close(), plain?.close()]);
  });

  it('sends concurrent inserts as one command and answers each caller for its own document', async () => {
    await plain.db(db.databaseName).collection<{ _id: string }>('outcomes').insertOne({ _id: 'already-there' });
    const before = insertCommands.length;
    const results = await Promise.all([
      insertOrDuplicate(db, 'outcomes', { _id: 'a', n: 1 }),
      insertOrDuplicate(db, 'outcomes', { _id: 'already-there', n: 2 }),
      insertOrDuplicate(db, 'outcomes', { _id: 'b', n: 3 }),
      insertOrDuplicate(db, 'outcomes', { _id: 'a', n: 4 }),
    ]);
    expect(results).toEqual(['inserted', 'duplicate', 'inserted', 'duplicate']);
    expect(insertCommands.length - before).toBe(1);
    const stored = await plain.db(db.databaseName).collection<{ _id: string; n?: number }>('outcomes').find().sort({ _id: 1 }).toArray();
    expect(stored).toEqual([{ _id: 'a', n: 1 }, { _id: 'already-there' }, { _id: 'b', n: 3 }]);
  });

  it('gives a document the server refused its own error, and stores the others of its batch', async () => {
    const outcomes = await Promise.allSettled([
      insertOrDuplicate(db, 'refused', { _id: 'good-1' }),
      insertOrDuplicate(db, 'refused', { _id: 'bad', $where: 'not a field name' }),
      insertOrDuplicate(db, 'refused', { _id: 'good-2' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason as unknown;
    expect(refusal).toBeInstanceOf(MongoServerError);
    expect((refusal as MongoServerError).code).not.toBe(11000);
    expect(await plain.db(db.databaseName).collection('refused').countDocuments()).toBe(2);
  });

  it('sends a full batch at once, without waiting for the linger', async () => {
    const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    try {
      batchInserts(client, { lingerMs: 60_000, maxBatch: 3 });
      const started = Date.now();
      const results = await Promise.all([1, 2, 3].map((n) => insertOrDuplicate(client.db(db.databaseName), 'full', { _id: `doc-${n}` })));
      expect(results).toEqual(['inserted', 'inserted', 'inserted']);
      expect(Date.now() - started).toBeLessThan(10_000);
      // A lone document waits for company; closing sends it.
      const lone = insertOrDuplicate(client.db(db.databaseName), 'full', { _id: 'lone' });
      await flushInserts(client);
      expect(await lone).toBe('inserted');
    } finally {
      await client.close();
    }
  });

  it('tells nobody "inserted" when the connection drops during the batch: every caller gets the error and retries', async () => {
    const relay = await startRelay();
    const dropping = new MongoClient(`mongodb://127.0.0.1:${relay.port}/`, { serverSelectionTimeoutMS: 2_000, retryWrites: false, monitorCommands: true });
    try {
      await dropping.connect();
      dropping.on('commandStarted', (event) => {
        if (event.commandName === 'insert') relay.cut();
      });
      batchInserts(dropping, { lingerMs: 5, maxBatch: 8 });
      const outcomes = await Promise.allSettled([1, 2, 3].map((n) => insertOrDuplicate(dropping.db(db.databaseName), 'dropped', { _id: `y-${n}` })));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    } finally {
      await dropping.close();
      await relay.close();
    }
  });

  it('hands every caller the failure when the server cannot be reached, so each job retries', async () => {
    const away = new MongoClient('mongodb://127.0.0.1:9/newsflow', { serverSelectionTimeoutMS: 300 });
    batchInserts(away, { lingerMs: 5, maxBatch: 8 });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => insertOrDuplicate(away.db('newsflow'), 'outcomes', { _id: `x-${n}` })));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await away.close();
  });
});
