import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Aggregates behind stats.reps, kept by triggers (stats-triggers.ts) as handovers and decisions
// are written, so a range's figures are sums over a few rows instead of a walk of its handovers.
// Not exported from schema.ts: drizzle-kit does not manage them (migrations 0005, 0007 and 0008 create them).
//
// A row is one original owner's handovers started in one UTC period, by started_at's text:
// grain 'h' an hour (period 'YYYY-MM-DDTHH'), 'd' a day (period 'YYYY-MM-DD'), 'm' a month
// (period 'YYYY-MM'). Every handover counts in one row of each grain.

export const STATS_GRAINS = [
  { grain: 'h', periodLength: 13 },
  { grain: 'd', periodLength: 10 },
  { grain: 'm', periodLength: 7 },
] as const;

/**
 * First-touch delay histograms: bucket 0 holds delays below DELAY_BUCKET_BOUNDS[0], bucket k
 * those in [bounds[k−1], bounds[k]), the last everything from the last bound: a quarter of
 * a doubling each, from 1 s to about 10 days. They only locate a percentile's rank; its exact
 * value is then read from the handovers in that one bucket.
 */
export const DELAY_BUCKET_BOUNDS: readonly number[] = Array.from({ length: 80 }, (_, i) => Math.round(1000 * 2 ** (i / 4)));
export const DELAY_BUCKETS = DELAY_BUCKET_BOUNDS.length + 1;

/** The histogram bucket of a delay expression in SQL (how many bounds it reaches), by halving: a few comparisons, not one per bound. */
export function delayBucketSql(delay: string, low = 0, high = DELAY_BUCKET_BOUNDS.length): string {
  if (low === high) return String(low);
  const mid = (low + high) >> 1;
  return `case when ${delay} >= ${DELAY_BUCKET_BOUNDS[mid]} then ${delayBucketSql(delay, mid + 1, high)} else ${delayBucketSql(delay, low, mid)} end`;
}

/** A histogram's kind in rep_delay_histograms: business-time ('b') or calendar-time ('c') first-touch delays. */
export const DELAY_KINDS = { business: 'b', calendar: 'c' } as const;

/** The counted columns of rep_stats, in table order. */
export const REP_STATS_COUNT_COLUMNS = [
  'handovers',
  'accepted',
  'rejected',
  'rejected_without_contact',
  'sla_met',
  /** Due whatever `now` is: touched, or rejected without contact after the deadline. */
  'sla_due_settled',
  /** Untouched and not rejected without contact: due once the deadline has passed. */
  'sla_pending',
  'untouched_open',
  'touched',
] as const;

/**
 * Calendar time from handover to first touch in whole milliseconds, as `calendarDelayMs`
 * (stats/common.ts) computes it from the same text: SQLite keeps an instant as integer
 * milliseconds, so julianday × 86 400 000 rounds back to it exactly.
 */
export function calendarDelaySql(firstTouchAt: string, startedAt: string): string {
  const ms = (column: string) => `cast(round(julianday(${column}) * 86400000) as integer)`;
  return `max(0, ${ms(firstTouchAt)} - ${ms(startedAt)})`;
}

const counted = (name: string) => integer(name).notNull().default(0);

export const repStats = sqliteTable(
  'rep_stats',
  {
    grain: text('grain', { enum: ['h', 'd', 'm'] }).notNull(),
    period: text('period').notNull(),
    ownerId: text('owner_id').notNull(),
    handovers: counted('handovers'),
    accepted: counted('accepted'),
    rejected: counted('rejected'),
    rejectedWithoutContact: counted('rejected_without_contact'),
    slaMet: counted('sla_met'),
    slaDueSettled: counted('sla_due_settled'),
    slaPending: counted('sla_pending'),
    untouchedOpen: counted('untouched_open'),
    touched: counted('touched'),
  },
  (t) => [primaryKey({ columns: [t.grain, t.period, t.ownerId] })],
);

/**
 * A histogram's columns in rep_delay_histograms, two buckets to a column: `b{2i}_{2i+1}` holds
 * count(2i) + count(2i+1) × 2^26, and the last (`b80`) bucket 80 alone. A range's histograms
 * then take half as many sums. The sums of packed values are the packed sums, so a range's
 * column is unpacked once, after summing (`unpackDelayHistogram`). 26 bits is plenty: the even
 * bucket's count would reach 2^26 (67 million) only with one rep's 67 million handovers in one
 * bucket of the range read, and the sum stays an exact double (below 2^53) while the odd
 * bucket's count is below 2^27.
 */
export const DELAY_PAIR_SHIFT = 26;
const PAIR_UNIT = 2 ** DELAY_PAIR_SHIFT;
export const DELAY_PAIR_COLUMNS: readonly string[] = Array.from({ length: Math.ceil(DELAY_BUCKETS / 2) }, (_, i) =>
  2 * i + 1 < DELAY_BUCKETS ? `b${2 * i}_${2 * i + 1}` : `b${2 * i}`,
);

/** The buckets' counts from the sums of DELAY_PAIR_COLUMNS (each a non-negative packed count). */
export function unpackDelayHistogram(sums: readonly number[]): number[] {
  const counts = new Array<number>(DELAY_BUCKETS).fill(0);
  sums.forEach((sum, i) => {
    const even = sum % PAIR_UNIT;
    counts[2 * i] = even;
    if (2 * i + 1 < DELAY_BUCKETS) counts[2 * i + 1] = (sum - even) / PAIR_UNIT;
  });
  return counts;
}

/**
 * The first-touch delay histograms: per original owner, period and kind, a column per pair of
 * buckets (migration 0008). A range's histograms are then sums over a row per period, owner and
 * kind, not over a row per bucket that a grouped read must sort. The triggers compute a delay's
 * bucket once and set each column from it, so their program stays a few hundred instructions.
 */
export const repDelayHistograms = sqliteTable(
  'rep_delay_histograms',
  {
    grain: text('grain', { enum: ['h', 'd', 'm'] }).notNull(),
    period: text('period').notNull(),
    ownerId: text('owner_id').notNull(),
    kind: text('kind', { enum: ['b', 'c'] }).notNull(),
    ...Object.fromEntries(DELAY_PAIR_COLUMNS.map((column) => [column, counted(column)])),
  },
  (t) => [primaryKey({ columns: [t.grain, t.period, t.ownerId, t.kind] })],
);

/** Rejections per original owner, period and reason; a rejection without a reason has reason_key ''. */
export const repReasons = sqliteTable(
  'rep_reasons',
  {
    grain: text('grain', { enum: ['h', 'd', 'm'] }).notNull(),
    period: text('period').notNull(),
    ownerId: text('owner_id').notNull(),
    reasonKey: text('reason_key').notNull(),
    count: counted('count'),
  },
  (t) => [primaryKey({ columns: [t.grain, t.period, t.ownerId, t.reasonKey] })],
);

/** Which definition of the triggers built the aggregates: another one rebuilds them (stats-triggers.ts). */
export const statsAggregates = sqliteTable('stats_aggregates', {
  name: text('name').primaryKey(),
  definition: text('definition').notNull(),
});

/** Derived from handovers and decisions by the triggers: a copy of the rows (the demo seed's) leaves them to the target's triggers. */
export const STATS_AGGREGATE_TABLES: readonly string[] = ['rep_stats', 'rep_reasons', 'rep_delay_histograms', 'stats_aggregates'];
