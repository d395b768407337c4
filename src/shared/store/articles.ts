import { MongoServerError, type Collection, type Db } from 'mongodb';
import { decideRevision } from '../dedup/decide.js';
import { CONTENT_FIELDS, type ArticleDocument } from '../document.js';
import { COLLECTIONS } from './collections.js';

export type StoreResult =
  | { kind: 'stored'; articleId: string }
  | { kind: 'revised'; articleId: string; revisionCount: number }
  | { kind: 'unchanged'; articleId: string }
  | { kind: 'duplicate'; articleId: string };

export interface StoreOptions {
  /** How many previous fingerprints a document keeps. */
  maxRevisions: number;
}

const DUPLICATE_KEY = 11000;
/** Bounded retries of a compare-and-set update that lost a race. */
const MAX_CAS_ATTEMPTS = 8;

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

export function articlesCollection(db: Db): Collection<ArticleDocument> {
  return db.collection<ArticleDocument>(COLLECTIONS.articles);
}

/**
 * Stores one article idempotently, safe under any number of concurrent store workers without
 * transactions: the insert is guarded by two unique keys (`_id` = canonical URL key and
 * `contentFingerprint`), and every later change is a single-document conditional update.
 * - new URL, new text → inserted;
 * - same URL, same text → `lastSeenAt` touched;
 * - same URL, changed text → revised in place (compare-and-set on `version`, bounded history);
 * - other URL, same text → recorded as an alias of the first document.
 */
export async function storeArticle(db: Db, doc: ArticleDocument, options: StoreOptions): Promise<StoreResult> {
  const articles = articlesCollection(db);
  try {
    await articles.insertOne(doc);
    return { kind: 'stored', articleId: doc._id };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await articles.findOne({ _id: doc._id }, { projection: { fetchJobId: 1, revisionCount: 1 } });
  if (existing !== null && existing.fetchJobId === doc.fetchJobId) {
    // Our own earlier attempt wrote this content and then failed later on: finish its work.
    return existing.revisionCount > 0 ? { kind: 'revised', articleId: doc._id, revisionCount: existing.revisionCount } : { kind: 'stored', articleId: doc._id };
  }
  if (existing !== null) return reviseArticle(articles, doc, options);
  return recordExactCopy(articles, doc);
}

async function recordExactCopy(articles: Collection<ArticleDocument>, doc: ArticleDocument): Promise<StoreResult> {
  const original = await articles.findOne({ contentFingerprint: doc.contentFingerprint }, { projection: { _id: 1 } });
  if (original === null) {
    // The holder of the fingerprint changed its text between our insert and this read: try again
    // as a new document (the caller's job is retried, which re-runs storeArticle from the start).
    throw new Error(`fingerprint ${doc.contentFingerprint} changed owner during store; retrying`);
  }
  const newKeys = [doc._id, ...doc.aliasKeys].filter((key) => key !== original._id);
  for (const key of newKeys) {
    const alias = key === doc._id
      ? { url: doc.canonicalUrl, urlKey: doc._id, reason: 'exact-copy' as const, seenAt: doc.fetchedAt }
      : { ...doc.aliases.find((ref) => ref.urlKey === key)!, reason: 'exact-copy' as const };
    // The `$ne` guard makes the push idempotent when two workers record the same copy at once.
    await articles.updateOne(
      { _id: original._id, aliasKeys: { $ne: key } },
      { $push: { aliases: alias }, $addToSet: { aliasKeys: key } },
    );
  }
  await articles.updateOne({ _id: original._id }, { $max: { lastSeenAt: doc.fetchedAt } });
  return { kind: 'duplicate', articleId: original._id };
}

async function reviseArticle(
  articles: Collection<ArticleDocument>,
  doc: ArticleDocument,
  options: StoreOptions,
): Promise<StoreResult> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt += 1) {
    const current = await articles.findOne(
      { _id: doc._id },
      { projection: { contentFingerprint: 1, simhash: 1, revisions: 1, revisionCount: 1, version: 1, aliasKeys: 1 } },
    );
    if (current === null) throw new Error(`article ${doc._id} disappeared during store; retrying`);
    const newAliases = doc.aliases.filter((alias) => !current.aliasKeys.includes(alias.urlKey));
    const revision = decideRevision(
      { history: current.revisions.length > 0 ? current.revisions : [{ fingerprint: current.contentFingerprint, simhash: current.simhash, seenAt: doc.fetchedAt }] },
      { fingerprint: doc.contentFingerprint, simhash: doc.simhash, seenAt: doc.fetchedAt },
      { maxHistory: options.maxRevisions },
    );
    if (revision.kind !== 'revised') {
      await articles.updateOne(
        { _id: doc._id },
        {
          $max: { lastSeenAt: doc.fetchedAt },
          ...(newAliases.length > 0 ? { $push: { aliases: { $each: newAliases } }, $addToSet: { aliasKeys: { $each: newAliases.map((a) => a.urlKey) } } } : {}),
        },
      );
      return { kind: 'unchanged', articleId: doc._id };
    }
    const content = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, doc[field]]));
    const revisionCount = current.revisionCount + 1;
    try {
      const result = await articles.updateOne(
        { _id: doc._id, version: current.version },
        {
          $set: {
            ...content,
            revisionCount,
            revisions: revision.history,
            fetchJobId: doc.fetchJobId,
            lastSeenAt: doc.fetchedAt,
            version: current.version + 1,
          },
        },
      );
      if (result.matchedCount === 1) return { kind: 'revised', articleId: doc._id, revisionCount };
    } catch (error) {
      // The new text is exactly another stored document's: this URL now republishes that story.
      if (isDuplicateKey(error)) return recordExactCopy(articles, doc);
      throw error;
    }
  }
  throw new Error(`article ${doc._id}: too many concurrent revisions; retrying`);
}

/** Sets a document's cluster (near-duplicate group); its representative is the earliest member. */
export async function assignCluster(db: Db, articleId: string, clusterId: string): Promise<void> {
  await articlesCollection(db).updateOne({ _id: articleId }, { $set: { clusterId } });
}
