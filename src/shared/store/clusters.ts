import type { Db } from 'mongodb';
import type { ArticleDocument } from '../document.js';
import { decideDuplicate } from '../dedup/decide.js';
import { findNearDuplicateCandidates, indexNearDuplicate, isFerretDb, type BandKeyFilter } from '../dedup/near-duplicate-index.js';
import { articlesCollection, assignCluster } from './articles.js';

/**
 * Near-duplicate clustering of a newly stored (or revised) article: a handful of indexed band
 * lookups find candidates, the pure decision picks the cluster, and the earliest member stays the
 * cluster's representative (its id is the `clusterId`).
 */
export async function clusterNewArticle(
  db: Db,
  doc: ArticleDocument,
  options: { maxHamming: number; minJaccard: number; filter?: BandKeyFilter | undefined },
): Promise<string> {
  const indexOptions = options.filter ? { filter: options.filter } : {};
  const candidateIds = (await findNearDuplicateCandidates(db, doc.minhash, indexOptions)).filter((id) => id !== doc._id);
  let clusterId = doc._id;
  if (candidateIds.length > 0) {
    const candidates = await candidatesById(db, candidateIds.slice(0, MAX_CANDIDATES));
    const decision = decideDuplicate(
      { fingerprint: doc.contentFingerprint, simhash: doc.simhash, minhash: doc.minhash },
      candidates.map((candidate) => ({
        id: candidate._id,
        fingerprint: candidate.contentFingerprint,
        simhash: candidate.simhash,
        minhash: candidate.minhash,
        firstSeenAt: candidate.firstSeenAt,
        ...(candidate.publishedAt ? { publishedAt: candidate.publishedAt } : {}),
        clusterId: candidate.clusterId,
      })),
      { maxHamming: options.maxHamming, minJaccard: options.minJaccard },
    );
    if (decision.kind === 'near') clusterId = decision.clusterId;
  }
  // Independent writes (a retried job redoes both): one round trip of waiting instead of two.
  await Promise.all([clusterId !== doc.clusterId ? assignCluster(db, doc._id, clusterId) : undefined, indexNearDuplicate(db, doc._id, doc.minhash, indexOptions)]);
  return clusterId;
}

/**
 * Candidates come most-shared-bands first; beyond this many, the rest share so few bands with the
 * new article that they cannot pass the similarity threshold, and fetching them only costs.
 */
const MAX_CANDIDATES = 50;

const CANDIDATE_FIELDS = { contentFingerprint: 1, simhash: 1, minhash: 1, firstSeenAt: 1, publishedAt: 1, clusterId: 1 } as const;

/** One `$in` on MongoDB; on FerretDB, which does not push `$in` down (a full scan), one `_id` lookup each. */
async function candidatesById(db: Db, ids: string[]) {
  const articles = articlesCollection(db);
  if (!(await isFerretDb(db.client))) return articles.find({ _id: { $in: ids } }, { projection: CANDIDATE_FIELDS }).toArray();
  const found = await Promise.all(ids.map((id) => articles.findOne({ _id: id }, { projection: CANDIDATE_FIELDS })));
  return found.filter((candidate) => candidate !== null);
}
