import type { Element } from 'domhandler';
import { isAuthorBox } from './author-box.js';
import { classAndId } from './dom.js';
import {
  BOILERPLATE_NAMES, CHROME_ROLES, CHROME_TAGS, CONTENT_NAMES, JUNK_TAGS, STRONG_BODY_NAMES,
} from './patterns.js';

/** Names that mark boilerplate even when a content word is also present ("comment-content"). */
const ALWAYS_BOILERPLATE =
  /comment|share|sharing|social|cookie|consent|gdpr|related|newsletter|subscri|advert|sponsor|breadcrumb|popup|modal|outbrain|taboola|mgid|yorum|paylas|reklam|ilgili|benzer/i;

const HIDDEN_CLASS = /(?:^|\s)(?:hidden|d-none|is-hidden|visually-hidden|sr-only|screen-reader-text|invisible)(?:$|\s)/i;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/**
 * React's streaming server rendering sends late content in `<div hidden id="S:n">` and moves it
 * into the page on load: hidden in the markup, visible to every reader.
 */
const STREAMED_SEGMENT = /^S:\d+$/;

/** Never part of any page's readable content. */
export function isJunk(el: Element, noscriptIsContent = false): boolean {
  if (JUNK_TAGS.has(el.name)) return !(noscriptIsContent && el.name === 'noscript');
  const a = el.attribs;
  if (a['hidden'] !== undefined && !(a['id'] && STREAMED_SEGMENT.test(a['id']))) return true;
  if (a['aria-hidden'] === 'true') return true;
  if (a['style'] && HIDDEN_STYLE.test(a['style'])) return true;
  if (a['class'] && HIDDEN_CLASS.test(a['class'])) return true;
  return false;
}

/** Page chrome by tag or ARIA role: navigation, footers, sidebars. */
export function isChrome(el: Element): boolean {
  if (CHROME_TAGS.has(el.name)) return true;
  const role = el.attribs['role'];
  return role !== undefined && CHROME_ROLES.test(role);
}

const PROTECTED_TAGS = new Set(['html', 'body', 'main']);

/** Names that are never article text even when the first pass skipped too much. */
const HARD_BOILERPLATE = /comment|disqus|share|sharing|social|cookie|consent|gdpr|related|breadcrumb|sidebar|footer|(?:^|[\s_-])nav(?:$|[\s_-])|navbar|menu/i;

export function hasHardBoilerplateName(el: Element): boolean {
  if (PROTECTED_TAGS.has(el.name)) return false;
  const names = classAndId(el);
  return names !== '' && HARD_BOILERPLATE.test(names) && !STRONG_BODY_NAMES.test(names) && el.attribs['itemprop'] !== 'articleBody';
}

/** Boilerplate judged from class/id names, with content words overriding the weak ones. */
export function hasBoilerplateName(el: Element): boolean {
  if (PROTECTED_TAGS.has(el.name)) return false;
  const names = classAndId(el);
  if (names === '' || !BOILERPLATE_NAMES.test(names)) return false;
  if (STRONG_BODY_NAMES.test(names) || el.attribs['itemprop'] === 'articleBody') return false;
  if (ALWAYS_BOILERPLATE.test(names)) return true;
  return !CONTENT_NAMES.test(names);
}

/** Prior for an element being the article container, from its tag and names (Readability-style). */
export function containerPrior(el: Element): number {
  let weight = 0;
  switch (el.name) {
    case 'article': weight += 10; break;
    case 'main': weight += 5; break;
    case 'div': case 'section': weight += 5; break;
    case 'pre': case 'td': case 'blockquote': weight += 3; break;
    case 'ol': case 'ul': case 'dl': case 'dd': case 'dt': case 'li': case 'form': case 'address': weight -= 3; break;
    case 'th': case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': weight -= 5; break;
  }
  const names = classAndId(el);
  if (el.attribs['itemprop'] === 'articleBody') weight += 50;
  if (names !== '') {
    if (STRONG_BODY_NAMES.test(names)) weight += 40;
    else if (CONTENT_NAMES.test(names)) weight += 25;
    if (BOILERPLATE_NAMES.test(names)) weight -= 25;
  }
  return weight;
}

/**
 * Name-based skipping for the given mode. `share` is the element's part of the page text: an
 * element holding most of the page is a layout wrapper ("has-sidebar", "page-header-wrap..."),
 * whatever its name says. `textLength` tells author bios from bylines.
 */
export function skipsByName(el: Element, mode: 'all' | 'hard' | 'none', share: number, textLength: number): boolean {
  if (mode === 'none' || share > WRAPPER_SHARE) return false;
  if (mode === 'hard') return hasHardBoilerplateName(el);
  return hasBoilerplateName(el) || (!PROTECTED_TAGS.has(el.name) && isAuthorBox(el, textLength));
}

const WRAPPER_SHARE = 0.5;
