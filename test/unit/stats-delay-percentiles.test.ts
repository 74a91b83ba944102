import { describe, expect, it } from 'vitest';
import { makeRng } from '../../server/demo/seed/common';
import { DELAY_BUCKET_BOUNDS, DELAY_BUCKETS } from '../../server/db/schema-stats';
import { delayBucket, planMedianAndP75, valueAtOffset } from '../../server/domain/stats/delay-percentiles';
import { splitRange } from '../../server/domain/stats/range-split';
import { medianAndP75 } from '../../shared/stats';

// The percentile of stored values located by histogram and read by offset inside one bucket,
// edge values merged in, against sorting everything (shared/stats.ts).

/** Plays the database: each bucket's stored values, sorted, read by offset and limit. */
function percentilesByPlan(stored: number[], edge: number[]) {
  const byBucket: number[][] = Array.from({ length: DELAY_BUCKETS }, () => []);
  for (const v of [...stored].sort((a, b) => a - b)) byBucket[delayBucket(v)]!.push(v);
  const plan = planMedianAndP75(
    byBucket.map((b) => b.length),
    edge,
  );
  return { plan, figures: plan.finish(plan.reads.map((r) => byBucket[r.bucket]!.slice(r.offset, r.offset + r.limit))) };
}

describe('delay percentiles from histograms', () => {
  it('buckets a delay as the triggers do: how many bounds it reaches', () => {
    expect(delayBucket(-5)).toBe(0);
    expect(delayBucket(999)).toBe(0);
    expect(delayBucket(1000)).toBe(1);
    for (const [i, bound] of DELAY_BUCKET_BOUNDS.entries()) {
      expect(delayBucket(bound - 1)).toBe(i);
      expect(delayBucket(bound)).toBe(i + 1);
    }
    expect(delayBucket(Number.MAX_SAFE_INTEGER)).toBe(DELAY_BUCKETS - 1);
  });

  it('equals sorting every value, for random data with ties, edge values and empty parts (fixed seed)', () => {
    const rng = makeRng(11);
    const draw = (): number => {
      const shape = rng.next();
      if (shape < 0.1) return 0;
      if (shape < 0.3) return Math.floor(rng.next() * 20) * 60_000; // many ties
      return Math.round(Math.exp(rng.next() * 22));
    };
    for (let trial = 0; trial < 2000; trial += 1) {
      const stored = Array.from({ length: Math.floor(rng.next() * (trial % 7 === 0 ? 3 : 60)) }, draw);
      const edge = Array.from({ length: Math.floor(rng.next() * (trial % 3 === 0 ? 0 : 12)) }, draw);
      const { figures } = percentilesByPlan(stored, edge);
      expect(figures, `trial ${trial}`).toEqual(medianAndP75([...stored, ...edge]));
    }
  });

  it('reads a few values inside one bucket, not the bucket', () => {
    const stored = Array.from({ length: 10_000 }, (_, i) => 5_000 + (i % 100));
    const { plan, figures } = percentilesByPlan(stored, [5_050, 4_000]);
    expect(figures).toEqual(medianAndP75([...stored, 5_050, 4_000]));
    expect(plan.reads.reduce((n, r) => n + r.limit, 0)).toBeLessThanOrEqual(8);
  });

  it('finds an offset among stored values known from a later position', () => {
    // stored: 1 2 3 [4 5 6] …, edge: 2.5 — merged: 1 2 2.5 3 4 5 6
    expect(valueAtOffset(4, [4, 5, 6], 3, false, [2.5])).toBe(4);
    expect(valueAtOffset(5, [4, 5, 6], 3, false, [2.5])).toBe(5);
    expect(valueAtOffset(3, [3, 4, 5], 2, false, [2.5])).toBe(3);
  });
});

describe('a range cut into edges and whole periods', () => {
  const at = (iso: string) => new Date(iso);
  it('keeps a range inside one hour raw', () => {
    expect(splitRange({ from: at('2026-03-02T10:05:00Z'), to: at('2026-03-02T10:55:00Z') })).toEqual({
      edges: [{ from: at('2026-03-02T10:05:00Z'), to: at('2026-03-02T10:55:00Z') }],
      whole: null,
      spans: [],
    });
  });

  it('reads whole hours, days and months from their rows, the edges raw', () => {
    expect(splitRange({ from: at('2026-01-30T08:30:00Z'), to: at('2026-04-02T08:15:00Z') })).toEqual({
      edges: [
        { from: at('2026-01-30T08:30:00Z'), to: at('2026-01-30T09:00:00Z') },
        { from: at('2026-04-02T08:00:00Z'), to: at('2026-04-02T08:15:00Z') },
      ],
      whole: { from: at('2026-01-30T09:00:00Z'), to: at('2026-04-02T08:00:00Z') },
      spans: [
        { grain: 'h', from: '2026-01-30T09', to: '2026-01-31T00' },
        { grain: 'd', from: '2026-01-31', to: '2026-02-01' },
        { grain: 'm', from: '2026-02', to: '2026-04' },
        { grain: 'd', from: '2026-04-01', to: '2026-04-02' },
        { grain: 'h', from: '2026-04-02T00', to: '2026-04-02T08' },
      ],
    });
  });

  it('needs no edge at UTC midnights, nor hour rows', () => {
    expect(splitRange({ from: at('2026-03-02T00:00:00Z'), to: at('2026-03-04T00:00:00Z') })).toEqual({
      edges: [],
      whole: { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-04T00:00:00Z') },
      spans: [{ grain: 'd', from: '2026-03-02', to: '2026-03-04' }],
    });
  });

  it('covers every instant once, for random ranges (fixed seed)', () => {
    const rng = makeRng(5);
    for (let i = 0; i < 300; i += 1) {
      const a = Date.parse('2025-12-01T00:00:00Z') + Math.floor(rng.next() * 120 * 86_400_000);
      const b = a + Math.floor(rng.next() ** 3 * 90 * 86_400_000);
      const { edges, whole, spans } = splitRange({ from: new Date(a), to: new Date(b) });
      const covered = (t: number) => {
        const text = new Date(t).toISOString();
        const inEdges = edges.filter((e) => e.from.getTime() <= t && t < e.to.getTime()).length;
        const inSpans = spans.filter((s) => text.slice(0, s.from.length) >= s.from && text.slice(0, s.to.length) < s.to).length;
        return inEdges + inSpans;
      };
      for (let k = 0; k < 40; k += 1) {
        const t = a - 86_400_000 + Math.floor(rng.next() * (b - a + 2 * 86_400_000));
        expect(covered(t), `${new Date(t).toISOString()} in [${new Date(a).toISOString()}, ${new Date(b).toISOString()})`).toBe(t >= a && t < b ? 1 : 0);
      }
      if (whole) expect(whole.from.getTime() >= a && whole.to.getTime() <= b).toBe(true);
    }
  });
});
