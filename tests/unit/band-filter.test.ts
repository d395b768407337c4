import { describe, expect, it } from 'vitest';
import { articleCapacity, bandFilterShape, completeMarkPosition, filterPositions, possibleKeys, FILTER_HASHES } from '../../src/shared/dedup/band-filter.js';
import { seededRandom } from '../../bench/dedup-dataset.js';

const randomKey = (random: () => number) => `${Math.floor(random() * 32)}:${Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')}`;

describe('Bloom filter of band keys', () => {
  it('gives each key the same positions every time, all inside the bitmap', () => {
    const shape = bandFilterShape(1);
    expect(shape).toEqual({ bits: 8 * 1024 * 1024, hashes: FILTER_HASHES });
    const positions = filterPositions('7:1a2b3c4d', shape);
    expect(positions).toEqual(filterPositions('7:1a2b3c4d', shape));
    expect(new Set(positions).size).toBe(FILTER_HASHES);
    for (const position of positions) expect(position >= 0 && position < shape.bits - 1).toBe(true);
    // The last bit marks a complete filter: no key may set it.
    const tiny = { bits: 8, hashes: FILTER_HASHES };
    for (let n = 0; n < 200; n++) expect(filterPositions(`${n}:00000000`, tiny)).not.toContain(completeMarkPosition(tiny));
    expect(filterPositions('8:1a2b3c4d', shape)).not.toEqual(positions);
  });

  it('never rules out a key it holds, and rules out ~98% of absent keys at its capacity', () => {
    const shape = bandFilterShape(1);
    const capacity = articleCapacity(shape);
    expect(capacity).toBe(32_768);
    const bitmap = new Uint8Array(shape.bits);
    const random = seededRandom(7);
    const held = Array.from({ length: capacity * 32 }, () => randomKey(random));
    for (const key of held) for (const position of filterPositions(key, shape)) bitmap[position] = 1;
    const read = (keys: string[]) => keys.flatMap((key) => filterPositions(key, shape).map((position) => bitmap[position]!));

    const sample = held.slice(0, 5_000);
    expect(possibleKeys(sample, read(sample), shape)).toEqual(sample);
    const absent = Array.from({ length: 20_000 }, () => `x${randomKey(random)}`);
    const falsePositiveRate = possibleKeys(absent, read(absent), shape).length / absent.length;
    expect(falsePositiveRate).toBeGreaterThan(0.005);
    expect(falsePositiveRate).toBeLessThan(0.04);
  });

  it('refuses a bit list that does not match the keys', () => {
    expect(() => possibleKeys(['1:00000000'], [1, 1], bandFilterShape(1))).toThrow(/expected 6 bits, got 2/);
    expect(() => bandFilterShape(0)).toThrow(/must be positive/);
  });
});
