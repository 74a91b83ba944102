import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { byCount, mergeCounts, rate, type TCounted } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { decisions, handovers } from '../../db/schema';
import { DELAY_BUCKETS, calendarDelaySql, delayBucketSql } from '../../db/schema-stats';
import type { TUser } from '../users';
import { type TRange, type TRepScope, type TRepStatsInput, countAll, countIf, isAccepted, isRejected, isRejectedWithoutContact, iso, ownerFilter, peopleIn, reasonLabeller, repScopeFor, resolveRange, slaDue, slaMet, startedIn } from './common';
import { planMedianAndP75 } from './delay-percentiles';
import { type TRangeSplit, splitRange } from './range-split';
import { type TDelayRead, aggregateReasons, aggregateRows, pendingNotYetDue, readDelays } from './rep-aggregates';

// stats.reps: per-rep acceptance, SLA and handshake speed.

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
  touched: number;
}

/** One rep's (or the listed reps') handovers: counts, delay histograms, reasons. */
interface TRepRaw {
  counts: TRepCounts;
  businessHistogram: number[];
  calendarHistogram: number[];
  reasons: TCounted<string | null>[];
}

const ZERO_COUNTS: TRepCounts = { handovers: 0, accepted: 0, rejected: 0, rejectedWithoutContact: 0, slaDue: 0, slaMet: 0, untouchedOpen: 0, touched: 0 };
const emptyHistogram = () => new Array<number>(DELAY_BUCKETS).fill(0);
const emptyRaw = (): TRepRaw => ({ counts: { ...ZERO_COUNTS }, businessHistogram: emptyHistogram(), calendarHistogram: emptyHistogram(), reasons: [] });
const addInto = (target: number[], source: readonly number[]) => source.forEach((v, i) => (target[i]! += v));

type TDelays = Pick<TRepFigures, 'firstTouchBusinessMs' | 'firstTouchCalendarMs'>;

function figures(raw: TRepRaw, delays: TDelays, label: (id: string | null) => string): TRepFigures {
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
    touched: c.touched,
    ...delays,
    topReasons: byCount(mergeCounts(raw.reasons), 3).map(({ key, count }) => ({ reasonId: key, label: label(key), count })),
    untouchedOpen: c.untouchedOpen,
  };
}

function combine(raws: TRepRaw[]): TRepRaw {
  const total = emptyRaw();
  for (const raw of raws) {
    for (const k of Object.keys(total.counts) as (keyof TRepCounts)[]) total.counts[k] += raw.counts[k];
    addInto(total.businessHistogram, raw.businessHistogram);
    addInto(total.calendarHistogram, raw.calendarHistogram);
    total.reasons.push(...raw.reasons);
  }
  return total;
}

/** The edge rows' delays and buckets, as the triggers count them (-1: no business time). */
const CALENDAR_DELAY = calendarDelaySql('"handovers"."first_touch_at"', '"handovers"."started_at"');
const BUSINESS_BUCKET = `case when business is not null then ${delayBucketSql('business')} else -1 end`;

/** The handovers started in `edges` (parts of a day), counted from the rows: counts, delay histograms, reasons. */
async function addEdges(database: Database, scope: TRepScope, edges: TRange[], now: Date, rawOf: (id: string) => TRepRaw): Promise<void> {
  if (edges.length === 0) return;
  const { db } = database;
  const where = and(or(...edges.map(startedIn)), ownerFilter(scope));
  const [counts, touched, reasons] = await Promise.all([
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
    // Each delay computed once per row (materialized), then bucketed: the bucket compares it several times.
    db.all<{ ownerId: string; business: number; calendar: number; count: number }>(sql`
      with touched as materialized (
        select ${handovers.originalOwnerId} as owner_id, ${handovers.firstTouchBusinessMs} as business, ${sql.raw(CALENDAR_DELAY)} as calendar
        from ${handovers} where ${and(where, isNotNull(handovers.firstTouchAt))}
      )
      select owner_id as ownerId, ${sql.raw(BUSINESS_BUCKET)} as business, ${sql.raw(delayBucketSql('calendar'))} as calendar, count(*) as count
      from touched group by 1, 2, 3`),
    db
      .select({ ownerId: handovers.originalOwnerId, reasonId: decisions.reasonId, count: countAll() })
      .from(handovers)
      .innerJoin(decisions, eq(decisions.handoverId, handovers.id))
      .where(and(where, isRejected))
      .groupBy(handovers.originalOwnerId, decisions.reasonId),
  ]);
  for (const { ownerId, ...c } of counts) {
    const r = rawOf(ownerId).counts;
    for (const k of Object.keys(c) as (keyof typeof c)[]) r[k] += c[k];
  }
  for (const t of touched) {
    const r = rawOf(t.ownerId);
    const count = Number(t.count);
    r.counts.touched += count;
    r.calendarHistogram[Number(t.calendar)]! += count;
    if (Number(t.business) >= 0) r.businessHistogram[Number(t.business)]! += count;
  }
  for (const { ownerId, reasonId, count } of reasons) rawOf(ownerId).reasons.push({ key: reasonId, count });
}

