import { DELAY_BUCKET_BOUNDS, DELAY_BUCKETS } from '../../db/schema-stats';

// The median and 75th percentile of first-touch delays without reading them all: the stored
// histogram (db/schema-stats.ts) says which bucket holds each rank needed, and only that
// bucket's values are read, from an index, by offset. The values of the edge days (read raw)
// are merged in. The arithmetic is shared/stats.ts `percentile`'s, on the same ranks.

/** The histogram bucket of a delay: how many bounds it reaches (the triggers' rule). */
export function delayBucket(value: number): number {
  let low = 0;
  let high = DELAY_BUCKET_BOUNDS.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value >= DELAY_BUCKET_BOUNDS[mid]!) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A bucket's range of delays, [lower, upper), with open ends at the first and last. */
export function bucketBounds(bucket: number): { lower: number; upper: number } {
  return {
    lower: bucket === 0 ? Number.MIN_SAFE_INTEGER : DELAY_BUCKET_BOUNDS[bucket - 1]!,
    upper: bucket === DELAY_BUCKETS - 1 ? Number.MAX_SAFE_INTEGER : DELAY_BUCKET_BOUNDS[bucket]!,
  };
}

/** Read `limit` stored values of one bucket in ascending order, from the `offset`-th on. */
export interface TBucketRead {
  bucket: number;
  offset: number;
  limit: number;
  /** How many stored values the bucket holds (its histogram count): a read nearer its top can walk down from there. */
  stored: number;
}

export interface TPercentilePlan {
  reads: TBucketRead[];
  /** The figures, given each read's values in the order of `reads`. */
  finish(slices: readonly (readonly number[])[]): { median: number | null; p75: number | null };
}

const PERCENTILES = [50, 75] as const;

/**
 * Plans the median and p75 of the stored values counted by `histogram` together with
 * `edgeValues` (not stored in it). For each needed rank's bucket, with E the edge values in it
 * and o its lowest in-bucket offset, it reads from stored offset s = max(0, o − |E|): below s
 * no stored value can hold the rank even if every edge value fell under it.
 */
export function planMedianAndP75(histogram: readonly number[], edgeValues: readonly number[]): TPercentilePlan {
  const edgeByBucket: number[][] = Array.from({ length: DELAY_BUCKETS }, () => []);
  for (const v of [...edgeValues].sort((a, b) => a - b)) edgeByBucket[delayBucket(v)]!.push(v);
  const combined = histogram.map((count, k) => count + edgeByBucket[k]!.length);
  const n = combined.reduce((a, b) => a + b, 0);
  if (n === 0) return { reads: [], finish: () => ({ median: null, p75: null }) };

  const positions = PERCENTILES.map((p) => {
    const h = ((n - 1) * p) / 100;
    const lower = Math.floor(h);
    return { h, lower, upper: Math.min(lower + 1, n - 1) };
  });
  const locate = (rank: number) => {
    let before = 0;
    for (let k = 0; k < DELAY_BUCKETS; k += 1) {
      if (rank < before + combined[k]!) return { bucket: k, offset: rank - before };
      before += combined[k]!;
    }
    throw new RangeError(`rank ${rank} beyond ${n} values`);
  };
  // One read per percentile and bucket: the two ranks of a percentile are neighbours.
  interface TGroup {
    bucket: number;
    offsets: number[];
    start: number;
    read: number | null;
  }
  const groups: TGroup[] = [];
  const located = positions.map(({ lower, upper }) =>
    [lower, upper].map((rank) => {
      const { bucket, offset } = locate(rank);
      let group = groups.find((g) => g.bucket === bucket && g.offsets.some((o) => Math.abs(o - offset) <= 1));
      if (!group) groups.push((group = { bucket, offsets: [], start: 0, read: null }));
      group.offsets.push(offset);
      return { offset, group };
    }),
  );
  const reads: TBucketRead[] = [];
  for (const g of groups) {
    g.start = Math.max(0, Math.min(...g.offsets) - edgeByBucket[g.bucket]!.length);
    if (histogram[g.bucket]! > g.start) {
      g.read = reads.length;
      reads.push({ bucket: g.bucket, offset: g.start, limit: Math.max(...g.offsets) - g.start + 1, stored: histogram[g.bucket]! });
    }
  }

  return {
    reads,
    finish(slices) {
      const valueAt = ({ offset, group: g }: { offset: number; group: TGroup }) => {
        const slice = g.read === null ? [] : slices[g.read]!;
        return valueAtOffset(offset, slice, g.start, g.start + slice.length >= histogram[g.bucket]!, edgeByBucket[g.bucket]!);
      };
      const [median, p75] = positions.map(({ h, lower }, i) => {
        const [low, up] = located[i]!.map(valueAt) as [number, number];
        return Math.round(low + (h - lower) * (up - low));
      });
      return { median: median!, p75: p75! };
    },
  };
}

/**
 * The `offset`-th value (0-based, ascending) of one bucket's stored values together with its
 * edge values `edge` (sorted), knowing the stored values from position `start` on (`slice`,
 * all the rest of them when `complete`).
 */
export function valueAtOffset(offset: number, slice: readonly number[], start: number, complete: boolean, edge: readonly number[]): number {
  const candidates = [...slice, ...edge].sort((a, b) => a - b);
  const last = slice[slice.length - 1];
  let inSlice = 0;
  let inEdge = 0;
  for (const x of candidates) {
    while (inSlice < slice.length && slice[inSlice]! <= x) inSlice += 1;
    while (inEdge < edge.length && edge[inEdge]! <= x) inEdge += 1;
    // Exact below the slice's last value; beyond it more stored values may equal it.
    if (start + inSlice + inEdge > offset) return x;
    if (!complete && last !== undefined && x >= last) break;
  }
  const known = slice[offset - start];
  if (known === undefined) throw new RangeError(`offset ${offset} not within the values read`);
  return known;
}
