import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { charterVersions, decisions, stageTransitions, touches } from '../../server/db/schema';
import { computeOutcomes, type TOutcomeRow } from '../../server/domain/stats';
import { insertEvent, insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// stats.outcomes on a small organisation worked out by hand. Now is 15 April 2026, 12:00 UTC;
// the range is February 2026 (28 days). MQLs (source / campaign, mql_at, sql_at, touches, won):
//   W1 webinar / q1-webinar  02-01 10:00  03-03 10:00 (exactly 30 days)   touch 02-08 10:00 (exactly 7 days)   won, 12 000 + 3 000
//   W2 webinar / q1-webinar  02-02 10:00  03-04 10:01 (30 days + 1 min)   touch 02-01 (before MQL), sales_touch event 02-09 10:01 (7 days + 1 min)   won, amount "5000" (text: no revenue)
//   W3 webinar / q1-webinar  02-05 10:00  04-06 10:00 (exactly 60 days)   no touch
//   W4 webinar / q1-webinar  02-06 10:00  04-07 10:01 (60 days + 1 min)   touch 02-07
//   W5 webinar / —           02-20 10:00  —  (54 days old: counts for 30 days, not yet for 60)   sales_touch event 02-20 12:00
//   P1 paid_search / brand   02-10 10:00  02-11 10:00   touch 02-10 11:00   won, 20 000
//   P2 paid_search / brand   02-11 10:00  —  (63 days old)   no touch
//   N1 — / brand             02-15 10:00  —  (59 days old)   sales_touch event 02-16   won, its closed_won without an amount
// Outside: MQL 01-31 23:59, MQL at 03-01 00:00 (the range's end), a lead created in February never MQL.
//
// Rejections decided in February (R5 is January's; an acceptance is not counted):
//   R1 no_intent  02-04  the lead got a new handover 02-20 and was won 03-15: re-qualified, won
//   R2 no_intent  02-05  a stage transition to SQL 02-10: re-qualified
//   R3 duplicate  02-06  won 02-01, before the rejection: neither
//   R4 no_intent under charter version 2, which labels it "No intent yet": neither
//   R6 no reason  02-08  first SQL 02-20: re-qualified

const NOW = new Date('2026-04-15T12:00:00.000Z');
const FEBRUARY = { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' };
const CALENDAR = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] as string[] };
const at = (text: string) => new Date(`${text}Z`).toISOString();

type TClient = Awaited<ReturnType<TestServer['user']>>;


interface TMql {
  id: string;
  source: string | null;
  campaign: string | null;
  mqlAt: string;
  sqlAt?: string;
  wonAt?: string;
  touches?: string[];
  touchEvents?: string[];
  amounts?: unknown[];
}

const MQLS: TMql[] = [
  { id: 'W1', source: 'webinar', campaign: 'q1-webinar', mqlAt: '2026-02-01T10:00', sqlAt: '2026-03-03T10:00', touches: ['2026-02-08T10:00'], wonAt: '2026-03-20T10:00', amounts: [12_000, 3_000] },
  { id: 'W2', source: 'webinar', campaign: 'q1-webinar', mqlAt: '2026-02-02T10:00', sqlAt: '2026-03-04T10:01', touches: ['2026-02-01T09:00'], touchEvents: ['2026-02-09T10:01'], wonAt: '2026-03-25T10:00', amounts: ['5000'] },
  { id: 'W3', source: 'webinar', campaign: 'q1-webinar', mqlAt: '2026-02-05T10:00', sqlAt: '2026-04-06T10:00' },
  { id: 'W4', source: 'webinar', campaign: 'q1-webinar', mqlAt: '2026-02-06T10:00', sqlAt: '2026-04-07T10:01', touches: ['2026-02-07T10:00'] },
  { id: 'W5', source: 'webinar', campaign: null, mqlAt: '2026-02-20T10:00', touchEvents: ['2026-02-20T12:00'] },
  { id: 'P1', source: 'paid_search', campaign: 'brand', mqlAt: '2026-02-10T10:00', sqlAt: '2026-02-11T10:00', touches: ['2026-02-10T11:00'], wonAt: '2026-03-10T10:00', amounts: [20_000] },
  { id: 'P2', source: 'paid_search', campaign: 'brand', mqlAt: '2026-02-11T10:00' },
  { id: 'N1', source: null, campaign: 'brand', mqlAt: '2026-02-15T10:00', touchEvents: ['2026-02-16T10:00'], wonAt: '2026-03-01T10:00', amounts: [undefined] },
  { id: 'O1', source: 'webinar', campaign: 'q1-webinar', mqlAt: '2026-01-31T23:59', sqlAt: '2026-02-01T10:00', wonAt: '2026-02-10T10:00', amounts: [99_000] },
  { id: 'O2', source: 'webinar', campaign: 'q1-webinar', mqlAt: '2026-03-01T00:00' },
];

