import type { TCharter } from '../../shared/charter';
import { VERDICT_FIELDS, type TVerdictField } from '../../shared/crm-write-back';
import { AUTHORITY_LEVELS, CRITERIA, ENGAGEMENT_LEVELS, FIT_LEVELS, INTENT_LEVELS, meets, type TCriterion, type TCriterionLevels } from '../../shared/levels';
import { touchMeetsDeadline } from '../../shared/sla';

// A lead's verdict as the CRMs show it: the stage Handshake gives it, when it got there and
// under which charter version; the four criteria's levels with a one-line reason; and its
// latest handover's SLA (deadline, outcome, holder). Computed from stored facts only, so the
// same facts always give the same verdict and an unchanged lead is never written again.

export { VERDICT_FIELDS, type TVerdictField };

/** The stage in the CRM: the funnel step and, for the paths that skip a step, the path; with its label. */
const STAGES = { lead: 'Lead', mql: 'MQL', target_account: 'MQL (target account)', sql: 'SQL', direct_sql: 'Direct SQL' } as const;
/** The SLA as it stands: counting, stopped by a first touch in time or late, overdue untouched, or stopped by a rejection before any touch. */
const SLA_OUTCOMES = { open: 'Open', met: 'Met', missed: 'Missed (touched late)', breached: 'Breached', rejected_without_contact: 'Rejected without contact' } as const;

export type TVerdictValue = string | number | null;
export type TVerdict = Record<TVerdictField, TVerdictValue>;

export interface TVerdictFacts {
  lead: {
    stage: 'lead' | 'mql' | 'sql';
    stagePath: string | null;
    mqlAt: string | null;
    sqlAt: string | null;
    charterVersion: number | null;
    levels: { [C in TCriterion]: string | null };
  };
  /** The lead's latest handover, null when it has none. */
  handover: {
    deadline: string;
    state: 'open' | 'accepted' | 'rejected';
    firstTouchAt: string | null;
    breachedAt: string | null;
    holderEmail: string | null;
  } | null;
}

function stageValue(lead: TVerdictFacts['lead']): keyof typeof STAGES {
  if (lead.stage === 'sql') return lead.stagePath === 'direct' ? 'direct_sql' : 'sql';
  if (lead.stage === 'mql') return lead.stagePath === 'target_account' ? 'target_account' : 'mql';
  return 'lead';
}

const inWords = (level: string) => (level === 'in_icp' ? 'in ICP' : level.replace(/_/g, ' '));

/** The criteria below a stage's thresholds, in words: "intent low (needs medium)". */
function shortOf(levels: TVerdictFacts['lead']['levels'], thresholds: TCriterionLevels): string[] {
  return CRITERIA.filter((c) => levels[c] !== null && !meets(c, levels[c] as never, thresholds[c] as never)).map(
    (c) => `${c} ${inWords(levels[c]!)} (needs ${inWords(thresholds[c])})`,
  );
}

/** Why the lead stands where it does, in one line. */
export function verdictReason(lead: TVerdictFacts['lead'], charter: TCharter): string {
  if (lead.levels.fit === null) return 'Not scored yet.';
  const toSql = shortOf(lead.levels, charter.thresholds.sql);
  switch (stageValue(lead)) {
    case 'sql':
      return 'SQL: meets every SQL threshold.';
    case 'direct_sql':
      return 'Direct SQL: an ICP decision-maker who asked for a demo or booked a meeting.';
    case 'mql':
      return `MQL: meets every MQL threshold; short of SQL on ${toSql.join(', ') || 'no criterion'}.`;
    case 'target_account':
      return `MQL at a target account (ABM): an engaged contact; short of SQL on ${toSql.join(', ') || 'no criterion'}.`;
    case 'lead': {
      if (lead.levels.fit === 'out') return 'Lead: outside the ICP (fit out).';
      const toMql = shortOf(lead.levels, charter.thresholds.mql);
      return `Lead: below the MQL thresholds on ${toMql.join(', ') || 'no criterion'}.`;
    }
  }
}

function slaOutcome(handover: NonNullable<TVerdictFacts['handover']>): keyof typeof SLA_OUTCOMES {
  if (handover.firstTouchAt) return touchMeetsDeadline(new Date(handover.firstTouchAt), new Date(handover.deadline)) ? 'met' : 'missed';
  if (handover.state === 'rejected') return 'rejected_without_contact';
  return handover.breachedAt ? 'breached' : 'open';
}

/** Every field of the verdict. The reason is read against the charter that scored the lead. */
export function verdictOf(facts: TVerdictFacts, charter: TCharter): TVerdict {
  const { lead, handover } = facts;
  const stage = stageValue(lead);
  return {
    stage,
    stage_at: lead.stage === 'sql' ? lead.sqlAt : lead.stage === 'mql' ? lead.mqlAt : null,
    charter_version: lead.charterVersion,
    fit: lead.levels.fit,
    engagement: lead.levels.engagement,
    intent: lead.levels.intent,
    authority: lead.levels.authority,
    reason: verdictReason(lead, charter),
    sla_deadline: handover?.deadline ?? null,
    sla_outcome: handover ? slaOutcome(handover) : null,
    sla_holder: handover?.holderEmail ?? null,
  };
}

/** The fields `wanted` of a verdict, in the fixed order of VERDICT_FIELDS (so equal verdicts serialise equally). */
export function pickFields(verdict: TVerdict, wanted: readonly TVerdictField[]): Partial<TVerdict> {
  const chosen = new Set(wanted);
  return Object.fromEntries(VERDICT_FIELDS.filter((f) => chosen.has(f)).map((f) => [f, verdict[f]]));
}

export type TVerdictFieldKind = 'enum' | 'datetime' | 'number' | 'text';

export interface TVerdictFieldSpec {
  /** How people read it in the CRM, without the "Handshake" prefix each CRM adds its own way. */
  label: string;
  kind: TVerdictFieldKind;
  /** An enum's values with their labels, in order. */
  options?: readonly (readonly [string, string])[];
}

const levelOptions = (levels: readonly string[]) => levels.map((level) => [level, level === 'in_icp' ? 'In ICP' : `${level[0]!.toUpperCase()}${level.slice(1).replace(/_/g, ' ')}`] as const);

/** What each verdict field is, for the CRMs to create or check it. */
export const VERDICT_FIELD_SPECS: Record<TVerdictField, TVerdictFieldSpec> = {
  stage: { label: 'Stage', kind: 'enum', options: Object.entries(STAGES) },
  stage_at: { label: 'Stage since', kind: 'datetime' },
  charter_version: { label: 'Charter version', kind: 'number' },
  fit: { label: 'Fit', kind: 'enum', options: levelOptions(FIT_LEVELS) },
  engagement: { label: 'Engagement', kind: 'enum', options: levelOptions(ENGAGEMENT_LEVELS) },
  intent: { label: 'Intent', kind: 'enum', options: levelOptions(INTENT_LEVELS) },
  authority: { label: 'Authority', kind: 'enum', options: levelOptions(AUTHORITY_LEVELS) },
  reason: { label: 'Reason', kind: 'text' },
  sla_deadline: { label: 'SLA deadline', kind: 'datetime' },
  sla_outcome: { label: 'SLA outcome', kind: 'enum', options: Object.entries(SLA_OUTCOMES) },
  sla_holder: { label: 'SLA holder', kind: 'text' },
};
