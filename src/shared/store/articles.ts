import { setTimeout as delay } from 'node:timers/promises';
import type { Collection, Db } from 'mongodb';
import { CONTENT_FIELDS, type AliasRecord, type ArticleDocument, type RevisionRecord } from '../document.js';
import { COLLECTIONS } from './collections.js';
import { insertOrDuplicate } from './insert-batching.js';
import { isDuplicateKey } from './duplicate-key.js';

export type StoreResult =
  | { kind: 'stored'; articleId: string }
  | { kind: 'revised'; articleId: string; revisionCount: number }
  | { kind: 'unchanged'; articleId: string }
  | { kind: 'duplicate'; articleId: string };

export interface StoreOptions {
  /** How many versions of a text are kept in `revisions`. */
  maxRevisions: number;
  /** Other URLs of the same page (requested, redirected, AMP/print variants), canonicalized. */
  sameSiteAliases?: { url: string; urlKey: string }[];
}

/** Bound on revision-number races lost in a row (each loss means another worker made progress). */
const MAX_REVISION_CLAIMS = 16;

export function articlesCollection(db: Db): Collection<ArticleDocument> {
  return db.collection<ArticleDocument>(COLLECTIONS.articles);
}

export function aliasesCollection(db: Db): Collection<AliasRecord> {
  return db.collection<AliasRecord>(COLLECTIONS.aliases);
}

export function revisionsCollection(db: Db): Collection<RevisionRecord> {
  return db.collection<RevisionRecord>(COLLECTIONS.revisions);
}

/** Inserts unless present: the unique `_id` makes concurrent and repeated calls record it once. */
async function insertOnce<T extends { _id: string }>(db: Db, collectionName: string, record: T): Promise<boolean> {
  return (await insertOrDuplicate(db, collectionName, record)) === 'inserted';
}

async function recordAliases(db: Db, articleId: string, aliases: { url: string; urlKey: string }[], reason: AliasRecord['reason'], seenAt: Date): Promise<void> {
  // Independent idempotent inserts: sent together, they cost one round trip of waiting, not one each.
  await Promise.all(
    aliases
      .filter((alias) => alias.urlKey !== articleId)
      .map((alias) => insertOnce(db, COLLECTIONS.aliases, { _id: alias.urlKey, articleId, url: alias.url, reason, seenAt })),
  );
}

/**
 * Stores one article idempotently and safely with any number of concurrent store workers, using
 * only writes that are atomic on MongoDB and FerretDB alike: inserts guarded by unique keys
 * (`articles._id` = canonical URL key, `articles.contentFingerprint`, `aliases._id`,
 * `revisions._id`). Updates touch fields where the last writer winning is correct.
 * - new URL, new text → inserted (revision 0 recorded);
 * - same URL, same text → `lastSeenAt` advanced;
 * - same URL, changed text → a new revision claimed, the document updated in place;
 * - another URL, same text → recorded as an alias of the first document.
 */
export async function storeArticle(db: Db, doc: ArticleDocument, options: StoreOptions): Promise<StoreResult> {
  const articles = articlesCollection(db);
  const sameSite = options.sameSiteAliases ?? [];
  const inserted = await insertOnce(db, COLLECTIONS.articles, doc);
  if (inserted) {
    await Promise.all([insertOnce(db, COLLECTIONS.revisions, revisionRecord(doc, 0)), recordAliases(db, doc._id, sameSite, 'same-page', doc.fetchedAt)]);
    return { kind: 'stored', articleId: doc._id };
  }
  const existing = await articles.findOne({ _id: doc._id }, { projection: { fetchJobId: 1, revisionCount: 1 } });
  if (existing === null) return recordExactCopy(db, doc, sameSite);
  let result: StoreResult;
  if (existing.fetchJobId === doc.fetchJobId) {
    // Our own earlier attempt wrote this content and then failed later on: finish its work.
    await insertOnce(db, COLLECTIONS.revisions, revisionRecord(doc, existing.revisionCount));
    result = existing.revisionCount > 0 ? { kind: 'revised', articleId: doc._id, revisionCount: existing.revisionCount } : { kind: 'stored', articleId: doc._id };
  } else {
    result = await reviseArticle(db, doc, options);
  }
  if (result.kind !== 'duplicate') await recordAliases(db, doc._id, sameSite, 'same-page', doc.fetchedAt);
  return result;
}

function revisionRecord(doc: ArticleDocument, n: number): RevisionRecord {
  return { _id: `${doc._id}:${n}`, articleId: doc._id, n, fingerprint: doc.contentFingerprint, simhash: doc.simhash, seenAt: doc.fetchedAt, fetchJobId: doc.fetchJobId };
}

