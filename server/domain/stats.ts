import { and, asc, eq, gte, inArray, isNotNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_REJECTION_REASONS, type TCharter } from '../../shared/charter';
import { ENGAGEMENT_LEVELS } from '../../shared/levels';
import { FIRST_TOUCH_BUCKETS, firstTouchBucket, type TFirstTouchBucketId } from '../../shared/response-time';
import { byCount, medianAndP75, mergeCounts, rate, type TCounted } from '../../shared/stats';
import type { Database } from '../db/client';
import { decisions, handovers, leads, users } from '../db/schema';
import { forbidden, invalid } from '../errors';
import { activeCharter } from './charter';
import { touchMeetsDeadlineSql } from './sla-sql';
import type { TUser } from './users';

// The numbers a manager reads in the popup and in the weekly sync (BRIEF §2, §3 "Stats").
//
// Conventions shared by every figure here:
// - A range is half-open, [from, to): a handover started exactly at `to` belongs to the next
//   range, so consecutive weeks never count one twice. The default is the 30 days before now.
// - Handover figures (reps, reasons, first touch, compliance) take the handovers *started* in
//   the range and attribute each to its original owner (`handovers.originalOwnerId`): a backup
//   who inherits a breached handover does not inherit its SLA figures. Outcomes (decisions,
//   touches) count as they stand at `now`, whenever they happened: a cohort view, so every
//   handover is counted once, in the range it started in.
// - A handover's outcome is its decision row (one per handover): "accepted", "rejected", or
//   "undecided" when there is none yet.
// - Rates are unrounded fractions (0.75, not 75) and null when the denominator is 0.
// - Durations are milliseconds; medians and 75th percentiles use linear interpolation
//   (`shared/stats.ts`), rounded to whole milliseconds.
// - Instants are compared as ISO-8601 UTC text (the schema's storage format).

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RANGE_DAYS = 30;
export const DEFAULT_DECISION_WINDOW_DAYS = 7;
/** The seeds' target: 70% or more of SQLs accepted by sales. */
export const ACCEPTANCE_RATE_TARGET = 0.7;
export const NO_GROUP = '(none)';
export const UNSCORED = '(unscored)';
export const NO_REASON_LABEL = '(no reason given)';

const ZInstant = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time such as 2026-03-02T09:30:00Z' });

export const ZStatsRange = z.object({ from: ZInstant.optional(), to: ZInstant.optional() });
export type TStatsRangeInput = z.input<typeof ZStatsRange>;

export const ZRepStatsInput = ZStatsRange;
export type TRepStatsInput = TStatsRangeInput;

export const FUNNEL_GROUPS = ['source', 'campaign', 'engagement'] as const;
export const ZFunnelInput = ZStatsRange.extend({ groupBy: z.enum(FUNNEL_GROUPS) });
export type TFunnelInput = z.input<typeof ZFunnelInput>;

export const ZReasonsInput = ZStatsRange;
export const ZFirstTouchInput = ZStatsRange;

export const ZComplianceInput = ZStatsRange.extend({
  decisionWindowDays: z.number().int().min(1).max(365).optional(),
});
export type TComplianceInput = z.input<typeof ZComplianceInput>;

export interface TRange {
  from: Date;
  to: Date;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalid(issue.path.map(String).join('.') || 'input', issue.message);
}

/** [from, to): `to` defaults to now, `from` to 30 days before `to`; from after to is refused. */
export function resolveRange(input: TStatsRangeInput | undefined, now: Date, defaultDays = DEFAULT_RANGE_DAYS): TRange {
  const { from, to } = parse(ZStatsRange, input);
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - defaultDays * DAY_MS);
  if (start.getTime() > end.getTime()) {
    throw invalid('from', `must not be after to (${start.toISOString()} > ${end.toISOString()})`);
  }
  return { from: start, to: end };
}

// ---------------------------------------------------------------------------------------
// Who sees whom

export interface TPerson {
  id: string;
  name: string;
  email: string;
}

