import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { evaluateLead } from '../../shared/scoring/evaluate';
import type { TEvent, TLead } from '../../shared/schemas';
import { generateTalkingPoints, type TTalkingPoint } from '../../shared/talking-points';
import { daysBefore, event, icpLead } from '../support/builders';

const charter = DEFAULT_CHARTER;
const at = new Date('2026-11-20T12:00:00Z');

function pointsFor(lead: TLead, events: TEvent[]) {
  const evaluation = evaluateLead({ lead, events, charter, at });
  return generateTalkingPoints({ lead, events, evaluation, charter, at });
}

const said = (points: readonly TTalkingPoint[]) => points.flatMap((p) => [p.text, p.question ?? '']);
const pains = (points: readonly TTalkingPoint[]) => points.filter((p) => p.kind === 'pain').map((p) => p.text);

/** A lead who did a bit of everything: every kind of point shows up. */
const BUSY_EVENTS = () => [
  event('pricing_view', daysBefore(at, 3)),
  event('pricing_view', daysBefore(at, 1)),
  event('competitor_comparison', daysBefore(at, 2), { competitor: 'Rival CRM' }),
  event('content_download', daysBefore(at, 4), { asset: 'Lead routing playbook' }),
  event('webinar_attended', daysBefore(at, 2), { asset: 'Speed to lead in 2026' }),
  event('page_view', daysBefore(at, 5), { url: 'https://example.com/blog/lead-scoring-myths' }),
  event('demo_request', daysBefore(at, 0.5)),
];

