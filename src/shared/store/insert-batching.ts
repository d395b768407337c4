/**
 * Inserts from concurrent jobs, sent to the server together. On FerretDB each insert command is a
 * PostgreSQL transaction of its own, and its fixed cost (command decoding, catalog lookup, begin,
 * commit) is most of the cost of a small document: measured here, 0.63 ms of FerretDB + PostgreSQL
 * CPU per outcome record sent alone, 0.19 in batches of 4, 0.11 in batches of 8. MongoDB also
 * journals a batch once.
 *
 * A document waits at most `lingerMs` for others of the same collection, or until `maxBatch` are
 * waiting, and each caller gets its own document's answer: inserted, a duplicate key (E11000,
 * which our idempotent writes treat as "already there"), or the error the server gave that
 * document. An error of the whole command (the server away) reaches every caller, whose job
 * retries. Nothing is acknowledged before the server acknowledged it: a crash loses only
 * documents whose jobs had not finished, and those jobs run again.
 *
 * Batching is switched on per client by the worker runtime; the CLI and the API, which write one
 * document at a time for a person waiting on it, insert at once.
 */
import { MongoBulkWriteError, MongoServerError, type Db, type Document, type MongoClient } from 'mongodb';
import { DUPLICATE_KEY, isDuplicateKey, writeErrorsOf } from './duplicate-key.js';

export interface InsertBatching {
  /** Longest wait of a document for others to send with. */
  lingerMs: number;
  /** A batch is sent as soon as this many documents wait. */
  maxBatch: number;
  /** Told the size of every batch sent, to show how well the waiting pays off. */
  onBatch?: (collectionName: string, documents: number) => void;
}

export type InsertResult = 'inserted' | 'duplicate';

interface Waiting {
  doc: Document;
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

interface Batcher {
  db: Db;
  collectionName: string;
  onBatch: InsertBatching['onBatch'];
  waiting: Waiting[];
  timer: NodeJS.Timeout | undefined;
}

interface ClientBatching extends InsertBatching {
  batchers: Map<string, Batcher>;
}

const batchingByClient = new WeakMap<MongoClient, ClientBatching>();

/** From now on, `insertOrDuplicate` through this client batches. */
export function batchInserts(client: MongoClient, batching: InsertBatching): void {
  if (!(batching.lingerMs >= 0) || !(batching.maxBatch >= 1)) throw new RangeError(`invalid insert batching ${JSON.stringify(batching)}`);
  batchingByClient.set(client, { ...batching, batchers: new Map() });
}

/** Sends every waiting batch of this client now (before closing it). */
export async function flushInserts(client: MongoClient): Promise<void> {
  const batching = batchingByClient.get(client);
  if (!batching) return;
  await Promise.all([...batching.batchers.values()].map(send));
}

/** Inserts `doc`, or says its key is already taken. Any other failure is thrown. */
export function insertOrDuplicate(db: Db, collectionName: string, doc: Document): Promise<InsertResult> {
  const batching = batchingByClient.get(db.client);
  if (!batching || batching.maxBatch === 1) return insertOne(db, collectionName, doc);
  const namespace = `${db.databaseName}.${collectionName}`;
  let batcher = batching.batchers.get(namespace);
  if (!batcher) {
    batcher = { db, collectionName, onBatch: batching.onBatch, waiting: [], timer: undefined };
    batching.batchers.set(namespace, batcher);
  }
  const current = batcher;
  return new Promise<InsertResult>((resolve, reject) => {
    current.waiting.push({ doc, resolve, reject });
    // send() never rejects: each caller gets its own answer through its promise.
    if (current.waiting.length >= batching.maxBatch) void send(current);
    else current.timer ??= setTimeout(() => void send(current), batching.lingerMs);
  });
}

/** Inserts `doc`, or replaces the document holding its `_id`: the last write of a record wins. */
export async function insertOrReplace(db: Db, collectionName: string, doc: Document & { _id: string }): Promise<void> {
  if ((await insertOrDuplicate(db, collectionName, doc)) === 'duplicate') await db.collection<{ _id: string }>(collectionName).replaceOne({ _id: doc._id }, doc);
}

async function insertOne(db: Db, collectionName: string, doc: Document): Promise<InsertResult> {
  try {
    await db.collection(collectionName).insertOne(doc);
    return 'inserted';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

async function send(batcher: Batcher): Promise<void> {
  clearTimeout(batcher.timer);
  batcher.timer = undefined;
  const batch = batcher.waiting.splice(0);
  if (batch.length === 0) return;
  const { db, collectionName } = batcher;
  batcher.onBatch?.(collectionName, batch.length);
  if (batch.length === 1) {
    const [only] = batch as [Waiting];
    await insertOne(db, collectionName, only.doc).then(only.resolve, only.reject);
    return;
  }
  try {
    await db.collection(collectionName).insertMany(batch.map((waiting) => waiting.doc), { ordered: false });
    for (const waiting of batch) waiting.resolve('inserted');
  } catch (error) {
    settleEach(batch, error);
  }
}

/**
 * Each document's own answer from an unordered batch, only when the server answered for every one
 * of them. The driver also reports a connection lost mid-batch as a bulk write error, with no
 * write errors and documents it cannot vouch for: then nobody is told "inserted", everyone retries.
 */
function settleEach(batch: Waiting[], error: unknown): void {
  const writeErrors = writeErrorsOf(error);
  const answeredForAll =
    error instanceof MongoBulkWriteError && !error.writeConcernError && writeErrors.length > 0 && error.insertedCount + writeErrors.length === batch.length;
  if (!answeredForAll) {
    for (const waiting of batch) waiting.reject(error);
    return;
  }
  const errorByIndex = new Map(writeErrors.map((writeError) => [writeError.index, writeError]));
  batch.forEach((waiting, index) => {
    const writeError = errorByIndex.get(index);
    if (writeError === undefined) waiting.resolve('inserted');
    else if (writeError.code === DUPLICATE_KEY) waiting.resolve('duplicate');
    else waiting.reject(new MongoServerError({ message: writeError.errmsg ?? `insert failed with code ${writeError.code}`, code: writeError.code, errmsg: writeError.errmsg }));
  });
}