/**
 * The reps whose per-rep figures a caller sees:
 * - a rep: themselves only (the rep popup shows personal stats);
 * - a manager with direct reports (users whose `managerId` is them): that team;
 * - a manager without direct reports, or an admin: everyone — every user with the role
 *   "rep", plus anyone else who was the original owner of a handover in the range.
 */
export type TRepScope = { kind: 'self' | 'team'; people: TPerson[] } | { kind: 'all' };

export const ALL_REPS: TRepScope = { kind: 'all' };

const person = (u: Pick<TUser, 'id' | 'name' | 'email'>): TPerson => ({ id: u.id, name: u.name, email: u.email });

export async function repScopeFor(database: Database, caller: TUser): Promise<TRepScope> {
  if (caller.role === 'rep') return { kind: 'self', people: [person(caller)] };
  if (caller.role === 'admin') return ALL_REPS;
  const team = await database.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.managerId, caller.id));
  return team.length > 0 ? { kind: 'team', people: team } : ALL_REPS;
}

function assertManager(caller: TUser): void {
  if (caller.role !== 'manager' && caller.role !== 'admin') throw forbidden('only a manager or an admin may see team stats');
}

function ownerFilter(scope: TRepScope): SQL | undefined {
  return scope.kind === 'all' ? undefined : inArray(handovers.originalOwnerId, scope.people.map((p) => p.id));
}

const byName = (a: TPerson, b: TPerson) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email, 'en');

/** The people a per-rep table lists, sorted by name: the scope's, or for "all" every rep plus `ownerIds`. */
async function peopleIn(database: Database, scope: TRepScope, ownerIds: Iterable<string>): Promise<TPerson[]> {
  if (scope.kind !== 'all') return [...scope.people].sort(byName);
  const reps = await database.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.role, 'rep'));
  const known = new Set(reps.map((r) => r.id));
  const others = [...new Set(ownerIds)].filter((id) => !known.has(id));
  const extra =
    others.length === 0
      ? []
      : await database.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, others));
  return [...reps, ...extra].sort(byName);
}

// ---------------------------------------------------------------------------------------
// Shared SQL pieces

const iso = (d: Date) => d.toISOString();

function startedIn(range: TRange): SQL {
  return and(gte(handovers.startedAt, iso(range.from)), lt(handovers.startedAt, iso(range.to)))!;
}

const isAccepted = sql`${decisions.kind} = 'accepted'`;
const isRejected = sql`${decisions.kind} = 'rejected'`;
/** Rejected before any touch: the SLA clock stopped there (BRIEF §3). */
const isRejectedWithoutContact = sql`(${decisions.kind} = 'rejected' and ${decisions.withoutContact} = 1)`;

const countAll = () => sql<number>`count(*)`.mapWith(Number);
const countIf = (condition: SQL) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);

/**
 * Due for the SLA: its outcome is known. Touched (met or missed), or untouched with the
 * deadline passed (missed). A rejection without contact stopped the clock: due (and missed)
 * only if the deadline had already lapsed when it was made.
 */
const slaDue = (now: Date) =>
  sql`case
    when ${isRejectedWithoutContact} then ${decisions.decidedAt} > ${handovers.deadline}
    when ${handovers.firstTouchAt} is not null then 1
    else ${handovers.deadline} <= ${iso(now)}
  end`;
/** Met: the first touch meets the deadline by the SLA's one rule (`touchMeetsDeadline`, shared/sla.ts), and no rejection without contact stopped the clock first. */
const slaMet = sql`case
    when ${isRejectedWithoutContact} then 0
    when ${handovers.firstTouchAt} is not null and ${touchMeetsDeadlineSql(handovers.firstTouchAt, handovers.deadline)} then 1
    else 0
  end`;

async function reasonLabeller(database: Database): Promise<(id: string | null) => string> {
  const charter: TCharter = await activeCharter(database);
  const labels = new Map<string, string>();
  for (const r of DEFAULT_REJECTION_REASONS) labels.set(r.id, r.label);
  for (const r of charter.rejectionReasons) labels.set(r.id, r.label);
  return (id) => (id === null ? NO_REASON_LABEL : (labels.get(id) ?? id));
}

