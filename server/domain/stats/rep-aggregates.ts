import type { Database } from '../../db/client';
import { readRows } from '../../db/read-statements';
import { DELAY_BUCKETS, DELAY_KINDS, DELAY_PAIR_COLUMNS, REP_STATS_COUNT_COLUMNS, calendarDelaySql, unpackDelayHistogram } from '../../db/schema-stats';
import { type TRange, type TRepScope, iso } from './common';
import { type TBucketRead, bucketBounds } from './delay-percentiles';
import type { TPeriodSpan } from './range-split';
import { slaRulesText } from './sla-rules';

// stats.reps's figures for whole UTC days, from the aggregates kept by db/stats-triggers.ts.
// Their statements are a few fixed texts, each prepared once per database (read-statements.ts).

const PENDING = `${slaRulesText('h', 'd').duePending} = 1`;

export interface TAggregateCounts {
  handovers: number;
  accepted: number;
  rejected: number;
  rejectedWithoutContact: number;
  slaMet: number;
  slaDueSettled: number;
  slaPending: number;
  untouchedOpen: number;
  touched: number;
}

export interface TAggregateRow {
  counts: TAggregateCounts;
  business: number[];
  calendar: number[];
}

const COUNT_KEYS: Record<(typeof REP_STATS_COUNT_COLUMNS)[number], keyof TAggregateCounts> = {
  handovers: 'handovers',
  accepted: 'accepted',
  rejected: 'rejected',
  rejected_without_contact: 'rejectedWithoutContact',
  sla_met: 'slaMet',
  sla_due_settled: 'slaDueSettled',
  sla_pending: 'slaPending',
  untouched_open: 'untouchedOpen',
  touched: 'touched',
};

function spanWhere(spans: readonly TPeriodSpan[], scope: TRepScope): { where: string; args: string[] } {
  const args: string[] = [];
  const parts = spans.map((s) => {
    args.push(s.grain, s.from, s.to);
    return '(grain = ? and period >= ? and period < ?)';
  });
  let where = `(${parts.join(' or ')})`;
  if (scope.kind !== 'all') {
    where += ' and owner_id in (select value from json_each(?))';
    args.push(JSON.stringify(scope.people.map((p) => p.id)));
  }
  return { where, args };
}

/** Per original owner: the counts and both delay histograms of the handovers started in `spans`. */
export async function aggregateRows(database: Database, scope: TRepScope, spans: readonly TPeriodSpan[]): Promise<Map<string, TAggregateRow>> {
  const result = new Map<string, TAggregateRow>();
  if (spans.length === 0) return result;
  const { where, args } = spanWhere(spans, scope);
  const [counts, delays] = await Promise.all([
    readRows(database, `select owner_id, ${REP_STATS_COUNT_COLUMNS.map((c) => `sum(${c})`).join(', ')} from rep_stats where ${where} group by owner_id having sum(handovers) > 0`, args),
    readRows(database, `select owner_id, kind, ${DELAY_PAIR_COLUMNS.map((c) => `sum(${c})`).join(', ')} from rep_delay_histograms where ${where} group by owner_id, kind`, args),
  ]);
  for (const row of counts) {
    const values = REP_STATS_COUNT_COLUMNS.map((_, i) => Number(row[i + 1]));
    const counted = Object.fromEntries(REP_STATS_COUNT_COLUMNS.map((name, i) => [COUNT_KEYS[name], values[i]!])) as unknown as TAggregateCounts;
    result.set(row[0] as string, { counts: counted, business: new Array<number>(DELAY_BUCKETS).fill(0), calendar: new Array<number>(DELAY_BUCKETS).fill(0) });
  }
  for (const [ownerId, kind, ...buckets] of delays) {
    const row = result.get(ownerId as string);
    if (row) row[kind === DELAY_KINDS.business ? 'business' : 'calendar'] = unpackDelayHistogram(buckets.map(Number));
  }
  return result;
}

/** Per original owner and reason id (null for none): the rejections of the handovers started in `spans`. */
export async function aggregateReasons(database: Database, scope: TRepScope, spans: readonly TPeriodSpan[]): Promise<{ ownerId: string; reasonId: string | null; count: number }[]> {
  if (spans.length === 0) return [];
  const { where, args } = spanWhere(spans, scope);
  const rows = await readRows(database, `select owner_id, reason_key, sum(count) from rep_reasons where ${where} group by owner_id, reason_key having sum(count) > 0`, args);
  return rows.map((r) => ({ ownerId: r[0] as string, reasonId: r[1] === '' ? null : (r[1] as string), count: Number(r[2]) }));
}

