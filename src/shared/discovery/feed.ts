/**
 * Feed parsing (RSS 2.0, RSS 0.9x, RSS 1.0/RDF, Atom 1.0) and feed autodiscovery in HTML.
 */
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { toIsoUtc } from './dates.js';
import { DiscoveryParseError } from './errors.js';
import { asArray, attr, child, decodeXmlBytes, parseXmlDocument, resolveHttpUrl, textOf } from './xml.js';

export interface FeedItem {
  /** Absolute URL of the article. */
  url: string;
  title?: string;
  /** ISO-8601 UTC. */
  publishedAt?: string;
  /** Plain text (HTML in descriptions is reduced to its text). */
  summary?: string;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

export interface ParseFeedOptions {
  /** Zone for offset-less dates. Default UTC. */
  timeZone?: string;
  /** Items kept; the rest are dropped. Default 10,000 (real feeds carry tens). */
  maxItems?: number;
}

/** @throws DiscoveryParseError on malformed XML or a document that is not a feed. */
export function parseFeed(xml: string | Uint8Array, baseUrl: string, options: ParseFeedOptions = {}): ParsedFeed {
  const doc = parseXmlDocument(decodeXmlBytes(xml), 'feed');
  const timeZone = options.timeZone ?? 'UTC';
  const maxItems = options.maxItems ?? 10_000;

  let feed: ParsedFeed;
  if (doc.rss !== undefined) {
    const channel = child(doc.rss, 'channel');
    feed = readChannel(channel, asArray(child(channel, 'item')), baseUrl, timeZone);
  } else if (doc.RDF !== undefined) {
    // RSS 1.0: items are siblings of <channel>, not its children.
    feed = readChannel(child(doc.RDF, 'channel'), asArray(child(doc.RDF, 'item')), baseUrl, timeZone);
  } else if (doc.feed !== undefined) {
    feed = readAtom(doc.feed, baseUrl, timeZone);
  } else {
    const root = Object.keys(doc).find((key) => !key.startsWith('?')) ?? '(none)';
    throw new DiscoveryParseError('parse-error', `feed: unexpected root element <${root}> (expected <rss>, <feed> or <rdf:RDF>)`);
  }
  feed.items = feed.items.slice(0, maxItems);
  return feed;
}

function readChannel(channel: unknown, items: unknown[], baseUrl: string, timeZone: string): ParsedFeed {
  const title = plainText(textOf(child(channel, 'title')));
  const feed: ParsedFeed = title ? { title, items: [] } : { items: [] };
  for (const item of items) {
    const url = resolveHttpUrl(rssItemLink(item), baseUrl);
    if (!url) continue;
    feed.items.push(
      compact({
        url,
        title: plainText(textOf(child(item, 'title'))),
        // pubDate (RSS 2.0), dc:date (RDF and many RSS 2.0 feeds).
        publishedAt: toIsoUtc(textOf(child(item, 'pubDate')) ?? textOf(child(item, 'date')), timeZone),
        summary: plainText(textOf(child(item, 'description')) ?? textOf(child(item, 'encoded'))),
      }),
    );
  }
  return feed;
}

/**
 * The article link of an RSS item: FeedBurner's original link, then <link> (text, not an
 * `atom:link` element), then a permalink <guid>.
 */
function rssItemLink(item: unknown): string | undefined {
  const original = textOf(child(item, 'origLink'));
  if (original) return original;
  for (const link of asArray(child(item, 'link'))) {
    const href = typeof link === 'string' ? textOf(link) : (attr(link, 'href') ?? textOf(link));
    if (href) return href;
  }
  const guid = child(item, 'guid');
  const guidText = textOf(guid);
  if (guidText && attr(guid, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guidText)) return guidText;
  return undefined;
}

function readAtom(root: unknown, baseUrl: string, timeZone: string): ParsedFeed {
  const title = plainText(textOf(child(root, 'title')));
  const feed: ParsedFeed = title ? { title, items: [] } : { items: [] };
  // xml:base on <feed> is the documented base for relative hrefs (prefix removed by the parser).
  const feedBase = resolveHttpUrl(attr(root, 'base'), baseUrl) ?? baseUrl;
  for (const entry of asArray(child(root, 'entry'))) {
    const url = resolveHttpUrl(atomAlternateHref(entry), feedBase);
    if (!url) continue;
    feed.items.push(
      compact({
        url,
        title: plainText(textOf(child(entry, 'title'))),
        publishedAt: toIsoUtc(textOf(child(entry, 'published')) ?? textOf(child(entry, 'updated')), timeZone),
        summary: plainText(textOf(child(entry, 'summary')) ?? textOf(child(entry, 'content'))),
      }),
    );
  }
  return feed;
}

/** rel="alternate" (the default when rel is absent), preferring an HTML type. */
function atomAlternateHref(entry: unknown): string | undefined {
  const alternates = asArray(child(entry, 'link')).filter((link) => (attr(link, 'rel') ?? 'alternate') === 'alternate');
  const html = alternates.find((link) => /html/i.test(attr(link, 'type') ?? 'text/html'));
  return attr(html ?? alternates[0], 'href');
}

/** HTML-bearing text (descriptions, titles with `type="html"`) → collapsed plain text. */
function plainText(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.includes('<') ? cheerio.load(value, null, false).text() : value;
  return text.replace(/\s+/g, ' ').trim() || undefined;
}

function compact(item: { url: string; title?: string | undefined; publishedAt?: string | undefined; summary?: string | undefined }): FeedItem {
  const result: FeedItem = { url: item.url };
  if (item.title) result.title = item.title;
  if (item.publishedAt) result.publishedAt = item.publishedAt;
  if (item.summary) result.summary = item.summary;
  return result;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml']);

/**
 * Feed URLs advertised by a page: `<link rel="alternate" type="application/rss+xml|atom+xml">`,
 * resolved against `<base href>` when present, deduplicated, in document order.
 */
export function discoverFeedLinks(page: string | CheerioAPI, baseUrl: string): string[] {
  const $ = typeof page === 'string' ? cheerio.load(page) : page;
  const documentBase = resolveHttpUrl($('base[href]').first().attr('href'), baseUrl) ?? baseUrl;
  const found = new Set<string>();
  $('link[rel][type][href]').each((_, element) => {
    const link = $(element);
    const rels = (link.attr('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (link.attr('type') ?? '').toLowerCase().split(';')[0]!.trim();
    if (!rels.includes('alternate') || !FEED_TYPES.has(type)) return;
    const url = resolveHttpUrl(link.attr('href'), documentBase);
    if (url) found.add(url);
  });
  return [...found];
}