interface TRejection {
  id: string;
  reasonId: string | null;
  decidedAt: string;
  version?: number;
  kind?: 'accepted' | 'rejected';
  lead?: { wonAt?: string; sqlAt?: string };
  laterHandover?: string;
  sqlTransition?: string;
}

const REJECTIONS: TRejection[] = [
  { id: 'R1', reasonId: 'no_intent', decidedAt: '2026-02-04T10:00', laterHandover: '2026-02-20T10:00', lead: { wonAt: '2026-03-15T10:00' } },
  { id: 'R2', reasonId: 'no_intent', decidedAt: '2026-02-05T10:00', sqlTransition: '2026-02-10T10:00' },
  { id: 'R3', reasonId: 'duplicate', decidedAt: '2026-02-06T10:00', lead: { wonAt: '2026-02-01T10:00' } },
  { id: 'R4', reasonId: 'no_intent', decidedAt: '2026-02-07T10:00', version: 2 },
  { id: 'R5', reasonId: 'no_intent', decidedAt: '2026-01-20T10:00', laterHandover: '2026-02-20T10:00', lead: { wonAt: '2026-03-15T10:00' } },
  { id: 'R6', reasonId: null, decidedAt: '2026-02-08T10:00', lead: { sqlAt: '2026-02-20T10:00' } },
  { id: 'A1', reasonId: null, decidedAt: '2026-02-09T10:00', kind: 'accepted', lead: { wonAt: '2026-03-15T10:00' } },
];

const row = (key: string, r: Omit<TOutcomeRow, 'key'>) => ({ key, ...r });

