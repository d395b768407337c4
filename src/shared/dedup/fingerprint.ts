/**
 * Exact-content fingerprint: the second deduplication level. Two texts get the same fingerprint
 * when they are equal after normalisation, so trivial re-renderings of one article (different
 * whitespace, curly vs straight quotes, a dropped full stop, upper-cased headline) collide, while
 * any change of a word does not.
 */
import { createHash } from 'node:crypto';
import { foldCase } from './fold.js';

/** Punctuation, symbols and invisible format characters (soft hyphen, zero-width space/joiners, BOM). */
const PUNCTUATION_SYMBOLS_FORMAT = /[\p{P}\p{S}\p{Cf}]+/gu;
const WHITESPACE_RUNS = /\s+/gu;

/**
 * NFC, case-folded with `foldCase` (locale-independent, Turkish i-variants merged), punctuation and
 * symbols deleted, whitespace runs collapsed to one space and trimmed. Punctuation is deleted rather
 * than replaced by a space so that adding or removing it never changes the result ("e-mail" = "email").
 */
export function normalizeForFingerprint(text: string): string {
  return normalizeFolded(foldCase(text));
}

function normalizeFolded(foldedText: string): string {
  return foldedText.replace(PUNCTUATION_SYMBOLS_FORMAT, '').replace(WHITESPACE_RUNS, ' ').trim();
}

/** SHA-256 (hex, 64 chars) of `normalizeForFingerprint(text)`. */
export function contentFingerprint(text: string): string {
  return contentFingerprintOfFolded(foldCase(text));
}

/** `contentFingerprint` of a text already passed through `foldCase`. */
export function contentFingerprintOfFolded(foldedText: string): string {
  return createHash('sha256').update(normalizeFolded(foldedText), 'utf8').digest('hex');
}
