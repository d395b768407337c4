/**
 * 64-bit SimHash (Charikar 2002) over word shingles: the third deduplication level.
 *
 * Every k-word shingle is hashed to 64 bits; each bit position sums +1/-1 over all shingles and
 * the sign of the sum is the fingerprint bit. Texts sharing most shingles agree on most bits, so
 * the Hamming distance between fingerprints estimates how much of the text differs.
 *
 * Shingle hashes come from shingles.ts (32-bit arithmetic only). Measured on the bench, SimHash
 * separates duplicates from non-duplicates well only at Hamming distances (~10) that a banded
 * index cannot serve cheaply, so near-duplicate *lookup* uses MinHash (minhash.ts); SimHash stays
 * as the compact 16-hex fingerprint for revision distance and as a fallback decision.
 */
import { forEachShingleHash } from './shingles.js';
import { tokenize, type TokenizeOptions } from './tokenize.js';

export interface SimHashOptions extends TokenizeOptions {
  /** Words per shingle. 3 measured best on the bench (see bench/dedup.ts). */
  shingleSize?: number;
}

export const DEFAULT_SHINGLE_SIZE = 3;
/** The fingerprint of a text without words. */
export const EMPTY_SIMHASH = '0000000000000000';

/** SimHash of `text` as 16 lower-case hex characters (high 32 bits first). */
export function simhash(text: string, options: SimHashOptions = {}): string {
  return simhashOfTokens(tokenize(text, options), options.shingleSize ?? DEFAULT_SHINGLE_SIZE);
}

/** SimHash of an already tokenized text. Texts shorter than one shingle hash as a single shingle. */
export function simhashOfTokens(tokens: readonly string[], shingleSize: number = DEFAULT_SHINGLE_SIZE): string {
  if (tokens.length === 0) return EMPTY_SIMHASH;
  const counts = new Int32Array(64);
  forEachShingleHash(tokens, shingleSize, (low, high) => {
    for (let bit = 0; bit < 32; bit++) {
      counts[bit]! += ((low >>> bit) & 1) * 2 - 1;
      counts[bit + 32]! += ((high >>> bit) & 1) * 2 - 1;
    }
  });
  let low = 0;
  let high = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (counts[bit]! > 0) low |= 1 << bit;
    if (counts[bit + 32]! > 0) high |= 1 << bit;
  }
  return toHex32(high) + toHex32(low);
}

/** Number of differing bits between two 16-hex-character fingerprints (0..64). */
export function hammingDistance(a: string, b: string): number {
  if (!isSimhash(a) || !isSimhash(b)) throw new TypeError(`not a 64-bit hex SimHash: ${JSON.stringify(isSimhash(a) ? b : a)}`);
  const high = Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16);
  const low = Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16);
  return popcount32(high) + popcount32(low);
}

export function isSimhash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function toHex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