/** Calendar time from handover to first touch; a touch logged before the handover counts as 0. */
function calendarDelayMs(startedAt: string, firstTouchAt: string): number {
  return Math.max(0, Date.parse(firstTouchAt) - Date.parse(startedAt));
}

// ---------------------------------------------------------------------------------------
// stats.reps

export interface TReasonCount {
  reasonId: string | null;
  label: string;
  count: number;
}

export interface TRepFigures {
  /** Handovers started in the range with this rep as original owner. */
  handovers: number;
  accepted: number;
  rejected: number;
  /** No decision recorded yet. */
  undecided: number;
  /** accepted / (accepted + rejected). */
  acceptanceRate: number | null;
  /** Handovers whose SLA outcome is known (see `slaDue`). */
  slaDue: number;
  /** Due handovers first touched no later than their deadline. */
  slaMet: number;
  /** slaMet / slaDue. */
  slaMetRate: number | null;
  /** Due handovers that missed the deadline: slaDue − slaMet. */
  breached: number;
  /** Rejections decided before any touch. */
  rejectedWithoutContact: number;
  /** Handovers with a first touch: the basis of the two speed figures. */
  touched: number;
  /** Handover → first touch in the original owner's business time (`firstTouchBusinessMs`). */
  firstTouchBusinessMs: { median: number | null; p75: number | null };
  /** Handover → first touch in elapsed time (firstTouchAt − startedAt). */
  firstTouchCalendarMs: { median: number | null; p75: number | null };
  /** The three most frequent rejection reasons, most frequent first (ties by id). */
  topReasons: TReasonCount[];
  /** Undecided handovers with no touch yet. */
  untouchedOpen: number;
}

export interface TRepRow extends TRepFigures {
  repId: string;
  name: string;
  email: string;
}

export interface TRepStats {
  from: string;
  to: string;
  /** Whose rows these are: the caller's own, their team's, or every rep's. */
  scope: TRepScope['kind'];
  /** Sorted by name. */
  reps: TRepRow[];
  /** The listed reps together (percentiles over all their handovers, not an average of medians). */
  total: TRepFigures;
}

interface TRepCounts {
  handovers: number;
  accepted: number;
  rejected: number;
  rejectedWithoutContact: number;
  slaDue: number;
  slaMet: number;
  untouchedOpen: number;
}

interface TRepRaw {
  counts: TRepCounts;
  business: number[];
  calendar: number[];
  reasons: TCounted<string | null>[];
}

const ZERO_COUNTS: TRepCounts = { handovers: 0, accepted: 0, rejected: 0, rejectedWithoutContact: 0, slaDue: 0, slaMet: 0, untouchedOpen: 0 };

function figures(raw: TRepRaw, label: (id: string | null) => string): TRepFigures {
  const c = raw.counts;
  return {
    handovers: c.handovers,
    accepted: c.accepted,
    rejected: c.rejected,
    undecided: c.handovers - c.accepted - c.rejected,
    acceptanceRate: rate(c.accepted, c.accepted + c.rejected),
    slaDue: c.slaDue,
    slaMet: c.slaMet,
    slaMetRate: rate(c.slaMet, c.slaDue),
    breached: c.slaDue - c.slaMet,
    rejectedWithoutContact: c.rejectedWithoutContact,
    touched: raw.calendar.length,
    firstTouchBusinessMs: medianAndP75(raw.business),
    firstTouchCalendarMs: medianAndP75(raw.calendar),
    topReasons: byCount(mergeCounts(raw.reasons), 3).map(({ key, count }) => ({ reasonId: key, label: label(key), count })),
    untouchedOpen: c.untouchedOpen,
  };
}

function combine(raws: TRepRaw[]): TRepRaw {
  const counts = { ...ZERO_COUNTS };
  for (const raw of raws) for (const k of Object.keys(counts) as (keyof TRepCounts)[]) counts[k] += raw.counts[k];
  return {
    counts,
    business: raws.flatMap((r) => r.business),
    calendar: raws.flatMap((r) => r.calendar),
    reasons: raws.flatMap((r) => r.reasons),
  };
}

