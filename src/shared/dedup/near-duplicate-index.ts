/**
 * The near-duplicate lookup index: one small document per (LSH band key, article) pair in the
 * `simhash_bands` collection, `{ _id: "<band>:<value>:<docId>", key: "<band>:<value>", docId }`,
 * with an index on `key`. (The name predates the switch from SimHash to MinHash band keys — see
 * minhash.ts — and is kept because it is the collection name the rest of the pipeline expects.)
 *
 * The composite `_id` makes indexing idempotent without a second unique index: re-indexing an
 * article re-inserts the same `_id`s, and the duplicate-key errors are ignored.
 *
 * Only features FerretDB 1.24 supports: a plain index, `insertMany`/`bulkWrite` unordered,
 * equality and `$in` filters. Measured on FerretDB 1.24 (PostgreSQL backend): `$in` is not pushed
 * down to SQL (FerretDB fetches the whole collection and filters it itself), whereas an equality
 * filter is; so against FerretDB the search issues one equality query per band key in parallel,
 * and against MongoDB one indexed `$in` query. Neither uses the index on FerretDB 1.24 (its SQL
 * filter is jsonb `@>`, which a btree index cannot serve), so there the cost grows with the
 * collection; on MongoDB it does not. bench/dedup.ts prints both.
 */
import { MongoBulkWriteError, MongoServerError, type Collection, type Db, type MongoClient } from 'mongodb';
import { bandKeys, DEFAULT_LSH_SCHEME, type LshScheme } from './bands.js';

export const NEAR_DUPLICATE_COLLECTION = 'simhash_bands';

export interface BandEntry {
  /** `"<band>:<value>:<docId>"` */
  _id: string;
  /** `"<band>:<value>"`, one of `bandKeys(signature)`. */
  key: string;
  docId: string;
}

/** How a candidate search talks to the server. */
export type SearchStrategy = 'in' | 'per-key';

export interface NearDuplicateIndexOptions {
  collectionName?: string;
  scheme?: LshScheme;
  /** Default: `per-key` when the server is FerretDB, `in` otherwise (detected once per client). */
  strategy?: SearchStrategy;
}

function collectionOf(db: Db, options: NearDuplicateIndexOptions): Collection<BandEntry> {
  return db.collection<BandEntry>(options.collectionName ?? NEAR_DUPLICATE_COLLECTION);
}

export async function ensureNearDuplicateIndexes(db: Db, options: NearDuplicateIndexOptions = {}): Promise<void> {
  await collectionOf(db, options).createIndex({ key: 1 }, { name: 'key_1' });
}

/**
 * Ids of the articles sharing at least one band key with `minhashSignature`, most shared keys
 * first (more shared bands = higher Jaccard). These are candidates only: fetch them and let
 * `decideDuplicate` judge.
 */
export async function findNearDuplicateCandidates(
  db: Db,
  minhashSignature: string,
  options: NearDuplicateIndexOptions = {},
): Promise<string[]> {
  const keys = bandKeys(minhashSignature, options.scheme ?? DEFAULT_LSH_SCHEME);
  const collection = collectionOf(db, options);
  const strategy = options.strategy ?? ((await isFerretDb(db.client)) ? 'per-key' : 'in');
  const projection = { _id: 0, docId: 1 } as const;
  const entries =
    strategy === 'in'
      ? await collection.find({ key: { $in: keys } }, { projection }).toArray()
      : (await Promise.all(keys.map((key) => collection.find({ key }, { projection }).toArray()))).flat();

  const sharedKeys = new Map<string, number>();
  for (const entry of entries) sharedKeys.set(entry.docId, (sharedKeys.get(entry.docId) ?? 0) + 1);
  return [...sharedKeys].sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0)).map(([docId]) => docId);
}

/** Adds an article's band keys. Idempotent: already-present entries are left alone. */
export async function indexNearDuplicate(
  db: Db,
  docId: string,
  minhashSignature: string,
  options: NearDuplicateIndexOptions = {},
): Promise<void> {
  const entries = nearDuplicateEntries(docId, minhashSignature, options.scheme);
  await insertIgnoringDuplicates(collectionOf(db, options), entries);
}

/** The band entries of one article, for callers that batch many articles into one `insertMany`. */
export function nearDuplicateEntries(docId: string, minhashSignature: string, scheme: LshScheme = DEFAULT_LSH_SCHEME): BandEntry[] {
  return bandKeys(minhashSignature, scheme).map((key) => ({ _id: `${key}:${docId}`, key, docId }));
}

/** Unordered insert; duplicate-key errors (E11000) mean "already indexed" and are ignored, any other error is thrown. */
export async function insertIgnoringDuplicates(collection: Collection<BandEntry>, entries: BandEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await collection.insertMany(entries, { ordered: false });
  } catch (error) {
    if (isOnlyDuplicateKeyErrors(error)) return;
    throw error;
  }
}

const DUPLICATE_KEY = 11000;

function isOnlyDuplicateKeyErrors(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return writeErrors.length > 0 && writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY) && !error.writeConcernError;
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

const ferretDbByClient = new WeakMap<MongoClient, Promise<boolean>>();

/** FerretDB answers `buildInfo` with a `ferretdbVersion` (or `ferretdb`) field; MongoDB does not. */
export function isFerretDb(client: MongoClient): Promise<boolean> {
  let detected = ferretDbByClient.get(client);
  if (detected === undefined) {
    detected = client
      .db('admin')
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info || 'ferretdb' in info || 'ferretdbFeatures' in info)
      .catch(() => false);
    ferretDbByClient.set(client, detected);
  }
  return detected;
}
