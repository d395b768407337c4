/** Reading schema.org JSON-LD blocks: flattening @graph/arrays and finding the article node. */
import type { CheerioAPI } from 'cheerio';
import { jsonLdValues } from '../json-ld.js';

export type JsonLdNode = Record<string, unknown>;

const ARTICLE_TYPES = new Set([
  'newsarticle', 'article', 'blogposting', 'reportagenews', 'analysisnewsarticle', 'opinionnewsarticle',
  'reviewnewsarticle', 'backgroundnewsarticle', 'socialmediaposting', 'liveblogposting', 'scholarlyarticle',
  'techarticle', 'report', 'posting', 'discussionforumposting', 'medicalscholarlyarticle', 'satiricalarticle',
  'advertiserarticle', 'creativework',
]);

function isObject(value: unknown): value is JsonLdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every node of every JSON-LD block, with @graph and top-level arrays flattened (nested objects stay nested). */
export function readJsonLd($: CheerioAPI): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    nodes.push(value);
    if (value['@graph'] !== undefined) visit(value['@graph'], depth + 1);
    // WebPage.mainEntity often carries the article itself.
    const main = value['mainEntity'];
    if (isObject(main) && main['@type'] !== undefined) visit(main, depth + 1);
  };
  for (const value of jsonLdValues($)) visit(value, 0);
  return nodes;
}

export function nodeTypes(node: JsonLdNode): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase().replace(/^.*[/:]/, ''));
}

export function isArticleNode(node: JsonLdNode): boolean {
  return nodeTypes(node).some((t) => ARTICLE_TYPES.has(t) || t.endsWith('article'));
}

const PAGE_TYPES = new Set(['webpage', 'itempage', 'aboutpage', 'collectionpage', 'medicalwebpage', 'qapage', 'faqpage']);

/**
 * Article-like nodes, the most specific types first (NewsArticle before CreativeWork); WebPage nodes
 * come last because many CMS plugins put the page's dates and headline only there.
 */
export function articleNodes(nodes: JsonLdNode[]): JsonLdNode[] {
  const rank = (node: JsonLdNode): number => {
    const types = nodeTypes(node);
    if (types.some((t) => t.endsWith('newsarticle') || t === 'reportagenews')) return 0;
    if (types.some((t) => t === 'article' || t === 'blogposting' || t.endsWith('article'))) return 1;
    if (types.some((t) => t === 'creativework')) return 3;
    if (types.some((t) => PAGE_TYPES.has(t))) return 4;
    return 2;
  };
  return nodes.filter((n) => isArticleNode(n) || nodeTypes(n).some((t) => PAGE_TYPES.has(t))).sort((a, b) => rank(a) - rank(b));
}

/** A string value, or the `name`/`@value`/`text` of an object, or the first such entry of an array. */
export function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = stringOf(item);
      if (s) return s;
    }
    return null;
  }
  if (isObject(value)) {
    for (const key of ['name', '@value', 'text', 'headline']) {
      const s = value[key];
      if (typeof s === 'string') return s;
    }
  }
  return null;
}

/** All string values of a field that may be a string, object or array of either. */
export function stringsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => stringsOf(item));
  const s = stringOf(value);
  return s ? [s] : [];
}

/** Resolves `{"@id": ...}` references against the other nodes of the page. */
export function resolveRef(value: unknown, nodes: JsonLdNode[]): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveRef(item, nodes));
  if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) {
    const target = nodes.find((n) => n['@id'] === value['@id'] && Object.keys(n).length > 1);
    return target ?? value;
  }
  return value;
}

export { isObject };
