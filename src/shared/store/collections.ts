import type { Collection, Db, IndexDescription } from 'mongodb';
import { isFerretDb } from '../dedup/near-duplicate-index.js';

/**
 * One index per createIndexes command: FerretDB 1.24 drops the connection (a server-side panic)
 * when a multi-index createIndexes names an index that already exists, which is every start-up
 * after the first. Single-index calls are idempotent on both servers.
 */
export async function createIndexesOneByOne(collection: Collection<any>, indexes: IndexDescription[]): Promise<void> {
  for (const index of indexes) await collection.createIndexes([index]);
}

/** Collection names are part of newsflow's contract with people who query MongoDB directly. */
export const COLLECTIONS = {
  /** Normalized documents, one per story (canonical URL key as `_id`). */
  articles: 'articles',
  /** Raw responses (one per fetch, gzip-compressed), for re-parsing without refetching. */
  pages: 'pages',
  /** One outcome record per URL accepted into the pipeline (keyed by its fetch job id). */
  fetches: 'fetches',
  /** Other URLs of a stored story (same page elsewhere, exact copies), `_id` = that URL's key. */
  aliases: 'aliases',
  /** Versions of each article's text, `_id` = `<articleId>:<n>`. */
  revisions: 'revisions',
} as const;

/**
 * Only plain and unique indexes: what MongoDB and FerretDB 1.24 both have (no text, TTL or
 * partial indexes). Atomicity of deduplication rests on the two unique ones.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const articles = db.collection(COLLECTIONS.articles);
  await createIndexesOneByOne(articles, [
    { key: { contentFingerprint: 1 }, name: 'contentFingerprint_unique', unique: true },
    { key: { source: 1, publishedAt: -1 }, name: 'source_publishedAt' },
    { key: { language: 1, publishedAt: -1 }, name: 'language_publishedAt' },
    { key: { publishedAt: -1 }, name: 'publishedAt' },
    { key: { clusterId: 1 }, name: 'clusterId' },
    { key: { creditDomains: 1 }, name: 'creditDomains' },
    { key: { authors: 1 }, name: 'authors' },
    { key: { sourceId: 1 }, name: 'sourceId' },
  ]);
  // FerretDB 1.24 indexes a whole array as one btree entry (PostgreSQL's 8 KB row limit fails a long
  // article's term list), while MongoDB indexes each element: only MongoDB gets the term index.
  if (!(await isFerretDb(db.client))) await createIndexesOneByOne(articles, [{ key: { terms: 1 }, name: 'terms' }]);
  await createIndexesOneByOne(db.collection(COLLECTIONS.fetches), [
    { key: { outcome: 1, finishedAt: -1 }, name: 'outcome_finishedAt' },
    { key: { urlKey: 1 }, name: 'urlKey' },
    { key: { finishedAt: -1 }, name: 'finishedAt' },
  ]);
  await createIndexesOneByOne(db.collection(COLLECTIONS.aliases), [{ key: { articleId: 1 }, name: 'articleId' }]);
  await createIndexesOneByOne(db.collection(COLLECTIONS.revisions), [{ key: { articleId: 1, n: -1 }, name: 'articleId_n' }]);
  await createIndexesOneByOne(db.collection(COLLECTIONS.pages), [
    { key: { urlKey: 1, fetchedAt: -1 }, name: 'urlKey_fetchedAt' },
    { key: { sourceId: 1, fetchedAt: -1 }, name: 'sourceId_fetchedAt' },
  ]);
}
