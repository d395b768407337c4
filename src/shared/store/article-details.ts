import type { Db } from 'mongodb';
import type { AliasRecord, ArticleDocument, ProvenanceRef, RevisionRecord } from '../document.js';
import { tryCanonicalizeUrl, urlKey } from '../url/canonicalize.js';
import { aliasesCollection, articlesCollection, revisionsCollection } from './articles.js';

export interface ClusterMember {
  id: string;
  title: string | null;
  url: string;
  source: string;
  publishedAt: Date | null;
  firstSeenAt: Date;
}

export interface ArticleDetails {
  article: Omit<ArticleDocument, 'terms'>;
  aliases: AliasRecord[];
  revisions: RevisionRecord[];
  /** The other articles of its near-duplicate cluster (copies of the story elsewhere), earliest first. */
  clusterMembers: ClusterMember[];
  /** Its credits, each with the id of the stored article the credited URL became, when there is one. */
  provenance: (ProvenanceRef & { articleId: string | null })[];
}

/** Everything "show me this article and where else it appeared" needs, in a handful of indexed reads. */
export async function loadArticleDetails(db: Db, id: string): Promise<ArticleDetails | null> {
  const article = await articlesCollection(db).findOne({ _id: id }, { projection: { terms: 0 } });
  if (article === null) return null;
  const [aliases, revisions, members] = await Promise.all([
    aliasesCollection(db).find({ articleId: id }).sort({ seenAt: 1 }).toArray(),
    revisionsCollection(db).find({ articleId: id }).sort({ n: 1 }).toArray(),
    articlesCollection(db)
      .find({ clusterId: article.clusterId, _id: { $ne: id } }, { projection: { title: 1, url: 1, source: 1, publishedAt: 1, firstSeenAt: 1 } })
      .sort({ firstSeenAt: 1 })
      .limit(200)
      .toArray(),
  ]);
  const provenance = await Promise.all(
    article.provenance.map(async (credit) => ({ ...credit, articleId: credit.url ? await articleIdForUrl(db, credit.url) : null })),
  );
  return {
    article,
    aliases,
    revisions,
    clusterMembers: members.map((member) => ({ id: member._id, title: member.title, url: member.url, source: member.source, publishedAt: member.publishedAt, firstSeenAt: member.firstSeenAt })),
    provenance,
  };
}

/** The stored article a URL ended up in: its own document, or the one it is an alias of. */
export async function articleIdForUrl(db: Db, url: string): Promise<string | null> {
  const canonical = tryCanonicalizeUrl(url);
  if (!canonical.ok) return null;
  const key = urlKey(canonical.url);
  const own = await articlesCollection(db).findOne({ _id: key }, { projection: { _id: 1 } });
  if (own !== null) return own._id;
  const alias = await aliasesCollection(db).findOne({ _id: key });
  return alias?.articleId ?? null;
}
