import type { TRange } from './common';

// A range [from, to) cut for the aggregates (db/schema-stats.ts): the whole UTC days inside it
// come from the day and month rows, the parts of a day at either edge from the handovers
// themselves (at most a day's worth each).

export interface TPeriodSpan {
  grain: 'd' | 'm';
  /** Inclusive, 'YYYY-MM-DD' or 'YYYY-MM'. */
  from: string;
  /** Exclusive. */
  to: string;
}

export interface TRangeSplit {
  /** Parts of a UTC day at the edges, read from the handovers. */
  edges: TRange[];
  /** The whole UTC days, read from the aggregates; null when there are none. */
  whole: TRange | null;
  /** The whole days as aggregate rows: whole months as month rows, the days around them as day rows. */
  spans: TPeriodSpan[];
}

const startOfDay = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};
const ceilDay = (t: number) => (startOfDay(t) === t ? t : startOfDay(t) + 86_400_000);
const startOfMonth = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const ceilMonth = (t: number) => {
  const d = new Date(t);
  return startOfMonth(t) === t ? t : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const month = (t: number) => new Date(t).toISOString().slice(0, 7);

export function splitRange(range: TRange): TRangeSplit {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const wholeFrom = ceilDay(from);
  const wholeTo = startOfDay(to);
  if (wholeFrom >= wholeTo) return { edges: from < to ? [range] : [], whole: null, spans: [] };

  const edges: TRange[] = [];
  if (from < wholeFrom) edges.push({ from: range.from, to: new Date(wholeFrom) });
  if (wholeTo < to) edges.push({ from: new Date(wholeTo), to: range.to });

  const spans: TPeriodSpan[] = [];
  const monthFrom = ceilMonth(wholeFrom);
  const monthTo = startOfMonth(wholeTo);
  if (monthFrom < monthTo) {
    if (wholeFrom < monthFrom) spans.push({ grain: 'd', from: day(wholeFrom), to: day(monthFrom) });
    spans.push({ grain: 'm', from: month(monthFrom), to: month(monthTo) });
    if (monthTo < wholeTo) spans.push({ grain: 'd', from: day(monthTo), to: day(wholeTo) });
  } else {
    spans.push({ grain: 'd', from: day(wholeFrom), to: day(wholeTo) });
  }
  return { edges, whole: { from: new Date(wholeFrom), to: new Date(wholeTo) }, spans };
}