/** The handovers started in the whole UTC days `split.whole`, from the aggregates. */
async function addWholeDays(database: Database, scope: TRepScope, split: TRangeSplit, now: Date, rawOf: (id: string) => TRepRaw): Promise<void> {
  if (split.whole === null) return;
  const [rows, reasons, notYetDue] = await Promise.all([
    aggregateRows(database, scope, split.spans),
    aggregateReasons(database, scope, split.spans),
    pendingNotYetDue(database, scope, split.whole, now),
  ]);
  for (const [ownerId, { counts: a, business, calendar }] of rows) {
    const r = rawOf(ownerId);
    const c = r.counts;
    c.handovers += a.handovers;
    c.accepted += a.accepted;
    c.rejected += a.rejected;
    c.rejectedWithoutContact += a.rejectedWithoutContact;
    c.slaDue += a.slaDueSettled + a.slaPending - (notYetDue.get(ownerId) ?? 0);
    c.slaMet += a.slaMet;
    c.untouchedOpen += a.untouchedOpen;
    c.touched += a.touched;
    addInto(r.businessHistogram, business);
    addInto(r.calendarHistogram, calendar);
  }
  for (const { ownerId, reasonId, count } of reasons) rawOf(ownerId).reasons.push({ key: reasonId, count });
}

/** Medians and 75th percentiles of each group of owners' delays, the exact values read in one batch. */
async function delaysOf(database: Database, range: TRange, groups: { ownerIds: readonly string[] | null; raw: TRepRaw }[]): Promise<TDelays[]> {
  const plans = groups.map(({ ownerIds, raw }) => ({
    ownerIds,
    business: planMedianAndP75(raw.businessHistogram, []),
    calendar: planMedianAndP75(raw.calendarHistogram, []),
  }));
  const reads: TDelayRead[] = plans.flatMap((p) => [
    ...p.business.reads.map((r) => ({ ...r, kind: 'business' as const, ownerIds: p.ownerIds })),
    ...p.calendar.reads.map((r) => ({ ...r, kind: 'calendar' as const, ownerIds: p.ownerIds })),
  ]);
  const slices = await readDelays(database, range, reads);
  let next = 0;
  const take = (count: number) => slices.slice(next, (next += count));
  return plans.map((p) => ({
    firstTouchBusinessMs: p.business.finish(take(p.business.reads.length)),
    firstTouchCalendarMs: p.calendar.finish(take(p.calendar.reads.length)),
  }));
}

/**
 * Per-rep figures for the handovers started in `range`, without authorization: for trusted
 * callers (the weekly report). The whole UTC days come from the aggregates, the parts of a day
 * at the edges from the handovers (see range-split.ts); percentiles as delay-percentiles.ts,
 * their exact values read from the handovers of the whole range.
 */
export async function computeRepStats(database: Database, scope: TRepScope, range: TRange, now: Date): Promise<TRepStats> {
  const split = splitRange(range);
  const raw = new Map<string, TRepRaw>();
  const rawOf = (id: string) => {
    let r = raw.get(id);
    if (!r) raw.set(id, (r = emptyRaw()));
    return r;
  };
  const [label] = await Promise.all([reasonLabeller(database), addEdges(database, scope, split.edges, now, rawOf), addWholeDays(database, scope, split, now, rawOf)]);

  const people = await peopleIn(database, scope, raw.keys());
  const rows = people.map((p) => ({ p, raw: rawOf(p.id) }));
  const total = combine(rows.map((r) => r.raw));
  // For every rep the total is every handover in the range: no owner to filter by.
  const totalOwners = scope.kind === 'all' ? null : rows.filter((r) => r.raw.counts.handovers > 0).map((r) => r.p.id);
  const delays = await delaysOf(database, range, [...rows.map((r) => ({ ownerIds: [r.p.id], raw: r.raw })), { ownerIds: totalOwners, raw: total }]);
  return {
    from: iso(range.from),
    to: iso(range.to),
    scope: scope.kind,
    reps: rows.map(({ p, raw }, i) => ({ repId: p.id, name: p.name, email: p.email, ...figures(raw, delays[i]!, label) })),
    total: figures(total, delays[rows.length]!, label),
  };
}

/** stats.reps: a rep gets their own row; a manager their team (or everyone, with no team); an admin everyone. */
export async function repStats(database: Database, caller: TUser, input: TRepStatsInput | undefined, now: Date): Promise<TRepStats> {
  const range = resolveRange(input, now);
  return computeRepStats(database, await repScopeFor(database, caller), range, now);
}
