/** The article title without the site name, and the site name itself. */
import type { CheerioAPI } from 'cheerio';
import { articleNodes, nodeTypes, stringOf, isObject, type JsonLdNode } from './json-ld.js';
import { firstMeta, type MetaTags } from './meta-tags.js';
import { getDomainWithoutSuffix } from 'tldts';
import { cleanText, comparable, decodeLeftoverEntities, textWithBreaks } from './text.js';
import { isInExcludedZone } from './zones.js';
import { queryAll } from '../element-index.js';

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

/** True when `part` names the site: equals/contains a site name, or spells the host name. */
function isSitePart(part: string, siteNames: readonly string[], url: string): boolean {
  const key = squash(part);
  if (!key) return false;
  for (const siteName of siteNames) {
    const site = squash(siteName);
    if (site && (key === site || (key.length >= 3 && site.includes(key)) || (site.length >= 3 && key.includes(site) && key.length <= site.length * 2))) return true;
  }
  const wordCount = part.split(/\s+/).length;
  return hostWords(url).some((word) => {
    const w = squash(word);
    if (w.length < 3) return false;
    if (key === w || key.replace(/(com|net|org|ru|kz|tr)$/, '') === w.replace(/(com|net|org|ru|kz|tr)$/, '')) return true;
    // The brand with a generic word after it: "Doom9's Forum" on forum.doom9.org, "OSSO B.V" on osso.nl.
    return w.length >= 4 && wordCount <= 4 && key.startsWith(w) && key.length <= w.length + 8;
  });
}

