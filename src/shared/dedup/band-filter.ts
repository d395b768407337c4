/**
 * Bit positions of LSH band keys in a Bloom filter (Bloom 1970), which answers "this key is in
 * the near-duplicate index" with no false negatives and a small share of false positives. A
 * candidate search then only asks the index about the keys the filter cannot rule out: nearly
 * always none or one of the 32, where FerretDB (no `$in` pushdown) needs one query per key.
 *
 * Positions follow Kirsch & Mitzenmacher (2006): two 32-bit hashes h1, h2 of the key give
 * `h1 + i·h2 mod bits` for i < hashes, as good as independent hash functions for a Bloom filter.
 * With `BITS_PER_KEY` bits per key and `FILTER_HASHES` positions, about 2% of absent keys test
 * positive; beyond the capacity the filter sizing was made for, that share grows and the search
 * asks about more keys, but it never misses one.
 */
import { fmix32, fnv1a32 } from './shingles.js';

/** Bits per band key at the filter's capacity; with 6 positions each, ~2.2% false positives. */
export const BITS_PER_KEY = 8;
export const FILTER_HASHES = 6;
/** Redis strings (and BITFIELD offsets) stop at 512 MB. */
export const MAX_FILTER_BITS = 2 ** 32;

export interface BandFilterShape {
  /** Size of the bitmap. */
  bits: number;
  /** Positions per key. */
  hashes: number;
}

/** A filter of `megabytes` MiB. */
export function bandFilterShape(megabytes: number): BandFilterShape {
  if (!(megabytes > 0)) throw new RangeError(`filter size must be positive, got ${megabytes} MB`);
  return { bits: Math.min(MAX_FILTER_BITS, Math.floor(megabytes * 8 * 1024 * 1024)), hashes: FILTER_HASHES };
}

/** How many articles (32 keys each) a filter holds at its design false-positive rate. */
export function articleCapacity(shape: BandFilterShape, keysPerArticle = 32): number {
  return Math.floor(shape.bits / (BITS_PER_KEY * keysPerArticle));
}

/**
 * The bit no key sets: set once a filter holds every key of the index. A bitmap recreated by
 * key writes alone (after an eviction) lacks it, so it cannot pass for a complete one.
 */
export function completeMarkPosition(shape: BandFilterShape): number {
  return shape.bits - 1;
}

/** The `shape.hashes` bit positions of one band key, each in [0, shape.bits - 1): never the complete mark. */
export function filterPositions(key: string, shape: BandFilterShape): number[] {
  const h1 = fmix32(fnv1a32(key)) >>> 0;
  const h2 = (fmix32(h1 ^ 0x9e3779b9) | 1) >>> 0;
  const positions: number[] = [];
  for (let i = 0; i < shape.hashes; i++) positions.push((h1 + i * h2) % (shape.bits - 1));
  return positions;
}

/**
 * Which keys may be present, given the bits read at `filterPositions` of every key, in order
 * (`bits.length === keys.length * shape.hashes`): a key is possible only when all its bits are set.
 */
export function possibleKeys(keys: readonly string[], bits: readonly number[], shape: BandFilterShape): string[] {
  if (bits.length !== keys.length * shape.hashes) throw new RangeError(`expected ${keys.length * shape.hashes} bits, got ${bits.length}`);
  return keys.filter((_, k) => {
    for (let i = 0; i < shape.hashes; i++) if (bits[k * shape.hashes + i] !== 1) return false;
    return true;
  });
}
