/**
 * The near-duplicate lookup index: one small document per article in `near_duplicate_bands`,
 * `{ _id: <docId>, keys: ["<band>:<value>", …32] }`, with a (multikey) index on `keys`.
 *
 * One document per article rather than one per (band, article): on MongoDB the multikey index
 * serves the `$in` lookup either way, but FerretDB 1.24 (PostgreSQL backend) answers every filter
 * with a table scan (its pushed-down jsonb `@>` cannot use the btree indexes it creates), so the
 * number of rows scanned per search is what matters there — N instead of 32·N. Equality on an
 * array field is pushed down to PostgreSQL (`keys @> '"k"'`); `$in` is not (FerretDB filters in
 * Go after reading every row), so against FerretDB a search is 32 equality queries in parallel,
 * against MongoDB one indexed `$in`.
 *
 * Writes are inserts keyed by the article id (atomic and idempotent on both servers); a revised
 * article replaces its entry.
 */
import { MongoBulkWriteError, type Collection, type Db, type MongoClient } from 'mongodb';
import { bandKeys, DEFAULT_LSH_SCHEME, type LshScheme } from './bands.js';
import { insertOrReplace } from '../store/insert-batching.js';
import { DUPLICATE_KEY, isDuplicateKey, writeErrorsOf } from '../store/duplicate-key.js';

export const NEAR_DUPLICATE_COLLECTION = 'near_duplicate_bands';

export interface BandEntry {
  /** The article id. */
  _id: string;
  /** `bandKeys(signature)`: `"<band>:<value>"` each. */
  keys: string[];
}

/** How a candidate search talks to the server. */
export type SearchStrategy = 'in' | 'per-key';

/**
 * A set-membership filter of the band keys in the index with no false negatives (a Bloom filter,
 * see `src/shared/store/near-duplicate-filter.ts`). With one, a search only asks the server about
 * the keys the filter cannot rule out.
 */
export interface BandKeyFilter {
  /** The keys the index may hold: all of `keys` while the filter is not known to be complete. */
  possible(keys: string[]): Promise<string[]>;
  /** Records keys before their entry is inserted; returns a token for `confirm`. */
  add(keys: string[]): Promise<number>;
  /** After the insert: records the keys again if the filter may have lost them in between. */
  confirm(keys: string[], token: number): Promise<void>;
}

export interface NearDuplicateIndexOptions {
  collectionName?: string;
  scheme?: LshScheme;
  /** Default: `per-key` when the server is FerretDB, `in` otherwise (detected once per client). */
  strategy?: SearchStrategy;
  filter?: BandKeyFilter;
}

function collectionOf(db: Db, options: NearDuplicateIndexOptions): Collection<BandEntry> {
  return db.collection<BandEntry>(options.collectionName ?? NEAR_DUPLICATE_COLLECTION);
}

export async function ensureNearDuplicateIndexes(db: Db, options: NearDuplicateIndexOptions = {}): Promise<void> {
  await collectionOf(db, options).createIndex({ keys: 1 }, { name: 'keys_1' });
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
  const allKeys = bandKeys(minhashSignature, options.scheme ?? DEFAULT_LSH_SCHEME);
  // Keys the filter rules out are shared with no article: leaving them out changes no count below.
  const keys = options.filter ? await options.filter.possible(allKeys) : allKeys;
  if (keys.length === 0) return [];
  const collection = collectionOf(db, options);
  const strategy = options.strategy ?? ((await isFerretDb(db.client)) ? 'per-key' : 'in');
  const sharedKeys = new Map<string, number>();
  if (strategy === 'in') {
    const wanted = new Set(keys);
    for (const entry of await collection.find({ keys: { $in: keys } }).toArray()) {
      sharedKeys.set(entry._id, entry.keys.filter((key) => wanted.has(key)).length);
    }
  } else {
    const matches = await Promise.all(keys.map((key) => collection.find({ keys: key }, { projection: { _id: 1 } }).toArray()));
    for (const entry of matches.flat()) sharedKeys.set(entry._id, (sharedKeys.get(entry._id) ?? 0) + 1);
  }
  return [...sharedKeys].sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0)).map(([docId]) => docId);
}

/** Sets an article's band keys: an insert, or a replacement when its text (and signature) changed. */
export async function indexNearDuplicate(
  db: Db,
  docId: string,
  minhashSignature: string,
  options: NearDuplicateIndexOptions = {},
): Promise<void> {
  const [entry] = nearDuplicateEntries(docId, minhashSignature, options.scheme);
  const collection = collectionOf(db, options);
  // Filter first: an entry the index holds must never be ruled out by the filter.
  const token = options.filter ? await options.filter.add(entry!.keys) : 0;
  await insertOrReplace(db, collection.collectionName, entry!);
  if (options.filter) await options.filter.confirm(entry!.keys, token);
}

/** The index entry of one article (as a list, for callers that batch many into one `insertMany`). */
export function nearDuplicateEntries(docId: string, minhashSignature: string, scheme: LshScheme = DEFAULT_LSH_SCHEME): BandEntry[] {
  return [{ _id: docId, keys: bandKeys(minhashSignature, scheme) }];
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

function isOnlyDuplicateKeyErrors(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = writeErrorsOf(error);
    return writeErrors.length > 0 && writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY) && !error.writeConcernError;
  }
  return isDuplicateKey(error);
}

const ferretDbByClient = new WeakMap<MongoClient, Promise<boolean>>();

/**
 * FerretDB answers `buildInfo` with a `ferretdbVersion` (or `ferretdb`) field; MongoDB does not.
 * The answer is kept per client; a failed ask (the server away) is not, and reaches the caller:
 * taking it for "MongoDB" would send FerretDB the queries it can only answer by full scans.
 */
export function isFerretDb(client: MongoClient): Promise<boolean> {
  let detected = ferretDbByClient.get(client);
  if (detected === undefined) {
    const asking = client
      .db('admin')
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info || 'ferretdb' in info || 'ferretdbFeatures' in info);
    asking.catch(() => {
      if (ferretDbByClient.get(client) === asking) ferretDbByClient.delete(client);
    });
    ferretDbByClient.set(client, asking);
    detected = asking;
  }
  return detected;
}
