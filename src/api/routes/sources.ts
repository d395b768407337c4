import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { loadSourceProfiles } from '../../shared/source-registry.js';
import { tallyArticlesBy } from '../../shared/store/source-stats.js';

/** Sites without a profile shown at most (URLs enqueued by hand can come from many sites). */
const MAX_OTHER_SITES = 50;

/**
 * GET /api/sources: the configured source profiles with their article counts and last fetch,
 * plus the sites articles came from without a profile (URLs enqueued by hand).
 */
export function registerSourceRoutes(app: FastifyInstance, db: () => Promise<Db>, sourcesDir: string): void {
  app.get('/api/sources', async () => {
    const database = await db();
    const profiles = await loadSourceProfiles(sourcesDir);
    const [bySource, otherSites] = await Promise.all([
      tallyArticlesBy(database, 'sourceId', { sourceId: { $in: profiles.map((profile) => profile.id) } }, profiles.length),
      tallyArticlesBy(database, 'source', { sourceId: null }, MAX_OTHER_SITES),
    ]);
    const tallies = new Map(bySource.map((tally) => [tally.key, tally]));
    return {
      sources: profiles.map((profile) => ({
        id: profile.id,
        name: profile.name,
        startUrls: profile.startUrls,
        allowedHosts: profile.allowedHosts,
        languages: profile.languages,
        articles: tallies.get(profile.id)?.articles ?? 0,
        lastFetchedAt: tallies.get(profile.id)?.lastFetchedAt ?? null,
      })),
      otherSites: otherSites.map((tally) => ({ source: tally.key, articles: tally.articles, lastFetchedAt: tally.lastFetchedAt })),
    };
  });
}
