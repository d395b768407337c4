/** Which parts of a page are not the article: comments, sidebars, related lists, navigation, footers. */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { queryAll } from '../element-index.js';

const EXCLUDED_TAGS = new Set(['aside', 'nav', 'footer']);
const EXCLUDED_HINT =
  /(^|[\s_-])(comments?|comment-respond|comment-list|commentlist|disqus|replies|reply|respond|related|sidebar|side-bar|popular|most-read|mostread|trending|recommend(ed|ations)?|more-news|also-read|read-more|readmore|footer|nav|navbar|menu|breadcrumbs?|share|social|newsletter|promo|teaser|cookie|yorum(lar)?|benzer|ilgili|комментари[иий]|похожие)([\s_-]|$)/i;

const BUILDER_CONTENT = /(blog|post|main|content|article|entry|heading|title|info|author|date|text-editor|theme)/i;

/**
 * Sidebar widgets are `widget`, `widget_recent_entries`, `widget-area`; page builders prefix the word
 * (`elementor-widget-container`) or wrap the post itself in one (Blogger's `widget Blog`), so only the
 * bare word counts, and not next to a content word.
 */
function isExcludedHint(rawHint: string): boolean {
  // Layout flags ("has-sidebar", "no-comments", "sidebar-right" on a wrapper) describe the page, not the element.
  const hint = rawHint
    .split(/\s+/)
    .filter((t) => !/^(has|no|with|without|show|hide|is)[-_]|[-_](left|right|layout|active|enabled|open|closed)$/i.test(t))
    .join(' ');
  if (EXCLUDED_HINT.test(hint)) return true;
  const tokens = hint.split(/\s+/);
  const widget = tokens.some((t) => /^widget([_-]|$)/i.test(t));
  return widget && !BUILDER_CONTENT.test(hint);
}

function attr(el: Element, name: string): string {
  return el.attribs?.[name] ?? '';
}

const wrapsMainCache = new WeakMap<Element, boolean>();

/**
 * Layout wrappers named after a zone ("flex-wrap-footer" around the whole page, Drupal's
 * "node--type-newsletter-article" on the article itself) hold the main content; real sidebars do not.
 */
function wrapsMainContent(el: Element): boolean {
  let cached = wrapsMainCache.get(el);
  if (cached === undefined) {
    cached = findDescendant(el, (d) => d.name === 'main' || d.name === 'h1' || attr(d, 'role') === 'main');
    wrapsMainCache.set(el, cached);
  }
  return cached;
}

function findDescendant(el: Element, test: (d: Element) => boolean): boolean {
  const stack: AnyNode[] = [...el.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (test(node as Element)) return true;
    stack.push(...(node as Element).children);
  }
  return false;
}

function hasArticleAncestor(el: Element): boolean {
  for (let node = el.parent; node; node = node.parent) {
    if (node.type === 'tag' && ((node as Element).name === 'article' || /\b(post|entry|hentry)\b/.test((node as Element).attribs['class'] ?? ''))) return true;
  }
  return false;
}

/** True when `el` or an ancestor is a comment section, sidebar, related list, nav or footer. */
export function isInExcludedZone(el: AnyNode): boolean {
  let node: AnyNode | null = el;
  while (node && node.type !== 'root') {
    if (node.type === 'tag' || node.type === 'script') {
      const element = node as Element;
      const tag = element.name.toLowerCase();
      if (tag === 'body' || tag === 'html') return false; // page-wide classes say nothing about one element
      // An article's own <footer> holds its byline and dates; the page footer does not.
      if (EXCLUDED_TAGS.has(tag) && !(tag === 'footer' && hasArticleAncestor(element))) return true;
      const hint = `${attr(element, 'class')} ${attr(element, 'id')} ${attr(element, 'role')}`;
      // Page builders (Blogger, Elementor) call every block a widget, the post itself included.
      if (hint.trim() && isExcludedHint(hint) && !wrapsMainContent(element)) return true;
      if (/^(complementary|navigation|contentinfo)$/i.test(attr(element, 'role'))) return true;
    }
    node = node.parent;
  }
  return false;
}

export function keepArticleZone<T extends AnyNode>($sel: Cheerio<T>): T[] {
  return $sel.toArray().filter((el) => !isInExcludedZone(el));
}

/** The element most likely to hold the article (used to scope bylines and dates). */
export function articleRoot($: CheerioAPI): Cheerio<Element> {
  // The <article> holding the headline, not a related-post card that happens to come first.
  const h1 = mainHeading($);
  const withHeadline = h1.closest('article, [itemtype*="Article" i]');
  if (withHeadline.length) return withHeadline as Cheerio<Element>;
  const candidates = ['article', '[itemtype*="Article" i]', 'main', '[role="main"]', '#content', '.content'];
  for (const selector of candidates) {
    const found = queryAll($, selector).filter((_, el) => !isInExcludedZone(el)).first();
    if (found.length) return found as Cheerio<Element>;
  }
  return queryAll($, 'body') as Cheerio<Element>;
}

/** The first non-empty <h1> outside excluded zones (pages often carry an empty or logo <h1> first). */
export function mainHeading($: CheerioAPI): Cheerio<Element> {
  return queryAll($, 'h1')
    .filter((_, el) => !isInExcludedZone(el) && $(el).text().trim().length >= 3)
    .first() as Cheerio<Element>;
}
