// Pure arithmetic behind the stats: one percentile method, one rate rule, one ordering of
// counted things. Used by the server's stats and its weekly report, and safe to use in the
// extension (no I/O, no dates).

/**
 * The p-th percentile (0 ≤ p ≤ 100) of `values`, by linear interpolation between closest
 * ranks — the method of Excel's PERCENTILE.INC, R's default (type 7) and NumPy's default:
 * sort ascending, take the position h = (n − 1) · p / 100 and return
 * x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]).
 * So the median of an even count is the mean of the two middle values, p0 is the minimum
 * and p100 the maximum. Null for no values; non-finite values are ignored.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const h = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower]!;
  return low + (h - lower) * (sorted[upper]! - low);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/** Median and 75th percentile, rounded to whole units (milliseconds, for durations). */
export function medianAndP75(values: readonly number[]): { median: number | null; p75: number | null } {
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return { median: round(percentile(values, 50)), p75: round(percentile(values, 75)) };
}

/** numerator / denominator, unrounded; null when the denominator is 0 (no basis, not 0%). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export interface TCounted<K> {
  key: K;
  count: number;
}

/**
 * Counted things, most frequent first; ties by key in ascending text order (null keys last),
 * so the order never depends on the database's row order. `limit` keeps the first ones.
 */
export function byCount<K extends string | null>(counts: Iterable<TCounted<K>>, limit?: number): TCounted<K>[] {
  const sorted = [...counts]
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Adds counts that share a key. */
export function mergeCounts<K extends string | null>(counts: Iterable<TCounted<K>>): TCounted<K>[] {
  const merged = new Map<K, number>();
  for (const { key, count } of counts) merged.set(key, (merged.get(key) ?? 0) + count);
  return [...merged].map(([key, count]) => ({ key, count }));
}
