import type { Db } from 'mongodb';
import { articlesCollection } from './articles.js';

export interface SourceTally {
  key: string;
  articles: number;
  lastFetchedAt: Date | null;
}

/**
 * Articles per value of `field`, with the latest `fetchedAt` of each. FerretDB 1.24's `$group`
 * has `$sum` but not `$max`/`$first`, so the latest fetch is one sorted, limited find per group.
 */
export async function tallyArticlesBy(db: Db, field: 'sourceId' | 'source', match: Record<string, unknown>, maxGroups: number): Promise<SourceTally[]> {
  const articles = articlesCollection(db);
  const groups = await articles
    .aggregate<{ _id: string; articles: number }>([{ $match: match }, { $group: { _id: `$${field}`, articles: { $sum: 1 } } }])
    .toArray();
  const largest = groups.sort((a, b) => b.articles - a.articles || a._id.localeCompare(b._id)).slice(0, maxGroups);
  return Promise.all(
    largest.map(async (group) => {
      const latest = await articles.find({ [field]: group._id }, { projection: { fetchedAt: 1 } }).sort({ fetchedAt: -1 }).limit(1).next();
      return { key: group._id, articles: group.articles, lastFetchedAt: latest?.fetchedAt ?? null };
    }),
  );
}
