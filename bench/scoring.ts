import { DEFAULT_CHARTER } from '../shared/charter';
import type { TEvent, TEventType, TLead } from '../shared/schemas';
import { evaluateLead } from '../shared/scoring/evaluate';
import { generateTalkingPoints } from '../shared/talking-points';
import { measure, report, seededRandom } from './measure';

// Scoring cost against the cost of merely receiving the same leads (JSON.parse of their
// payload), measured in the same run on the same data.

const LEADS = 2_000;
const EVENTS_PER_LEAD = 15;
const at = new Date('2026-11-20T12:00:00Z');
const random = seededRandom(42);
const types: TEventType[] = ['page_view', 'pricing_view', 'content_download', 'email_open', 'email_click', 'webinar_attended', 'demo_request', 'competitor_comparison'];
const titles = ['VP Sales', 'Marketing Manager', 'Software Engineer', 'Directeur commercial', 'Student', 'Head of Revenue Operations'];
const assets = ['Lead routing playbook', 'Lead scoring workbook', 'Forecasting template', 'Handoff webinar', 'Pricing'];

const payload = Array.from({ length: LEADS }, (_, i) => {
  const email = `lead${i}@company${i % 300}.com`;
  const lead: TLead = {
    email,
    title: titles[i % titles.length]!,
    company: { employees: Math.floor(random() * 4000), industry: i % 3 ? 'Software' : 'Retail', country: i % 5 ? 'US' : 'BR', techStack: ['HubSpot'] },
  };
  const events: TEvent[] = Array.from({ length: EVENTS_PER_LEAD }, (_, j) => ({
    id: `${i}-${j}`,
    email,
    type: types[Math.floor(random() * types.length)]!,
    at: new Date(at.getTime() - random() * 40 * 86_400_000).toISOString(),
    properties: { asset: assets[j % assets.length]! },
  }));
  return { lead, events };
});
const serialised = payload.map((item) => JSON.stringify(item));

export function benchScoring(): void {
  const parse = measure('JSON.parse of each lead and its events (baseline)', LEADS, () => {
    for (const text of serialised) JSON.parse(text);
  });
  const score = measure('evaluateLead: four criteria + stage', LEADS, () => {
    for (const { lead, events } of payload) evaluateLead({ lead, events, charter: DEFAULT_CHARTER, at });
  });
  const packet = measure('evaluateLead + talking points', LEADS, () => {
    for (const { lead, events } of payload) {
      const evaluation = evaluateLead({ lead, events, charter: DEFAULT_CHARTER, at });
      generateTalkingPoints({ lead, events, evaluation, charter: DEFAULT_CHARTER, at });
    }
  });
  report(`Scoring ${LEADS} leads × ${EVENTS_PER_LEAD} events`, parse, [score, packet], 'leads');
}
