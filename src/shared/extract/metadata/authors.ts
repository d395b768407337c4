/**
 * Authors and credits of a page: selector hint, JSON-LD, meta tags, microdata/rel=author, visible
 * bylines and credit lines. The first source with a named person wins; site accounts only as a last resort.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, Text } from 'domhandler';
import type { Credit } from '../types.js';
import { articleNodes, isObject, resolveRef, stringOf, type JsonLdNode } from './json-ld.js';
import type { MetaTags } from './meta-tags.js';
import { cleanText, comparable, dedupe, looksLikeUrl, shortTextOf } from './text.js';
import { isGenericAccount, namesFrom } from './names.js';
import { parseCreditLine } from './credits.js';
import { isInExcludedZone } from './zones.js';
import { queryAll } from '../element-index.js';
import { descendantsMatching } from '../descendants.js';

export interface AuthorInput {
  $: CheerioAPI;
  url: string;
  bodyText: string;
  meta: MetaTags;
  jsonLd: JsonLdNode[];
  siteName: string | null;
  hintSelector?: string | undefined;
}

const META_AUTHOR_KEYS = [
  'author', 'article:author', 'dc.creator', 'dcterms.creator', 'sailthru.author', 'parsely-author',
  'byl', 'article:author_name', 'cxenseparse:author', 'twitter:data1:author',
];

const BYLINE_SELECTOR = [
  '[class*="byline" i]', '[id*="byline" i]', '[class*="author" i]', '[id*="author" i]', '[class*="writer" i]',
  '[class*="reporter" i]', '[class*="yazar" i]', '[class*="muhabir" i]', '[class*="avtor" i]', '[class*="creator" i]',
  '[data-testid*="byline" i]', '[data-component*="byline" i]',
].join(', ');

function jsonLdAuthors(nodes: JsonLdNode[]): string[] {
  const names: string[] = [];
  for (const node of articleNodes(nodes)) {
    for (const key of ['author', 'creator']) {
      const value = resolveRef(node[key], nodes);
      const list = Array.isArray(value) ? value : [value];
      for (const item of list) {
        const resolved = resolveRef(item, nodes);
        const name = isObject(resolved) ? stringOf(resolved['name']) ?? null : stringOf(resolved);
        if (name && !looksLikeUrl(name)) names.push(...namesFrom(name));
      }
    }
    if (names.length) break;
  }
  return names;
}

function metaAuthors(meta: MetaTags): string[] {
  const names: string[] = [];
  for (const key of META_AUTHOR_KEYS) {
    for (const value of meta.get(key) ?? []) {
      if (looksLikeUrl(value)) continue; // article:author is often a profile URL
      names.push(...namesFrom(value));
    }
    if (names.length) break;
  }
  return names;
}

function textOfAuthorElement($: CheerioAPI, el: Element): string {
  const $el = $(el);
  const named = $el.find('[itemprop="name"]').first();
  if (named.length) return cleanText(named.attr('content') ?? named.text());
  return cleanText($el.attr('content') ?? $el.text());
}

function microdataAuthors($: CheerioAPI): string[] {
  const names: string[] = [];
  queryAll($, '[itemprop~="author"], [itemprop~="creator"], a[rel~="author"], [rel~="author"]').each((_, el) => {
    if (el.type !== 'tag' || isInExcludedZone(el)) return;
    const text = textOfAuthorElement($, el);
    if (text && text.length <= 80) names.push(...namesFrom(text));
  });
  return names;
}

function bylineAuthors($: CheerioAPI, url: string): { names: string[]; credits: Credit[] } {
  const names: string[] = [];
  const credits: Credit[] = [];
  const seen = new Set<Element>();
  queryAll($, BYLINE_SELECTOR).each((_, el) => {
    if (el.type !== 'tag' || seen.has(el) || isInExcludedZone(el)) return;
    // Skip author bio boxes and avatar wrappers: they repeat names without being the byline.
    const hint = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
    if (/(bio|avatar|description|about|box|social|image|img|photo|pic)/i.test(hint) && !/byline/i.test(hint)) return;
    for (const child of descendantsMatching([el], '*')) seen.add(child);
    // Prefer the link text inside a byline ("By <a>Jane Doe</a> and <a>John Roe</a>").
    const links = descendantsMatching([el], 'a').filter((a) => !/share|twitter|facebook|mailto|comment/i.test(a.attribs['href'] ?? ''));
    const text = cleanText($(el).text());
    if (!text || text.length > 150) return;
    const parsed = parseCreditLine(text, url);
    if (parsed) {
      names.push(...parsed.authors);
      credits.push(...parsed.credits);
      if (parsed.authors.length) return;
    }
    if (links.length && links.length <= 4) {
      for (const a of links) names.push(...namesFrom(cleanText($(a).text())));
      if (names.length) return;
    }
    if (text.length <= 80) names.push(...namesFrom(text));
  });
  return { names, credits };
}

const BYLINE_START = /^\s*(?:written\s+by|reported\s+by|posted\s+by|published\s+by|words\s+by|story\s+by|by|автор|авторы|yazar|haber|muhabir|текст|авторлар)(?:[\s:]|$)/iu;

/**
 * Short elements whose text reads "By Jane Doe" / "Автор: …", wherever the markup names them.
 * Walks text nodes (linear) and reads the element around a text that starts like a byline.
 */
