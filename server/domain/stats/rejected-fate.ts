import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { DEFAULT_REJECTION_REASONS, ZCharter } from '../../../shared/charter';
import { rate } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { charterVersions, decisions, handovers, leads, stageTransitions } from '../../db/schema';
import { NO_REASON_LABEL, type TRange, iso } from './common';

// What became of the handovers rejected in a range (stats.outcomes): re-qualified later, won
// later. The seeds: "If rejected MQLs have a non-zero eventual conversion rate, your rejection
// criteria may be too strict."

export interface TRejectedReasonFate {
  reasonId: string | null;
  /** The reason's label in the charter version the rejection was made under. */
  label: string;
  rejected: number;
  requalified: number;
  won: number;
}

export interface TRejectedFate {
  /** Handovers rejected (their decision) in the range. */
  total: number;
  /** Of those, the lead reached SQL or got a new handover after the rejection. */
  requalified: number;
  requalifiedRate: number | null;
  /** Of those, the lead was won after the rejection. */
  won: number;
  wonRate: number | null;
  /** Most rejections first, no reason last. */
  byReason: TRejectedReasonFate[];
}

/** Labels of each reason by the charter version it was used under; the default charter's, then the id, otherwise. */
async function reasonLabels(database: Database, versions: number[]): Promise<(id: string | null, version: number) => string> {
  const stored =
    versions.length === 0
      ? []
      : await database.db.select({ version: charterVersions.version, body: charterVersions.body }).from(charterVersions).where(inArray(charterVersions.version, versions));
  const byVersion = new Map<number, Map<string, string>>();
  for (const { version, body } of stored) {
    const charter = ZCharter.safeParse(body);
    if (charter.success) byVersion.set(version, new Map(charter.data.rejectionReasons.map((r) => [r.id, r.label])));
  }
  const defaults = new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.id, r.label]));
  return (id, version) => (id === null ? NO_REASON_LABEL : (byVersion.get(version)?.get(id) ?? defaults.get(id) ?? id));
}

/**
 * The rejections decided in the range (decisions_kind_decided), each with its lead; whether
 * the lead came back is probed by lead: a stage transition to SQL (stage_transitions_lead), a
 * later handover (handovers_lead_started), or a first SQL after the rejection.
 */
export async function computeRejectedFate(database: Database, range: TRange): Promise<TRejectedFate> {
  const cameBack = sql<number>`(${leads.sqlAt} > ${decisions.decidedAt}
    or exists (select 1 from ${stageTransitions} where ${stageTransitions.leadId} = ${decisions.leadId} and ${stageTransitions.at} > ${decisions.decidedAt} and ${stageTransitions.toStage} = 'sql')
    or exists (select 1 from ${handovers} where ${handovers.leadId} = ${decisions.leadId} and ${handovers.startedAt} > ${decisions.decidedAt}))`.mapWith(Number);
  const rows = await database.db
    .select({ reasonId: decisions.reasonId, version: decisions.charterVersion, decidedAt: decisions.decidedAt, wonAt: leads.wonAt, requalified: cameBack })
    .from(decisions)
    .innerJoin(leads, eq(leads.id, decisions.leadId))
    .where(and(eq(decisions.kind, 'rejected'), gte(decisions.decidedAt, iso(range.from)), lt(decisions.decidedAt, iso(range.to))));
  const label = await reasonLabels(database, [...new Set(rows.map((r) => r.version))]);

  // One row per reason and label: a reason relabelled by a later charter shows under each label.
  const reasons = new Map<string, TRejectedReasonFate>();
  let requalified = 0;
  let won = 0;
  for (const row of rows) {
    const wonLater = row.wonAt !== null && Date.parse(row.wonAt) > Date.parse(row.decidedAt);
    const name = label(row.reasonId, row.version);
    const slot = JSON.stringify([row.reasonId, name]);
    const reason = reasons.get(slot) ?? { reasonId: row.reasonId, label: name, rejected: 0, requalified: 0, won: 0 };
    reason.rejected += 1;
    reason.requalified += row.requalified ? 1 : 0;
    reason.won += wonLater ? 1 : 0;
    reasons.set(slot, reason);
    requalified += row.requalified ? 1 : 0;
    won += wonLater ? 1 : 0;
  }
  const byReason = [...reasons.values()].sort(
    (a, b) => Number(a.reasonId === null) - Number(b.reasonId === null) || b.rejected - a.rejected || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  return { total: rows.length, requalified, requalifiedRate: rate(requalified, rows.length), won, wonRate: rate(won, rows.length), byReason };
}
