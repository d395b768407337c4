/**
 * Banded index keys: the exact-match keys a near-duplicate lookup queries with one `$in`.
 *
 * `bandKeys()` — what the index uses — is MinHash LSH (Broder 1997; Indyk & Motwani 1998): the
 * signature's bins are cut into `bands` bands of `rows` bins; two documents share a band key with
 * probability 1 - (1 - J^rows)^bands, an S-curve in their Jaccard similarity J. With 32 × 4:
 *   J = 0.9 → 1.000, 0.7 → 0.9998, 0.6 → 0.987, 0.5 → 0.87, 0.3 → 0.23, 0.1 → 0.003, 0.01 → 3e-7.
 * The decision (decide.ts) then filters candidates by estimated Jaccard, so the S-curve only costs
 * candidate fetches below the threshold, never precision.
 *
 * `simhashBandKeys()` is the SimHash alternative (kept for the bench comparison) —
 * Manku, Jain, Das Sarma 2007:
 *
 * Split the 64 bits into `blocks` blocks. If two fingerprints differ in at most
 * `blocks - blocksPerKey` bits, those bits fall into at most that many blocks, so at least
 * `blocksPerKey` blocks are identical (pigeonhole). One index key per combination of
 * `blocksPerKey` blocks therefore guarantees every pair within the threshold shares a key, and a
 * candidate search is one `$in` over C(blocks, blocksPerKey) exact keys. `blocksPerKey = 1` is the
 * plain scheme (threshold+1 bands); larger `blocksPerKey` makes keys longer, so each key matches
 * far fewer unrelated documents, at the price of more keys per document.
 */
import { fmix32, mixInto } from './shingles.js';
import { decodeSignature, MINHASH_BINS } from './minhash.js';
import { isSimhash } from './simhash.js';

export interface LshScheme {
  bands: number;
  rows: number;
}

/** 32 bands × 4 rows = all 128 bins; measured on the bench (recall of positives at J ≥ 0.6 ≈ 0.99, random candidates ≈ 0). */
export const DEFAULT_LSH_SCHEME: LshScheme = { bands: 32, rows: 4 };

/**
 * LSH band keys of a MinHash signature, `"<band>:<8 hex>"` — e.g. `"7:1a2b3c4d"`. The hex is a
 * 32-bit hash of the band's bins, so at 10 M documents a chance collision adds about
 * bands × 10M / 2^32 ≈ 0.07 candidates per search.
 */
export function bandKeys(minhashSignature: string | Uint16Array, scheme: LshScheme = DEFAULT_LSH_SCHEME): string[] {
  const { bands, rows } = scheme;
  if (!Number.isInteger(bands) || !Number.isInteger(rows) || bands < 1 || rows < 1 || bands * rows > MINHASH_BINS) {
    throw new RangeError(`invalid LSH scheme ${JSON.stringify(scheme)} for ${MINHASH_BINS} bins`);
  }
  const values = typeof minhashSignature === 'string' ? decodeSignature(minhashSignature) : minhashSignature;
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    let hash = 0x2545f491 ^ band;
    for (let row = 0; row < rows; row++) hash = mixInto(hash, values[band * rows + row]!);
    keys.push(`${band}:${(fmix32(hash) >>> 0).toString(16).padStart(8, '0')}`);
  }
  return keys;
}


/** SimHash banding scheme. */
export interface BandScheme {
  /** Number of blocks the 64 bits are split into (as evenly as possible). */
  blocks: number;
  /** Blocks concatenated per key. Guaranteed recall up to Hamming distance `blocks - blocksPerKey`. */
  blocksPerKey: number;
}

/**
 * Default: 5 blocks (13,13,13,13,12 bits), keys of 2 blocks → 10 keys of ~26 bits per document,
 * exact recall up to distance 3. With ~2^26 values per key, a 10 M-document index returns about
 * 10 × 10M / 2^26 ≈ 1.5 random candidates per search (bench/dedup.ts measures it).
 */
export const DEFAULT_SIMHASH_BAND_SCHEME: BandScheme = { blocks: 5, blocksPerKey: 2 };

/** The largest Hamming distance at which `scheme` guarantees a shared key. */
export function guaranteedHamming(scheme: BandScheme): number {
  return scheme.blocks - scheme.blocksPerKey;
}

/** SimHash index keys, `"<table>:<hex bits>"` — e.g. `"0:1a2b3c4"`. Same order for every fingerprint. */
export function simhashBandKeys(simhash: string, scheme: BandScheme = DEFAULT_SIMHASH_BAND_SCHEME): string[] {
  if (!isSimhash(simhash)) throw new TypeError(`not a 64-bit hex SimHash: ${JSON.stringify(simhash)}`);
  const { blocks, blocksPerKey } = scheme;
  if (!Number.isInteger(blocks) || !Number.isInteger(blocksPerKey) || blocks < 1 || blocks > 64 || blocksPerKey < 1 || blocksPerKey > blocks) {
    throw new RangeError(`invalid band scheme ${JSON.stringify(scheme)}`);
  }
  const bits = hexToBits(simhash);
  const blockBits: string[] = [];
  let offset = 0;
  for (let block = 0; block < blocks; block++) {
    // The first (64 mod blocks) blocks get one extra bit.
    const width = Math.floor(64 / blocks) + (block < 64 % blocks ? 1 : 0);
    blockBits.push(bits.slice(offset, offset + width));
    offset += width;
  }
  return combinations(blocks, blocksPerKey).map((combination, table) => {
    const keyBits = combination.map((block) => blockBits[block]!).join('');
    return `${table}:${bitsToHex(keyBits)}`;
  });
}

function hexToBits(hex: string): string {
  return (
    Number.parseInt(hex.slice(0, 8), 16).toString(2).padStart(32, '0') + Number.parseInt(hex.slice(8), 16).toString(2).padStart(32, '0')
  );
}

function bitsToHex(bits: string): string {
  let hex = '';
  // Left-pad to whole nibbles so equal bit strings always give equal hex.
  const padded = bits.padStart(Math.ceil(bits.length / 4) * 4, '0');
  for (let i = 0; i < padded.length; i += 4) hex += Number.parseInt(padded.slice(i, i + 4), 2).toString(16);
  return hex;
}

/** All k-subsets of {0..n-1} in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const result: number[][] = [];
  const current: number[] = [];
  const walk = (start: number): void => {
    if (current.length === k) {
      result.push([...current]);
      return;
    }
    for (let i = start; i <= n - (k - current.length); i++) {
      current.push(i);
      walk(i + 1);
      current.pop();
    }
  };
  walk(0);
  return result;
}