function visibleBylineAuthors($: CheerioAPI, url: string): { names: string[]; credits: Credit[] } {
  const root = queryAll($, 'body').get(0) ?? $.root().get(0);
  const stack: AnyNode[] = root ? [root] : [];
  let visited = 0;
  while (stack.length && visited++ < 50_000) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      const data = (node as Text).data;
      if (data.length > 100 || !BYLINE_START.test(data)) continue;
      // "By <a>Jane Doe</a>": the label and the name sit in the same parent (or grandparent).
      for (let el = node.parent, depth = 0; el && depth < 2; el = el.parent, depth++) {
        if (el.type !== 'tag') break;
        const raw = shortTextOf(el, 1_000);
        if (raw === null) break;
        const text = cleanText(raw);
        if (text.length > 100) break;
        if (isInExcludedZone(el)) break;
        const parsed = parseCreditLine(text, url);
        if (parsed?.authors.length) return { names: parsed.authors, credits: parsed.credits };
      }
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    const name = (node as Element).name;
    if (name === 'script' || name === 'style' || name === 'noscript' || name === 'svg') continue;
    const children = (node as Element).children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return { names: [], credits: [] };
}

/** Credit lines among the first and last short paragraphs of the article text. */
function bodyCreditLines(bodyText: string, url: string): { names: string[]; credits: Credit[] } {
  const paragraphs = bodyText.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  const edges = [...paragraphs.slice(0, 3), ...paragraphs.slice(-3)];
  const names: string[] = [];
  const credits: Credit[] = [];
  for (const paragraph of new Set(edges)) {
    const parsed = parseCreditLine(paragraph, url);
    if (!parsed) continue;
    names.push(...parsed.authors);
    credits.push(...parsed.credits);
  }
  return { names, credits };
}

function hintAuthors($: CheerioAPI, selector: string | undefined): string[] {
  if (!selector) return [];
  return $(selector)
    .toArray()
    .flatMap((el) => (el.type === 'tag' ? namesFrom(textOfAuthorElement($, el)) : []));
}

function dedupeCredits(credits: Credit[]): Credit[] {
  const seen = new Set<string>();
  return credits.filter((c) => {
    const key = `${c.role}|${comparable(c.name ?? '')}|${c.url ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function extractAuthors(input: AuthorInput): { authors: string[]; credits: Credit[] } {
  const { $, meta, jsonLd, siteName, url } = input;
  const byline = bylineAuthors($, url);
  const body = bodyCreditLines(input.bodyText, url);
  const visible = visibleBylineAuthors($, url);
  const sources: string[][] = [
    hintAuthors($, input.hintSelector),
    jsonLdAuthors(jsonLd),
    metaAuthors(meta),
    microdataAuthors($),
    byline.names,
    visible.names,
    body.names,
  ];
  const credits = dedupeCredits([...byline.credits, ...visible.credits, ...body.credits]);
  for (const names of sources) {
    const named = dedupe(names.filter((n) => !isGenericAccount(n, siteName)));
    if (named.length) return { authors: named.slice(0, 10), credits };
  }
  // No named reporter anywhere: a site account is better than nothing.
  for (const names of sources) {
    if (names.length) return { authors: dedupe(names).slice(0, 3), credits };
  }
  return { authors: [], credits };
}