async function recordExactCopy(db: Db, doc: ArticleDocument, sameSite: { url: string; urlKey: string }[]): Promise<StoreResult> {
  const original = await articlesCollection(db).findOne({ contentFingerprint: doc.contentFingerprint }, { projection: { _id: 1 } });
  if (original === null) {
    // The holder of the fingerprint changed its text between our insert and this read; the job's
    // retry runs storeArticle again from the start.
    throw new Error(`fingerprint ${doc.contentFingerprint} changed owner during store; retrying`);
  }
  await recordAliases(db, original._id, [{ url: doc.canonicalUrl, urlKey: doc._id }, ...sameSite], 'exact-copy', doc.fetchedAt);
  await articlesCollection(db).updateOne({ _id: original._id }, { $max: { lastSeenAt: doc.fetchedAt } });
  return { kind: 'duplicate', articleId: original._id };
}

async function latestRevision(db: Db, articleId: string): Promise<RevisionRecord | null> {
  return revisionsCollection(db).find({ articleId }).sort({ n: -1 }).limit(1).next();
}

async function reviseArticle(db: Db, doc: ArticleDocument, options: StoreOptions): Promise<StoreResult> {
  const articles = articlesCollection(db);
  for (let claim = 0; claim < MAX_REVISION_CLAIMS; claim += 1) {
    const latest = await latestRevision(db, doc._id);
    const current = await articles.findOne({ _id: doc._id }, { projection: { contentFingerprint: 1, revisionCount: 1 } });
    if (current === null) throw new Error(`article ${doc._id} disappeared during store; retrying`);
    const latestN = Math.max(latest?.n ?? 0, current.revisionCount);
    if (latest !== null && latest.n === latestN && latest.fingerprint === doc.contentFingerprint) {
      // This text is already the latest version: ours from an interrupted attempt, or another worker's.
      if (current.revisionCount < latest.n) await applyRevision(db, doc, latest.n);
      await articles.updateOne({ _id: doc._id }, { $max: { lastSeenAt: doc.fetchedAt } });
      return latest.fetchJobId === doc.fetchJobId && latest.n > 0 ? { kind: 'revised', articleId: doc._id, revisionCount: latest.n } : { kind: 'unchanged', articleId: doc._id };
    }
    if (latest === null && current.contentFingerprint === doc.contentFingerprint) {
      await articles.updateOne({ _id: doc._id }, { $max: { lastSeenAt: doc.fetchedAt } });
      return { kind: 'unchanged', articleId: doc._id };
    }
    const n = latestN + 1;
    if (!(await insertOnce(db, COLLECTIONS.revisions, revisionRecord(doc, n)))) continue;
    try {
      await applyRevision(db, doc, n);
    } catch (error) {
      // The new text is exactly another stored document's: this URL now republishes that story.
      if (isDuplicateKey(error)) return recordExactCopy(db, doc, []);
      throw error;
    }
    await revisionsCollection(db).deleteMany({ articleId: doc._id, n: { $lte: n - options.maxRevisions } });
    return { kind: 'revised', articleId: doc._id, revisionCount: n };
  }
  throw new Error(`article ${doc._id}: revision races lost ${MAX_REVISION_CLAIMS} times; retrying`);
}

/**
 * When another worker's update of an older revision can still land after ours. FerretDB applies a
 * filtered update as a read followed by a write (its `update` queries, then writes by `_id`), so
 * an update of revision n-1 whose read came before our write of n passes its `revisionCount < n-1`
 * guard on stale data and overwrites n. On MongoDB the guarded update is atomic and the checks
 * find nothing to do.
 */
const LATE_OVERWRITE_CHECKS_MS = [50, 500];

/**
 * Writes revision n's content unless a later revision is already in place, and puts it back if an
 * older revision's late write replaced it.
 */
async function applyRevision(db: Db, doc: ArticleDocument, n: number): Promise<void> {
  await writeRevision(db, doc, n);
  for (const waitMs of LATE_OVERWRITE_CHECKS_MS) {
    await delay(waitMs);
    const current = await articlesCollection(db).findOne({ _id: doc._id }, { projection: { revisionCount: 1 } });
    if (current !== null && current.revisionCount < n) await writeRevision(db, doc, n);
  }
}

async function writeRevision(db: Db, doc: ArticleDocument, n: number): Promise<void> {
  const content = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, doc[field]]));
  await articlesCollection(db).updateOne(
    { _id: doc._id, revisionCount: { $lt: n } },
    { $set: { ...content, revisionCount: n, fetchJobId: doc.fetchJobId }, $max: { lastSeenAt: doc.fetchedAt } },
  );
}

/** Sets a document's cluster (near-duplicate group); its representative is the earliest member. */
export async function assignCluster(db: Db, articleId: string, clusterId: string): Promise<void> {
  await articlesCollection(db).updateOne({ _id: articleId }, { $set: { clusterId } });
}
