/**
 * MinHash signature of a text's word-shingle set, used for near-duplicate lookup and decision.
 *
 * Why MinHash and not SimHash for this: on the labelled bench set, edits that must match
 * (boilerplate/related links changed on a 200-word article) move a 64-bit SimHash by up to 10+
 * bits while different articles sharing a template are ≥ 13 bits apart — a threshold no cheap
 * banded index can serve. In Jaccard terms the same pairs are ≥ 0.6 vs ≤ 0.34 apart, a wide
 * margin that LSH banding serves with a handful of exact-key lookups. See bench/dedup.ts.
 *
 * One-permutation hashing (Li, Owen, Zhang 2012) with optimal densification (Shrivastava 2017):
 * each shingle is hashed once, its high bits pick one of K bins and the bin keeps the minimum of
 * an independent 32-bit value; empty bins borrow from a pseudo-randomly probed non-empty bin. This
 * costs one hash per shingle instead of K, with the accuracy of K-permutation MinHash.
 *
 * The stored signature keeps 16 bits per bin (K × 2 bytes, base64url): a chance 16-bit match adds
 * only 1/65536 to the estimate.
 */
import { fmix32, forEachShingleHash } from './shingles.js';
import { tokenize, type TokenizeOptions } from './tokenize.js';

/** Bins per signature; must be a power of two. 128 bins: Jaccard estimate σ ≤ 0.045. */
export const MINHASH_BINS = 128;
const BIN_SHIFT = 32 - Math.log2(MINHASH_BINS);
export const DEFAULT_MINHASH_SHINGLE_SIZE = 3;

export interface MinHashOptions extends TokenizeOptions {
  shingleSize?: number;
}

/** MinHash signature of `text`: base64url of 128 little-endian 16-bit values (342 characters). */
export function minhash(text: string, options: MinHashOptions = {}): string {
  return minhashOfTokens(tokenize(text, options), options.shingleSize ?? DEFAULT_MINHASH_SHINGLE_SIZE);
}

export function minhashOfTokens(tokens: readonly string[], shingleSize: number = DEFAULT_MINHASH_SHINGLE_SIZE): string {
  return encodeSignature(minhashValues(tokens, shingleSize));
}

/** The 16-bit bin values (all zero for a text without words). */
export function minhashValues(tokens: readonly string[], shingleSize: number = DEFAULT_MINHASH_SHINGLE_SIZE): Uint16Array {
  const mins = new Uint32Array(MINHASH_BINS).fill(0xffffffff);
  const filled = new Uint8Array(MINHASH_BINS);
  let filledCount = 0;
  forEachShingleHash(tokens, shingleSize, (low, high) => {
    const bin = low >>> BIN_SHIFT;
    const value = high >>> 0;
    if (filled[bin] === 0) {
      filled[bin] = 1;
      filledCount++;
    }
    if (value < mins[bin]!) mins[bin] = value;
  });
  const signature = new Uint16Array(MINHASH_BINS);
  if (filledCount === 0) return signature;

  for (let bin = 0; bin < MINHASH_BINS; bin++) {
    let source = bin;
    // Optimal densification: probe bins in a sequence fixed by (bin, attempt), identical for every
    // document, so two similar documents borrow from the same bins.
    for (let attempt = 1; filled[source] === 0; attempt++) {
      source = fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) >>> BIN_SHIFT;
    }
    // Mix the value so the 16 bits kept are as good as any; the low bits of a minimum are unbiased.
    signature[bin] = fmix32(mins[source]! ^ (source === bin ? 0 : 0x5f3759df)) & 0xffff;
  }
  return signature;
}

export function encodeSignature(values: Uint16Array): string {
  const bytes = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) bytes.writeUInt16LE(values[i]!, i * 2);
  return bytes.toString('base64url');
}

export function decodeSignature(signature: string): Uint16Array {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== MINHASH_BINS * 2 || bytes.toString('base64url') !== signature) {
    throw new TypeError(`not a ${MINHASH_BINS}-bin MinHash signature: ${JSON.stringify(signature.slice(0, 40))}`);
  }
  const values = new Uint16Array(MINHASH_BINS);
  for (let i = 0; i < MINHASH_BINS; i++) values[i] = bytes.readUInt16LE(i * 2);
  return values;
}

export function isMinhash(value: unknown): value is string {
  return typeof value === 'string' && value.length === Math.ceil((MINHASH_BINS * 2 * 4) / 3) && /^[A-Za-z0-9_-]+$/.test(value);
}

/** Estimated Jaccard similarity of the two shingle sets: the fraction of equal bins. Empty texts are similar to nothing. */
export function estimateJaccard(a: string | Uint16Array, b: string | Uint16Array): number {
  const left = typeof a === 'string' ? decodeSignature(a) : a;
  const right = typeof b === 'string' ? decodeSignature(b) : b;
  if (isEmptySignature(left) || isEmptySignature(right)) return 0;
  let equal = 0;
  for (let i = 0; i < MINHASH_BINS; i++) if (left[i] === right[i]) equal++;
  return equal / MINHASH_BINS;
}

function isEmptySignature(values: Uint16Array): boolean {
  return values.every((value) => value === 0);
}
