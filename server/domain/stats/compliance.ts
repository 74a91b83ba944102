import { eq, notInArray, sql } from 'drizzle-orm';
import { rate } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { decisions, handovers } from '../../db/schema';
import { activeCharter } from '../charter';
import type { TUser } from '../users';
import { DAY_MS, DEFAULT_DECISION_WINDOW_DAYS, type TComplianceInput, type TRange, type TRepScope, ZComplianceInput, assertManager, countIf, isRejected, isRejectedWithoutContact, iso, parse, peopleIn, repScopeFor, resolveRange, startedIn } from './common';

// stats.compliance: feedback compliance on rejections.

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
