import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import type { TEvent } from '../../shared/schemas';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { generateDemoWorld } from '../../server/demo/seed';
import type { TPlannedLead } from '../../server/demo/seed/journeys';
import { predictedSqlAt } from '../../server/demo/seed/sql-instants';

// The demo replay cuts its slices where a lead will first be found an SQL: the instant must
// be the one evaluateLead itself gives, replaying every event, though the prediction scores
// fit and authority once and only the events inside the scoring windows.

/** The first instant evaluateLead finds the lead an SQL, over every prefix of its events. */
function byEvaluateLead(plan: TPlannedLead): number | null {
  const events: TEvent[] = plan.events.map((e, i) => ({ id: String(i), email: plan.lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties }));
  for (let i = 0; i < events.length; i += 1) {
    if (i + 1 < events.length && events[i + 1]!.at === events[i]!.at) continue;
    const at = plan.events[i]!.at;
    if (evaluateLead({ lead: plan.lead, events: events.slice(0, i + 1), charter: DEFAULT_CHARTER, at: new Date(at) }).stage.stage === 'sql') return at;
  }
  return null;
}

describe('the predicted SQL instants of the demo replay', () => {
  it('are those evaluateLead gives for every lead of a world', () => {
    const world = generateDemoWorld({ now: Date.parse('2026-11-23T10:30:00Z'), seed: 11, leads: 600, days: 90 });
    const predicted = world.leads.map((plan) => [plan.lead.email, predictedSqlAt(plan, DEFAULT_CHARTER)]);
    const expected = world.leads.map((plan) => [plan.lead.email, byEvaluateLead(plan)]);
    expect(predicted).toEqual(expected);
    expect(predicted.filter(([, at]) => at !== null).length).toBeGreaterThan(20);
  });
});
