import type { CheerioAPI } from 'cheerio';
import { queryAll } from '../element-index.js';

/** The base for relative URLs: `<base href>` when it resolves to http(s), else the page URL. */
export function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  const href = queryAll($, 'base[href]').first().attr('href');
  if (href) {
    const resolved = toHttpUrl(href, pageUrl);
    if (resolved) return resolved;
  }
  return pageUrl;
}

/**
 * Absolute http(s) URL for an href/src, or null for data:, javascript:, mailto:, fragments-only
 * and unparsable values.
 */
export function toHttpUrl(raw: string | undefined, base: string): string | null {
  if (!raw) return null;
  const value = raw.trim();
  if (value === '' || value.startsWith('#')) return null;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null; // an unparsable href is just not a link
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href;
}

/** Key for de-duplication: same document regardless of fragment. */
export function linkKey(url: string): string {
  const hash = url.indexOf('#');
  return hash >= 0 ? url.slice(0, hash) : url;
}
