import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { LinkRef } from '../types.js';
import { classAndId, isElement, isText, walk } from './dom.js';
import { HEADING_TAGS, RELATED_HEADINGS, RELATED_NAMES } from './patterns.js';
import { lowerForMatching, normalizeBlock } from './text.js';
import { linkKey, toHttpUrl } from './urls.js';

const MIN_TITLE = 10;
const CHROME = new Set(['nav', 'header', 'footer']);

/**
 * Links of "related / more news / read also" blocks, found by class/id names in several
 * languages or by a heading with such text followed by links. Returns the blocks too, so the
 * body extractor can leave them out.
 */
export function findRelatedBlocks($: CheerioAPI): Element[] {
  const blocks: Element[] = [];
  const root = $.root()[0];
  if (!root) return blocks;
  walk(root, (node) => {
    if (!isElement(node)) return;
    if (CHROME.has(node.name) || node.name === 'script' || node.name === 'style') return false;
    if (node.name !== 'body' && node.name !== 'html' && RELATED_NAMES.test(classAndId(node)) && isLinkBlock(node)) {
      blocks.push(node);
      return false;
    }
    if (HEADING_TAGS.has(node.name) || /(?:^|[\s_-])(?:title|heading|header)(?:$|[\s_-])/i.test(classAndId(node))) {
      const heading = lowerForMatching(normalizeBlock(textOf(node))).replace(/[:.!…]+$/, '');
      if (heading.length <= 60 && RELATED_HEADINGS.test(heading)) {
        const list = followingLinkBlock(node);
        if (list) blocks.push(list);
      }
      return false;
    }
    return undefined;
  });
  return blocks;
}

export function relatedLinksOf(blocks: Element[], baseUrl: string, pageUrl: string): LinkRef[] {
  const seen = new Set<string>([linkKey(pageUrl)]);
  const out: LinkRef[] = [];
  for (const block of blocks) {
    walk(block, (node) => {
      if (!isElement(node) || node.name !== 'a') return;
      const url = toHttpUrl(node.attribs['href'], baseUrl);
      const title = normalizeBlock(textOf(node)) || normalizeBlock(node.attribs['title'] ?? '');
      if (url && title.length >= MIN_TITLE && !seen.has(linkKey(url))) {
        seen.add(linkKey(url));
        out.push({ url, title });
      }
      return false;
    });
  }
  return out;
}

/** The next sibling element (of the heading or of its wrapper) that holds links. */
function followingLinkBlock(heading: Element): Element | null {
  let cur: Element | null = heading;
  for (let up = 0; up < 3 && cur; up++) {
    let sib = cur.nextSibling;
    while (sib && !isElement(sib)) sib = sib.nextSibling;
    if (sib && isElement(sib) && isLinkBlock(sib)) return sib;
    const parent: unknown = cur.parent;
    cur = parent && isElement(parent as Element) ? (parent as Element) : null;
    // The heading's wrapper itself may hold the links after the heading.
    if (cur && countLinks(cur) >= 2 && isLinkBlock(cur)) return cur;
  }
  return null;
}

/**
 * A block of teaser links, not an article that happens to mention "related": mostly link text
 * (teasers may add a date or a one-line summary) and not article-sized.
 */
function isLinkBlock(el: Element): boolean {
  let text = 0;
  let link = 0;
  let anchorDepth = 0;
  walk(
    el,
    (node) => {
      if (isText(node)) {
        const len = node.data.trim().length;
        text += len;
        if (anchorDepth > 0) link += len;
      } else if (isElement(node)) {
        if (node.name === 'script' || node.name === 'style') return false;
        if (node.name === 'a') anchorDepth++;
      }
      return undefined;
    },
    (node) => {
      if (isElement(node) && node.name === 'a') anchorDepth--;
    },
  );
  return link > 0 && text < 5000 && link / text >= 0.35;
}

function countLinks(el: Element, stopAt = Infinity): number {
  let n = 0;
  walk(el, (node) => {
    if (n >= stopAt) return false;
    if (isElement(node) && node.name === 'a' && node.attribs['href']) n++;
    return undefined;
  });
  return n;
}

export function textOf(el: Element): string {
  let out = '';
  walk(el, (node) => {
    if (isText(node)) out += node.data;
    else if (isElement(node) && node !== el && !['a', 'span', 'b', 'strong', 'i', 'em'].includes(node.name)) out += ' ';
  });
  return out;
}
