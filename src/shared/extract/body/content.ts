import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { ExtractionHints } from '../types.js';
import { textLength } from './blocks.js';
import { isElement } from './dom.js';
import { measureText, scorePage, type NameSkipping, type ScoredPage, type TextSizes } from './score.js';
import { selectContent } from './select.js';
import { serializeContent, type SerializedBody } from './serialize.js';
import { queryAll } from '../element-index.js';

/** Below this much text the first attempt probably skipped the article by its class names. */
const RETRY_BELOW = 250;
const RETRY_RATIO = 0.25;
/** Results shorter than this get a second opinion from the less name-trusting pass. */
const RETRY_BELOW_SHORT = 1500;
/**
 * How the page's text is laid out: one article container, prose scattered over many sections
 * (landing, product, forum pages), or no prose at all (shop grids, listings, error pages).
 */
export type Layout = 'article' | 'scattered' | 'no-prose';

export interface Content {
  page: ScoredPage;
  body: SerializedBody;
  roots: Element[];
  layout: Layout;
}

/**
 * Class names mislead sometimes ("newsletter-content" holding the article, "sidebar-first"
 * layout wrappers): when the first pass finds little, retry trusting only unambiguous names, then
 * no names at all.
 */
export function extractContent(root: AnyNode, baseUrl: string, hints: ExtractionHints | undefined, $: CheerioAPI, excluded: Set<Element>): Content {
  const sizes = measureText(root);
  let best = extractWith({ skipNamedBoilerplate: 'all', excluded, sizes }, root, baseUrl, hints, $);
  let bestLength = textLength(best.body.blocks);
  if (bestLength >= RETRY_BELOW_SHORT) return best;
  const hard = extractWith({ skipNamedBoilerplate: 'hard', excluded, sizes }, root, baseUrl, hints, $);
  const hardLength = textLength(hard.body.blocks);
  if ((bestLength < RETRY_BELOW && hardLength > bestLength) || (hardLength > 500 && bestLength < hardLength * RETRY_RATIO)) {
    best = hard;
    bestLength = hardLength;
  }
  if (bestLength >= RETRY_BELOW) return best;
  const blind = extractWith({ skipNamedBoilerplate: 'none', excluded, sizes }, root, baseUrl, hints, $);
  const blindLength = textLength(blind.body.blocks);
  if (blindLength > bestLength) {
    best = blind;
    bestLength = blindLength;
  }
  if (bestLength >= RETRY_BELOW || hints?.body) return best;
  const whole = wholePage(best.page, $, baseUrl, excluded, sizes);
  return textLength(whole.body.blocks) > bestLength ? whole : best;
}

/**
 * Pages without paragraphs (shop grids, short product pages, error pages) have no article
 * container to find: their readable content is everything that is not chrome or a link list.
 */
function wholePage(page: ScoredPage, $: CheerioAPI, baseUrl: string, excluded: Set<Element>, sizes: TextSizes): Content {
  const roots = bodyOrRoot($);
  const body = serializeContent(roots, { baseUrl, stats: page.stats, skipNamedBoilerplate: 'hard', excluded, sizes, keepLinkLists: true });
  return { page, roots, body, layout: 'no-prose' };
}

function bodyOrRoot($: CheerioAPI): Element[] {
  const body = queryAll($, 'body')[0] as Element | undefined;
  return body ? [body] : ($.root().children().toArray().filter(isElement) as Element[]);
}

function extractWith(
  opts: { skipNamedBoilerplate: NameSkipping; excluded: Set<Element>; sizes: TextSizes },
  body: AnyNode,
  baseUrl: string,
  hints: ExtractionHints | undefined,
  $: CheerioAPI,
): Content {
  const page = scorePage(body, opts);
  const hinted = hints?.body ? hintedElements($, hints.body) : [];
  const selected = hinted.length > 0 ? { roots: hinted, scattered: false } : selectContent(page);
  // No paragraph-like block anywhere (inline-only or fragmentary pages): take the whole body.
  const roots = selected.roots.length > 0 ? selected.roots : bodyOrRoot($);
  const layout: Layout = selected.scattered ? 'scattered' : 'article';
  // On scattered pages link lists are content too (product options, service menus, thread lists).
  const keepLinkLists = selected.scattered;
  return { page, roots, layout, body: serializeContent(roots, { baseUrl, stats: page.stats, ...opts, keepLinkLists }) };
}

/** The elements a hint selector picks; hints were checked to compile before extraction began (../hints.ts). */
export function hintedElements($: CheerioAPI, selector: string): Element[] {
  return $(selector).toArray().filter(isElement) as Element[];
}

