/** Canonical and AMP URLs of a page. */
import type { CheerioAPI } from 'cheerio';
import { firstMeta, type MetaTags } from './meta-tags.js';
import { absoluteUrl } from './text.js';

export function extractLinks($: CheerioAPI, url: string, meta: MetaTags): { canonicalUrl: string | null; ampUrl: string | null } {
  const canonical = absoluteUrl($('link[rel~="canonical" i]').first().attr('href'), url) ?? absoluteUrl(firstMeta(meta, ['og:url']), url);
  const amp = absoluteUrl($('link[rel~="amphtml" i]').first().attr('href'), url);
  return { canonicalUrl: canonical, ampUrl: amp };
}
