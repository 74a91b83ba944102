import { z } from 'zod';
import type { TCharter } from '../charter';
import type { TEvent, TLead } from '../schemas';
import { scoreAuthority } from './authority';
import { ZAuthorityScore, ZEngagementScore, ZFitScore, ZIntentScore } from './criterion';
import { scoreEngagement } from './engagement';
import { scoreFit } from './fit';
import { scoreIntent } from './intent';
import { decideStage, ZStageDecision } from './stage';

export const ZEvaluation = z.object({
  at: z.string(),
  charterVersion: z.number().int(),
  criteria: z.object({
    fit: ZFitScore,
    engagement: ZEngagementScore,
    intent: ZIntentScore,
    authority: ZAuthorityScore,
  }),
  stage: ZStageDecision,
});
export type TEvaluation = z.infer<typeof ZEvaluation>;

export interface TEvaluateInput {
  lead: TLead;
  /** The lead's events; those after `at` are ignored, so history can be replayed. */
  events: readonly TEvent[];
  charter: TCharter;
  at: Date;
}

/**
 * The stage a lead's four scores and events give at `at`: evaluateLead's last step, for
 * callers that score some criteria once and others at many instants (the demo replay).
 */
export function stageFromScores(
  scores: { fit: ReturnType<typeof scoreFit>; engagement: ReturnType<typeof scoreEngagement>; intent: ReturnType<typeof scoreIntent>; authority: ReturnType<typeof scoreAuthority> },
  events: readonly TEvent[],
  charter: TCharter,
  at: Date,
) {
  const { fit, engagement, intent, authority } = scores;
  return decideStage(
    {
      levels: { fit: fit.level, engagement: engagement.level, intent: intent.level, authority: authority.level },
      disqualified: fit.disqualifiedBy !== null,
      targetAccount: fit.targetAccount,
      events,
      at,
    },
    charter,
  );
}

/** Scores a lead on the four criteria under a charter at an instant, and decides its stage. */
export function evaluateLead({ lead, events, charter, at }: TEvaluateInput): TEvaluation {
  const fit = scoreFit(lead, charter);
  const engagement = scoreEngagement(events, charter, at);
  const intent = scoreIntent(events, charter, at);
  const authority = scoreAuthority(lead, charter);
  const stage = stageFromScores({ fit, engagement, intent, authority }, events, charter, at);
  return {
    at: at.toISOString(),
    charterVersion: charter.version,
    criteria: { fit, engagement, intent, authority },
    stage,
  };
}
