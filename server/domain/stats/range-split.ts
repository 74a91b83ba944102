import type { TRange } from './common';

// A range [from, to) cut for the aggregates (db/schema-stats.ts): the whole UTC hours inside it
// come from the hour, day and month rows, the parts of an hour at either edge from the
// handovers themselves (at most an hour's worth each).

export interface TPeriodSpan {
  grain: 'h' | 'd' | 'm';
  /** Inclusive, 'YYYY-MM-DDTHH', 'YYYY-MM-DD' or 'YYYY-MM'. */
  from: string;
  /** Exclusive. */
  to: string;
}

export interface TRangeSplit {
  /** Parts of an hour at the edges, read from the handovers. */
  edges: TRange[];
  /** The whole UTC hours, read from the aggregates; null when there are none. */
  whole: TRange | null;
  /** The whole hours as aggregate rows: whole months as month rows, whole days around them as day rows, the hours around those as hour rows. */
  spans: TPeriodSpan[];
}

interface TLevel {
  grain: TPeriodSpan['grain'];
  /** The start of the period holding t. */
  floor(t: number): number;
  periodLength: number;
}

const HOUR_MS = 3_600_000;
const LEVELS: TLevel[] = [
  { grain: 'h', floor: (t) => t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS), periodLength: 13 },
  { grain: 'd', floor: (t) => t - (((t % 86_400_000) + 86_400_000) % 86_400_000), periodLength: 10 },
  {
    grain: 'm',
    floor: (t) => {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    },
    periodLength: 7,
  },
];

const period = (t: number, level: TLevel) => new Date(t).toISOString().slice(0, level.periodLength);

/** The first period start of `level` at or after t. */
function ceilTo(level: TLevel, t: number): number {
  const floor = level.floor(t);
  if (floor === t) return t;
  // The next period starts after the longest one (a month) at most.
  let next = floor;
  for (let step = HOUR_MS; next <= t; step *= 2) next = level.floor(floor + step);
  return next;
}

/** Covers [from, to) (whole periods of LEVELS[i]) by the coarsest periods that fit, the finer ones at its ends. */
function cover(from: number, to: number, i: number, spans: TPeriodSpan[]): void {
  const level = LEVELS[i]!;
  const coarser = LEVELS[i + 1];
  const innerFrom = coarser ? ceilTo(coarser, from) : to;
  const innerTo = coarser ? coarser.floor(to) : to;
  if (!coarser || innerFrom >= innerTo) {
    spans.push({ grain: level.grain, from: period(from, level), to: period(to, level) });
    return;
  }
  if (from < innerFrom) spans.push({ grain: level.grain, from: period(from, level), to: period(innerFrom, level) });
  cover(innerFrom, innerTo, i + 1, spans);
  if (innerTo < to) spans.push({ grain: level.grain, from: period(innerTo, level), to: period(to, level) });
}

export function splitRange(range: TRange): TRangeSplit {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const hours = LEVELS[0]!;
  const wholeFrom = ceilTo(hours, from);
  const wholeTo = hours.floor(to);
  if (wholeFrom >= wholeTo) return { edges: from < to ? [range] : [], whole: null, spans: [] };

  const edges: TRange[] = [];
  if (from < wholeFrom) edges.push({ from: range.from, to: new Date(wholeFrom) });
  if (wholeTo < to) edges.push({ from: new Date(wholeTo), to: range.to });
  const spans: TPeriodSpan[] = [];
  cover(wholeFrom, wholeTo, 0, spans);
  return { edges, whole: { from: new Date(wholeFrom), to: new Date(wholeTo) }, spans };
}
