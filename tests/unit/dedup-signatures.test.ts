import { describe, expect, it } from 'vitest';
import { bandKeys, guaranteedHamming, simhashBandKeys } from '../../src/shared/dedup/bands.js';
import { decodeSignature, estimateJaccard, isMinhash, minhash, MINHASH_BINS } from '../../src/shared/dedup/minhash.js';
import { EMPTY_SIMHASH, hammingDistance, isSimhash, simhash } from '../../src/shared/dedup/simhash.js';
import { seededRandom } from '../../bench/dedup-dataset.js';

/** A deterministic pseudo-article of `count` words drawn from a 3,000-word vocabulary. */
function article(seed: number, count = 400): string {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `w${Math.floor(random() * 3000)}`).join(' ');
}

const BASE = article(1);
const WITH_BOILERPLATE = `Home › World › Politics. Share on Telegram.\n\n${BASE}\n\n© 2026 Example Media. All rights reserved. Follow us on Telegram.`;
const WITH_TYPO = BASE.replace(/\bw(\d+)\b/, 'wx$1');
const OTHER = article(2);

describe('simhash', () => {
  it('is 16 lower-case hex characters and deterministic', () => {
    expect(simhash(BASE)).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(BASE)).toBe(simhash(BASE));
    expect(isSimhash(simhash(BASE))).toBe(true);
  });

  it('is close for small edits and far for different texts', () => {
    expect(hammingDistance(simhash(BASE), simhash(WITH_TYPO))).toBeLessThanOrEqual(3);
    expect(hammingDistance(simhash(BASE), simhash(WITH_BOILERPLATE))).toBeLessThanOrEqual(6);
    expect(hammingDistance(simhash(BASE), simhash(OTHER))).toBeGreaterThan(16);
  });

  it('ignores case, punctuation and layout', () => {
    expect(simhash('Мемлекет басшысы, Ұлттық құрылтай!')).toBe(simhash('МЕМЛЕКЕТ БАСШЫСЫ\nұлттық құрылтай'));
  });

  it('handles empty and very short texts', () => {
    expect(simhash('')).toBe(EMPTY_SIMHASH);
    expect(simhash('one')).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash('one two')).not.toBe(simhash('two one'));
  });

  it('hammingDistance counts differing bits and rejects malformed input', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000001', '8000000000000000')).toBe(2);
    expect(hammingDistance('0123456789abcdef', '0123456789abcdef')).toBe(0);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(TypeError);
  });
});

describe('minhash', () => {
  it('encodes 128 16-bit bins as base64url', () => {
    const signature = minhash(BASE);
    expect(isMinhash(signature)).toBe(true);
    expect(decodeSignature(signature)).toHaveLength(MINHASH_BINS);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{342}$/);
  });

  it('estimates Jaccard similarity', () => {
    expect(estimateJaccard(minhash(BASE), minhash(BASE))).toBe(1);
    expect(estimateJaccard(minhash(BASE), minhash(WITH_TYPO))).toBeGreaterThan(0.9);
    expect(estimateJaccard(minhash(BASE), minhash(WITH_BOILERPLATE))).toBeGreaterThan(0.8);
    expect(estimateJaccard(minhash(BASE), minhash(OTHER))).toBeLessThan(0.05);
  });

  it('tracks the true Jaccard of shingle sets within a few standard errors', () => {
    // Keep the first 300 words and replace the last 100: 3-shingle Jaccard ≈ 298 / (398 + 100) ≈ 0.6.
    const words = BASE.split(' ');
    const edited = [...words.slice(0, 300), ...article(3, 100).split(' ')].join(' ');
    const estimate = estimateJaccard(minhash(BASE), minhash(edited));
    expect(estimate).toBeGreaterThan(0.45);
    expect(estimate).toBeLessThan(0.75);
  });

  it('an empty text is similar to nothing', () => {
    expect(estimateJaccard(minhash(''), minhash(''))).toBe(0);
    expect(estimateJaccard(minhash(''), minhash(BASE))).toBe(0);
  });

  it('rejects malformed signatures', () => {
    expect(() => decodeSignature('abc')).toThrow(TypeError);
  });
});

describe('bandKeys (MinHash LSH)', () => {
  it('returns 32 "<band>:<8 hex>" keys, none of them shared by unrelated texts', () => {
    const keys = bandKeys(minhash(BASE));
    expect(keys).toHaveLength(32);
    keys.forEach((key, band) => expect(key).toMatch(new RegExp(`^${band}:[0-9a-f]{8}$`)));
    const other = new Set(bandKeys(minhash(OTHER)));
    expect(keys.filter((key) => other.has(key))).toEqual([]);
  });

  it('shares keys between near-duplicates', () => {
    const base = new Set(bandKeys(minhash(BASE)));
    expect(bandKeys(minhash(WITH_BOILERPLATE)).filter((key) => base.has(key)).length).toBeGreaterThan(0);
    expect(bandKeys(minhash(WITH_TYPO)).filter((key) => base.has(key)).length).toBeGreaterThan(20);
  });

  it('validates the scheme', () => {
    expect(() => bandKeys(minhash(BASE), { bands: 40, rows: 4 })).toThrow(RangeError);
    expect(bandKeys(minhash(BASE), { bands: 20, rows: 3 })).toHaveLength(20);
  });
});

describe('simhashBandKeys (pigeonhole banding)', () => {
  it('guarantees a shared key up to the scheme threshold', () => {
    const scheme = { blocks: 4, blocksPerKey: 1 };
    expect(guaranteedHamming(scheme)).toBe(3);
    expect(simhashBandKeys('ab12cd34ef567890', scheme)).toEqual(['0:ab12', '1:cd34', '2:ef56', '3:7890']);
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const base = Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
      // Flip up to 3 random bits.
      let bits = BigInt(`0x${base}`);
      for (let flip = 0; flip < 3; flip++) bits ^= 1n << BigInt(Math.floor(random() * 64));
      const near = bits.toString(16).padStart(16, '0');
      const shared = simhashBandKeys(near).filter((key) => simhashBandKeys(base).includes(key));
      expect(shared.length).toBeGreaterThan(0);
    }
  });

  it('default scheme: 5 blocks, keys of 2 → 10 keys', () => {
    expect(simhashBandKeys('0123456789abcdef')).toHaveLength(10);
  });
});