/**
 * The handovers counted by `pendingNotYetDue`, per original owner; binds now, the range's start
 * and end, and the owners as JSON when `byOwner`. The index is named: without statistics the
 * planner would rather walk the range's starts.
 */
export const pendingNotYetDueSql = (byOwner: boolean) =>
  `select h.original_owner_id, count(*) from handovers h indexed by handovers_untouched_deadline
      left join decisions d on d.handover_id = h.id
      where h.first_touch_at is null and h.deadline > ? and h.started_at >= ? and h.started_at < ? and ${PENDING}${byOwner ? ' and h.original_owner_id in (select value from json_each(?))' : ''}
      group by h.original_owner_id`;

/**
 * Per original owner: the handovers started in `whole` that count as due once their deadline
 * has passed (`sla_pending`) and whose deadline is still after `now`. Few rows: the partial
 * index on untouched handovers' deadlines finds them and covers the columns read (migration 0008),
 * so only a decision is looked up per row.
 */
export async function pendingNotYetDue(database: Database, scope: TRepScope, whole: TRange, now: Date): Promise<Map<string, number>> {
  const args: string[] = [iso(now), iso(whole.from), iso(whole.to)];
  if (scope.kind !== 'all') args.push(JSON.stringify(scope.people.map((p) => p.id)));
  const rows = await readRows(database, pendingNotYetDueSql(scope.kind !== 'all'), args);
  return new Map(rows.map((r) => [r[0] as string, Number(r[1])]));
}

export type TDelayKind = 'business' | 'calendar';

const CALENDAR_DELAY = calendarDelaySql('first_touch_at', 'started_at');
/** Each kind's delay as its index on handovers holds it (migration 0005), and the value stats use. */
const DELAY_SQL: Record<TDelayKind, { indexed: string; value: string; where: string }> = {
  business: {
    indexed: 'first_touch_business_ms',
    value: 'max(0, first_touch_business_ms)',
    where: 'first_touch_at is not null and first_touch_business_ms is not null',
  },
  calendar: { indexed: CALENDAR_DELAY, value: CALENDAR_DELAY, where: 'first_touch_at is not null' },
};

export interface TDelayRead extends TBucketRead {
  kind: TDelayKind;
  /** Null: every owner's. */
  ownerIds: readonly string[] | null;
}

function ownerCondition(ownerIds: readonly string[] | null): { sql: string; args: string[] } {
  if (ownerIds === null) return { sql: 'true', args: [] };
  if (ownerIds.length === 1) return { sql: 'original_owner_id = ?', args: [ownerIds[0]!] };
  return { sql: 'original_owner_id in (select value from json_each(?))', args: [JSON.stringify(ownerIds)] };
}

/**
 * Reads the values each `reads` asks for, among the handovers started in `range`, in one batch.
 * An index walk to an offset visits every entry of the bucket before it (those started outside
 * the range too), so a read nearer the bucket's top walks down from the top: the same values,
 * reversed.
 */
export async function readDelays(database: Database, range: TRange, reads: readonly TDelayRead[]): Promise<number[][]> {
  if (reads.length === 0) return [];
  const statements = reads.map((r) => {
    const d = DELAY_SQL[r.kind];
    const { lower, upper } = bucketBounds(r.bucket);
    const owner = ownerCondition(r.ownerIds);
    const end = Math.min(r.offset + r.limit, r.stored);
    const fromTop = r.stored - r.offset < end;
    return {
      sql: `select ${d.value} from handovers
        where ${owner.sql} and ${d.where} and ${d.indexed} >= ? and ${d.indexed} < ? and started_at >= ? and started_at < ?
        order by ${d.indexed}${fromTop ? ' desc' : ''} limit ? offset ?`,
      args: [...owner.args, lower, upper, iso(range.from), iso(range.to), ...(fromTop ? [end - r.offset, r.stored - end] : [r.limit, r.offset])],
      fromTop,
    };
  });
  const results: number[][] = [];
  for (const { sql, args, fromTop } of statements) {
    const values = (await readRows(database, sql, args)).map((row) => Number(row[0]));
    results.push(fromTop ? values.reverse() : values);
  }
  return results;
}
