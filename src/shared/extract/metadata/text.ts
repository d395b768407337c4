/** Small string helpers shared by the metadata extractors. */
import type { AnyNode } from 'domhandler';

/**
 * The text of `node` as cheerio's `.text()` reads it, or null as soon as it passes `max`
 * characters. For callers that only care about short text: reading a whole article's text for each
 * of thousands of small elements made hostile pages quadratic.
 */
export function shortTextOf(node: AnyNode, max: number, options: { breaks?: boolean } = {}): string | null {
  if (node.type === 'text') return node.data.length > max ? null : node.data;
  if (!('children' in node)) return '';
  let text = '';
  // Frames of (children, next index): a parent with 100,000 children costs nothing until it is read.
  const frames: Array<{ children: AnyNode[]; next: number; block: boolean }> = [{ children: node.children, next: 0, block: false }];
  while (frames.length) {
    const frame = frames[frames.length - 1]!;
    const child = frame.children[frame.next++];
    if (!child) {
      frames.pop();
      if (frame.block) text += ' ';
      continue;
    }
    if (child.type === 'text') {
      text += child.data;
      if (text.length > max) return null;
    } else if ('children' in child && child.type !== 'script' && child.type !== 'style') {
      // "<p>Luke Kim</p><small>December 17, 2025</small>" reads as two words, not "KimDecember".
      const block = options.breaks === true && 'name' in child && BLOCK_TAGS.has(child.name.toLowerCase());
      if (block) text += ' ';
      frames.push({ children: child.children, next: 0, block });
    }
  }
  return text;
}

/**
 * The last `max` or more characters of the text just before `node` inside its parent (the end of its
 * earlier siblings' text), read backwards so that a long article before it is not read whole.
 */
export function textJustBefore(node: AnyNode, max: number): string {
  let text = '';
  for (let sibling = node.prev; sibling && text.length < max; sibling = sibling.prev) {
    // Depth-first from the end: the last text node comes off the stack first.
    const stack: AnyNode[] = [sibling];
    while (stack.length && text.length < max) {
      const current = stack.pop()!;
      if (current.type === 'text') text = current.data + text;
      else if ('children' in current) for (const child of current.children) stack.push(child);
    }
  }
  return text;
}

/** Collapses whitespace (incl. NBSP and zero-width characters) and trims. */
export function cleanText(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/** Lower-cased, NFC, whitespace-collapsed form used for comparisons. */
export function comparable(value: string): string {
  return cleanText(value).normalize('NFC').toLowerCase();
}

/** Resolves `href` against `base`; null for empty, javascript: and unparsable values. */
export function absoluteUrl(href: string | null | undefined, base: string): string | null {
  const raw = cleanText(href);
  if (!raw || /^(javascript|mailto|tel|data):/i.test(raw)) return null;
  try {
    const url = new URL(raw, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href;
  } catch {
    return null;
  }
}

export function looksLikeUrl(value: string): boolean {
  return /^(https?:)?\/\//i.test(value.trim()) || /^www\./i.test(value.trim());
}

/** Removes duplicates by their comparable form, keeping the first spelling. */
export function dedupe(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const key = comparable(value);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/** Decodes the few HTML entities that survive in meta/JSON-LD strings (double-encoded pages). */
export function decodeLeftoverEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

const BLOCK_TAGS = new Set([
  'br', 'p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header',
  'footer', 'tr', 'td', 'th', 'table', 'blockquote', 'figure', 'figcaption', 'dt', 'dd',
]);

interface DomLike {
  type: string;
  name?: string;
  data?: string;
  children?: DomLike[];
}

/** Text of an element with a space at <br> and block boundaries ("WEEKEND<br>CODING" is two words). */
export function textWithBreaks(node: DomLike): string {
  const parts: string[] = [];
  const walk = (n: DomLike): void => {
    if (n.type === 'text') {
      parts.push(n.data ?? '');
      return;
    }
    if (n.type === 'script' || n.type === 'style' || n.type === 'comment') return;
    const block = n.name !== undefined && BLOCK_TAGS.has(n.name.toLowerCase());
    if (block) parts.push(' ');
    for (const child of n.children ?? []) walk(child);
    if (block) parts.push(' ');
  };
  walk(node);
  return cleanText(parts.join(''));
}
