import type { TEventType } from '../../shared/schemas';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { decisions } from '../../server/db/schema';
import { insertEvent, insertHandover, insertLead } from './fixtures';
import type { TestServer } from './server';

// A month of history whose backtest the tests work out by hand (charter-backtest.test.ts,
// charter-suggestions.test.ts). The range is May 2026,
// [05-01 00:00, 06-01 00:00); now is 06-01 12:00. The charter in force is the default one.
//
// Every lead works at an in-ICP company (400 employees, software, US, Salesforce), as a
// decision-maker ("VP Sales", DM) or an influencer ("Marketing Manager", INF). Their events
// follow one of three patterns, from day D (all inside the 7 days of full weight):
// - pricing (P): a pricing view on D 10:00 and D+1 10:00, downloads of two guides on D+1 11:00
//   and D+2 10:00. At D+2 10:00: 4 touchpoints over 2 channels (web, content) → engagement
//   high; 2 pricing views within 7 days → intent medium. Before that, engagement medium at best.
//   DM: SQL by the standard thresholds (MQL the day before). INF: MQL (SQL needs a decision-maker).
// - demo (Q): a page view on D 10:00, a demo request on D 10:05. DM: direct SQL at 10:05.
// - view (V): one page view on D 10:00: engagement low, a lead.
//
//   lead  source       who  events     handover (started at)                 default  strict  loose
//   L1    webinar      DM   P 05-04    H1 05-06 10:00 accepted               SQL      MQL     SQL
//   L2    webinar      DM   Q 05-05    H2 05-05 10:05 accepted               SQL      SQL     SQL
//   L3    webinar      DM   P 05-07    H3 05-09 10:00 rejected no_intent     SQL      MQL     SQL
//   L4    webinar      INF  P 05-10    —                                     MQL      MQL     SQL
//   L5    webinar      DM   V 05-12    —                                     lead     lead    lead
//   L6    paid_search  DM   P 05-04    H6 05-06 10:00 accepted               SQL      MQL     SQL
//   L7    paid_search  DM   P 05-13    H7 05-15 10:00 rejected no_intent     SQL      MQL     SQL
//   L8    paid_search  DM   Q 05-14    H8 05-14 10:05 rejected no_authority  SQL      SQL     SQL
//   L9    paid_search  DM   P 05-15    H9 05-17 10:00 rejected wrong size    SQL      MQL     SQL
//   L10   paid_search  INF  P 05-16    H10 05-18 12:00 (by hand) rej. no_auth MQL     MQL     SQL
//   L11   paid_search  INF  P 05-20    H11 03-01 rejected (before the range) MQL      MQL     SQL
//   L12   (none)       INF  P 05-22    —                                     MQL      MQL     SQL
//   L13   (none)       DM   Q 05-24    H13 05-24 10:05 open                  SQL      SQL     SQL
//   L14   partner      DM   demo request 04-30 23:59:59.999 only, created 04-01: not replayed
//   L15   partner      DM   demo request at 05-01 00:00 exactly, created 04-01    SQL      SQL     SQL
//   L16   partner      DM   created and demo request at 06-01 00:00 (= to): not replayed
//   L17   partner      DM   pricing views 04-29, 04-30 10:00; guides 05-01, 05-02 10:00, created 04-28:
//                          at 05-02 10:00 the views before the range still count → SQL   MQL     SQL
//
// "strict" raises the SQL intent threshold to high (the direct path stays); "loose" lowers the
// SQL authority threshold to influencer. Replayed: L1–L13, L15, L17 = 15 leads.

export const NOW = new Date('2026-06-01T12:00:00.000Z');
export const RANGE = { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' };
const DAY = 86_400_000;
const HOUR = 3_600_000;

export const STRICT = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, intent: 'high' } }, name: 'Strict intent' };
export const LOOSE = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, authority: 'influencer' } }, name: 'Influencers are SQL' };

const COMPANY = { name: 'Acme', domain: 'acme.example', employees: 400, industry: 'Computer Software', country: 'US', techStack: ['Salesforce'] };
const TITLE = { DM: 'VP Sales', INF: 'Marketing Manager' };

type TEventSpec = { type: TEventType; at: string; properties?: Record<string, string> };
const instant = (ms: number) => new Date(ms).toISOString();
const at10 = (day: string) => Date.parse(`${day}T10:00:00.000Z`);

const PATTERN = {
  pricing: (day: string): TEventSpec[] => [
    { type: 'pricing_view', at: instant(at10(day)), properties: { url: '/pricing' } },
    { type: 'pricing_view', at: instant(at10(day) + DAY), properties: { url: '/pricing' } },
    { type: 'content_download', at: instant(at10(day) + DAY + HOUR), properties: { asset: 'guide-a' } },
    { type: 'content_download', at: instant(at10(day) + 2 * DAY), properties: { asset: 'guide-b' } },
  ],
  demo: (day: string): TEventSpec[] => [
    { type: 'page_view', at: instant(at10(day)), properties: { url: '/' } },
    { type: 'demo_request', at: instant(at10(day) + 5 * 60_000) },
  ],
  view: (day: string): TEventSpec[] => [{ type: 'page_view', at: instant(at10(day)), properties: { url: '/' } }],
};

