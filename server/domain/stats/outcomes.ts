import { and, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { rate } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { leads } from '../../db/schema';
import type { TUser } from '../users';
import { DAY_MS, NO_GROUP, type TRange, ZStatsRange, assertManager, iso, parse, resolveRange } from './common';
import { type TRejectedFate, computeRejectedFate } from './rejected-fate';

// stats.outcomes: what became of the MQLs of a range, by source or campaign, as the seeds ask
// a RevOps dashboard for them: SQL within 30 and 60 days, no sales touch within 7 days, won
// and the revenue won; and what became of the handovers rejected in the range.

export const OUTCOME_GROUPS = ['source', 'campaign'] as const;
export const ZOutcomesInput = ZStatsRange.extend({ groupBy: z.enum(OUTCOME_GROUPS) });
export type TOutcomesInput = z.input<typeof ZOutcomesInput>;
export type TOutcomeGroupBy = (typeof OUTCOME_GROUPS)[number];

export const SQL_WINDOWS_DAYS = [30, 60] as const;
export const TOUCH_WINDOW_DAYS = 7;

export interface TOutcomeRow {
  /** The source or campaign; "(none)" for none. */
  key: string;
  /** Leads whose mql_at lies in the range. */
  mqls: number;
  sqlWithin30Days: number;
  sqlWithin30DaysRate: number | null;
  sqlWithin60Days: number;
  sqlWithin60DaysRate: number | null;
  /** MQLs at least 7 days old with no sales touch (touches row or sales_touch event) in their first 7 days. */
  noTouchIn7Days: number;
  noTouchIn7DaysRate: number | null;
  /** won_at set. */
  won: number;
  /** The numeric `amount`s of the won leads' closed_won events, summed; null when none carries one. */
  revenueWon: number | null;
  /** revenueWon / mqls. */
  revenuePerMql: number | null;
}

export interface TOutcomes {
  from: string;
  to: string;
  groupBy: TOutcomeGroupBy;
  /** Most MQLs first, "(none)" last. */
  groups: TOutcomeRow[];
  total: TOutcomeRow;
  rejected: TRejectedFate;
}

/** One MQL of the cohort, as the query reads it. */
interface TMqlFacts {
  key: string | null;
  mqlAt: string;
  sqlAt: string | null;
  wonAt: string | null;
  /** The earliest touch, of either kind, at or after mql_at. */
  touchAt: string | null;
  eventTouchAt: string | null;
  revenue: number | null;
}

interface TTally {
  mqls: number;
  sqlEligible: [number, number];
  sqlWithin: [number, number];
  touchEligible: number;
  noTouch: number;
  won: number;
  revenue: number | null;
}

const emptyTally = (): TTally => ({ mqls: 0, sqlEligible: [0, 0], sqlWithin: [0, 0], touchEligible: 0, noTouch: 0, won: 0, revenue: null });

/**
 * Adds one MQL to a tally. "SQL within N days" counts a lead whose sql_at is at most N days
 * after its mql_at (exactly N days is within; an sql_at before mql_at counts as 0 days). Its
 * rate is over the MQLs whose N days have run out by `now`, plus the younger ones that are
 * already SQL: a young MQL not yet SQL may still make it, so it is left out of both counts
 * until its N days are over; one already SQL is known to have made it and is counted. (On a
 * range ending near now this leans the rate up: young MQLs still waiting are not yet failures.)
 * "No touch in 7 days" is over the MQLs at least 7 days old only.
 */
function tallyMql(t: TTally, m: TMqlFacts, now: number): void {
  const mqlAt = Date.parse(m.mqlAt);
  const age = now - mqlAt;
  t.mqls += 1;
  SQL_WINDOWS_DAYS.forEach((days, i) => {
    const window = days * DAY_MS;
    const within = m.sqlAt !== null && Math.max(0, Date.parse(m.sqlAt) - mqlAt) <= window;
    if (within || age >= window) t.sqlEligible[i]! += 1;
    if (within) t.sqlWithin[i]! += 1;
  });
  const touchWindow = TOUCH_WINDOW_DAYS * DAY_MS;
  if (age >= touchWindow) {
    t.touchEligible += 1;
    const touches = [m.touchAt, m.eventTouchAt].filter((at): at is string => at !== null).map((at) => Date.parse(at) - mqlAt);
    if (!touches.some((delay) => delay <= touchWindow)) t.noTouch += 1;
  }
  if (m.wonAt !== null) {
    t.won += 1;
    if (m.revenue !== null) t.revenue = (t.revenue ?? 0) + m.revenue;
  }
}

function addTally(into: TTally, t: TTally): void {
  into.mqls += t.mqls;
  into.touchEligible += t.touchEligible;
  into.noTouch += t.noTouch;
  into.won += t.won;
  for (const i of [0, 1]) {
    into.sqlEligible[i]! += t.sqlEligible[i]!;
    into.sqlWithin[i]! += t.sqlWithin[i]!;
  }
  if (t.revenue !== null) into.revenue = (into.revenue ?? 0) + t.revenue;
}

function outcomeRow(key: string, t: TTally): TOutcomeRow {
  return {
    key,
    mqls: t.mqls,
    sqlWithin30Days: t.sqlWithin[0],
    sqlWithin30DaysRate: rate(t.sqlWithin[0], t.sqlEligible[0]),
    sqlWithin60Days: t.sqlWithin[1],
    sqlWithin60DaysRate: rate(t.sqlWithin[1], t.sqlEligible[1]),
    noTouchIn7Days: t.noTouch,
    noTouchIn7DaysRate: rate(t.noTouch, t.touchEligible),
    won: t.won,
    revenueWon: t.revenue,
    revenuePerMql: t.revenue === null ? null : rate(t.revenue, t.mqls),
  };
}

const GROUP_COLUMNS = { source: leads.source, campaign: leads.campaign } as const;

/** The MQLs of the range (leads_mql_at), each lead's touches and events probed by lead. */
async function mqlCohort(database: Database, groupBy: TOutcomeGroupBy, range: TRange): Promise<TMqlFacts[]> {
  // Written out with table names: drizzle leaves the columns of a one-table select unqualified,
  // and an unqualified "id" inside the subqueries would name the subquery's own table.
  const firstTouch = sql<string | null>`(select min(t.at) from touches t where t.lead_id = leads.id and t.at >= leads.mql_at)`;
  const firstTouchEvent = sql<string | null>`(select min(e.at) from events e where e.lead_id = leads.id and e.at >= leads.mql_at and e.type = 'sales_touch')`;
  const revenue = sql<number | null>`(case when leads.won_at is not null then (select sum(json_extract(e.properties, '$.amount')) from events e
    where e.lead_id = leads.id and e.type = 'closed_won' and json_type(e.properties, '$.amount') in ('integer', 'real')) end)`;
  const rows = await database.db
    .select({
      key: GROUP_COLUMNS[groupBy],
      mqlAt: leads.mqlAt,
      sqlAt: leads.sqlAt,
      wonAt: leads.wonAt,
      touchAt: firstTouch,
      eventTouchAt: firstTouchEvent,
      revenue,
    })
    .from(leads)
    .where(and(gte(leads.mqlAt, iso(range.from)), lt(leads.mqlAt, iso(range.to))));
  return rows.map((r) => ({ ...r, mqlAt: r.mqlAt!, revenue: r.revenue === null ? null : Number(r.revenue) }));
}

const groupKey = (raw: string | null) => (raw === null || raw.trim() === '' ? NO_GROUP : raw);

/** Most MQLs first, "(none)" last, then by key. */
const byMqls = (a: TOutcomeRow, b: TOutcomeRow) => Number(a.key === NO_GROUP) - Number(b.key === NO_GROUP) || b.mqls - a.mqls || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export async function computeOutcomes(database: Database, groupBy: TOutcomeGroupBy, range: TRange, now: Date): Promise<TOutcomes> {
  const [cohort, rejected] = await Promise.all([mqlCohort(database, groupBy, range), computeRejectedFate(database, range)]);
  const groups = new Map<string, TTally>();
  for (const mql of cohort) {
    const key = groupKey(mql.key);
    const tally = groups.get(key) ?? emptyTally();
    tallyMql(tally, mql, now.getTime());
    groups.set(key, tally);
  }
  const total = emptyTally();
  for (const tally of groups.values()) addTally(total, tally);
  return {
    from: iso(range.from),
    to: iso(range.to),
    groupBy,
    groups: [...groups].map(([key, tally]) => outcomeRow(key, tally)).sort(byMqls),
    total: outcomeRow('total', total),
    rejected,
  };
}

/** stats.outcomes (manager or admin): the whole organisation's MQLs. */
export async function outcomeStats(database: Database, caller: TUser, input: TOutcomesInput, now: Date): Promise<TOutcomes> {
  assertManager(caller);
  const { groupBy } = parse(ZOutcomesInput, input);
  return computeOutcomes(database, groupBy, resolveRange(input, now), now);
}