describe('stats.outcomes', () => {
  let server: TestServer;
  let maria: TClient;
  let alice: TClient;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', ...CALENDAR });
    alice = await server.user({ email: 'alice@example.com', name: 'Alice Archer', role: 'rep', managerEmail: 'maria@example.com', ...CALENDAR });
    const database = server.database;
    await database.db.insert(charterVersions).values({
      version: 2,
      body: { ...DEFAULT_CHARTER, version: 2, rejectionReasons: DEFAULT_CHARTER.rejectionReasons.map((r) => (r.id === 'no_intent' ? { ...r, label: 'No intent yet' } : r)) },
      proposedAt: at('2026-02-06T12:00'),
      activatedAt: at('2026-02-06T12:00'),
    });

    for (const m of MQLS) {
      await insertLead(database, { id: m.id, email: `${m.id}@example.com`, source: m.source, campaign: m.campaign, createdAt: at(m.mqlAt), mqlAt: at(m.mqlAt), sqlAt: m.sqlAt ? at(m.sqlAt) : null, wonAt: m.wonAt ? at(m.wonAt) : null });
      for (const [i, touchAt] of (m.touches ?? []).entries()) {
        await database.db.insert(touches).values({ id: `${m.id}-touch-${i}`, leadId: m.id, userId: alice.id, channel: 'call', at: at(touchAt), idempotencyKey: `${m.id}-touch-${i}` });
      }
      for (const [i, eventAt] of (m.touchEvents ?? []).entries()) {
        await insertEvent(database, { id: `${m.id}-touch-event-${i}`, leadId: m.id, type: 'sales_touch', at: at(eventAt), properties: { channel: 'email' } });
      }
      for (const [i, amount] of (m.amounts ?? []).entries()) {
        await insertEvent(database, { id: `${m.id}-won-${i}`, leadId: m.id, type: 'closed_won', at: at(m.wonAt!), properties: amount === undefined ? { crm: 'hubspot' } : { crm: 'hubspot', amount } });
      }
    }
    await insertLead(database, { id: 'never-mql', email: 'never-mql@example.com', source: 'webinar', createdAt: at('2026-02-10T10:00') });

    for (const r of REJECTIONS) {
      const leadId = `lead-${r.id}`;
      await insertLead(database, { id: leadId, email: `${leadId}@example.com`, source: 'webinar', createdAt: at('2026-01-02T10:00'), wonAt: r.lead?.wonAt ? at(r.lead.wonAt) : null, sqlAt: r.lead?.sqlAt ? at(r.lead.sqlAt) : null });
      const started = new Date(Date.parse(at(r.decidedAt)) - 3_600_000).toISOString();
      const handoverId = await insertHandover(database, { id: `h-${r.id}`, leadId, ownerId: alice.id, startedAt: started, warnAt: started, deadline: started, state: r.kind ?? 'rejected', stage: 'mql' });
      await database.db.insert(decisions).values({
        id: `d-${r.id}`,
        handoverId,
        leadId,
        kind: r.kind ?? 'rejected',
        reasonId: r.reasonId,
        decidedById: alice.id,
        withoutContact: false,
        charterVersion: r.version ?? 1,
        idempotencyKey: `key-${r.id}`,
        decidedAt: at(r.decidedAt),
      });
      if (r.laterHandover) {
        await insertHandover(database, { id: `h-${r.id}-again`, leadId, ownerId: alice.id, startedAt: at(r.laterHandover), warnAt: at(r.laterHandover), deadline: at(r.laterHandover) });
      }
      if (r.sqlTransition) await database.db.insert(stageTransitions).values({ leadId, fromStage: 'mql', toStage: 'sql', at: at(r.sqlTransition), cause: 'scoring' });
    }
  });
  afterAll(() => server.close());

  it('gives each source its SQLs within 30 and 60 days (the edges: exactly 30 / 60 days in, one minute more out), MQLs untouched for 7 days, won and revenue', async () => {
    const outcomes = await maria.api.stats.outcomes.query({ ...FEBRUARY, groupBy: 'source' });
    expect(outcomes).toMatchObject({ ...FEBRUARY, groupBy: 'source' });
    expect(outcomes.groups).toEqual([
      // 30 days: W1 of 5 (all 30 days old). 60 days: W1, W2, W3 of the 4 at least 60 days old or SQL (not W5).
      // No touch in 7 days: W2 (its event a minute late, its touch before the MQL) and W3, of 5.
      row('webinar', { mqls: 5, sqlWithin30Days: 1, sqlWithin30DaysRate: 1 / 5, sqlWithin60Days: 3, sqlWithin60DaysRate: 3 / 4, noTouchIn7Days: 2, noTouchIn7DaysRate: 2 / 5, won: 2, revenueWon: 15_000, revenuePerMql: 3_000 }),
      row('paid_search', { mqls: 2, sqlWithin30Days: 1, sqlWithin30DaysRate: 1 / 2, sqlWithin60Days: 1, sqlWithin60DaysRate: 1 / 2, noTouchIn7Days: 1, noTouchIn7DaysRate: 1 / 2, won: 1, revenueWon: 20_000, revenuePerMql: 10_000 }),
      // N1 is 59 days old and not SQL: no basis for 60 days yet; won, but its deal carries no amount.
      row('(none)', { mqls: 1, sqlWithin30Days: 0, sqlWithin30DaysRate: 0, sqlWithin60Days: 0, sqlWithin60DaysRate: null, noTouchIn7Days: 0, noTouchIn7DaysRate: 0, won: 1, revenueWon: null, revenuePerMql: null }),
    ]);
    expect(outcomes.total).toEqual(
      row('total', { mqls: 8, sqlWithin30Days: 2, sqlWithin30DaysRate: 2 / 8, sqlWithin60Days: 4, sqlWithin60DaysRate: 4 / 6, noTouchIn7Days: 3, noTouchIn7DaysRate: 3 / 8, won: 4, revenueWon: 35_000, revenuePerMql: 35_000 / 8 }),
    );
  });

  it('groups by campaign', async () => {
    const outcomes = await maria.api.stats.outcomes.query({ ...FEBRUARY, groupBy: 'campaign' });
    expect(outcomes.groups).toEqual([
      row('q1-webinar', { mqls: 4, sqlWithin30Days: 1, sqlWithin30DaysRate: 1 / 4, sqlWithin60Days: 3, sqlWithin60DaysRate: 3 / 4, noTouchIn7Days: 2, noTouchIn7DaysRate: 2 / 4, won: 2, revenueWon: 15_000, revenuePerMql: 15_000 / 4 }),
      row('brand', { mqls: 3, sqlWithin30Days: 1, sqlWithin30DaysRate: 1 / 3, sqlWithin60Days: 1, sqlWithin60DaysRate: 1 / 2, noTouchIn7Days: 1, noTouchIn7DaysRate: 1 / 3, won: 2, revenueWon: 20_000, revenuePerMql: 20_000 / 3 }),
      row('(none)', { mqls: 1, sqlWithin30Days: 0, sqlWithin30DaysRate: 0, sqlWithin60Days: 0, sqlWithin60DaysRate: null, noTouchIn7Days: 0, noTouchIn7DaysRate: 0, won: 0, revenueWon: null, revenuePerMql: null }),
    ]);
    expect(outcomes.total.mqls).toBe(8);
  });

  it("follows the handovers rejected in the range: re-qualified (SQL again, a new handover, a first SQL) and won after the rejection, by reason as the rejection's charter labelled it", async () => {
    const { rejected } = await maria.api.stats.outcomes.query({ ...FEBRUARY, groupBy: 'source' });
    expect(rejected).toEqual({
      total: 5,
      requalified: 3,
      requalifiedRate: 3 / 5,
      won: 1,
      wonRate: 1 / 5,
      byReason: [
        { reasonId: 'no_intent', label: 'No real intent', rejected: 2, requalified: 2, won: 1 },
        { reasonId: 'duplicate', label: 'Duplicate', rejected: 1, requalified: 0, won: 0 },
        { reasonId: 'no_intent', label: 'No intent yet', rejected: 1, requalified: 0, won: 0 },
        { reasonId: null, label: '(no reason given)', rejected: 1, requalified: 1, won: 0 },
      ],
    });
  });

  it('counts a young MQL already SQL, leaves out one still within its 30 days, and needs 7 full days before "no touch"', async () => {
    const database = server.database;
    // April: Y1 5 days old and SQL the next day; Y2 3 days old, not SQL; Y3 exactly 7 days old, untouched.
    await insertLead(database, { id: 'Y1', email: 'y1@example.com', source: 'events', mqlAt: at('2026-04-10T12:00'), sqlAt: at('2026-04-11T12:00') });
    await insertLead(database, { id: 'Y2', email: 'y2@example.com', source: 'events', mqlAt: at('2026-04-12T12:00') });
    await insertLead(database, { id: 'Y3', email: 'y3@example.com', source: 'events', mqlAt: at('2026-04-08T12:00') });
    const outcomes = await maria.api.stats.outcomes.query({ from: '2026-04-01T00:00:00Z', to: '2026-04-15T12:00:00Z', groupBy: 'source' });
    expect(outcomes.groups).toEqual([
      row('events', { mqls: 3, sqlWithin30Days: 1, sqlWithin30DaysRate: 1, sqlWithin60Days: 1, sqlWithin60DaysRate: 1, noTouchIn7Days: 1, noTouchIn7DaysRate: 1, won: 0, revenueWon: null, revenuePerMql: null }),
    ]);
    expect(outcomes.rejected).toEqual({ total: 0, requalified: 0, requalifiedRate: null, won: 0, wonRate: null, byReason: [] });
  });

  it('is for managers and admins: a rep gets 403', async () => {
    expect(await failure(alice.api.stats.outcomes.query({ ...FEBRUARY, groupBy: 'source' }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses bad input with 400 naming the field', async () => {
    expect(await failure(maria.api.stats.outcomes.query({ ...FEBRUARY, groupBy: 'engagement' as never }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'groupBy' });
    expect(await failure(maria.api.stats.outcomes.query({ ...FEBRUARY } as never))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'groupBy' });
    expect(await failure(maria.api.stats.outcomes.query({ from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z', groupBy: 'source' }))).toMatchObject({ status: 400, field: 'from' });
    expect(await failure(maria.api.stats.outcomes.query({ to: 'March', groupBy: 'source' }))).toMatchObject({ status: 400, field: 'to' });
  });

  it('reads a month of MQLs by mql_at and a month of rejections by decision time, probing each lead by index, never a whole large table', async () => {
    const database = server.database;
    const statements: { sql: string; args: unknown }[] = [];
    const client = database.client as unknown as { execute: (...args: unknown[]) => unknown };
    const execute = client.execute;
    client.execute = (...args: unknown[]) => {
      const statement = args[0] as string | { sql: string; args?: unknown };
      statements.push(typeof statement === 'string' ? { sql: statement, args: args[1] ?? [] } : { sql: statement.sql, args: statement.args ?? [] });
      return execute.apply(database.client, args);
    };
    try {
      await computeOutcomes(database, 'source', { from: new Date(FEBRUARY.from), to: new Date(FEBRUARY.to) }, NOW);
    } finally {
      delete (client as { execute?: unknown }).execute;
    }
    const plan = async (s: { sql: string; args: unknown }) =>
      (await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args as never })).rows.map((r) => r.detail as string).join('\n');
    const cohort = statements.find((s) => /from "leads"/.test(s.sql) && /from touches t/.test(s.sql))!;
    const rejections = statements.find((s) => /from "decisions"/.test(s.sql))!;
    const cohortPlan = await plan(cohort);
    expect(cohortPlan).toMatch(/SEARCH leads USING INDEX leads_mql_at \(mql_at>\? AND mql_at<\?\)/);
    expect(cohortPlan).toMatch(/SEARCH t USING COVERING INDEX touches_lead \(lead_id=\? AND at>\?\)/);
    expect(cohortPlan).toMatch(/SEARCH e USING (COVERING )?INDEX events_lead_at \(lead_id=\?/);
    const rejectionsPlan = await plan(rejections);
    expect(rejectionsPlan).toMatch(/SEARCH decisions USING INDEX decisions_kind_decided \(kind=\? AND decided_at>\? AND decided_at<\?\)/);
    expect(rejectionsPlan).toMatch(/SEARCH stage_transitions USING INDEX stage_transitions_lead \(lead_id=\? AND at>\?\)/);
    expect(rejectionsPlan).toMatch(/SEARCH handovers USING COVERING INDEX handovers_lead_started \(lead_id=\? AND started_at>\?\)/);
    for (const detail of [cohortPlan, rejectionsPlan]) expect(detail).not.toMatch(/SCAN (leads|events|touches|decisions|handovers|stage_transitions|[te])\b/);
  });
});