interface TLeadSpec {
  n: number;
  source: string | null;
  who: keyof typeof TITLE;
  createdAt: string;
  events: TEventSpec[];
  handover?: { startedAt: string; decision?: { kind: 'accepted' | 'rejected'; reasonId?: string } };
}

/** A lead created an hour before its first event, handed over (if at all) at its last event. */
function lead(n: number, source: string | null, who: keyof typeof TITLE, events: TEventSpec[], decision?: TLeadSpec['handover']): TLeadSpec {
  return { n, source, who, createdAt: instant(Date.parse(events[0]!.at) - HOUR), events, handover: decision };
}
const handedAtLast = (events: TEventSpec[], decision?: { kind: 'accepted' | 'rejected'; reasonId?: string }) => ({ startedAt: events.at(-1)!.at, decision });
const accepted = { kind: 'accepted' as const };
const rejected = (reasonId: string) => ({ kind: 'rejected' as const, reasonId });

function leads(): TLeadSpec[] {
  const p = PATTERN;
  const withHandover = (n: number, source: string | null, who: keyof typeof TITLE, events: TEventSpec[], decision?: { kind: 'accepted' | 'rejected'; reasonId?: string }) =>
    lead(n, source, who, events, handedAtLast(events, decision));
  const l10 = p.pricing('2026-05-16');
  return [
    withHandover(1, 'webinar', 'DM', p.pricing('2026-05-04'), accepted),
    withHandover(2, 'webinar', 'DM', p.demo('2026-05-05'), accepted),
    withHandover(3, 'webinar', 'DM', p.pricing('2026-05-07'), rejected('no_intent')),
    lead(4, 'webinar', 'INF', p.pricing('2026-05-10')),
    lead(5, 'webinar', 'DM', p.view('2026-05-12')),
    withHandover(6, 'paid_search', 'DM', p.pricing('2026-05-04'), accepted),
    withHandover(7, 'paid_search', 'DM', p.pricing('2026-05-13'), rejected('no_intent')),
    withHandover(8, 'paid_search', 'DM', p.demo('2026-05-14'), rejected('no_authority')),
    withHandover(9, 'paid_search', 'DM', p.pricing('2026-05-15'), rejected('wrong_company_size')),
    lead(10, 'paid_search', 'INF', l10, { startedAt: '2026-05-18T12:00:00.000Z', decision: rejected('no_authority') }),
    { ...lead(11, 'paid_search', 'INF', p.pricing('2026-05-20')), createdAt: '2026-02-20T00:00:00.000Z', handover: { startedAt: '2026-03-01T10:00:00.000Z', decision: rejected('no_authority') } },
    lead(12, null, 'INF', p.pricing('2026-05-22')),
    withHandover(13, null, 'DM', p.demo('2026-05-24')),
    { n: 14, source: 'partner', who: 'DM', createdAt: '2026-04-01T00:00:00.000Z', events: [{ type: 'demo_request', at: '2026-04-30T23:59:59.999Z' }] },
    { n: 15, source: 'partner', who: 'DM', createdAt: '2026-04-01T00:00:00.000Z', events: [{ type: 'demo_request', at: RANGE.from }] },
    { n: 16, source: 'partner', who: 'DM', createdAt: RANGE.to, events: [{ type: 'demo_request', at: RANGE.to }] },
    {
      n: 17,
      source: 'partner',
      who: 'DM',
      createdAt: '2026-04-28T00:00:00.000Z',
      events: [
        { type: 'pricing_view', at: '2026-04-29T10:00:00.000Z', properties: { url: '/pricing' } },
        { type: 'pricing_view', at: '2026-04-30T10:00:00.000Z', properties: { url: '/pricing' } },
        { type: 'content_download', at: '2026-05-01T10:00:00.000Z', properties: { asset: 'guide-a' } },
        { type: 'content_download', at: '2026-05-02T10:00:00.000Z', properties: { asset: 'guide-b' } },
      ],
    },
  ];
}

/** Stores the month of history above, every handover owned by `ownerId`. */
export async function seedBacktestHistory(server: TestServer, ownerId: string): Promise<void> {
  const database = server.database;
  for (const spec of leads()) {
    const leadId = `lead-${spec.n}`;
    await insertLead(database, { id: leadId, email: `lead${spec.n}@acme.example`, title: TITLE[spec.who], company: COMPANY, source: spec.source, createdAt: spec.createdAt });
    for (const [i, e] of spec.events.entries()) {
      await insertEvent(database, { id: `ev-${spec.n}-${i}`, leadId, type: e.type, at: e.at, properties: e.properties ?? {} });
    }
    const handover = spec.handover;
    if (!handover) continue;
    const handoverId = `H${spec.n}`;
    const deadline = instant(Date.parse(handover.startedAt) + 4 * HOUR);
    await insertHandover(database, { id: handoverId, leadId, ownerId, startedAt: handover.startedAt, warnAt: deadline, deadline, state: handover.decision?.kind ?? 'open' });
    if (!handover.decision) continue;
    await database.db.insert(decisions).values({
      id: `decision-${handoverId}`,
      handoverId,
      leadId,
      kind: handover.decision.kind,
      reasonId: handover.decision.reasonId ?? null,
      decidedById: ownerId,
      withoutContact: false,
      charterVersion: 1,
      idempotencyKey: `key-${handoverId}`,
      decidedAt: instant(Date.parse(handover.startedAt) + HOUR),
    });
  }
}
