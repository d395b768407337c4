/**
 * Locale-independent case folding shared by the exact fingerprint and the near-duplicate tokenizer.
 *
 * `String.prototype.toLowerCase()` without a locale applies the Unicode default mapping, which is
 * the same on every machine (unlike `toLocaleLowerCase()`, which follows the host's locale). The
 * default mapping is wrong for Turkish and Azerbaijani dotted/dotless i, and real news text mixes
 * both conventions (headlines upper-cased by non-Turkish software, "ISTANBUL" vs "İstanbul"), so
 * we fold all four of I, İ, i, ı to plain "i". Merging i/ı can only merge fingerprints of texts
 * that differ in nothing but that letter — harmless for deduplication, and it makes re-cased
 * copies match. Likewise final sigma folds to σ and ß to "ss", as full Unicode case folding does.
 */

const COMBINING_DOT_ABOVE = '\u0307';

export function foldCase(text: string): string {
  // NFC first so that "I" + U+0307 becomes "İ" before lower-casing.
  let folded = text.normalize('NFC').toLowerCase();
  // Default lower-casing turns "İ" into "i" + U+0307; drop that dot.
  if (folded.includes(COMBINING_DOT_ABOVE)) folded = folded.replace(/i\u0307/g, 'i');
  return folded.replace(/[ıςß]/g, (char) => (char === 'ı' ? 'i' : char === 'ς' ? 'σ' : 'ss'));
}
