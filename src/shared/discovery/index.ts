export { DiscoveryParseError, type DiscoveryErrorCode } from './errors.js';
export { parseSitemap, SITEMAP_PROTOCOL_MAX_URLS } from './sitemap.js';
export type { ParsedSitemap, ParseSitemapOptions, SitemapUrlEntry, SitemapChildRef } from './sitemap.js';
export { parseFeed, discoverFeedLinks } from './feed.js';
export type { ParsedFeed, FeedItem, ParseFeedOptions } from './feed.js';
export { sitemapUrlsFromRobots, discoverSitemapUrls } from './robots.js';
export { resolveProvenance, type ResolvedCredit } from './provenance.js';
export { nextRefetchDelayMs, DEFAULT_REFETCH_HOURS, type RefetchInput } from './recrawl.js';
export { toIsoUtc } from './dates.js';
