import { z } from 'zod';
import { ZAuthorityLevel, ZEngagementLevel, ZFitLevel, ZIntentLevel } from '../levels';

/** One piece of evidence behind a score: what was seen, by which rule, for how many points. */
export const ZSignal = z.object({
  /** Stable id of the charter rule that produced it, e.g. `icp.employees` or `intent.demo_request`. */
  rule: z.string(),
  /** A sentence a rep can read. */
  label: z.string(),
  points: z.number(),
  /** The event behind it, when there is one. */
  eventId: z.string().nullable(),
  at: z.string().nullable(),
});
export type TSignal = z.infer<typeof ZSignal>;

function criterionScore<L extends z.ZodType>(criterion: string, level: L) {
  return z.object({
    criterion: z.literal(criterion),
    level,
    points: z.number(),
    /** One line: the level and why. */
    summary: z.string(),
    signals: z.array(ZSignal),
    thresholds: z.object({ mql: level, sql: level }),
    meetsMql: z.boolean(),
    meetsSql: z.boolean(),
  });
}

export const ZFitScore = criterionScore('fit', ZFitLevel).extend({
  /** Set when a disqualifier (internal or competitor domain) decided the level. */
  disqualifiedBy: z.enum(['internal', 'competitor']).nullable(),
  targetAccount: z.boolean(),
});
export const ZEngagementScore = criterionScore('engagement', ZEngagementLevel).extend({
  channels: z.array(z.string()),
});
export const ZIntentScore = criterionScore('intent', ZIntentLevel);
export const ZAuthorityScore = criterionScore('authority', ZAuthorityLevel);

export type TFitScore = z.infer<typeof ZFitScore>;
export type TEngagementScore = z.infer<typeof ZEngagementScore>;
export type TIntentScore = z.infer<typeof ZIntentScore>;
export type TAuthorityScore = z.infer<typeof ZAuthorityScore>;

export function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

export function sumPoints(signals: readonly TSignal[]): number {
  return roundPoints(signals.reduce((total, signal) => total + signal.points, 0));
}
