/** Canonical and AMP URLs of a page. */
import type { CheerioAPI } from 'cheerio';
import { firstMeta, type MetaTags } from './meta-tags.js';
import { absoluteUrl } from './text.js';
import { queryAll } from '../element-index.js';

export function extractLinks($: CheerioAPI, url: string, meta: MetaTags): { canonicalUrl: string | null; ampUrl: string | null } {
  const canonical = absoluteUrl(queryAll($, 'link[rel~="canonical" i]').first().attr('href'), url) ?? absoluteUrl(firstMeta(meta, ['og:url']), url);
  const amp = absoluteUrl(queryAll($, 'link[rel~="amphtml" i]').first().attr('href'), url);
  return { canonicalUrl: canonical, ampUrl: amp };
}
