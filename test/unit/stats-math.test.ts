import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCount, median, medianAndP75, mergeCounts, percentile, rate } from '../../shared/stats';

// Every expected value below is worked out by hand with h = (n − 1) · p / 100 and
// x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]) on the sorted values.

describe('percentile (linear interpolation between closest ranks)', () => {
  it('is null for no values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(median([])).toBeNull();
  });

  it('is the value itself for one value, whatever p', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 75)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('takes the middle value of an odd count as the median', () => {
    // sorted [1, 3, 9]; h = 2 · 0.5 = 1 → 3
    expect(median([9, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    // sorted [1, 2, 3, 4]; h = 3 · 0.5 = 1.5 → 2 + 0.5 · (3 − 2) = 2.5
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates the 75th percentile', () => {
    // [1, 2, 3, 4]: h = 3 · 0.75 = 2.25 → 3 + 0.25 · (4 − 3) = 3.25
    expect(percentile([1, 2, 3, 4], 75)).toBe(3.25);
    // [10, 20, 30]: h = 2 · 0.75 = 1.5 → 20 + 0.5 · 10 = 25
    expect(percentile([30, 10, 20], 75)).toBe(25);
    // [1, 2, 3, 4, 5]: h = 4 · 0.75 = 3 → 4, exactly a rank
    expect(percentile([5, 4, 3, 2, 1], 75)).toBe(4);
    // [0, 100]: h = 0.75 → 75
    expect(percentile([100, 0], 75)).toBe(75);
  });

  it('gives the minimum at p0 and the maximum at p100', () => {
    expect(percentile([5, -2, 8], 0)).toBe(-2);
    expect(percentile([5, -2, 8], 100)).toBe(8);
  });

  it('keeps repeated values', () => {
    // [1, 1, 1, 10]: median h = 1.5 → 1; p75 h = 2.25 → 1 + 0.25 · 9 = 3.25
    expect(median([1, 10, 1, 1])).toBe(1);
    expect(percentile([1, 10, 1, 1], 75)).toBe(3.25);
  });

  it('ignores non-finite values and does not reorder its input', () => {
    const values = [3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2];
    expect(median(values)).toBe(2);
    expect(values).toEqual([3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2]);
  });

  it('refuses a p outside 0–100', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('rounds durations to whole milliseconds in medianAndP75', () => {
    // [1, 2]: median 1.5 → 2 (Math.round), p75 h = 0.75 → 1.75 → 2
    expect(medianAndP75([2, 1])).toEqual({ median: 2, p75: 2 });
    // [180000, 7200000, 18000000]: median 7200000; p75 h = 1.5 → 7200000 + 0.5 · 10800000 = 12600000
    expect(medianAndP75([18_000_000, 180_000, 7_200_000])).toEqual({ median: 7_200_000, p75: 12_600_000 });
    expect(medianAndP75([])).toEqual({ median: null, p75: null });
  });

  it('lies between the minimum and the maximum and grows with p (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 99 }), (values, p) => {
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        const a = percentile(values, p)!;
        const b = percentile(values, p + 1)!;
        expect(a).toBeGreaterThanOrEqual(lo);
        expect(a).toBeLessThanOrEqual(hi);
        expect(b).toBeGreaterThanOrEqual(a - 1e-6);
      }),
    );
  });
});

describe('rate', () => {
  it('divides, unrounded', () => {
    expect(rate(1, 3)).toBe(1 / 3);
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 2)).toBe(1.5);
  });

  it('is null, not 0, on a zero denominator', () => {
    expect(rate(0, 0)).toBeNull();
  });
});

describe('byCount and mergeCounts', () => {
  it('orders by count, ties by key, null keys last, and drops zero counts', () => {
    const counted = [
      { key: 'no_intent', count: 1 },
      { key: null, count: 2 },
      { key: 'duplicate', count: 1 },
      { key: 'other', count: 0 },
      { key: 'bad_timing', count: 2 },
    ];
    expect(byCount(counted)).toEqual([
      { key: 'bad_timing', count: 2 },
      { key: null, count: 2 },
      { key: 'duplicate', count: 1 },
      { key: 'no_intent', count: 1 },
    ]);
    expect(byCount(counted, 3).map((c) => c.key)).toEqual(['bad_timing', null, 'duplicate']);
  });

  it('adds counts that share a key', () => {
    expect(
      mergeCounts([
        { key: 'a', count: 1 },
        { key: 'b', count: 2 },
        { key: 'a', count: 3 },
      ]),
    ).toEqual([
      { key: 'a', count: 4 },
      { key: 'b', count: 2 },
    ]);
  });
});
