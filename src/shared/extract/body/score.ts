import type { AnyNode, Element } from 'domhandler';
import { isElement, isText, walk } from './dom.js';
import { opensCodeListing } from './code-listings.js';
import { containerPrior, isChrome, isJunk, skipsByName } from './classify.js';
import { INLINE_TAGS } from './patterns.js';

/** Text measurements of one element's readable subtree. */
export interface TextStats {
  text: number;
  link: number;
  /** Text in paragraph-sized runs that are not mostly links: the "prose" mass. */
  prose: number;
}

export interface ScoredPage {
  stats: Map<Element, TextStats>;
  scores: Map<Element, number>;
}

/** Elements whose own inline text is one paragraph; their parent is the paragraph's container. */
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'dd', 'dt', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SUBHEADINGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);
const COMMAS = /[,،，、;]/g;
const MIN_PARAGRAPH = 25;

/** Which class/id-named boilerplate to skip: all (first pass), unambiguous names only, none. */
export type NameSkipping = 'all' | 'hard' | 'none';

export interface ScoreOptions {
  skipNamedBoilerplate: NameSkipping;
  /** Text sizes from `measureText`, to tell layout wrappers from boilerplate blocks. */
  sizes: TextSizes;
  /** Subtrees known not to be body (related-news blocks, hint removals). */
  excluded: Set<Element>;
}

/**
 * One iterative pass over the page: measures text and link text of every element and credits each
 * paragraph-sized run of inline text to its container and (decaying) to the container's ancestors.
 */
export function scorePage(root: AnyNode, opts: ScoreOptions): ScoredPage {
  const stats = new Map<Element, TextStats>();
  const scores = new Map<Element, number>();
  const open: Element[] = [];
  let anchorDepth = 0;
  // Inside a code listing class names are syntax, never boilerplate.
  let codeDepth = 0;
  let runText = 0;
  let runLink = 0;
  let runCommas = 0;

  const flushRun = (): void => {
    const top = open[open.length - 1];
    if (runText >= MIN_PARAGRAPH) {
      creditParagraph(open, runText, runCommas, scores);
      if (top && runLink < runText / 2) stats.get(top)!.prose += runText;
    } else if (top && runText > 0 && runLink === 0 && SUBHEADINGS.has(top.name)) {
      // Subheadings are short but belong to the prose they introduce.
      stats.get(top)!.prose += runText;
    }
    runText = 0;
    runLink = 0;
    runCommas = 0;
  };

  walk(
    root,
    (node) => {
      if (isText(node)) {
        const len = visibleLength(node.data);
        if (len === 0) return;
        runText += len;
        if (anchorDepth > 0) runLink += len;
        const commas = node.data.match(COMMAS);
        if (commas) runCommas += commas.length;
        const top = open[open.length - 1];
        if (top) {
          // Totals roll up to ancestors when each element is left (linear, whatever the depth).
          const s = stats.get(top)!;
          s.text += len;
          if (anchorDepth > 0) s.link += len;
        }
        return;
      }
      if (node.type === 'root') return true;
      if (!isElement(node)) return false;
      if (opts.excluded.has(node) || isJunk(node, opts.sizes.noscriptIsContent) || isChrome(node)) return false;
      if (codeDepth === 0 && skipsByName(node, opts.skipNamedBoilerplate, shareOf(opts.sizes, node), opts.sizes.byElement.get(node) ?? 0)) return false;
      if (!INLINE_TAGS.has(node.name)) flushRun();
      if (node.name === 'br' || node.name === 'hr' || node.name === 'img') return false;
      if (node.name === 'a') anchorDepth++;
      if (opensCodeListing(node)) codeDepth++;
      open.push(node);
      stats.set(node, { text: 0, link: 0, prose: 0 });
      return true;
    },
    (node) => {
      if (!isElement(node) || open[open.length - 1] !== node) return;
      if (!INLINE_TAGS.has(node.name)) flushRun();
      if (node.name === 'a') anchorDepth--;
      if (opensCodeListing(node)) codeDepth--;
      open.pop();
      const parent = open[open.length - 1];
      if (parent) {
        const own = stats.get(node)!;
        const up = stats.get(parent)!;
        up.text += own.text;
        up.link += own.link;
        up.prose += own.prose;
      }
    },
  );
  flushRun();
  return { stats, scores };
}

