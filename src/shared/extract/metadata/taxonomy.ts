/** Lead/description, section and tags of an article. */
import type { CheerioAPI } from 'cheerio';
import { articleNodes, nodeTypes, stringOf, stringsOf, isObject, type JsonLdNode } from './json-ld.js';
import { allMeta, firstMeta, type MetaTags } from './meta-tags.js';
import { cleanText, comparable, dedupe, decodeLeftoverEntities, looksLikeUrl } from './text.js';
import { isInExcludedZone } from './zones.js';
import { queryAll } from '../element-index.js';

interface Input {
  $: CheerioAPI;
  meta: MetaTags;
  jsonLd: JsonLdNode[];
}

export function extractLead({ $, meta, jsonLd }: Input): string | null {
  const fromMeta = firstMeta(meta, ['description', 'og:description', 'twitter:description', 'dc.description']);
  if (fromMeta) return cleanText(decodeLeftoverEntities(fromMeta));
  for (const node of articleNodes(jsonLd)) {
    const description = stringOf(node['description']);
    if (description) return cleanText(decodeLeftoverEntities(description));
  }
  const element = queryAll($, '[class*="lead" i], [class*="summary" i], [class*="spot" i], [class*="excerpt" i], [class*="standfirst" i], [itemprop="description"]')
    // "lead-image", "summary-photo": a class that names the lead's picture, whose text is a caption.
    .filter((_, el) => !isInExcludedZone(el) && !isMediaBlock($, el))
    .toArray()
    .map((el) => cleanText($(el).text()))
    .find((t) => t.length >= 30 && t.length <= 600);
  return element ?? null;
}

function isMediaBlock($: CheerioAPI, el: Parameters<CheerioAPI>[0]): boolean {
  const node = $(el as never);
  return node.is('figure, figcaption, picture, img, video') || node.closest('figure, figcaption').length > 0 || node.find('img, picture, video').length > 0;
}

/** The kicker/eyebrow label above a headline, or a category link: short, and not the headline. */
const SECTION_LABEL = '[class*="kicker" i], [class*="eyebrow" i], [class*="rubric" i], [class*="overline" i], a[rel~="category"]';

export function extractSection({ $, meta, jsonLd }: Input, title: string | null): string | null {
  const fromMeta = firstMeta(meta, ['article:section', 'section', 'parsely-section', 'sailthru.section', 'og:section']);
  if (fromMeta) return fromMeta;
  for (const node of articleNodes(jsonLd)) {
    const section = stringOf(node['articleSection']);
    if (section) return cleanText(section);
  }
  // Breadcrumbs: the last crumb that is not the article itself, skipping the home crumb.
  const titleKey = title ? comparable(title) : '';
  const pickCrumb = (crumbs: string[]): string | null => {
    const usable = crumbs.map(cleanText).filter((c) => c && comparable(c) !== titleKey && c.length <= 60);
    const withoutHome = usable.slice(1);
    return withoutHome.length ? withoutHome[withoutHome.length - 1]! : null;
  };
  for (const node of jsonLd) {
    if (!nodeTypes(node).includes('breadcrumblist')) continue;
    const items = Array.isArray(node['itemListElement']) ? (node['itemListElement'] as unknown[]) : [];
    const names = items
      .map((item) => (isObject(item) ? stringOf(item['name']) ?? (isObject(item['item']) ? stringOf(item['item']['name']) : null) : null))
      .filter((n): n is string => !!n);
    const crumb = pickCrumb(names);
    if (crumb) return crumb;
  }
  const crumbs = queryAll($, '[class*="breadcrumb" i] a, nav[aria-label*="breadcrumb" i] a').toArray().map((el) => $(el).text());
  const crumb = pickCrumb(crumbs);
  if (crumb) return crumb;
  const label = queryAll($, SECTION_LABEL)
    .filter((_, el) => !isInExcludedZone(el))
    .toArray()
    .map((el) => cleanText($(el).text()))
    .find((text) => text.length >= 2 && text.length <= 40 && comparable(text) !== titleKey && !/\d{4}/.test(text));
  return label ?? null;
}

const TAG_LIST = /^(?:(?:post|entry|article|news|story)[-_]?)?(?:tags?|tag[-_]?list|tags[-_]?(?:list|links|wrap(?:per)?|box|block)|etiket(?:ler)?|теги|тегтер|тэги|keywords)$/iu;

export function extractTags({ $, meta, jsonLd }: Input): string[] {
  const tags: string[] = [];
  for (const tag of allMeta(meta, ['article:tag', 'og:article:tag'])) tags.push(tag);
  for (const node of articleNodes(jsonLd)) {
    for (const value of stringsOf(node['keywords'])) for (const tag of value.split(',')) tags.push(tag);
  }
  for (const value of allMeta(meta, ['news_keywords', 'keywords', 'parsely-tags', 'sailthru.tags'])) for (const tag of value.split(/[,;]/)) tags.push(tag);
  queryAll($, 'a[rel~="tag"]').each((_, el) => {
    if (!isInExcludedZone(el)) tags.push($(el).text());
  });
  // The visible tag list under the article ("Etiketler:", "Теги:", "Tags:"); tag clouds sit in sidebars, which are skipped.
  queryAll($, '[class], [id]').each((_, el) => {
    if (el.type !== 'tag' || el.name === 'a' || el.name === 'body' || el.name === 'html') return;
    const names = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`.split(/\s+/);
    if (!names.some((n) => TAG_LIST.test(n)) || isInExcludedZone(el)) return;
    $(el).find('a').each((_, a) => void tags.push($(a).text()));
  });
  return dedupe(
    tags
      .map((t) => cleanText(decodeLeftoverEntities(t)).replace(/^#/, ''))
      .filter((t) => t.length >= 2 && t.length <= 60 && !looksLikeUrl(t)),
  ).slice(0, 30);
}
