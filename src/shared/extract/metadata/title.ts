/** The article title without the site name, and the site name itself. */
import type { CheerioAPI } from 'cheerio';
import { articleNodes, nodeTypes, stringOf, isObject, type JsonLdNode } from './json-ld.js';
import { firstMeta, type MetaTags } from './meta-tags.js';
import { getDomainWithoutSuffix } from 'tldts';
import { cleanText, comparable, decodeLeftoverEntities, textWithBreaks } from './text.js';
import { isInExcludedZone } from './zones.js';

// Separators between a title and the site name, widest first.
const SEPARATORS = [' | ', ' :: ', ' — ', ' – ', ' - ', ' · ', ' • ', ' » ', ' « ', ' / ', ': '];

function hostWords(url: string): string[] {
  try {
    const host = new URL(url).hostname.replace(/^www\d?\./, '');
    // The registrable name ("antoyo" of blog.antoyo.xyz), not the first label.
    const label = getDomainWithoutSuffix(host) ?? host.split('.')[0] ?? '';
    return [host, label].filter(Boolean);
  } catch {
    return [];
  }
}

const squash = (value: string): string => comparable(value).replace(/[^\p{L}\p{N}]+/gu, '');

/** True when `part` names the site: equals/contains the site name, or spells the host name. */
function isSitePart(part: string, siteName: string | null, url: string): boolean {
  const key = squash(part);
  if (!key) return false;
  if (siteName) {
    const site = squash(siteName);
    if (site && (key === site || (key.length >= 3 && site.includes(key)) || (site.length >= 3 && key.includes(site) && key.length <= site.length * 2))) return true;
  }
  return hostWords(url).some((word) => {
    const w = squash(word);
    return w.length >= 3 && (key === w || key.replace(/(com|net|org|ru|kz|tr)$/, '') === w.replace(/(com|net|org|ru|kz|tr)$/, ''));
  });
}