/**
 * Per-rep figures for the handovers started in `range`, without authorization: for trusted
 * callers (the weekly report). Three grouped queries: counts, touched handovers, reasons.
 */
export async function computeRepStats(database: Database, scope: TRepScope, range: TRange, now: Date): Promise<TRepStats> {
  const { db } = database;
  const where = and(startedIn(range), ownerFilter(scope));
  const [counts, touched, reasons, label] = await Promise.all([
    db
      .select({
        ownerId: handovers.originalOwnerId,
        handovers: countAll(),
        accepted: countIf(isAccepted),
        rejected: countIf(isRejected),
        rejectedWithoutContact: countIf(isRejectedWithoutContact),
        slaDue: sql<number>`coalesce(sum(${slaDue(now)}), 0)`.mapWith(Number),
        slaMet: sql<number>`coalesce(sum(${slaMet}), 0)`.mapWith(Number),
        untouchedOpen: countIf(sql`${decisions.id} is null and ${handovers.firstTouchAt} is null`),
      })
      .from(handovers)
      .leftJoin(decisions, eq(decisions.handoverId, handovers.id))
      .where(where)
      .groupBy(handovers.originalOwnerId),
    db
      .select({
        ownerId: handovers.originalOwnerId,
        startedAt: handovers.startedAt,
        firstTouchAt: handovers.firstTouchAt,
        businessMs: handovers.firstTouchBusinessMs,
      })
      .from(handovers)
      .where(and(where, isNotNull(handovers.firstTouchAt))),
    db
      .select({ ownerId: handovers.originalOwnerId, reasonId: decisions.reasonId, count: countAll() })
      .from(handovers)
      .innerJoin(decisions, eq(decisions.handoverId, handovers.id))
      .where(and(where, isRejected))
      .groupBy(handovers.originalOwnerId, decisions.reasonId),
    reasonLabeller(database),
  ]);

  const raw = new Map<string, TRepRaw>();
  const rawOf = (id: string) => {
    let r = raw.get(id);
    if (!r) raw.set(id, (r = { counts: { ...ZERO_COUNTS }, business: [], calendar: [], reasons: [] }));
    return r;
  };
  for (const { ownerId, ...c } of counts) rawOf(ownerId).counts = c;
  for (const t of touched) {
    const r = rawOf(t.ownerId);
    r.calendar.push(calendarDelayMs(t.startedAt, t.firstTouchAt!));
    if (t.businessMs !== null) r.business.push(Math.max(0, t.businessMs));
  }
  for (const { ownerId, reasonId, count } of reasons) rawOf(ownerId).reasons.push({ key: reasonId, count });

  const people = await peopleIn(database, scope, raw.keys());
  const rows = people.map((p) => ({ p, raw: rawOf(p.id) }));
  return {
    from: iso(range.from),
    to: iso(range.to),
    scope: scope.kind,
    reps: rows.map(({ p, raw }) => ({ repId: p.id, name: p.name, email: p.email, ...figures(raw, label) })),
    total: figures(combine(rows.map((r) => r.raw)), label),
  };
}

/** stats.reps: a rep gets their own row; a manager their team (or everyone, with no team); an admin everyone. */
export async function repStats(database: Database, caller: TUser, input: TRepStatsInput | undefined, now: Date): Promise<TRepStats> {
  const range = resolveRange(input, now);
  return computeRepStats(database, await repScopeFor(database, caller), range, now);
}

// ---------------------------------------------------------------------------------------
// stats.funnel

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
}

