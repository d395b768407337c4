import { describe, expect, it } from 'vitest';
import { nextRefetchDelayMs } from '../../src/shared/discovery/recrawl.js';

const HOUR = 3_600_000;
const published = '2024-10-10T09:00:00.000Z';
const at = (hoursAfterPublication: number): number => Date.parse(published) + hoursAfterPublication * HOUR;

describe('nextRefetchDelayMs (checkpoints 6 h, 24 h, 72 h)', () => {
  it.each([
    ['first fetch right at publication', 1, 0, 6 * HOUR],
    ['first fetch 1 h after publication', 1, 1, 5 * HOUR],
    ['second fetch at 6 h', 2, 6, 18 * HOUR],
    ['third fetch at 24 h', 3, 24, 48 * HOUR],
    ['fourth fetch at 72 h: done', 4, 72, null],
    ['refetch running slightly late', 2, 6.5, 17.5 * HOUR],
    ['discovered 30 h late: only the 72 h checkpoint remains', 1, 30, 42 * HOUR],
    ['discovered after the last checkpoint', 1, 100, null],
    ['publication date in the future counts as now', 1, -2, 6 * HOUR],
  ])('%s', (_, fetchCount, hoursAfterPublication, expected) => {
    expect(nextRefetchDelayMs({ publishedAt: published, fetchCount, now: at(hoursAfterPublication) })).toBe(expected);
  });

  it('accepts Date inputs', () => {
    expect(nextRefetchDelayMs({ publishedAt: new Date(published), fetchCount: 1, now: new Date(at(2)) })).toBe(4 * HOUR);
  });

  it('follows the profile’s checkpoints', () => {
    const refetchHours = [1, 12];
    expect(nextRefetchDelayMs({ publishedAt: published, fetchCount: 1, now: at(0), refetchHours })).toBe(1 * HOUR);
    expect(nextRefetchDelayMs({ publishedAt: published, fetchCount: 2, now: at(1), refetchHours })).toBe(11 * HOUR);
    expect(nextRefetchDelayMs({ publishedAt: published, fetchCount: 3, now: at(12), refetchHours })).toBeNull();
    expect(nextRefetchDelayMs({ publishedAt: published, fetchCount: 1, now: at(0), refetchHours: [] })).toBeNull();
  });

  it.each([
    ['unknown publication date', null],
    ['missing publication date', undefined],
    ['unparseable publication date', 'last Tuesday'],
  ])('%s → null', (_, publishedAt) => {
    expect(nextRefetchDelayMs({ publishedAt, fetchCount: 1, now: at(1) })).toBeNull();
  });
});
