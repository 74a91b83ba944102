import { and, gte, lt, sql } from 'drizzle-orm';
import { ENGAGEMENT_LEVELS } from '../../../shared/levels';
import { rate } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { decisions, leads } from '../../db/schema';
import type { TUser } from '../users';
import { type FUNNEL_GROUPS, NO_GROUP, type TFunnelInput, type TRange, UNSCORED, ZFunnelInput, assertManager, countAll, countIf, iso, parse, resolveRange } from './common';

// stats.funnel: leads → MQL → SQL → accepted → opportunity → won, by group, with the overall
// MQL → won and SQL → won rates beside the step rates.

export type TFunnelGroupBy = (typeof FUNNEL_GROUPS)[number];

export interface TFunnelCounts {
  /** Leads created in the range. */
  leads: number;
  /** Reached MQL or beyond: mqlAt or sqlAt set (a direct SQL skipped the MQL step but is past it). */
  mqls: number;
  /** sqlAt set. */
  sqls: number;
  /** At least one handover of the lead accepted. */
  accepted: number;
  /** Rejected at least once and never accepted. */
  rejected: number;
  /** opportunityAt set. */
  opportunities: number;
  /** wonAt set. */
  won: number;
  /** Won, of the leads that reached MQL (or SQL directly). */
  mqlsWon: number;
  /** Won, of the leads that reached SQL. */
  sqlsWon: number;
}

export interface TFunnelRates {
  leadToMql: number | null;
  mqlToSql: number | null;
  sqlToAccepted: number | null;
  acceptedToOpportunity: number | null;
  opportunityToWon: number | null;
  /** Overall: MQLs that were won, of the MQLs (the articles' "MQL-to-customer"). */
  mqlToWon: number | null;
  /** Overall: SQLs that were won, of the SQLs (the articles' "SQL-to-deal"). */
  sqlToWon: number | null;
}

export interface TFunnelRow extends TFunnelCounts {
  /** The source, campaign or engagement level; "(none)" for no source or campaign, "(unscored)" for no level. */
  key: string;
  rates: TFunnelRates;
}

export interface TFunnel {
  from: string;
  to: string;
  groupBy: TFunnelGroupBy;
  groups: TFunnelRow[];
  total: TFunnelRow;
}

function funnelRates(c: TFunnelCounts): TFunnelRates {
  return {
    leadToMql: rate(c.mqls, c.leads),
    mqlToSql: rate(c.sqls, c.mqls),
    sqlToAccepted: rate(c.accepted, c.sqls),
    acceptedToOpportunity: rate(c.opportunities, c.accepted),
    opportunityToWon: rate(c.won, c.opportunities),
    mqlToWon: rate(c.mqlsWon, c.mqls),
    sqlToWon: rate(c.sqlsWon, c.sqls),
  };
}

const FUNNEL_COLUMNS = {
  source: leads.source,
  campaign: leads.campaign,
  engagement: leads.engagementLevel,
} as const;

/** Engagement groups in level order, highest first; sources and campaigns by leads, most first. */
function funnelOrder(groupBy: TFunnelGroupBy): (a: TFunnelRow, b: TFunnelRow) => number {
  if (groupBy === 'engagement') {
    const order = [...ENGAGEMENT_LEVELS].reverse() as string[];
    const pos = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    return (a, b) => pos(a.key) - pos(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }
  const last = (key: string) => (key === NO_GROUP ? 1 : 0);
  return (a, b) => last(a.key) - last(b.key) || b.leads - a.leads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The funnel of the leads *created* in the range (a cohort: each step as the lead stands now).
 * Steps are counted independently, so a step reached without the one before it (an
 * opportunity on a lead never accepted here, say) can push a rate above 1.
 */
export async function computeFunnel(database: Database, groupBy: TFunnelGroupBy, range: TRange): Promise<TFunnel> {
  const { db } = database;
  // Each lead's decisions looked up by lead (decisions_lead), for the cohort's leads only: a
  // derived table grouping every decision would read them all, whatever the range.
  const decided = (kind: 'accepted' | 'rejected') => sql`exists (select 1 from ${decisions} where ${decisions.leadId} = ${leads.id} and ${decisions.kind} = ${kind})`;
  const column = FUNNEL_COLUMNS[groupBy];
  const reachedMql = sql`(${leads.mqlAt} is not null or ${leads.sqlAt} is not null)`;
  const rows = await db
    .select({
      key: column,
      leads: countAll(),
      mqls: countIf(reachedMql),
      sqls: countIf(sql`${leads.sqlAt} is not null`),
      accepted: countIf(decided('accepted')),
      rejected: countIf(sql`${decided('rejected')} and not ${decided('accepted')}`),
      opportunities: countIf(sql`${leads.opportunityAt} is not null`),
      won: countIf(sql`${leads.wonAt} is not null`),
      mqlsWon: countIf(sql`${reachedMql} and ${leads.wonAt} is not null`),
      sqlsWon: countIf(sql`${leads.sqlAt} is not null and ${leads.wonAt} is not null`),
    })
    .from(leads)
    .where(and(gte(leads.createdAt, iso(range.from)), lt(leads.createdAt, iso(range.to))))
    .groupBy(column);

  const empty = (): TFunnelCounts => ({ leads: 0, mqls: 0, sqls: 0, accepted: 0, rejected: 0, opportunities: 0, won: 0, mqlsWon: 0, sqlsWon: 0 });
  const steps = Object.keys(empty()) as (keyof TFunnelCounts)[];
  const groups = new Map<string, TFunnelCounts>();
  const total = empty();
  for (const { key: rawKey, ...counts } of rows) {
    const key = rawKey === null || rawKey.trim() === '' ? (groupBy === 'engagement' ? UNSCORED : NO_GROUP) : rawKey;
    const group = groups.get(key) ?? empty();
    for (const step of steps) {
      group[step] += counts[step];
      total[step] += counts[step];
    }
    groups.set(key, group);
  }
  return {
    from: iso(range.from),
    to: iso(range.to),
    groupBy,
    groups: [...groups]
      .map(([key, counts]) => ({ key, ...counts, rates: funnelRates(counts) }))
      .sort(funnelOrder(groupBy)),
    total: { key: 'total', ...total, rates: funnelRates(total) },
  };
}

/** stats.funnel (manager or admin): the whole organisation's leads. */
export async function funnelStats(database: Database, caller: TUser, input: TFunnelInput, now: Date): Promise<TFunnel> {
  assertManager(caller);
  const { groupBy } = parse(ZFunnelInput, input);
  return computeFunnel(database, groupBy, resolveRange(input, now));
}
