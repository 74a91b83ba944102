import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import type { TEvent } from '../../shared/schemas';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { generateDemoWorld } from '../../server/demo/seed';
import { lookbackMs, StageTimeline } from '../../server/domain/backtest/replay-lead';

// The backtest's timeline scores fit and authority once per lead and only the events inside
// the scoring windows at each instant: its stage must be evaluateLead's, with every event up
// to the instant, under the default charter and under a stricter and a looser one.

const stricter: TCharter = { ...DEFAULT_CHARTER, engagement: { ...DEFAULT_CHARTER.engagement, windowDays: 14 }, intent: { ...DEFAULT_CHARTER.intent, windowDays: 10 } };
const looser: TCharter = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, intent: 'low' } } };

describe('the backtest timeline', () => {
  it.each([
    ['the default charter', DEFAULT_CHARTER],
    ['shorter windows', stricter],
    ['a lower SQL intent threshold', looser],
  ])('gives evaluateLead’s stage at every event of every lead, under %s', (_name, charter) => {
    const world = generateDemoWorld({ now: Date.parse('2026-11-23T10:30:00Z'), seed: 5, leads: 300, days: 90 });
    let sqls = 0;
    for (const plan of world.leads) {
      const events: TEvent[] = plan.events.map((e, i) => ({ id: String(i), email: plan.lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties }));
      const timeline = new StageTimeline(plan.lead, events, charter, lookbackMs([charter]));
      for (const event of plan.events) {
        const expected = evaluateLead({ lead: plan.lead, events: events.filter((e) => Date.parse(e.at) <= event.at), charter, at: new Date(event.at) }).stage.stage;
        expect([plan.lead.email, event.at, timeline.at(event.at)]).toEqual([plan.lead.email, event.at, expected]);
        if (expected === 'sql') sqls += 1;
      }
    }
    expect(sqls).toBeGreaterThan(10);
  });
});
