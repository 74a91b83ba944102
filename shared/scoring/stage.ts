import { z } from 'zod';
import type { TCharter, TThresholds } from '../charter';
import { CRITERIA, meets, type TCriterion, type TCriterionLevels } from '../levels';
import type { TEvent } from '../schemas';
import { intentSignals } from './intent';

export const ZStage = z.enum(['lead', 'mql', 'sql']);
export type TStage = z.infer<typeof ZStage>;

/** The funnel order of the stages. */
export const STAGE_RANK: Readonly<Record<TStage, number>> = { lead: 0, mql: 1, sql: 2 };

/** How the lead reached its stage: the standard thresholds, the direct-SQL path, or ABM. */
export const ZStagePath = z.enum(['standard', 'direct', 'target_account']);
export type TStagePath = z.infer<typeof ZStagePath>;

export const ZThresholdCheck = z.object({
  criterion: z.enum(CRITERIA),
  required: z.string(),
  actual: z.string(),
  met: z.boolean(),
});
export type TThresholdCheck = z.infer<typeof ZThresholdCheck>;

export const ZStageDecision = z.object({
  stage: ZStage,
  path: ZStagePath.nullable(),
  /** Each criterion against the MQL and the SQL thresholds, side by side. */
  checks: z.object({ mql: z.array(ZThresholdCheck), sql: z.array(ZThresholdCheck) }),
  /** What still stands between the lead and the next stage; empty at SQL. */
  missingForNext: z.array(ZThresholdCheck),
  /** One sentence: why this stage. */
  reason: z.string(),
});
export type TStageDecision = z.infer<typeof ZStageDecision>;

export interface TStageInput {
  levels: TCriterionLevels;
  disqualified: boolean;
  targetAccount: boolean;
  events: readonly TEvent[];
  at: Date;
}

function check(levels: TCriterionLevels, thresholds: TThresholds, skip: readonly TCriterion[] = []): TThresholdCheck[] {
  return CRITERIA.filter((c) => !skip.includes(c)).map((criterion) => ({
    criterion,
    required: thresholds[criterion],
    actual: levels[criterion],
    met: meets(criterion, levels[criterion] as never, thresholds[criterion] as never),
  }));
}

const allMet = (checks: readonly TThresholdCheck[]) => checks.every((c) => c.met);

function directSqlSignal(input: TStageInput, charter: TCharter): string | null {
  const rule = charter.directSql;
  if (!rule.enabled) return null;
  if (!meets('fit', input.levels.fit, rule.fit) || !meets('authority', input.levels.authority, rule.authority)) return null;
  const present = intentSignals(input.events, charter, input.at).find((s) =>
    (rule.signals as readonly string[]).includes(s.kind),
  );
  return present?.label ?? null;
}

/**
 * The stage rules of the charter. SQL: every SQL threshold met, or the direct path (an
 * ICP decision-maker who asks for a demo or books a meeting skips nurture). MQL: every
 * MQL threshold met, or — at a target account — any engagement at the ABM level.
 */
export function decideStage(input: TStageInput, charter: TCharter): TStageDecision {
  const { levels } = input;
  const mqlChecks = check(levels, charter.thresholds.mql);
  const sqlChecks = check(levels, charter.thresholds.sql);
  const checks = { mql: mqlChecks, sql: sqlChecks };
  const failing = (list: readonly TThresholdCheck[]) => list.filter((c) => !c.met);

  if (input.disqualified) {
    return { stage: 'lead', path: null, checks, missingForNext: [], reason: 'Disqualified: see fit.' };
  }
  if (allMet(sqlChecks)) {
    return { stage: 'sql', path: 'standard', checks, missingForNext: [], reason: 'Meets every SQL threshold.' };
  }
  const direct = directSqlSignal(input, charter);
  if (direct) {
    return { stage: 'sql', path: 'direct', checks, missingForNext: [], reason: `Direct SQL: an ICP decision-maker — ${direct}` };
  }
  if (allMet(mqlChecks)) {
    return { stage: 'mql', path: 'standard', checks, missingForNext: failing(sqlChecks), reason: 'Meets every MQL threshold.' };
  }
  if (input.targetAccount && meets('engagement', levels.engagement, charter.targetAccounts.mqlEngagement)) {
    return {
      stage: 'mql',
      path: 'target_account',
      checks,
      missingForNext: failing(sqlChecks),
      reason: 'Target account (ABM): any engaged contact is an MQL.',
    };
  }
  return { stage: 'lead', path: null, checks, missingForNext: failing(mqlChecks), reason: 'Below the MQL thresholds.' };
}
