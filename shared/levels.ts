import { z } from 'zod';
import type { TCriterion } from './criteria';

// Every criterion is graded on an ordered scale; thresholds compare positions on it.

export const FIT_LEVELS = ['out', 'borderline', 'in_icp'] as const;
export const ENGAGEMENT_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const INTENT_LEVELS = ['none', 'low', 'medium', 'high'] as const;
/** `unknown` (no usable title) ranks with end-users: it never satisfies an influencer threshold. */
export const AUTHORITY_LEVELS = ['researcher', 'unknown', 'end_user', 'influencer', 'decision_maker'] as const;

export const ZFitLevel = z.enum(FIT_LEVELS);
export const ZEngagementLevel = z.enum(ENGAGEMENT_LEVELS);
export const ZIntentLevel = z.enum(INTENT_LEVELS);
export const ZAuthorityLevel = z.enum(AUTHORITY_LEVELS);

export type TFitLevel = z.infer<typeof ZFitLevel>;
export type TEngagementLevel = z.infer<typeof ZEngagementLevel>;
export type TIntentLevel = z.infer<typeof ZIntentLevel>;
export type TAuthorityLevel = z.infer<typeof ZAuthorityLevel>;

export { CRITERIA, type TCriterion } from './criteria';

export interface TCriterionLevels {
  fit: TFitLevel;
  engagement: TEngagementLevel;
  intent: TIntentLevel;
  authority: TAuthorityLevel;
}

/** Each level's position on its scale, looked up rather than searched: scoring ranks levels thousands of times a request. */
const positionsOf = (scale: readonly string[]): ReadonlyMap<string, number> => new Map(scale.map((level, i) => [level, i]));
const POSITIONS: Record<TCriterion, ReadonlyMap<string, number>> = {
  fit: positionsOf(FIT_LEVELS),
  engagement: positionsOf(ENGAGEMENT_LEVELS),
  intent: positionsOf(INTENT_LEVELS),
  authority: positionsOf(AUTHORITY_LEVELS),
};

export function rank<C extends TCriterion>(criterion: C, level: TCriterionLevels[C]): number {
  return POSITIONS[criterion].get(level) ?? -1;
}

/** True when `level` is at or above `threshold` on the criterion's scale. */
export function meets<C extends TCriterion>(
  criterion: C,
  level: TCriterionLevels[C],
  threshold: TCriterionLevels[C],
): boolean {
  return rank(criterion, level) >= rank(criterion, threshold);
}

/** The higher of two levels on the same scale. */
export function maxLevel<C extends TCriterion>(
  criterion: C,
  a: TCriterionLevels[C],
  b: TCriterionLevels[C],
): TCriterionLevels[C] {
  return rank(criterion, a) >= rank(criterion, b) ? a : b;
}