/** Removes a site-name prefix or suffix ("Title | Site", "Site - Title"); leaves other titles alone. */
export function stripSiteName(title: string, siteName: string | null | readonly string[], url: string): string {
  const names = typeof siteName === 'string' ? [siteName] : siteName ?? [];
  const isSite = (part: string): boolean => isSitePart(part, names, url);
  let current = title;
  for (let round = 0; round < 2; round++) {
    let changed = false;
    for (const sep of SEPARATORS) {
      const parts = current.split(sep);
      if (parts.length < 2) continue;
      const last = parts[parts.length - 1]!;
      const first = parts[0]!;
      const secondLast = parts.length >= 3 ? parts[parts.length - 2]! : null;
      if (sep !== ': ' && secondLast && isSite(secondLast) && !isSite(parts[0]!)) {
        // "Title – Site – Tagline"
        current = parts.slice(0, -2).join(sep);
        changed = true;
        break;
      }
      if (sep !== ': ' && isSite(last)) {
        current = parts.slice(0, -1).join(sep);
        changed = true;
        break;
      }
      if (isSite(first)) {
        current = parts.slice(1).join(sep);
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  return cleanText(withoutBareHost(current, url)) || title;
}

/**
 * "example.com Title" / "Title example.com": the domain itself glued on with a plain space. Only
 * a word spelling the page's own host name, so "Node.js Guide" or "Web3.0 News" stay whole.
 */
function withoutBareHost(title: string, url: string): string {
  const host = hostWords(url)[0];
  if (!host) return title;
  const words = title.split(' ');
  if (words.length < 2) return title;
  const isHost = (word: string): boolean => squash(word) === squash(host);
  if (isHost(words[0]!)) return words.slice(1).join(' ');
  if (isHost(words[words.length - 1]!)) return words.slice(0, -1).join(' ');
  return title;
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
  const docTitle = cleanText(queryAll(input.$, 'title').first().text());
  // CMS templates sometimes fill og:site_name with the page title; such a "site name" would strip the headline itself.
  const pageTitles = [firstMeta(meta, ['og:title']), docTitle].filter((t): t is string => !!t).map(squash);
  const plausible = (name: string | null): name is string => {
    const key = name ? squash(name) : '';
    return key.length > 0 && !pageTitles.some((t) => t === key || (key.length > 20 && key.includes(t)));
  };
  for (const key of ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'twitter:site:name']) {
    const value = firstMeta(meta, [key]);
    if (plausible(value)) return value;
  }
  for (const node of articleNodes(jsonLd)) {
    const publisher = node['publisher'];
    const name = isObject(publisher) ? stringOf(publisher['name']) : null;
    if (plausible(name)) return cleanText(name);
  }
  for (const node of jsonLd) {
    if (nodeTypes(node).some((t) => t === 'website' || t === 'newsmediaorganization' || t === 'organization')) {
      const name = stringOf(node['name']);
      if (plausible(name)) return cleanText(name);
    }
  }
  // "Title | Site": a short last part that spells the host name.
  for (const sep of [' | ', ' - ', ' — ', ' – ', ' :: ']) {
    const parts = docTitle.split(sep);
    const last = parts[parts.length - 1];
    if (parts.length >= 2 && last && isSitePart(last, [], input.url)) return last;
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
function isLogoHeading($: CheerioAPI, el: Parameters<CheerioAPI>[0], text: string, siteNames: readonly string[], url: string): boolean {
  if (isSitePart(text, siteNames, url)) return true;
  const link = $(el as never).find('a[href]').first();
  const href = link.attr('href');
  if (!href || cleanText(link.text()) !== text) return false;
  try {
    return new URL(href, url).pathname.replace(/\/$/, '') === '';
  } catch {
    return false;
  }
}

/**
 * "Headline | Section | Brand" next to a bare "Headline" (JSON-LD headline, twitter:title): the tail
 * after the separator is the site's furniture, whatever it says.
 */
function dropKnownTails(titles: string[]): string[] {
  return titles.map((title) => {
    for (const other of titles) {
      if (other.length < 3 || other.length >= title.length || !title.startsWith(other)) continue;
      const rest = title.slice(other.length);
      if (SEPARATORS.some((sep) => rest.startsWith(sep))) return other;
    }
    return title;
  });
}

export function extractTitle(input: TitleInput, siteName: string | null): string | null {
  const title = chooseTitle(input, siteName);
  return title || null;
}

/**
 * What a heading adds to the metadata title is a dateline, counter or brand ("Dec 18 2025 Title",
 * "Title (example.com) 139", "BRAND Title") rather than more headline words ("Title to Prevent Issues").
 */
function isGluedOn(heading: string, metaTitle: string, siteNames: readonly string[], url: string): boolean {
  // A metadata title cut short with an ellipsis is the truncated one.
  if (/(\.\.\.|…)$/.test(metaTitle.trim())) return false;
  const h = comparable(heading);
  const at = h.indexOf(comparable(metaTitle));
  if (at < 0) return true;
  const extra = `${h.slice(0, at)} ${h.slice(at + comparable(metaTitle).length)}`;
  if (/\d/.test(extra)) return true;
  const words = extra.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.some((w) => w.length >= 3 && isSitePart(w, siteNames, url)) || (words.length > 0 && isSitePart(words.join(' '), siteNames, url));
}

/** Feed links name the site too ("Rust Blog", "Example News » Feed") when no og:site_name does. */
function feedSiteNames($: CheerioAPI): string[] {
  return queryAll($, 'link[rel~="alternate" i][type*="rss" i][title], link[rel~="alternate" i][type*="atom" i][title]')
    .toArray()
    .map((el) => cleanText(el.attribs['title']).split(/\s+[»|:–—-]\s+|:\s/)[0] ?? '')
    .map((name) => name.replace(/\s*\b(rss|atom|feeds?|lenta|лента)\b.*$/i, '').trim())
    .filter((name) => name.length >= 3 && name.length <= 40)
    .slice(0, 3);
}

/**
 * A heading whose non-ASCII characters were lost on the way ("Beginner? Guide") next to a metadata
 * title that still has them ("Beginner's Guide"): the same title, better spelt in the metadata.
 */
function isMisencodedCopy(heading: string, metaTitle: string): boolean {
  const lost = (s: string): number => s.match(/[?\uFFFD]/gu)?.length ?? 0;
  if (lost(heading) <= lost(metaTitle) || heading.length > 300) return false;
  const pattern = heading
    .split(/[?\uFFFD]/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.{1,3}');
  return new RegExp(`^${pattern}$`, 'iu').test(metaTitle);
}

function isCountedCopy(metaTitle: string, heading: string): boolean {
  const count = /^(\d{1,3})\s+(.+)$/u.exec(metaTitle);
  return count !== null && comparable(count[2]!) === comparable(heading);
}

/** The text of an h2/h3 that says the metadata title and comes before `el` in the document. */
function visibleHeadingBefore($: CheerioAPI, el: Parameters<CheerioAPI>[0], metaTitle: string): string | null {
  const key = squash(metaTitle);
  if (!key) return null;
  for (const h of queryAll($, 'h1, h2, h3').toArray()) {
    if (h === el) return null;
    if (h.tagName === 'h1' || isInExcludedZone(h)) continue;
    const text = cleanText(decodeLeftoverEntities(textWithBreaks(h)));
    if (squash(text) === key) return text;
  }
  return null;
}

function chooseTitle(input: TitleInput, siteName: string | null): string | null {
  const { $, meta, jsonLd, url } = input;
  if (input.hintSelector) {
    const hinted = $(input.hintSelector).first();
    const text = hinted.length ? textWithBreaks(hinted.get(0)!) : '';
    if (text) return text;
  }
  const metaTitles = [
    firstMeta(meta, ['og:title']),
    firstMeta(meta, ['twitter:title']),
    ...articleNodes(jsonLd).map((n) => stringOf(n['headline']) ?? stringOf(n['name'])),
    cleanText(queryAll($, 'title').first().text()),
    firstMeta(meta, ['title', 'dc.title', 'sailthru.title', 'parsely-title']),
  ]
    .filter((t): t is string => !!t)
    .map((t) => cleanText(decodeLeftoverEntities(t)));
  const siteNames = [...(siteName ? [siteName] : []), ...feedSiteNames($)];
  const strippedMeta = dropKnownTails(metaTitles.map((t) => stripSiteName(t, siteNames, url)));

  // The page's own headline is what readers see as the title; metadata titles often carry SEO variants.
  const headings = queryAll($, 'h1')
    .toArray()
    .filter((el) => !isInExcludedZone(el))
    .map((el) => ({ el, text: cleanText(decodeLeftoverEntities(textWithBreaks(el))) }))
    .filter((h) => h.text.length >= 3 && h.text.length <= 300 && !isLogoHeading($, h.el, h.text, siteNames, url));

  for (const heading of headings) {
    const repaired = strippedMeta.find((t) => isMisencodedCopy(heading.text, t));
    if (repaired) return repaired;
    const match = strippedMeta.find((t) => similar(heading.text, t));
    if (!match) continue;
    const h = squash(heading.text);
    const m = squash(match);
    // A heading with a dateline or site name glued on, or only the second line of a two-line headline: the metadata is cleaner.
    if (h.length > m.length && h.includes(m) && m.length / h.length < 0.85 && isGluedOn(heading.text, match, siteNames, url)) return match;
    if (m.length > h.length && m.includes(h) && !m.startsWith(h) && h.length / m.length < 0.7 && m.endsWith(h)) return match;
    // "8 Recent Trends in Photography" over an h1 of "Recent Trends in Photography": a list's count styled apart.
    if (isCountedCopy(match, heading.text)) return match;
    return heading.text;
  }
  const firstMeta_ = strippedMeta[0];
  const inArticle = headings.find((h) => $(h.el).closest('article, main, [role="main"], [itemtype*="Article" i]').length > 0);
  // A paragraph-long "heading" that disagrees with the metadata is a styled intro, not the title.
  const candidate = inArticle ?? (headings.length === 1 ? headings[0] : undefined);
  const heading = candidate && (candidate.text.length <= 150 || !firstMeta_) ? candidate : undefined;
  // A page whose headline is an h2 and whose only h1 is a section heading further down (Markdown blogs).
  const shownTitle = heading && firstMeta_ ? visibleHeadingBefore($, heading.el, firstMeta_) : null;
  if (shownTitle) return shownTitle;
  // A rewritten headline still shares words with the SEO title; "Related articles" and banners do not.
  if (heading && (!firstMeta_ || wordOverlap(heading.text, firstMeta_) >= 0.3)) return heading.text;
  if (firstMeta_) return firstMeta_;
  return headings[0]?.text ?? null;
}
