import type { Db } from 'mongodb';

/** Collection names are part of newsflow's contract with people who query MongoDB directly. */
export const COLLECTIONS = {
  /** Normalized documents, one per story (canonical URL key as `_id`). */
  articles: 'articles',
  /** Latest raw response per URL key, gzip-compressed, for re-parsing without refetching. */
  pages: 'pages',
  /** One outcome record per URL accepted into the pipeline (keyed by its fetch job id). */
  fetches: 'fetches',
} as const;

/**
 * Only plain and unique indexes: what MongoDB and FerretDB 1.24 both have (no text, TTL or
 * partial indexes). Atomicity of deduplication rests on the two unique ones.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const articles = db.collection(COLLECTIONS.articles);
  await articles.createIndexes([
    { key: { contentFingerprint: 1 }, name: 'contentFingerprint_unique', unique: true },
    { key: { source: 1, publishedAt: -1 }, name: 'source_publishedAt' },
    { key: { language: 1, publishedAt: -1 }, name: 'language_publishedAt' },
    { key: { publishedAt: -1 }, name: 'publishedAt' },
    { key: { clusterId: 1 }, name: 'clusterId' },
    { key: { aliasKeys: 1 }, name: 'aliasKeys' },
    { key: { terms: 1 }, name: 'terms' },
    { key: { creditDomains: 1 }, name: 'creditDomains' },
    { key: { authors: 1 }, name: 'authors' },
    { key: { sourceId: 1 }, name: 'sourceId' },
  ]);
  await db.collection(COLLECTIONS.fetches).createIndexes([
    { key: { outcome: 1, finishedAt: -1 }, name: 'outcome_finishedAt' },
    { key: { urlKey: 1 }, name: 'urlKey' },
    { key: { finishedAt: -1 }, name: 'finishedAt' },
  ]);
  await db.collection(COLLECTIONS.pages).createIndexes([{ key: { sourceId: 1, fetchedAt: -1 }, name: 'sourceId_fetchedAt' }]);
}
