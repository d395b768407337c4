/**
 * 64-bit hashes of word shingles, shared by SimHash and MinHash. Each shingle's hash is two
 * independent 32-bit halves (murmur3-style mixing of per-word FNV-1a hashes under two seeds,
 * finished with murmur3's fmix32). Pure 32-bit integer arithmetic — no BigInt, no string per
 * shingle — so hashing is a few nanoseconds per word.
 */

const SEED_LOW = 0x9747b28c;
const SEED_HIGH = 0x5bd1e995;

/**
 * Calls `visit(low, high)` (signed 32-bit ints) for every k-word shingle in order. A text shorter
 * than one shingle is hashed as a single shorter shingle; an empty one visits nothing.
 */
export function forEachShingleHash(tokens: readonly string[], shingleSize: number, visit: (low: number, high: number) => void): void {
  if (!Number.isInteger(shingleSize) || shingleSize < 1) throw new RangeError(`shingleSize must be a positive integer, got ${shingleSize}`);
  if (tokens.length === 0) return;
  const wordHashes = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) wordHashes[i] = fnv1a32(tokens[i]!);

  const size = Math.min(shingleSize, tokens.length);
  for (let start = 0; start + size <= tokens.length; start++) {
    let low = SEED_LOW;
    let high = SEED_HIGH;
    for (let j = start; j < start + size; j++) {
      low = mixInto(low, wordHashes[j]!);
      high = mixInto(high, wordHashes[j]! ^ 0x7f4a7c15);
    }
    visit(fmix32(low ^ size), fmix32(high ^ size));
  }
}

export function fnv1a32(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** One murmur3 block step: order-sensitive, so "a b c" and "c b a" hash differently. */
export function mixInto(hash: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  hash ^= k;
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: full avalanche of a 32-bit value. */
export function fmix32(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash;
}
