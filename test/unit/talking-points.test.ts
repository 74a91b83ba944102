import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { evaluateLead } from '../../shared/scoring/evaluate';
import type { TEvent, TLead } from '../../shared/schemas';
import { generateTalkingPoints } from '../../shared/talking-points';
import { daysBefore, event, icpLead } from '../support/builders';

const charter = DEFAULT_CHARTER;
const at = new Date('2026-11-20T12:00:00Z');

function pointsFor(lead: TLead, events: TEvent[]) {
  const evaluation = evaluateLead({ lead, events, charter, at });
  return generateTalkingPoints({ events, evaluation, charter, at });
}

describe('talking points', () => {
  it('turns content engaged with into pain hypotheses, with the events as evidence', () => {
    const playbook = event('content_download', daysBefore(at, 3), { asset: 'Lead routing playbook' });
    const webinar = event('webinar_attended', daysBefore(at, 2), { asset: 'Speed to lead in 2026' });
    const points = pointsFor(icpLead(), [playbook, webinar]);
    const routing = points.find((p) => p.id === 'pain.lead_routing');
    expect(routing).toMatchObject({
      kind: 'pain',
      text: 'Inbound leads wait too long before a rep picks them up.',
      question: 'How long does a new inbound lead wait today before someone calls, and who owns it meanwhile?',
    });
    expect(routing!.evidence.map((e) => e.eventId)).toEqual([webinar.id, playbook.id]);
    expect(routing!.evidence[1]!.label).toBe('content download: Lead routing playbook (17 Nov)');
  });

  it('ranks pain hypotheses by how much evidence stands behind them and keeps at most three', () => {
    const events = [
      event('content_download', daysBefore(at, 9), { asset: 'Forecasting template' }),
      event('page_view', daysBefore(at, 8), { url: 'https://example.com/blog/lead-scoring-myths' }),
      event('content_download', daysBefore(at, 7), { asset: 'Lead scoring workbook' }),
      event('email_click', daysBefore(at, 6), { asset: 'CRM data quality checklist' }),
      event('webinar_attended', daysBefore(at, 5), { asset: 'Sales and marketing alignment' }),
    ];
    const pains = pointsFor(icpLead(), events).filter((p) => p.kind === 'pain');
    expect(pains).toHaveLength(3);
    expect(pains[0]!.id).toBe('pain.lead_scoring');
    expect(pains.map((p) => p.id)).not.toContain('pain.forecasting');
  });

  it('opens on the buying signals, newest first, each with its question', () => {
    const points = pointsFor(icpLead(), [
      event('competitor_comparison', daysBefore(at, 3), { competitor: 'Rival CRM' }),
      event('demo_request', daysBefore(at, 1)),
    ]);
    const signals = points.filter((p) => p.kind === 'signal');
    expect(signals.map((p) => p.text)).toEqual(['Requested a demo.', 'Compared us with a competitor “Rival CRM”.']);
    expect(signals[1]!.question).toBe('What do they like about the alternative, and what is missing?');
  });

  it('tells the rep how to handle the lead’s role', () => {
    const influencer = pointsFor(icpLead({ title: 'Revenue Operations Manager' }), []);
    expect(influencer.find((p) => p.kind === 'authority')!.text).toBe('An influencer: find out who else weighs in and who signs.');
    const dm = pointsFor(icpLead({ title: 'CEO' }), []);
    expect(dm.find((p) => p.kind === 'authority')).toMatchObject({ id: 'authority.decision_maker', question: null });
  });

  it('asks the rep to confirm what the CRM does not know', () => {
    const points = pointsFor(icpLead({ company: { name: 'Acme', industry: 'Software', country: 'US' } }), []);
    expect(points.filter((p) => p.kind === 'fit').map((p) => p.text)).toEqual([
      'Company size unknown (ICP: 50–2,000 employees). Confirm it on the call.',
    ]);
  });

  it('gives no pain hypothesis when nothing engaged with matches one', () => {
    const points = pointsFor(icpLead(), [event('content_download', daysBefore(at, 1), { asset: 'Office party photos' })]);
    expect(points.filter((p) => p.kind === 'pain')).toEqual([]);
  });

  it('quotes what the lead sent without bidirectional overrides, control characters or line breaks: they print in a terminal too', () => {
    const hostile = '\u202Egnp.exe\u001b[31m\nred';
    const compared = event('competitor_comparison', daysBefore(at, 1), { competitor: `Rival${hostile}` });
    const read = event('content_download', daysBefore(at, 2), { asset: `Lead routing playbook ${hostile}` });
    const points = pointsFor(icpLead({ company: { name: 'Acme', industry: `Soft${hostile}`, country: 'US', employees: 300 } }), [compared, read]);
    const text = JSON.stringify(points.map((p) => [p.text, p.question, p.evidence.map((e) => e.label)]));
    expect(points.find((p) => p.id === 'signal.competitor_comparison')!.text).toBe('Compared us with a competitor “Rivalgnp.exe[31m red”.');
    expect(text).toContain('gnp.exe[31m red');
    // eslint-disable-next-line no-control-regex -- no control character may remain
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u001f]|\\n|\\u001b/);
  });
});
