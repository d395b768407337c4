/**
 * Sitemap parsing (sitemaps.org protocol + Google News extension). Pure: bytes in, URLs out; the
 * caller fetches, follows index children and enqueues.
 */
import { toIsoUtc } from './dates.js';
import { DiscoveryParseError } from './errors.js';
import { parseFeed } from './feed.js';
import {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  asArray,
  child,
  decodeXmlBytes,
  parseXmlDocument,
  resolveHttpUrl,
  textOf,
} from './xml.js';

/** The protocol's ceiling on URLs per sitemap file (and sitemaps per index). */
export const SITEMAP_PROTOCOL_MAX_URLS = 50_000;

export interface SitemapUrlEntry {
  url: string;
  /** ISO-8601 UTC. */
  lastmod?: string;
  /** From `<news:news>`: the article title and publication instant (ISO-8601 UTC). */
  newsTitle?: string;
  newsPublicationDate?: string;
  /** `<news:language>`, lower-cased (ISO 639 as the publisher wrote it). */
  language?: string;
}

export interface SitemapChildRef {
  url: string;
  lastmod?: string;
}

export type ParsedSitemap =
  | { kind: 'urlset'; entries: SitemapUrlEntry[]; truncated: boolean }
  | { kind: 'index'; sitemaps: SitemapChildRef[]; truncated: boolean };

export interface ParseSitemapOptions {
  /** Entries kept per file; further ones are dropped and `truncated` is set. Default 50,000. */
  maxUrls?: number;
  /** Ceiling for gunzipped bodies. Default 50 MB. */
  maxDecompressedBytes?: number;
  /** Zone for offset-less `lastmod`/publication dates. Default UTC. */
  timeZone?: string;
}

/**
 * Parses a sitemap, sitemap index, gzip-compressed sitemap, plain-text sitemap (one URL a line)
 * or an RSS/Atom feed used as a sitemap — all forms search engines accept.
 * @throws DiscoveryParseError on malformed or unrecognised input.
 */
export function parseSitemap(xml: string | Uint8Array, baseUrl: string, options: ParseSitemapOptions = {}): ParsedSitemap {
  const maxUrls = Math.min(options.maxUrls ?? SITEMAP_PROTOCOL_MAX_URLS, SITEMAP_PROTOCOL_MAX_URLS);
  const timeZone = options.timeZone ?? 'UTC';
  const text = decodeXmlBytes(xml, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES);

  if (text.trim() === '') throw new DiscoveryParseError('parse-error', 'sitemap: empty body');
  if (!/^\s*</.test(text)) return parsePlainTextSitemap(text, baseUrl, maxUrls);

  const doc = parseXmlDocument(text, 'sitemap');
  if (doc.urlset !== undefined) return readUrlset(doc.urlset, baseUrl, maxUrls, timeZone);
  if (doc.sitemapindex !== undefined) return readIndex(doc.sitemapindex, baseUrl, maxUrls, timeZone);
  if (doc.rss !== undefined || doc.feed !== undefined || doc.RDF !== undefined) {
    const feed = parseFeed(text, baseUrl, { timeZone });
    const entries = feed.items.map(({ url, publishedAt }) => (publishedAt ? { url, lastmod: publishedAt } : { url }));
    return { kind: 'urlset', entries: entries.slice(0, maxUrls), truncated: entries.length > maxUrls };
  }
  const root = Object.keys(doc).find((key) => !key.startsWith('?')) ?? '(none)';
  throw new DiscoveryParseError('parse-error', `sitemap: unexpected root element <${root}> (expected <urlset> or <sitemapindex>)`);
}

function readUrlset(urlset: unknown, baseUrl: string, maxUrls: number, timeZone: string): ParsedSitemap {
  const nodes = asArray(child(urlset, 'url'));
  const entries: SitemapUrlEntry[] = [];
  for (const node of nodes) {
    if (entries.length === maxUrls) return { kind: 'urlset', entries, truncated: true };
    const url = resolveHttpUrl(textOf(child(node, 'loc')), baseUrl);
    if (!url) continue;
    const entry: SitemapUrlEntry = { url };
    const lastmod = toIsoUtc(textOf(child(node, 'lastmod')), timeZone);
    if (lastmod) entry.lastmod = lastmod;
    Object.assign(entry, readNews(child(node, 'news'), timeZone));
    entries.push(entry);
  }
  return { kind: 'urlset', entries, truncated: false };
}

/** Google News extension: `<news:news>` with publication date, title and (nested) language. */
function readNews(news: unknown, timeZone: string): Partial<SitemapUrlEntry> {
  if (news === undefined) return {};
  const found: Partial<SitemapUrlEntry> = {};
  const title = textOf(child(news, 'title'));
  if (title) found.newsTitle = title;
  const published = toIsoUtc(textOf(child(news, 'publication_date')), timeZone);
  if (published) found.newsPublicationDate = published;
  // The spec nests language in <news:publication>; some publishers put it directly in <news:news>.
  const language = textOf(child(child(news, 'publication'), 'language')) ?? textOf(child(news, 'language'));
  if (language) found.language = language.toLowerCase();
  return found;
}

function readIndex(index: unknown, baseUrl: string, maxUrls: number, timeZone: string): ParsedSitemap {
  const sitemaps: SitemapChildRef[] = [];
  for (const node of asArray(child(index, 'sitemap'))) {
    if (sitemaps.length === maxUrls) return { kind: 'index', sitemaps, truncated: true };
    const url = resolveHttpUrl(textOf(child(node, 'loc')), baseUrl);
    if (!url) continue;
    const lastmod = toIsoUtc(textOf(child(node, 'lastmod')), timeZone);
    sitemaps.push(lastmod ? { url, lastmod } : { url });
  }
  return { kind: 'index', sitemaps, truncated: false };
}

function parsePlainTextSitemap(text: string, baseUrl: string, maxUrls: number): ParsedSitemap {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const entries: SitemapUrlEntry[] = [];
  for (const line of lines) {
    // Only absolute URLs: a text body of anything else (an HTML error page without "<" first,
    // a JSON error) is not a sitemap.
    if (!/^https?:\/\//i.test(line)) {
      throw new DiscoveryParseError('parse-error', `sitemap: neither XML nor a list of URLs (line "${line.slice(0, 60)}")`);
    }
    const url = resolveHttpUrl(line, baseUrl);
    if (!url) continue;
    if (entries.length === maxUrls) return { kind: 'urlset', entries, truncated: true };
    entries.push({ url });
  }
  return { kind: 'urlset', entries, truncated: false };
}
