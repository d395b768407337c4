import { contentFingerprintOfFolded } from './fingerprint.js';
import { foldCase } from './fold.js';
import { DEFAULT_MINHASH_SHINGLE_SIZE, minhashOfTokens } from './minhash.js';
import { DEFAULT_SHINGLE_SIZE, simhashOfTokens } from './simhash.js';
import { tokenizeFolded, type TokenizeOptions } from './tokenize.js';

export interface TextFingerprints {
  /** Exact-content fingerprint (sha256 hex of the normalised text). */
  fingerprint: string;
  /** 64-bit SimHash, 16 hex characters. */
  simhash: string;
  /** 128-bin MinHash signature, base64url. */
  minhash: string;
}

/** All three fingerprints of an article text, case-folding and tokenizing once. */
export function fingerprintText(text: string, options: TokenizeOptions = {}): TextFingerprints {
  return fingerprintTextWithTokens(text, options).fingerprints;
}

/** `fingerprintText`, also handing back the words it hashed, so the caller need not tokenize the text again. */
export function fingerprintTextWithTokens(text: string, options: TokenizeOptions = {}): { fingerprints: TextFingerprints; tokens: string[] } {
  const folded = foldCase(text);
  const tokens = tokenizeFolded(folded, options);
  return {
    fingerprints: {
      fingerprint: contentFingerprintOfFolded(folded),
      simhash: simhashOfTokens(tokens, DEFAULT_SHINGLE_SIZE),
      minhash: minhashOfTokens(tokens, DEFAULT_MINHASH_SHINGLE_SIZE),
    },
    tokens,
  };
}
