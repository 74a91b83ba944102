import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import type { TEventType } from '../../shared/schemas';
import { decisions } from '../../server/db/schema';
import { replayChunkStatement, replayLeads } from '../../server/domain/backtest/replay-reads';
import { insertEvent, insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// A month of history whose backtest is worked out by hand below. The range is May 2026,
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

const NOW = new Date('2026-06-01T12:00:00.000Z');
const RANGE = { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' };
const DAY = 86_400_000;
const HOUR = 3_600_000;

const STRICT = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, intent: 'high' } }, name: 'Strict intent' };
const LOOSE = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, authority: 'influencer' } }, name: 'Influencers are SQL' };

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


const counts = (leads: number, mql: [number, number], sqlCounts: [number, number], becomeSql: number, noLongerSql: number, newToSales: number) => ({
  leads,
  mql: { active: mql[0], proposed: mql[1], change: mql[1] - mql[0] },
  sql: { active: sqlCounts[0], proposed: sqlCounts[1], change: sqlCounts[1] - sqlCounts[0] },
  becomeSql,
  noLongerSql,
  newToSales,
});
const decided = (total: number, active: number, proposed: number) => ({ total, notReachingSales: { active, proposed } });

describe('charter.backtest', () => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['user']>>;
  let admin: Awaited<ReturnType<TestServer['user']>>;
  let rep: Awaited<ReturnType<TestServer['user']>>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    manager = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', team: 'sales' });
    admin = await server.user({ email: 'ops@example.com', name: 'Olu Ops', role: 'admin', team: 'revops' });
    rep = await server.user({ email: 'rita@example.com', name: 'Rita Rep', role: 'rep', team: 'sales' });
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
      await insertHandover(database, { id: handoverId, leadId, ownerId: rep.id, startedAt: handover.startedAt, warnAt: deadline, deadline, state: handover.decision?.kind ?? 'open' });
      if (!handover.decision) continue;
      await database.db.insert(decisions).values({
        id: `decision-${handoverId}`,
        handoverId,
        leadId,
        kind: handover.decision.kind,
        reasonId: handover.decision.reasonId ?? null,
        decidedById: rep.id,
        withoutContact: false,
        charterVersion: 1,
        idempotencyKey: `key-${handoverId}`,
        decidedAt: instant(Date.parse(handover.startedAt) + HOUR),
      });
    }
  });
  afterAll(() => server.close());

  it('a stricter SQL threshold: which leads stop being SQL, by source, and which handovers sales would no longer get', async () => {
    const result = await manager.api.charter.backtest.mutate({ charter: STRICT, ...RANGE });
    expect(result.from).toBe(RANGE.from);
    expect(result.to).toBe(RANGE.to);
    expect(result.active).toEqual({ version: 1, name: DEFAULT_CHARTER.name, handoverStage: 'sql' });
    expect(result.proposed).toEqual({ version: null, name: 'Strict intent', handoverStage: 'sql' });
    // 15 replayed. MQL or beyond: all but L5 under both = 14. SQL by default: L1–3, L6–9, L13,
    // L15, L17 = 10; strict keeps the direct ones, L2, L8, L13, L15 = 4: six are no longer SQL
    // (L1, L3, L6, L7, L9, L17). No handover-less lead gains SQL.
    expect(result.overall).toEqual(counts(15, [14, 14], [10, 4], 0, 6, 0));
    expect(result.bySource).toEqual([
      // L6–L11: MQL+ all six; SQL L6–9 → L8.
      { source: 'paid_search', ...counts(6, [6, 6], [4, 1], 0, 3, 0) },
      // L1–L5: MQL+ L1–4; SQL L1–3 → L2.
      { source: 'webinar', ...counts(5, [4, 4], [3, 1], 0, 2, 0) },
      // L15, L17 (L14 and L16 are outside the range): SQL both → L15.
      { source: 'partner', ...counts(2, [2, 2], [2, 1], 0, 1, 0) },
      // L12 (MQL), L13 (SQL by its demo request).
      { source: '(none)', ...counts(2, [2, 2], [1, 1], 0, 0, 0) },
    ]);
    // Decided handovers started in May: accepted H1, H2, H6; rejected H3, H7, H8, H9, H10; H13
    // open. Under the default replay only H10 (handed over by hand at MQL) was below SQL at its
    // start. Strict: H1 and H6 (accepted), H3, H7, H9 and H10 (rejected) would not be SQL.
    expect(result.decisions).toEqual({
      undecided: 1,
      accepted: decided(3, 0, 2),
      rejected: {
        ...decided(5, 1, 4),
        byReason: [
          { reasonId: 'no_authority', label: 'Wrong role / no authority', ...decided(2, 1, 1) },
          { reasonId: 'no_intent', label: 'No real intent', ...decided(2, 0, 2) },
          { reasonId: 'wrong_company_size', label: 'Wrong company size', ...decided(1, 0, 1) },
        ],
      },
    });
  });

  it('a lower SQL threshold: the leads that become SQL, and those sales never saw', async () => {
    const result = await admin.api.charter.backtest.mutate({ charter: LOOSE, ...RANGE });
    // Influencers L4, L10, L11, L12 become SQL: 14 of 15. Of them, L10 was handed over in May
    // and L11 in March: only L4 and L12 would be new to sales.
    expect(result.overall).toEqual(counts(15, [14, 14], [10, 14], 4, 0, 2));
    expect(result.bySource).toEqual([
      { source: 'paid_search', ...counts(6, [6, 6], [4, 6], 2, 0, 0) },
      { source: 'webinar', ...counts(5, [4, 4], [3, 4], 1, 0, 1) },
      { source: 'partner', ...counts(2, [2, 2], [2, 2], 0, 0, 0) },
      { source: '(none)', ...counts(2, [2, 2], [1, 2], 1, 0, 1) },
    ]);
    // H10, below SQL under the default replay, is an SQL at its start under the loose charter.
    expect(result.decisions).toEqual({
      undecided: 1,
      accepted: decided(3, 0, 0),
      rejected: {
        ...decided(5, 1, 0),
        byReason: [
          { reasonId: 'no_authority', label: 'Wrong role / no authority', ...decided(2, 1, 0) },
          { reasonId: 'no_intent', label: 'No real intent', ...decided(2, 0, 0) },
          { reasonId: 'wrong_company_size', label: 'Wrong company size', ...decided(1, 0, 0) },
        ],
      },
    });
  });

  it('backtests a stored proposal by its version as it does the same charter as a draft', async () => {
    const { version } = await admin.api.charter.propose.mutate({ charter: STRICT, note: 'Strict intent' });
    const stored = await manager.api.charter.backtest.mutate({ version, ...RANGE });
    const draft = await manager.api.charter.backtest.mutate({ charter: STRICT, ...RANGE });
    expect(stored).toEqual({ ...draft, proposed: { ...draft.proposed, version } });
  });

  it('defaults to the 90 days before now', async () => {
    const result = await manager.api.charter.backtest.mutate({ charter: DEFAULT_CHARTER });
    // [03-03 12:00, 06-01 12:00): L14 (04-30) and L16 (06-01 00:00) come in; H11 (03-01) stays out.
    expect(result.from).toBe('2026-03-03T12:00:00.000Z');
    expect(result.to).toBe(NOW.toISOString());
    // The same charter on both sides changes nothing.
    expect(result.overall).toEqual(counts(17, [16, 16], [12, 12], 0, 0, 0));
    expect(result.decisions.rejected.total).toBe(5);
  });

  it('refuses a rep, and names the field at fault', async () => {
    expect(await failure(rep.api.charter.backtest.mutate({ charter: STRICT, ...RANGE }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });

    const badLevel = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, engagement: 'extreme' } } };
    expect(await failure(manager.api.charter.backtest.mutate({ charter: badLevel }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'charter.thresholds.sql.engagement' });
    const noSql = { ...DEFAULT_CHARTER, thresholds: { mql: DEFAULT_CHARTER.thresholds.mql } };
    expect(await failure(manager.api.charter.backtest.mutate({ charter: noSql }))).toMatchObject({ status: 400, field: 'charter.thresholds.sql' });

    expect(await failure(manager.api.charter.backtest.mutate({}))).toMatchObject({ status: 400, field: 'charter' });
    expect(await failure(manager.api.charter.backtest.mutate({ charter: STRICT, version: 1 }))).toMatchObject({ status: 400, field: 'charter' });
    expect(await failure(manager.api.charter.backtest.mutate({ charter: STRICT, from: RANGE.to, to: RANGE.from }))).toMatchObject({ status: 400, field: 'from' });
    expect(await failure(manager.api.charter.backtest.mutate({ charter: STRICT, to: 'yesterday' }))).toMatchObject({ status: 400, field: 'to' });
    expect(await failure(manager.api.charter.backtest.mutate({ version: 99 }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('reads the leads chunk by chunk in key order, each once', async () => {
    const window = { ...RANGE, lookbackStart: '2026-04-01T00:00:00.000Z' };
    const chunks: string[][] = [];
    for await (const chunk of replayLeads(server.database.db, window, 4)) chunks.push(chunk.map((r) => r.lead.id));
    const replayed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17].map((n) => `lead-${n}`).sort();
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 3]);
    expect(chunks.flat()).toEqual(replayed);
  });

  it('reads its chunks by the indexes: no table scanned, the leads walked by their key', async () => {
    const statement = replayChunkStatement({ ...RANGE, lookbackStart: '2026-04-01T00:00:00.000Z' }, '', 200);
    const details = (await server.database.db.all<{ detail: string }>(sql`explain query plan ${statement}`)).map((row) => row.detail);
    expect(details.filter((detail) => /^SCAN /.test(detail))).toEqual([]);
    expect(details.some((detail) => /^SEARCH leads USING .*\(id>\?\)$/.test(detail))).toBe(true);
    expect(details.join('\n')).toContain('SEARCH events USING COVERING INDEX events_lead_at (lead_id=? AND at>? AND at<?)');
    expect(details.join('\n')).toContain('SEARCH handovers USING COVERING INDEX handovers_lead_started (lead_id=? AND started_at>? AND started_at<?)');
  });
});
