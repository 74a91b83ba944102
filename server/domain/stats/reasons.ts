import { and, eq } from 'drizzle-orm';
import { byCount, mergeCounts, type TCounted } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { decisions, handovers, leads } from '../../db/schema';
import type { TUser } from '../users';
import { NO_GROUP, type TRange, type TRepScope, type TStatsRangeInput, assertManager, countAll, isRejected, iso, peopleIn, reasonLabeller, repScopeFor, resolveRange, startedIn } from './common';
import { type TReasonCount } from './reps';

// stats.reasons: why leads were rejected, overall, by rep and by source.

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