/** Removes a site-name prefix or suffix ("Title | Site", "Site - Title"); leaves other titles alone. */
export function stripSiteName(title: string, siteName: string | null, url: string): string {
  let current = title;
  for (let round = 0; round < 2; round++) {
    let changed = false;
    for (const sep of SEPARATORS) {
      const parts = current.split(sep);
      if (parts.length < 2) continue;
      const last = parts[parts.length - 1]!;
      const first = parts[0]!;
      const secondLast = parts.length >= 3 ? parts[parts.length - 2]! : null;
      if (sep !== ': ' && secondLast && isSitePart(secondLast, siteName, url) && !isSitePart(parts[0]!, siteName, url)) {
        // "Title – Site – Tagline"
        current = parts.slice(0, -2).join(sep);
        changed = true;
        break;
      }
      if (sep !== ': ' && isSitePart(last, siteName, url)) {
        current = parts.slice(0, -1).join(sep);
        changed = true;
        break;
      }
      if (isSitePart(first, siteName, url)) {
        current = parts.slice(1).join(sep);
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  return cleanText(current) || title;
}

export interface TitleInput {
  $: CheerioAPI;
  url: string;
  meta: MetaTags;
  jsonLd: JsonLdNode[];
  hintSelector?: string | undefined;
}

function similar(a: string, b: string): boolean {
  const x = squash(a);
  const y = squash(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.includes(short) && short.length / long.length >= 0.5;
}

export function extractSiteName(input: TitleInput): string | null {
  const { meta, jsonLd } = input;
  const fromMeta = firstMeta(meta, ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'twitter:site:name']);
  if (fromMeta) return fromMeta;
  for (const node of articleNodes(jsonLd)) {
    const publisher = node['publisher'];
    const name = isObject(publisher) ? stringOf(publisher['name']) : null;
    if (name) return cleanText(name);
  }
  for (const node of jsonLd) {
    if (nodeTypes(node).some((t) => t === 'website' || t === 'newsmediaorganization' || t === 'organization')) {
      const name = stringOf(node['name']);
      if (name) return cleanText(name);
    }
  }
  // "Title | Site": a short last part that spells the host name.
  const docTitle = cleanText(input.$('title').first().text());
  for (const sep of [' | ', ' - ', ' — ', ' – ', ' :: ']) {
    const parts = docTitle.split(sep);
    const last = parts[parts.length - 1];
    if (parts.length >= 2 && last && isSitePart(last, null, input.url)) return last;
  }
  return null;
}

/** Share of the shorter text's words found in the other one. */
function wordOverlap(a: string, b: string): number {
  const words = (s: string): Set<string> => new Set(comparable(s).match(/[\p{L}\p{N}]+/gu) ?? []);
  const x = words(a);
  const y = words(b);
  const [small, large] = x.size < y.size ? [x, y] : [y, x];
  if (!small.size) return 0;
  let hits = 0;
  for (const w of small) if (large.has(w)) hits++;
  return hits / small.size;
}

/** A heading that is the site logo: links to the home page or names the site. */
function isLogoHeading($: CheerioAPI, el: Parameters<CheerioAPI>[0], text: string, siteName: string | null, url: string): boolean {
  if (isSitePart(text, siteName, url)) return true;
  const link = $(el as never).find('a[href]').first();
  const href = link.attr('href');
  if (!href || cleanText(link.text()) !== text) return false;
  try {
    return new URL(href, url).pathname.replace(/\/$/, '') === '';
  } catch {
    return false;
  }
}

export function extractTitle(input: TitleInput, siteName: string | null): string | null {
  const title = chooseTitle(input, siteName);
  return title || null;
}

function chooseTitle(input: TitleInput, siteName: string | null): string | null {
  const { $, meta, jsonLd, url } = input;
  if (input.hintSelector) {
    try {
      const hinted = $(input.hintSelector).first();
      const text = hinted.length ? textWithBreaks(hinted.get(0)!) : '';
      if (text) return text;
    } catch {
      // an invalid selector in a profile must not break extraction
    }
  }
  const metaTitles = [
    firstMeta(meta, ['og:title']),
    firstMeta(meta, ['twitter:title']),
    ...articleNodes(jsonLd).map((n) => stringOf(n['headline']) ?? stringOf(n['name'])),
    cleanText($('title').first().text()),
    firstMeta(meta, ['title', 'dc.title', 'sailthru.title', 'parsely-title']),
  ]
    .filter((t): t is string => !!t)
    .map((t) => cleanText(decodeLeftoverEntities(t)));
  const strippedMeta = metaTitles.map((t) => stripSiteName(t, siteName, url));

  // The page's own headline is what readers see as the title; metadata titles often carry SEO variants.
  const headings = $('h1')
    .toArray()
    .filter((el) => !isInExcludedZone(el))
    .map((el) => ({ el, text: cleanText(decodeLeftoverEntities(textWithBreaks(el))) }))
    .filter((h) => h.text.length >= 3 && h.text.length <= 300 && !isLogoHeading($, h.el, h.text, siteName, url));

  for (const heading of headings) {
    const match = strippedMeta.find((t) => similar(heading.text, t));
    if (!match) continue;
    const h = squash(heading.text);
    const m = squash(match);
    // A heading with a dateline or site name glued on, or only half of a two-line headline: the metadata is cleaner.
    if (h.length > m.length && h.includes(m) && m.length / h.length < 0.85) return match;
    if (m.length > h.length && m.includes(h) && !m.startsWith(h) && h.length / m.length < 0.7) return match;
    return heading.text;
  }
  const firstMeta_ = strippedMeta[0];
  const inArticle = headings.find((h) => $(h.el).closest('article, main, [role="main"], [itemtype*="Article" i]').length > 0);
  // A paragraph-long "heading" that disagrees with the metadata is a styled intro, not the title.
  const candidate = inArticle ?? (headings.length === 1 ? headings[0] : undefined);
  const heading = candidate && (candidate.text.length <= 150 || !firstMeta_) ? candidate : undefined;
  // A rewritten headline still shares words with the SEO title; "Related articles" and banners do not.
  if (heading && (!firstMeta_ || wordOverlap(heading.text, firstMeta_) >= 0.3)) return heading.text;
  if (firstMeta_) return firstMeta_;
  return headings[0]?.text ?? null;
}
