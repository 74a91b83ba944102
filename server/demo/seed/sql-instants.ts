import { scoringLookbackDays, type TCharter } from '../../../shared/charter';
import type { TEvent } from '../../../shared/schemas';
import { scoreAuthority } from '../../../shared/scoring/authority';
import { scoreEngagement } from '../../../shared/scoring/engagement';
import { scoreFit } from '../../../shared/scoring/fit';
import { scoreIntent } from '../../../shared/scoring/intent';
import { stageFromScores } from '../../../shared/scoring/evaluate';
import type { TStage } from '../../../shared/scoring/stage';
import { DAY } from './common';
import type { TPlannedLead } from './journeys';

// The instants the replay cuts its slices at, so that a handover starts at the event that
// qualified its lead (see replay.ts).

/**
 * The stage evaluateLead (shared/scoring/evaluate.ts) gives a lead with `events` at `at`, from
 * the same parts; the lead's fit and authority, which its events do not change, are scored
 * once by the caller. A test holds the two side by side.
 */
function stageAt(fit: ReturnType<typeof scoreFit>, authority: ReturnType<typeof scoreAuthority>, events: readonly TEvent[], charter: TCharter, at: Date): TStage {
  return stageFromScores({ fit, engagement: scoreEngagement(events, charter, at), intent: scoreIntent(events, charter, at), authority }, events, charter, at).stage;
}

/**
 * When the scoring engine will first find this lead an SQL, replaying its events one by one
 * (the same pure evaluation the ingest runs), or null. Only ICP decision-makers can get
 * there, so only they are replayed.
 */
export function predictedSqlAt(plan: TPlannedLead, charter: TCharter): number | null {
  const lead = plan.lead;
  const fit = scoreFit(lead, charter);
  const authority = scoreAuthority(lead, charter);
  if (fit.level !== 'in_icp' || authority.level !== 'decision_maker') return null;
  const events: TEvent[] = plan.events.map((e, i) => ({ id: String(i), email: lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties }));
  // Scoring reads only the events inside its windows (see eventsInWindow): those before are
  // left out of each evaluation, which they would not change. The plan's events are in time order.
  const windowMs = scoringLookbackDays(charter) * DAY;
  let first = 0;
  for (let i = 0; i < events.length; i += 1) {
    if (i + 1 < events.length && events[i + 1]!.at === events[i]!.at) continue;
    const at = plan.events[i]!.at;
    while (plan.events[first]!.at <= at - windowMs) first += 1;
    if (stageAt(fit, authority, events.slice(first, i + 1), charter, new Date(at)) === 'sql') return at;
  }
  return null;
}