describe('talking points speak to the buyer', () => {
  it('never use our scoring terms: the thresholds stay in the criteria', () => {
    const leads = [
      icpLead(),
      icpLead({ title: 'Revenue Operations Manager', company: { name: 'Acme', industry: 'Banking', employees: 30 } }),
      icpLead({ title: undefined, company: { name: 'Acme' } }),
    ];
    for (const lead of leads) {
      for (const events of [BUSY_EVENTS(), [event('pricing_view', daysBefore(at, 1))]]) {
        for (const line of said(pointsFor(lead, events))) {
          expect(line).not.toMatch(/would be|\bmedium\b|\bhigh\b|\blow\b|threshold|\bpoints?\b|\bICP\b|\bMQL\b|\bSQL\b|borderline|\blevel\b/i);
        }
      }
    }
  });

  it("names the company's situation: size, industry, where, what it runs on", () => {
    const points = pointsFor(icpLead(), []);
    expect(points[0]).toMatchObject({
      id: 'situation.company',
      kind: 'situation',
      text: 'Acme Analytics: a 400-person computer software company in the United States, using Salesforce.',
    });
    const sparse = pointsFor(icpLead({ company: { name: 'Kestrel', employees: 80 } }), []);
    expect(sparse[0]!.text).toBe('Kestrel: an 80-person company.');
  });

  it('says what they did in plain words, the competitor by name, and opens on it', () => {
    const signals = pointsFor(icpLead(), BUSY_EVENTS()).filter((p) => p.kind === 'signal');
    expect(signals.map((p) => p.text)).toEqual([
      'Asked for a demo on 20 Nov.',
      'Came back to our pricing page twice in 2 days, last on 19 Nov.',
      'Compared us with Rival CRM on 18 Nov.',
    ]);
    expect(signals[2]!.question).toBe('What do they like about Rival CRM, and what is missing for them?');
    const once = pointsFor(icpLead(), [event('pricing_view', daysBefore(at, 1))]).find((p) => p.id === 'signal.pricing_views');
    expect(once!.text).toBe('Looked at our pricing page on 19 Nov.');
  });

  it('draws pains from what they read, quoting it, with the events as evidence', () => {
    const playbook = event('content_download', daysBefore(at, 3), { asset: 'Lead routing playbook' });
    const webinar = event('webinar_attended', daysBefore(at, 2), { asset: 'Speed to lead in 2026' });
    const routing = pointsFor(icpLead(), [playbook, webinar]).find((p) => p.id === 'pain.lead_routing');
    expect(routing).toMatchObject({
      kind: 'pain',
      text: 'Attended “Speed to lead in 2026” and downloaded “Lead routing playbook”: a sign that inbound leads wait too long before a rep picks them up.',
      question: 'How long does a new inbound lead wait today before someone calls, and who owns it meanwhile?',
    });
    expect(routing!.evidence.map((e) => e.eventId)).toEqual([webinar.id, playbook.id]);
    expect(routing!.evidence[1]!.label).toBe('content download: Lead routing playbook (17 Nov)');
  });

  it('names a piece read twice once', () => {
    const clicked = event('email_click', daysBefore(at, 1), { asset: 'Speed-to-lead benchmark 2026' });
    const downloaded = event('content_download', daysBefore(at, 2), { asset: 'Speed-to-lead benchmark 2026' });
    const playbook = event('content_download', daysBefore(at, 3), { asset: 'Lead routing playbook' });
    const routing = pointsFor(icpLead(), [playbook, downloaded, clicked]).find((p) => p.id === 'pain.lead_routing');
    expect(routing!.text).toBe('Clicked through to “Speed-to-lead benchmark 2026” and downloaded “Lead routing playbook”: a sign that inbound leads wait too long before a rep picks them up.');
    expect(routing!.evidence.map((e) => e.eventId)).toEqual([clicked.id, downloaded.id, playbook.id]);
  });

  it('gives two leads of different industries different pains: the only ones they share quote what each read', () => {
    const software = pains(pointsFor(icpLead(), BUSY_EVENTS()));
    const bank = pains(pointsFor(icpLead({ company: { ...icpLead().company, name: 'Ledger Bank', industry: 'Banking' } }), BUSY_EVENTS()));
    const factory = pains(pointsFor(icpLead({ company: { name: 'Forge Works', industry: 'Industrial Machinery', employees: 900 } }), BUSY_EVENTS()));
    for (const [a, b] of [[software, bank], [software, factory], [bank, factory]] as const) {
      expect(a).not.toEqual(b);
      // No stock sentence: a pain both leads get names, in quotes, what the lead read.
      for (const shared of a.filter((text) => b.includes(text))) expect(shared).toMatch(/“[^”]+”/);
    }
    expect(software.some((text) => text.startsWith('Acme Analytics (Computer Software): '))).toBe(true);
    expect(bank.some((text) => text.startsWith('Ledger Bank (Banking): '))).toBe(true);
  });

  it("falls back on the company's size when its industry says nothing we know", () => {
    const points = pointsFor(icpLead({ company: { name: 'Odd Co', industry: 'Basket Weaving', employees: 12 } }), []);
    expect(pains(points)).toEqual([
      'Odd Co (12 people): companies like this often find that a handful of people handle every lead alongside everything else, so inquiries wait until someone has a moment.',
    ]);
  });

  it('keeps at most two pains from reading, most evidence first, and none when nothing matches', () => {
    const events = [
      event('content_download', daysBefore(at, 9), { asset: 'Forecasting template' }),
      event('page_view', daysBefore(at, 8), { url: 'https://example.com/blog/lead-scoring-myths' }),
      event('content_download', daysBefore(at, 7), { asset: 'Lead scoring workbook' }),
      event('email_click', daysBefore(at, 6), { asset: 'CRM data quality checklist' }),
      event('webinar_attended', daysBefore(at, 5), { asset: 'Sales and marketing alignment' }),
    ];
    const fromReading = pointsFor(icpLead(), events).filter((p) => p.kind === 'pain' && !p.id.startsWith('pain.company.'));
    expect(fromReading.map((p) => p.id)).toEqual(['pain.lead_scoring', 'pain.alignment']);
    expect(fromReading[0]!.text).toContain('“Lead scoring workbook”');
    expect(fromReading[0]!.text).toContain('“lead scoring myths”');
    const nothing = pointsFor(icpLead(), [event('content_download', daysBefore(at, 1), { asset: 'Office party photos' })]);
    expect(nothing.filter((p) => p.kind === 'pain' && !p.id.startsWith('pain.company.'))).toEqual([]);
  });

  it('tells the rep how to handle the person, by their title', () => {
    const influencer = pointsFor(icpLead({ title: 'Revenue Operations Manager' }), []);
    expect(influencer.find((p) => p.kind === 'authority')!.text).toBe('As Revenue Operations Manager, Alex has a say but may not sign: find out who else weighs in and who signs.');
    const dm = pointsFor(icpLead({ title: 'CEO' }), []);
    expect(dm.find((p) => p.kind === 'authority')).toMatchObject({ id: 'authority.decision_maker', text: 'As CEO, Alex can likely sign: confirm budget, timeline and the problem to solve on the first call.', question: null });
  });

  it('asks for what the CRM does not know, without our ranges', () => {
    const points = pointsFor(icpLead({ company: { name: 'Acme', industry: 'Software', country: 'US' } }), []);
    expect(points.filter((p) => p.kind === 'fit').map((p) => p.text)).toEqual(['Ask how many people work at Acme.']);
  });

  it('quotes what the lead sent without bidirectional overrides, control characters or line breaks: they print in a terminal too', () => {
    const hostile = '\u202Egnp.exe\u001b[31m\nred';
    const compared = event('competitor_comparison', daysBefore(at, 1), { competitor: `Rival${hostile}` });
    const read = event('content_download', daysBefore(at, 2), { asset: `Lead routing playbook ${hostile}` });
    const points = pointsFor(icpLead({ firstName: `Al${hostile}`, title: `CEO${hostile}`, company: { name: `Acme${hostile}`, industry: `Soft${hostile}`, country: 'US', employees: 300, techStack: [`Sales${hostile}`] } }), [compared, read]);
    const text = JSON.stringify(points.map((p) => [p.text, p.question, p.evidence.map((e) => e.label)]));
    expect(points.find((p) => p.id === 'signal.competitor_comparison')!.text).toBe('Compared us with Rivalgnp.exe[31m red on 19 Nov.');
    expect(text).toContain('gnp.exe[31m red');
    // eslint-disable-next-line no-control-regex -- no control character may remain
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u001f]|\\n|\\u001b/);
  });
});
