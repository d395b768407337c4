/** Output-text normalisation, which never changes letter case (Turkish i/İ/ı must survive), and case folding for matching. */

// Zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen: invisible, never content.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Every Unicode space, including no-break and narrow no-break spaces, and line breaks.
// Only runs that are not already one plain space: single spaces between words stay untouched,
// which keeps multi-megabyte text nodes from producing millions of replacements.
const SPACES = / [\s\u00A0\u2007\u202F]+|[^\S ][\s\u00A0\u2007\u202F]*|[\u00A0\u2007\u202F][\s\u00A0\u2007\u202F]*/g; // \s includes U+2028

/** Collapses whitespace to single spaces and strips invisible characters (no trim, no NFC). */
export function collapseSpaces(text: string): string {
  return text.replace(INVISIBLE, '').replace(SPACES, ' ');
}

/** Marks a `<br>` inside block text; it survives space collapsing and becomes a newline. */
export const LINE_BREAK = '\u2028';
const LINE_BREAKS = /\s*\u2028[\s\u2028]*/g;

/** Final form of one block of output text. */
export function normalizeBlock(text: string): string {
  const collapsed = collapseSpaces(text.replace(/\u2028/g, '\u0000')).replace(/\u0000/g, LINE_BREAK);
  return collapsed.replace(LINE_BREAKS, '\n').trim().normalize('NFC');
}

/**
 * Lower case for matching phrase lists, never for output. Lower-casing "İ" outside a Turkish locale
 * leaves a combining dot ("i̇lgili"), which would keep "İlgili Haberler" from matching "ilgili".
 * `toLowerCase()` is the locale-independent mapping (the same as the root locale's, on every code
 * point) at a thirtieth of `toLocaleLowerCase`'s cost per call.
 */
export function lowerForMatching(text: string): string {
  return text.toLowerCase().replace(/\u0307/g, '');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
}
