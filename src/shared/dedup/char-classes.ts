/**
 * Unicode character classes of the text scanners behind the fingerprints and the tokenizer, looked
 * up in a table instead of matched with `\p{…}` regular expressions: the regex passes (a
 * lookbehind over every character, a replace, a match) were a third of the store stage's
 * fingerprinting time. The table covers the Basic Multilingual Plane and is built on first use
 * from the same Unicode properties; astral code points are classified by the regular expressions
 * and remembered.
 */

/** A letter, digit or combining mark: `[\p{L}\p{N}\p{M}]`. */
export const WORD = 1;
/** An invisible format character (soft hyphen, zero-width joiners, BOM): `\p{Cf}`. */
export const FORMAT = 2;
/** An apostrophe that may join the two halves of a word: ' ’ ʼ `. */
export const APOSTROPHE = 4;
/** Punctuation, symbol or format character: `[\p{P}\p{S}\p{Cf}]`. */
export const PUNCTUATION_SYMBOL_FORMAT = 8;
/** White space or a line terminator, as `\s` and `String.prototype.trim` define them. */
export const SPACE = 16;

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const FORMAT_CHAR = /^\p{Cf}$/u;
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);
const PUNCTUATION_SYMBOL_FORMAT_CHAR = /^[\p{P}\p{S}\p{Cf}]$/u;
const SPACE_CHAR = /^\s$/u;

function classify(char: string): number {
  return (
    (WORD_CHAR.test(char) ? WORD : 0) |
    (FORMAT_CHAR.test(char) ? FORMAT : 0) |
    (APOSTROPHES.has(char) ? APOSTROPHE : 0) |
    (PUNCTUATION_SYMBOL_FORMAT_CHAR.test(char) ? PUNCTUATION_SYMBOL_FORMAT : 0) |
    (SPACE_CHAR.test(char) ? SPACE : 0)
  );
}

let bmp: Uint8Array | undefined;
/** Astral code points seen (emoji, historic scripts); bounded, since a hostile text may hold a million different ones. */
const astral = new Map<number, number>();
const ASTRAL_CACHE_LIMIT = 4096;

function bmpTable(): Uint8Array {
  if (bmp === undefined) {
    bmp = new Uint8Array(0x10000);
    // Surrogate code units stay 0: a lone one is a code point of its own category (Cs), in no class.
    for (let unit = 0; unit < 0x10000; unit++) if (unit < 0xd800 || unit > 0xdfff) bmp[unit] = classify(String.fromCharCode(unit));
  }
  return bmp;
}

/**
 * The classes of the code point at `index` of `text` (UTF-16), and its length in code units:
 * `classes | (length << 8)`, packed so that scanning allocates nothing.
 */
export function codePointAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      const codePoint = (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
      let classes = astral.get(codePoint);
      if (classes === undefined) {
        classes = classify(String.fromCodePoint(codePoint));
        if (astral.size < ASTRAL_CACHE_LIMIT) astral.set(codePoint, classes);
      }
      return classes | (2 << 8);
    }
  }
  return bmpTable()[unit]! | (1 << 8);
}