export interface TFunnelRates {
  leadToMql: number | null;
  mqlToSql: number | null;
  sqlToAccepted: number | null;
  acceptedToOpportunity: number | null;
  opportunityToWon: number | null;
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
  const outcome = db
    .select({
      leadId: decisions.leadId,
      accepted: sql<number>`max(${decisions.kind} = 'accepted')`.as('accepted'),
      rejected: sql<number>`max(${decisions.kind} = 'rejected')`.as('rejected'),
    })
    .from(decisions)
    .groupBy(decisions.leadId)
    .as('outcome');
  const column = FUNNEL_COLUMNS[groupBy];
  const rows = await db
    .select({
      key: column,
      leads: countAll(),
      mqls: countIf(sql`${leads.mqlAt} is not null or ${leads.sqlAt} is not null`),
      sqls: countIf(sql`${leads.sqlAt} is not null`),
      accepted: countIf(sql`${outcome.accepted} = 1`),
      rejected: countIf(sql`${outcome.rejected} = 1 and ${outcome.accepted} = 0`),
      opportunities: countIf(sql`${leads.opportunityAt} is not null`),
      won: countIf(sql`${leads.wonAt} is not null`),
    })
    .from(leads)
    .leftJoin(outcome, eq(outcome.leadId, leads.id))
    .where(and(gte(leads.createdAt, iso(range.from)), lt(leads.createdAt, iso(range.to))))
    .groupBy(column);