export interface TextSizes {
  byElement: Map<Element, number>;
  total: number;
  /**
   * Whether `<noscript>` holds the page: crawler views of script-rendered sites (forum software
   * among them) put all their text there and show only a loading screen outside it.
   */
  noscriptIsContent: boolean;
}

/** Visible text length of every element (junk and chrome excluded), in one iterative pass. */
export function measureText(root: AnyNode): TextSizes {
  const first = measureWith(root, false);
  if (first.noscript <= Math.max(first.total, NOSCRIPT_MIN)) return first;
  return measureWith(root, true);
}

/** Below this, noscript text is a "please enable JavaScript" notice, not a page. */
const NOSCRIPT_MIN = 200;

function measureWith(root: AnyNode, noscriptIsContent: boolean): TextSizes & { noscript: number } {
  const byElement = new Map<Element, number>();
  const open: Element[] = [];
  let noscript = 0;
  walk(
    root,
    (node) => {
      if (isText(node)) {
        const top = open[open.length - 1];
        if (top) byElement.set(top, byElement.get(top)! + visibleLength(node.data));
        return;
      }
      if (node.type === 'root') return true;
      if (!isElement(node)) return false;
      if (!noscriptIsContent && node.name === 'noscript') noscript += noscriptText(node);
      if (isJunk(node, noscriptIsContent) || isChrome(node)) return false;
      open.push(node);
      byElement.set(node, 0);
      return true;
    },
    (node) => {
      if (!isElement(node) || open[open.length - 1] !== node) return;
      open.pop();
      const parent = open[open.length - 1];
      if (parent) byElement.set(parent, byElement.get(parent)! + byElement.get(node)!);
    },
  );
  let total = 0;
  for (const [el, size] of byElement) if (!el.parent || !isElement(el.parent)) total += size;
  return { byElement, total, noscriptIsContent, noscript };
}

function noscriptText(el: Element): number {
  let n = 0;
  walk(el, (node) => {
    if (isText(node)) n += visibleLength(node.data);
    else if (isElement(node) && node !== el && isJunk(node)) return false;
    return undefined;
  });
  return n;
}

export function shareOf(sizes: TextSizes, el: Element): number {
  return sizes.total > 0 ? (sizes.byElement.get(el) ?? 0) / sizes.total : 0;
}

/** Whitespace-insensitive length, cheap enough for 20 MB text nodes. */
export function visibleLength(data: string): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
}

function creditParagraph(open: Element[], len: number, commas: number, scores: Map<Element, number>): void {
  // The innermost block element holding the run.
  let i = open.length - 1;
  while (i >= 0 && INLINE_TAGS.has(open[i]!.name)) i--;
  if (i < 0) return;
  // A real paragraph element is the paragraph; its parent is the container. A list item's list too.
  const holder = open[i]!;
  if (PARAGRAPH_TAGS.has(holder.name)) i--;
  else if (holder.name === 'li') i -= 2;
  const points = 1 + commas + Math.min(Math.floor(len / 100), 3);
  for (let level = 0; level < 5 && i >= 0; level++, i--) {
    const el = open[i]!;
    if (el.name === 'html' || el.name === 'body') break;
    if (!scores.has(el)) scores.set(el, containerPrior(el));
    const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
    scores.set(el, scores.get(el)! + points / divider);
  }
}

export function linkDensity(stats: Map<Element, TextStats>, el: Element): number {
  const s = stats.get(el);
  if (!s || s.text === 0) return 0;
  return s.link / s.text;
}
