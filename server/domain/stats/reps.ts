import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { byCount, medianAndP75, mergeCounts, rate, type TCounted } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { decisions, handovers } from '../../db/schema';
import type { TUser } from '../users';
import { type TRange, type TRepScope, type TRepStatsInput, calendarDelayMs, countAll, countIf, isAccepted, isRejected, isRejectedWithoutContact, iso, ownerFilter, peopleIn, reasonLabeller, repScopeFor, resolveRange, slaDue, slaMet, startedIn } from './common';

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
