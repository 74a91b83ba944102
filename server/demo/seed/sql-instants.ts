import type { TCharter } from '../../../shared/charter';
import type { TEvent } from '../../../shared/schemas';
import { evaluateLead } from '../../../shared/scoring/evaluate';
import { DAY } from './common';
import type { TPlannedLead } from './journeys';

// The instants the replay cuts its slices at, so that a handover starts at the event that
// qualified its lead (see replay.ts).

/**
 * When the scoring engine will first find this lead an SQL, replaying its events one by one
 * (the same pure evaluation the ingest runs), or null. Only ICP decision-makers and target
 * accounts can get there, so only they are replayed.
 */
export function predictedSqlAt(plan: TPlannedLead, charter: TCharter): number | null {
  const lead = plan.lead;
  const bare = evaluateLead({ lead, events: [], charter, at: new Date(plan.createdAt) });
  if (bare.criteria.fit.level !== 'in_icp' || bare.criteria.authority.level !== 'decision_maker') return null;
  const events: TEvent[] = plan.events.map((e, i) => ({ id: String(i), email: lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties }));
  // Scoring reads only the events inside its windows (see eventsInWindow): those before are
  // left out of each evaluation, which they would not change. The plan's events are in time order.
  const windowMs = Math.max(charter.engagement.windowDays, charter.intent.windowDays) * DAY;
  let first = 0;
  for (let i = 0; i < events.length; i += 1) {
    if (i + 1 < events.length && events[i + 1]!.at === events[i]!.at) continue;
    const at = plan.events[i]!.at;
    while (plan.events[first]!.at <= at - windowMs) first += 1;
    if (evaluateLead({ lead, events: events.slice(first, i + 1), charter, at: new Date(at) }).stage.stage === 'sql') return at;
  }
  return null;
}
