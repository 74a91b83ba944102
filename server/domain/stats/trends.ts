import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import { DateTime, IANAZone } from 'luxon';
import type { Database } from '../../db/client';
import { leads } from '../../db/schema';
import { invalid } from '../../errors';
import { activeCharter } from '../charter';
import type { TUser } from '../users';
import { ACCEPTANCE_RATE_TARGET, type TRange, type TRepScope, type TStatsRangeInput, ZStatsRange, countAll, iso, parse, repScopeFor, resolveRange } from './common';
import { type TRepFigures, computeRepStats } from './reps';

// stats.trends: stats.reps week by week, the caller's weeks (Monday 00:00 in their own zone,
// as instants: a week across a change of clocks is 167 or 169 hours long), for the
// dashboard's charts. Each week's figures are computeRepStats over that week, nothing else.

export const ZTrendsInput = ZStatsRange;
export type TTrendsInput = TStatsRangeInput;

/** The default range: this many weeks, ending with the caller's current week. */
export const DEFAULT_TREND_WEEKS = 12;
/** Two years of weeks: each is a stats.reps read of its own. */
export const MAX_TREND_WEEKS = 104;

export interface TTrendFigures {
  handovers: number;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected). */
  acceptanceRate: number | null;
  slaDue: number;
  slaMet: number;
  slaMetRate: number | null;
  firstTouchBusinessMs: { median: number | null; p75: number | null };
  firstTouchCalendarMs: { median: number | null; p75: number | null };
}

export interface TTrendRep extends TTrendFigures {
  repId: string;
  name: string;
  email: string;
}

export interface TTrendWeek {
  /** The local Monday the week starts on, 'YYYY-MM-DD'. */
  weekStart: string;
  /** The week as instants, clipped to the range. */
  from: string;
  to: string;
  /** The listed reps together. */
  total: TTrendFigures;
  /** Every rep in scope, sorted by name, zeros when they had nothing that week. */
  reps: TTrendRep[];
  /** Leads in scope (every lead, or those the people in scope own) that reached SQL in the week. */
  sqls: number;
}

export interface TTrends {
  from: string;
  to: string;
  timeZone: string;
  scope: TRepScope['kind'];
  targets: { acceptanceRate: number; sqlsPerWeek: number | null };
  /** Oldest first. */
  weeks: TTrendWeek[];
}

interface TWeek {
  weekStart: string;
  range: TRange;
}

/** The weeks [from, to) touches, each clipped to it; more than MAX_TREND_WEEKS is refused. */
export function weeksOf(range: TRange, timeZone: string): TWeek[] {
  const weeks: TWeek[] = [];
  const end = range.to.getTime();
  for (let monday = DateTime.fromJSDate(range.from, { zone: timeZone }).startOf('week'); monday.toMillis() < end; monday = monday.plus({ weeks: 1 })) {
    if (weeks.length === MAX_TREND_WEEKS) {
      throw invalid('from', `the range covers more than ${MAX_TREND_WEEKS} weeks: ask for at most ${MAX_TREND_WEEKS} weeks at a time`);
    }
    const from = Math.max(monday.toMillis(), range.from.getTime());
    const to = Math.min(monday.plus({ weeks: 1 }).toMillis(), end);
    weeks.push({ weekStart: monday.toISODate()!, range: { from: new Date(from), to: new Date(to) } });
  }
  return weeks;
}

/** [from, to): `to` defaults to now, `from` to the Monday DEFAULT_TREND_WEEKS − 1 weeks before the week of `to`. */
function trendRange(input: TTrendsInput | undefined, now: Date, timeZone: string): TRange {
  const { from, to } = parse(ZTrendsInput, input);
  const end = to ? new Date(to) : now;
  const start = from ?? DateTime.fromJSDate(end, { zone: timeZone }).startOf('week').minus({ weeks: DEFAULT_TREND_WEEKS - 1 }).toISO()!;
  return resolveRange({ from: start, to: end.toISOString() }, now);
}

const trendFigures = (f: TRepFigures): TTrendFigures => ({
  handovers: f.handovers,
  accepted: f.accepted,
  rejected: f.rejected,
  acceptanceRate: f.acceptanceRate,
  slaDue: f.slaDue,
  slaMet: f.slaMet,
  slaMetRate: f.slaMetRate,
  firstTouchBusinessMs: f.firstTouchBusinessMs,
  firstTouchCalendarMs: f.firstTouchCalendarMs,
});

/** Leads in scope that reached SQL in each week, in one range search of leads_sql_at. */
async function sqlsByWeek(database: Database, scope: TRepScope, weeks: TWeek[]): Promise<number[]> {
  const counts = weeks.map(() => 0);
  if (weeks.length === 0) return counts;
  const week = sql.join(
    weeks.map((w, i) => sql`when ${leads.sqlAt} < ${iso(w.range.to)} then ${i}`),
    sql` `,
  );
  const owners = scope.kind === 'all' ? undefined : inArray(leads.ownerId, scope.people.map((p) => p.id));
  const rows = await database.db
    .select({ week: sql<number>`case ${week} end`.mapWith(Number), count: countAll() })
    .from(leads)
    .where(and(gte(leads.sqlAt, iso(weeks[0]!.range.from)), lt(leads.sqlAt, iso(weeks[weeks.length - 1]!.range.to)), owners))
    .groupBy(sql`1`);
  for (const { week: i, count } of rows) counts[i] = count;
  return counts;
}

/** stats.trends: scope and access as stats.reps (a rep themselves, a manager their team, an admin everyone). */
export async function trendStats(database: Database, caller: TUser, input: TTrendsInput | undefined, now: Date): Promise<TTrends> {
  const timeZone = IANAZone.isValidZone(caller.timeZone) ? caller.timeZone : 'UTC';
  const range = trendRange(input, now, timeZone);
  const weeks = weeksOf(range, timeZone);
  const scope = await repScopeFor(database, caller);
  const [charter, sqls, stats] = await Promise.all([
    activeCharter(database),
    sqlsByWeek(database, scope, weeks),
    Promise.all(weeks.map((w) => computeRepStats(database, scope, w.range, now))),
  ]);
  return {
    from: iso(range.from),
    to: iso(range.to),
    timeZone,
    scope: scope.kind,
    targets: { acceptanceRate: ACCEPTANCE_RATE_TARGET, sqlsPerWeek: charter.targets.sqlsPerWeek },
    weeks: weeks.map((w, i) => ({
      weekStart: w.weekStart,
      from: iso(w.range.from),
      to: iso(w.range.to),
      total: trendFigures(stats[i]!.total),
      reps: stats[i]!.reps.map((r) => ({ repId: r.repId, name: r.name, email: r.email, ...trendFigures(r) })),
      sqls: sqls[i]!,
    })),
  };
}
