import type { Element } from 'domhandler';
import { isElement, isText, walk } from './dom.js';

/**
 * "Many patches were sent for review:" followed by a list of links is the article listing its
 * sources, not a menu: a sentence ending in a colon introduces what comes next. Short labels
 * ("Read more:", "See also:") are not sentences and do not count.
 */
const INTRO_MIN_WORDS = 5;
/** A heading ending in a colon is a section label ("Learn more in our series:"), not a sentence. */
const INTRO_TAGS = new Set(['p', 'div']);
const ENDS_WITH_COLON = /[:：]$/u;

export function isIntroducedList(list: Element): boolean {
  if (list.name !== 'ul' && list.name !== 'ol') return false;
  let prev = list.prev;
  while (prev && !isElement(prev) && !(isText(prev) && prev.data.trim() !== '')) prev = prev.prev;
  if (!prev || !isElement(prev) || !INTRO_TAGS.has(prev.name)) return false;
  const intro = trailingText(prev);
  return ENDS_WITH_COLON.test(intro) && intro.split(/\s+/).length >= INTRO_MIN_WORDS && !isTableOfContents(list);
}

/** "In this article we'll discuss:" before links to the page's own sections: navigation. */
function isTableOfContents(list: Element): boolean {
  let links = 0;
  let anchors = 0;
  walk(list, (node) => {
    if (!isElement(node) || node.name !== 'a') return undefined;
    links++;
    if ((node.attribs['href'] ?? '').startsWith('#')) anchors++;
    return false;
  });
  return anchors * 2 > links;
}

/** The element's last sentence-sized stretch of text (enough to see how it ends and its length). */
function trailingText(el: Element): string {
  let text = '';
  walk(el, (node) => {
    if (isText(node)) text += node.data;
    return undefined;
  });
  return text.replace(/\s+/g, ' ').trim().slice(-200).split(/(?<=[.!?])\s+/).pop() ?? '';
}
