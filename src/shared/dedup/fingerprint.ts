/**
 * Exact-content fingerprint: the second deduplication level. Two texts get the same fingerprint
 * when they are equal after normalisation, so trivial re-renderings of one article (different
 * whitespace, curly vs straight quotes, a dropped full stop, upper-cased headline) collide, while
 * any change of a word does not.
 */
import { createHash } from 'node:crypto';
import { PUNCTUATION_SYMBOL_FORMAT, SPACE, codePointAt } from './char-classes.js';
import { foldCase } from './fold.js';

/**
 * NFC, case-folded with `foldCase` (locale-independent, Turkish i-variants merged), punctuation and
 * symbols deleted, whitespace runs collapsed to one space and trimmed. Punctuation is deleted rather
 * than replaced by a space so that adding or removing it never changes the result ("e-mail" = "email").
 */
export function normalizeForFingerprint(text: string): string {
  return normalizeFolded(foldCase(text));
}

/** One scan: punctuation, symbols and format characters go, runs of white space (across them) become one space, none at the ends. */
function normalizeFolded(foldedText: string): string {
  let out = '';
  // Kept characters since the last one dropped: appended as one slice.
  let runStart = -1;
  let spacePending = false;
  let index = 0;
  while (index < foldedText.length) {
    const packed = codePointAt(foldedText, index);
    const next = index + (packed >> 8);
    if (packed & PUNCTUATION_SYMBOL_FORMAT || packed & SPACE) {
      if (runStart >= 0) out += foldedText.slice(runStart, index);
      runStart = -1;
      if (!(packed & PUNCTUATION_SYMBOL_FORMAT)) spacePending = out !== '';
    } else {
      if (runStart < 0) {
        if (spacePending) out += ' ';
        spacePending = false;
        runStart = index;
      }
    }
    index = next;
  }
  return runStart >= 0 ? out + foldedText.slice(runStart) : out;
}

/** SHA-256 (hex, 64 chars) of `normalizeForFingerprint(text)`. */
export function contentFingerprint(text: string): string {
  return contentFingerprintOfFolded(foldCase(text));
}

/** `contentFingerprint` of a text already passed through `foldCase`. */
export function contentFingerprintOfFolded(foldedText: string): string {
  return createHash('sha256').update(normalizeFolded(foldedText), 'utf8').digest('hex');
}