  const empty = (): TFunnelCounts => ({ leads: 0, mqls: 0, sqls: 0, accepted: 0, rejected: 0, opportunities: 0, won: 0 });
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

// ---------------------------------------------------------------------------------------
// stats.reasons

export interface TReasonShare extends TReasonCount {
  /** count / the rejections of the slice (overall, the rep, the source). */
  share: number;
}

export interface TReasons {
  from: string;
  to: string;
  scope: TRepScope['kind'];
  /** Rejections of handovers started in the range. */
  total: number;
  /** Every reason used, most frequent first (ties by id). */
  overall: TReasonShare[];
  /** The caller's visible reps (see stats.reps) with at least one rejection, by name. */
  byRep: { repId: string; name: string; email: string; total: number; reasons: TReasonShare[] }[];
  /** Sources with at least one rejection, most rejections first, "(none)" last. */
  bySource: { source: string; total: number; reasons: TReasonShare[] }[];
}

function shares(counts: TCounted<string | null>[], label: (id: string | null) => string): { total: number; reasons: TReasonShare[] } {
  const merged = byCount(mergeCounts(counts));
  const total = merged.reduce((sum, c) => sum + c.count, 0);
  return { total, reasons: merged.map(({ key, count }) => ({ reasonId: key, label: label(key), count, share: count / total })) };
}

/**
 * Rejection reasons of the handovers started in the range: overall and by source for the
 * whole organisation, by rep (original owner) for the reps `scope` covers.
 */
export async function computeReasons(database: Database, scope: TRepScope, range: TRange): Promise<TReasons> {
  const [rows, label] = await Promise.all([
    database.db
      .select({ ownerId: handovers.originalOwnerId, source: leads.source, reasonId: decisions.reasonId, count: countAll() })
      .from(handovers)
      .innerJoin(decisions, eq(decisions.handoverId, handovers.id))
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .where(and(startedIn(range), isRejected))
      .groupBy(handovers.originalOwnerId, leads.source, decisions.reasonId),
    reasonLabeller(database),
  ]);
  const counted = (filter: (r: (typeof rows)[number]) => boolean) => rows.filter(filter).map((r) => ({ key: r.reasonId, count: r.count }));

  const visible = scope.kind === 'all' ? null : new Set(scope.people.map((p) => p.id));
  const ownerIds = new Set(rows.map((r) => r.ownerId).filter((id) => !visible || visible.has(id)));
  const people = (await peopleIn(database, scope, ownerIds)).filter((p) => ownerIds.has(p.id));

  const sourceOf = (s: string | null) => (s === null || s.trim() === '' ? NO_GROUP : s);
  const sources = [...new Set(rows.map((r) => sourceOf(r.source)))];
  const bySource = sources
    .map((source) => ({ source, ...shares(counted((r) => sourceOf(r.source) === source), label) }))
    .sort(
      (a, b) =>
        Number(a.source === NO_GROUP) - Number(b.source === NO_GROUP) || b.total - a.total || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
    );
  const overall = shares(counted(() => true), label);
  return {
    from: iso(range.from),
    to: iso(range.to),
    scope: scope.kind,
    total: overall.total,
    overall: overall.reasons,
    byRep: people.map((p) => ({ repId: p.id, name: p.name, email: p.email, ...shares(counted((r) => r.ownerId === p.id), label) })),
    bySource,
  };
}

/** stats.reasons (manager or admin). */
export async function reasonStats(database: Database, caller: TUser, input: TStatsRangeInput | undefined, now: Date): Promise<TReasons> {
  assertManager(caller);
  const range = resolveRange(input, now);
  return computeReasons(database, await repScopeFor(database, caller), range);
}

// ---------------------------------------------------------------------------------------
// stats.firstTouch

export interface TConversion {
  handovers: number;
  /** Of those, handovers whose lead has an opportunity (opportunityAt set). */
  opportunities: number;
  /** opportunities / handovers. */
  rate: number | null;
}

export interface TFirstTouchBucketRow extends TConversion {
  bucket: TFirstTouchBucketId;
  label: string;
  /** Upper bound of the delay, inclusive; null for the open-ended last bucket. */
  upToMs: number | null;
  /** The seeds' industry figure for this delay. */
  expectedRate: number;
}

export interface TFirstTouch {
  from: string;
  to: string;
  /** Touched handovers by calendar delay from handover to first touch. */
  buckets: TFirstTouchBucketRow[];
  touched: TConversion;
  /** Handovers with no touch yet, for comparison (some may still be within their SLA). */
  untouched: TConversion;
}

/** Conversion to opportunity by calendar delay to first touch, for handovers started in the range. */
export async function computeFirstTouch(database: Database, range: TRange): Promise<TFirstTouch> {
  const { db } = database;
  const hasOpportunity = sql<number>`(${leads.opportunityAt} is not null)`.mapWith(Number);
  const [touched, untouched] = await Promise.all([
    db
      .select({ startedAt: handovers.startedAt, firstTouchAt: handovers.firstTouchAt, opportunity: hasOpportunity })
      .from(handovers)
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .where(and(startedIn(range), isNotNull(handovers.firstTouchAt))),
    db
      .select({ handovers: countAll(), opportunities: countIf(sql`${leads.opportunityAt} is not null`) })
      .from(handovers)
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .where(and(startedIn(range), sql`${handovers.firstTouchAt} is null`)),
  ]);
  const tally = new Map<TFirstTouchBucketId, { handovers: number; opportunities: number }>(
    FIRST_TOUCH_BUCKETS.map((b) => [b.id, { handovers: 0, opportunities: 0 }]),
  );
  for (const t of touched) {
    const cell = tally.get(firstTouchBucket(calendarDelayMs(t.startedAt, t.firstTouchAt!)).id)!;
    cell.handovers += 1;
    cell.opportunities += t.opportunity;
  }
  const conversion = (handovers: number, opportunities: number): TConversion => ({ handovers, opportunities, rate: rate(opportunities, handovers) });
  const buckets = FIRST_TOUCH_BUCKETS.map((b) => {
    const cell = tally.get(b.id)!;
    return {
      bucket: b.id,
      label: b.label,
      upToMs: Number.isFinite(b.upToMs) ? b.upToMs : null,
      ...conversion(cell.handovers, cell.opportunities),
      expectedRate: b.expectedConversion,
    };
  });
  const u = untouched[0] ?? { handovers: 0, opportunities: 0 };
  return {
    from: iso(range.from),
    to: iso(range.to),
    buckets,
    touched: conversion(
      buckets.reduce((s, b) => s + b.handovers, 0),
      buckets.reduce((s, b) => s + b.opportunities, 0),
    ),
    untouched: conversion(u.handovers, u.opportunities),
  };
}

/** stats.firstTouch (manager or admin). */
export async function firstTouchStats(database: Database, caller: TUser, input: TStatsRangeInput | undefined, now: Date): Promise<TFirstTouch> {
  assertManager(caller);
  return computeFirstTouch(database, resolveRange(input, now));
}

// ---------------------------------------------------------------------------------------
// stats.compliance

export interface TComplianceFigures {
  /** Rejected handovers. */
  rejections: number;
  /** Rejections with a reason id, and a non-blank note when the reason requires one ("other"). */
  documentedRejections: number;
  /** documentedRejections / rejections: the seeds' feedback-loop compliance. */
  feedbackCompliance: number | null;
  /** Handovers started more than `decisionWindowDays` calendar days before now. */
  coverageEligible: number;
  /** Of those, handovers with a decision (made at any time up to now). */
  coverageDecided: number;
  /** coverageDecided / coverageEligible. */
  decisionCoverage: number | null;
  rejectedWithoutContact: number;
  /** rejectedWithoutContact / rejections. */
  rejectedWithoutContactShare: number | null;
}

export interface TCompliance {
  from: string;
  to: string;
  decisionWindowDays: number;
  scope: TRepScope['kind'];
  /** The whole organisation. */
  overall: TComplianceFigures;
  /** The caller's visible reps (see stats.reps), by name. */
  byRep: (TComplianceFigures & { repId: string; name: string; email: string })[];
}

interface TComplianceCounts {
  rejections: number;
  documentedRejections: number;
  coverageEligible: number;
  coverageDecided: number;
  rejectedWithoutContact: number;
}

function complianceFigures(c: TComplianceCounts): TComplianceFigures {
  return {
    rejections: c.rejections,
    documentedRejections: c.documentedRejections,
    feedbackCompliance: rate(c.documentedRejections, c.rejections),
    coverageEligible: c.coverageEligible,
    coverageDecided: c.coverageDecided,
    decisionCoverage: rate(c.coverageDecided, c.coverageEligible),
    rejectedWithoutContact: c.rejectedWithoutContact,
    rejectedWithoutContactShare: rate(c.rejectedWithoutContact, c.rejections),
  };
}

/** Feedback compliance and decision coverage of the handovers started in the range. */
export async function computeCompliance(
  database: Database,
  scope: TRepScope,
  range: TRange,
  now: Date,
  decisionWindowDays = DEFAULT_DECISION_WINDOW_DAYS,
): Promise<TCompliance> {
  const charter = await activeCharter(database);
  const noteRequired = [...new Set(['other', ...charter.rejectionReasons.filter((r) => r.noteRequired).map((r) => r.id)])];
  const cutoff = iso(new Date(now.getTime() - decisionWindowDays * DAY_MS));
  const documented = sql`${isRejected}
    and ${decisions.reasonId} is not null and trim(${decisions.reasonId}) <> ''
    and (${notInArray(decisions.reasonId, noteRequired)} or trim(coalesce(${decisions.note}, '')) <> '')`;
  const eligible = sql`${handovers.startedAt} < ${cutoff}`;
  const rows = await database.db
    .select({
      ownerId: handovers.originalOwnerId,
      rejections: countIf(isRejected),
      documentedRejections: countIf(documented),
      coverageEligible: countIf(eligible),
      coverageDecided: countIf(sql`${eligible} and ${decisions.id} is not null`),
      rejectedWithoutContact: countIf(isRejectedWithoutContact),
    })
    .from(handovers)
    .leftJoin(decisions, eq(decisions.handoverId, handovers.id))
    .where(startedIn(range))
    .groupBy(handovers.originalOwnerId);

  const zero = (): TComplianceCounts => ({ rejections: 0, documentedRejections: 0, coverageEligible: 0, coverageDecided: 0, rejectedWithoutContact: 0 });
  const keys = Object.keys(zero()) as (keyof TComplianceCounts)[];
  const byOwner = new Map(rows.map(({ ownerId, ...c }) => [ownerId, c]));
  const overall = zero();
  for (const c of byOwner.values()) for (const k of keys) overall[k] += c[k];
  const people = await peopleIn(database, scope, byOwner.keys());
  return {
    from: iso(range.from),
    to: iso(range.to),
    decisionWindowDays,
    scope: scope.kind,
    overall: complianceFigures(overall),
    byRep: people.map((p) => ({ repId: p.id, name: p.name, email: p.email, ...complianceFigures(byOwner.get(p.id) ?? zero()) })),
  };
}

/** stats.compliance (manager or admin). */
export async function complianceStats(database: Database, caller: TUser, input: TComplianceInput | undefined, now: Date): Promise<TCompliance> {
  assertManager(caller);
  const { decisionWindowDays } = parse(ZComplianceInput, input);
  const range = resolveRange(input, now);
  return computeCompliance(database, await repScopeFor(database, caller), range, now, decisionWindowDays);
}

// ---------------------------------------------------------------------------------------
// For the weekly report

/** Leads that reached SQL in the range (sqlAt in [from, to)). */
export async function countSqls(database: Database, range: TRange): Promise<number> {
  const [row] = await database.db
    .select({ count: countAll() })
    .from(leads)
    .where(and(gte(leads.sqlAt, iso(range.from)), lt(leads.sqlAt, iso(range.to))));
  return row?.count ?? 0;
}

export interface TReviewCandidate {
  why: 'rejected' | 'breached' | 'accepted';
  handoverId: string;
  leadId: string;
  email: string;
  leadName: string | null;
  company: string | null;
  source: string | null;
  repName: string;
  startedAt: string;
  decidedAt: string | null;
  reasonId: string | null;
  reasonLabel: string | null;
  note: string | null;
  firstTouchAt: string | null;
  deadline: string;
}

/**
 * Up to three handovers started in the range to discuss in the weekly sync, each a different
 * one: the most recently decided rejection, the most recently started handover that missed its
 * SLA (touched late, or untouched past the deadline), the most recently decided acceptance.
 */
export async function reviewCandidates(database: Database, range: TRange, now: Date): Promise<TReviewCandidate[]> {
  const [rows, label] = await Promise.all([
    database.db
      .select({
        handoverId: handovers.id,
        leadId: leads.id,
        email: leads.email,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        source: leads.source,
        repName: users.name,
        startedAt: handovers.startedAt,
        deadline: handovers.deadline,
        firstTouchAt: handovers.firstTouchAt,
        kind: decisions.kind,
        decidedAt: decisions.decidedAt,
        reasonId: decisions.reasonId,
        note: decisions.note,
        due: sql<number>`${slaDue(now)}`.mapWith(Number),
        met: sql<number>`${slaMet}`.mapWith(Number),
      })
      .from(handovers)
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .innerJoin(users, eq(users.id, handovers.originalOwnerId))
      .leftJoin(decisions, eq(decisions.handoverId, handovers.id))
      .where(startedIn(range))
      .orderBy(asc(handovers.startedAt), asc(handovers.id)),
    reasonLabeller(database),
  ]);
  type TRow = (typeof rows)[number];
  const latest = (candidates: TRow[], key: (r: TRow) => string) =>
    candidates.reduce<TRow | undefined>((best, r) => (!best || key(r) > key(best) || (key(r) === key(best) && r.handoverId > best.handoverId) ? r : best), undefined);
  const picked = new Set<string>();
  const out: TReviewCandidate[] = [];
  const add = (why: TReviewCandidate['why'], row: TRow | undefined) => {
    if (!row || picked.has(row.handoverId)) return;
    picked.add(row.handoverId);
    const name = [row.firstName, row.lastName].filter(Boolean).join(' ');
    const company = typeof row.company?.name === 'string' ? row.company.name : null;
    out.push({
      why,
      handoverId: row.handoverId,
      leadId: row.leadId,
      email: row.email,
      leadName: name || null,
      company,
      source: row.source,
      repName: row.repName,
      startedAt: row.startedAt,
      decidedAt: row.decidedAt,
      reasonId: row.reasonId,
      reasonLabel: row.kind === 'rejected' ? label(row.reasonId) : null,
      note: row.note,
      firstTouchAt: row.firstTouchAt,
      deadline: row.deadline,
    });
  };
  const free = (r: TRow) => !picked.has(r.handoverId);
  add('rejected', latest(rows.filter((r) => r.kind === 'rejected' && r.reasonId !== null), (r) => r.decidedAt!));
  add('breached', latest(rows.filter((r) => r.due === 1 && r.met === 0 && free(r)), (r) => r.startedAt));
  add('accepted', latest(rows.filter((r) => r.kind === 'accepted' && free(r)), (r) => r.decidedAt!));
  return out;
}
