import { describe, expect, it } from 'vitest';
import { decideDuplicate, decideRevision, type DuplicateCandidate, type FingerprintHistoryEntry } from '../../src/shared/dedup/decide.js';
import { fingerprintText } from '../../src/shared/dedup/document.js';
import { seededRandom } from '../../bench/dedup-dataset.js';

function article(seed: number, count = 300): string {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `w${Math.floor(random() * 3000)}`).join(' ');
}

const ORIGINAL = article(1);
const COPY = `Breaking: ${ORIGINAL} Follow us on Telegram.`;
const OTHER = article(2);

const at = (iso: string): Date => new Date(iso);

function candidate(id: string, text: string, extra: Partial<DuplicateCandidate> = {}): DuplicateCandidate {
  return { id, ...fingerprintText(text), firstSeenAt: at('2026-01-10T00:00:00Z'), ...extra };
}

describe('decideDuplicate', () => {
  it('new when nothing is close', () => {
    expect(decideDuplicate(fingerprintText(ORIGINAL), [candidate('b', OTHER)])).toEqual({ kind: 'new' });
    expect(decideDuplicate(fingerprintText(ORIGINAL), [])).toEqual({ kind: 'new' });
  });

  it('exact beats near, and picks the earliest exact copy', () => {
    const decision = decideDuplicate(fingerprintText(ORIGINAL), [
      candidate('near', COPY),
      candidate('late', `${ORIGINAL}.`, { firstSeenAt: at('2026-01-12T00:00:00Z') }),
      candidate('early', ORIGINAL.toUpperCase(), { firstSeenAt: at('2026-01-11T00:00:00Z') }),
    ]);
    expect(decision).toEqual({ kind: 'exact', of: 'early' });
  });

  it('near: joins the cluster of the closest candidate, represented by its earliest member', () => {
    const decision = decideDuplicate(fingerprintText(COPY), [
      candidate('c2', ORIGINAL, { clusterId: 'c1', publishedAt: at('2026-01-05T00:00:00Z') }),
      candidate('c1', `${ORIGINAL} Read more.`, { clusterId: 'c1', publishedAt: at('2026-01-01T00:00:00Z') }),
      candidate('x', OTHER),
    ]);
    expect(decision).toMatchObject({ kind: 'near', clusterId: 'c1', representative: 'c1' });
    if (decision.kind === 'near') expect(decision.similarity).toBeGreaterThan(0.8);
  });

  it('the new document becomes representative when it is earlier than every member', () => {
    const decision = decideDuplicate(
      { ...fingerprintText(COPY), id: 'newcomer', publishedAt: at('2025-12-31T00:00:00Z'), firstSeenAt: at('2026-01-20T00:00:00Z') },
      [candidate('c1', ORIGINAL, { publishedAt: at('2026-01-01T00:00:00Z') })],
    );
    expect(decision).toMatchObject({ kind: 'near', clusterId: 'c1', representative: 'newcomer' });
  });

  it('respects minJaccard', () => {
    expect(decideDuplicate(fingerprintText(COPY), [candidate('a', ORIGINAL)], { minJaccard: 0.999 })).toEqual({ kind: 'new' });
  });

  it('falls back to SimHash distance for candidates stored without a MinHash', () => {
    const { minhash: _dropped, ...legacy } = candidate('legacy', ORIGINAL);
    const typo = ORIGINAL.replace(/\bw(\d+)\b/, 'wx$1');
    expect(decideDuplicate(fingerprintText(typo), [legacy])).toMatchObject({ kind: 'near', clusterId: 'legacy', similarity: null });
    expect(decideDuplicate(fingerprintText(typo), [legacy], { maxHamming: -1 })).toEqual({ kind: 'new' });
  });
});

describe('decideRevision', () => {
  const version = (text: string, iso: string): FingerprintHistoryEntry => {
    const { fingerprint, simhash } = fingerprintText(text);
    return { fingerprint, simhash, seenAt: at(iso) };
  };
  const v1 = version(ORIGINAL, '2026-01-01T00:00:00Z');
  const v2 = version(ORIGINAL.replace(/\bw(\d+)\b/, 'wx$1'), '2026-01-02T00:00:00Z');
  const v3 = version(COPY, '2026-01-03T00:00:00Z');

  it('first fetch starts the history', () => {
    expect(decideRevision(null, v1, { maxHistory: 3 })).toEqual({ kind: 'first', history: [v1] });
  });

  it('unchanged text leaves the history alone', () => {
    const again = { ...v1, seenAt: at('2026-02-01T00:00:00Z') };
    expect(decideRevision({ history: [v1] }, again, { maxHistory: 3 })).toEqual({ kind: 'unchanged', history: [v1] });
  });

  it('a revision appends, reports the SimHash distance and trims the oldest versions', () => {
    const decision = decideRevision({ history: [v1, v2] }, v3, { maxHistory: 2 });
    expect(decision.kind).toBe('revised');
    if (decision.kind !== 'revised') return;
    expect(decision.history).toEqual([v2, v3]);
    expect(decision.reverted).toBe(false);
    expect(decision.distance).toBeGreaterThanOrEqual(0);
  });

  it('detects a rollback to an earlier version', () => {
    const back = { ...v1, seenAt: at('2026-01-04T00:00:00Z') };
    const decision = decideRevision({ history: [v1, v2] }, back, { maxHistory: 5 });
    expect(decision).toMatchObject({ kind: 'revised', reverted: true, distance: expect.any(Number) });
  });

  it('rejects maxHistory < 1', () => {
    expect(() => decideRevision(null, v1, { maxHistory: 0 })).toThrow(RangeError);
  });
});
