import { contentFingerprint } from './fingerprint.js';
import { DEFAULT_MINHASH_SHINGLE_SIZE, minhashOfTokens } from './minhash.js';
import { DEFAULT_SHINGLE_SIZE, simhashOfTokens } from './simhash.js';
import { tokenize, type TokenizeOptions } from './tokenize.js';

export interface TextFingerprints {
  /** Exact-content fingerprint (sha256 hex of the normalised text). */
  fingerprint: string;
  /** 64-bit SimHash, 16 hex characters. */
  simhash: string;
  /** 128-bin MinHash signature, base64url. */
  minhash: string;
}

/** All three fingerprints of an article text, tokenizing once. */
export function fingerprintText(text: string, options: TokenizeOptions = {}): TextFingerprints {
  const tokens = tokenize(text, options);
  return {
    fingerprint: contentFingerprint(text),
    simhash: simhashOfTokens(tokens, DEFAULT_SHINGLE_SIZE),
    minhash: minhashOfTokens(tokens, DEFAULT_MINHASH_SHINGLE_SIZE),
  };
}
