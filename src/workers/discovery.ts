import type { Config } from '../shared/config.js';
import { StageError } from '../shared/errors.js';
import { DiscoveryParseError } from '../shared/discovery/errors.js';
import { discoverFeedLinks, parseFeed } from '../shared/discovery/feed.js';
import { pageLinks } from '../shared/discovery/page-links.js';
import { resolveProvenance } from '../shared/discovery/provenance.js';
import { parseSitemap } from '../shared/discovery/sitemap.js';
import type { ExtractedArticle } from '../shared/extract/types.js';
import { isCrawlableUrl, isInScope, linkPriority, LINK_PRIORITY } from '../shared/sources/scope.js';
import type { SourceProfile } from '../shared/sources/schema.js';
import { enqueueUrls, type FetchQueue, type UrlToEnqueue } from '../queues/fetch-queue.js';
import type { ParseJob } from '../queues/parse-queue.js';
import { scheduleEntryPoint } from '../queues/source-schedules.js';

const MINUTE_MS = 60_000;

export interface DiscoveryDeps {
  config: Config;
  fetchQueue: FetchQueue;
  sources: Map<string, SourceProfile>;
}

/**
 * The crawl's growth: what a parsed feed, sitemap or page of a source adds to the frontier.
 * Everything goes through the same canonicalization and frontier dedup as enqueued URLs.
 */
export function createDiscovery(deps: DiscoveryDeps) {
  const { config, fetchQueue, sources } = deps;
  const enqueue = (inputs: UrlToEnqueue[]) =>
    inputs.length === 0 ? Promise.resolve([]) : enqueueUrls(fetchQueue, inputs, { trackingParams: config.trackingParams, recrawlWindowMs: config.recrawlWindowMs });

  return {
    /** A feed or sitemap: enqueue what it lists (in scope of its source, when it has one). */
    async fromListDocument(job: ParseJob, text: Buffer): Promise<number> {
      const profile = job.fetch.sourceId ? sources.get(job.fetch.sourceId) : undefined;
      const inScope = (url: string) => isCrawlableUrl(url) && (!profile || isInScope(profile, url));
      const base = { depth: job.fetch.depth + 1, discoveredFrom: job.finalUrl, ...(profile ? { sourceId: profile.id } : {}) };
      const options = profile ? { timeZone: profile.timeZone } : {};
      try {
        if (job.fetch.kind === 'sitemap') {
          const sitemap = parseSitemap(text, job.finalUrl, options);
          if (sitemap.kind === 'index') {
            const everyMs = (profile?.recrawl.sitemapsMinutes ?? 360) * MINUTE_MS;
            const children = sitemap.sitemaps.map((child) => child.url).filter((url) => !profile || isInScope(profile, url) || profile.allowedHosts.includes(new URL(url).host));
            const decisions = await enqueue(children.map((url) => ({ ...base, url, kind: 'sitemap' as const, origin: 'sitemap' as const, priority: LINK_PRIORITY.article, dedupTtlMs: Math.floor(everyMs / 2) })));
            return decisions.filter((decision) => decision.status === 'accepted').length;
          }
          const entries = sitemap.entries.filter((entry) => inScope(entry.url));
          const decisions = await enqueue(entries.map((entry) => ({ ...base, url: entry.url, origin: 'sitemap' as const, priority: entry.newsPublicationDate ? LINK_PRIORITY.article : linkPriority(entry.url) })));
          return decisions.filter((decision) => decision.status === 'accepted').length;
        }
        const feed = parseFeed(text, job.finalUrl, options);
        const items = feed.items.filter((item) => inScope(item.url));
        const decisions = await enqueue(items.map((item) => ({ ...base, url: item.url, origin: 'feed' as const, priority: LINK_PRIORITY.article })));
        return decisions.filter((decision) => decision.status === 'accepted').length;
      } catch (error) {
        if (error instanceof DiscoveryParseError) throw new StageError(error.code, error.message, true, { cause: error });
        throw error;
      }
    },

    /** A page of a source: follow in-scope links within the depth limit, related links, feeds and credits. */
    async fromPage(job: ParseJob, html: string, article: ExtractedArticle): Promise<number> {
      const inputs: UrlToEnqueue[] = [];
      const profile = job.fetch.sourceId ? sources.get(job.fetch.sourceId) : undefined;
      if (profile) {
        const inScope = (url: string) => isCrawlableUrl(url) && isInScope(profile, url);
        const next = { sourceId: profile.id, depth: job.fetch.depth + 1, discoveredFrom: job.finalUrl, origin: 'link' as const };
        if (job.fetch.depth < profile.maxDepth) {
          for (const url of pageLinks(html, job.finalUrl)) if (inScope(url)) inputs.push({ ...next, url, priority: linkPriority(url) });
        }
        // Related links are followed whatever the depth, when in scope: they are the story's neighbours.
        for (const link of article.relatedLinks) if (inScope(link.url)) inputs.push({ ...next, url: link.url, priority: LINK_PRIORITY.article });
        if (job.fetch.depth === 0 && profile.feeds === 'discover') {
          for (const url of discoverFeedLinks(html, job.finalUrl)) {
            if (!profile.allowedHosts.includes(new URL(url).host)) continue;
            const everyMs = profile.recrawl.feedsMinutes * MINUTE_MS;
            await scheduleEntryPoint(fetchQueue, profile.id, { url, kind: 'feed', everyMs });
            inputs.push({ ...next, url, kind: 'feed', origin: 'feed', priority: 1, dedupTtlMs: Math.floor(everyMs / 2) });
          }
        }
      }
      // A credit pointing at a configured source brings the credited page in, so the two documents link up.
      for (const credit of resolveProvenance(article.credits, [...sources.values()])) {
        const creditedSource = credit.sourceId ? sources.get(credit.sourceId) : undefined;
        if (!creditedSource || !credit.url || !isCrawlableUrl(credit.url) || !isInScope(creditedSource, credit.url)) continue;
        inputs.push({ url: credit.url, sourceId: creditedSource.id, depth: 0, discoveredFrom: job.finalUrl, origin: 'provenance', priority: LINK_PRIORITY.article });
      }
      const decisions = await enqueue(inputs);
      return decisions.filter((decision) => decision.status === 'accepted').length;
    },
  };
}

export type Discovery = ReturnType<typeof createDiscovery>;
