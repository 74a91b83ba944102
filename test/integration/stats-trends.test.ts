import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions } from '../../server/db/schema';
import { insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// stats.trends: stats.reps cut into the caller's weeks (Monday 00:00 in their zone), worked out
// by hand below. Everyone but Carol is in Los Angeles, where summer time began on Sunday
// 8 March 2026 at 02:00 (PST, UTC−8, before; PDT, UTC−7, after). Local weeks, as instants:
//   W1 Mon 02-23 00:00 PST = 02-23T08:00Z … W2 Mon 03-02 00:00 PST = 03-02T08:00Z
//   … W3 Mon 03-09 00:00 PDT = 03-09T07:00Z (W2 is 167 hours long) … Mon 03-16 00:00 PDT = 03-16T07:00Z
//
// Handovers (local time), deadline, first touch, business / calendar delay, decision; each on its own lead (L),
// owned by the rep, reaching SQL when its handover started:
//   W1 A1 Alice L1  Mon 02-23 09:00  13:00      09:10          10 m /   10 m     accepted
//      A2 Alice L2  Tue 02-24 10:00  14:00      15:00 (late)    5 h /    5 h     rejected no_intent
//      B1 Bob   L3  Wed 02-25 16:00  Thu 12:00  Thu 09:30      90 m / 17 h 30   accepted
//      C1 Carol L4  Thu 02-26 09:00  13:00      09:20          20 m /   20 m     accepted
//   W2 A3 Alice L5  Mon 03-02 10:00  14:00      10:20          20 m /   20 m     accepted
//      B2 Bob   L6  Tue 03-03 09:00  13:00      —                 —              rejected duplicate 09:30, without contact (not due)
//      B3 Bob   L7  Sun 03-08 23:30  Mon 13:00  Mon 09:15      15 m /  9 h 45   rejected no_intent
//   W3 A4 Alice L8  Mon 03-09 00:30  13:00      14:00 (late)    5 h / 13 h 30   (open)
//      A5 Alice L9  Wed 03-11 10:00  14:00      —                 —              (open, past its deadline)
//      B4 Bob   L10 Thu 03-12 11:00  15:00      11:40          40 m /   40 m     rejected no_budget
// Leads without a handover: L11 nobody's, SQL Fri 02-27 (W1); L12 Alice's, SQL Sun 03-15 23:59 PDT (W3);
// L13 Bob's, SQL Mon 03-16 00:00 PDT (the week after); L14 Alice's, never an SQL.
// Now is Wednesday 18 March 2026, 12:00 PDT.

const NOW = new Date('2026-03-18T19:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const LA = { timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] as string[] };
const TOKYO = { ...LA, timeZone: 'Asia/Tokyo' };

const W1 = { from: '2026-02-23T08:00:00.000Z', to: '2026-03-02T08:00:00.000Z' };
const W2 = { from: '2026-03-02T08:00:00.000Z', to: '2026-03-09T07:00:00.000Z' };
const W3 = { from: '2026-03-09T07:00:00.000Z', to: '2026-03-16T07:00:00.000Z' };

type TRep = 'alice' | 'bob' | 'carol';

interface THandoverSpec {
  id: string;
  rep: TRep;
  lead: number;
  startedAt: string;
  deadline: string;
  firstTouchAt?: string;
  businessMs?: number;
  decision?: { kind: 'accepted' | 'rejected'; at: string; reasonId?: string };
}

const HANDOVERS: THandoverSpec[] = [
  { id: 'A1', rep: 'alice', lead: 1, startedAt: '2026-02-23T17:00Z', deadline: '2026-02-23T21:00Z', firstTouchAt: '2026-02-23T17:10Z', businessMs: 10 * MIN, decision: { kind: 'accepted', at: '2026-02-23T17:30Z' } },
  { id: 'A2', rep: 'alice', lead: 2, startedAt: '2026-02-24T18:00Z', deadline: '2026-02-24T22:00Z', firstTouchAt: '2026-02-24T23:00Z', businessMs: 5 * HOUR, decision: { kind: 'rejected', at: '2026-02-24T23:30Z', reasonId: 'no_intent' } },
  { id: 'B1', rep: 'bob', lead: 3, startedAt: '2026-02-26T00:00Z', deadline: '2026-02-26T20:00Z', firstTouchAt: '2026-02-26T17:30Z', businessMs: 90 * MIN, decision: { kind: 'accepted', at: '2026-02-26T18:00Z' } },
  { id: 'C1', rep: 'carol', lead: 4, startedAt: '2026-02-26T17:00Z', deadline: '2026-02-26T21:00Z', firstTouchAt: '2026-02-26T17:20Z', businessMs: 20 * MIN, decision: { kind: 'accepted', at: '2026-02-26T18:00Z' } },
  { id: 'A3', rep: 'alice', lead: 5, startedAt: '2026-03-02T18:00Z', deadline: '2026-03-02T22:00Z', firstTouchAt: '2026-03-02T18:20Z', businessMs: 20 * MIN, decision: { kind: 'accepted', at: '2026-03-02T19:00Z' } },
  { id: 'B2', rep: 'bob', lead: 6, startedAt: '2026-03-03T17:00Z', deadline: '2026-03-03T21:00Z', decision: { kind: 'rejected', at: '2026-03-03T17:30Z', reasonId: 'duplicate' } },
  { id: 'B3', rep: 'bob', lead: 7, startedAt: '2026-03-09T06:30Z', deadline: '2026-03-09T20:00Z', firstTouchAt: '2026-03-09T16:15Z', businessMs: 15 * MIN, decision: { kind: 'rejected', at: '2026-03-09T16:30Z', reasonId: 'no_intent' } },
  { id: 'A4', rep: 'alice', lead: 8, startedAt: '2026-03-09T07:30Z', deadline: '2026-03-09T20:00Z', firstTouchAt: '2026-03-09T21:00Z', businessMs: 5 * HOUR },
  { id: 'A5', rep: 'alice', lead: 9, startedAt: '2026-03-11T17:00Z', deadline: '2026-03-11T21:00Z' },
  { id: 'B4', rep: 'bob', lead: 10, startedAt: '2026-03-12T18:00Z', deadline: '2026-03-12T22:00Z', firstTouchAt: '2026-03-12T18:40Z', businessMs: 40 * MIN, decision: { kind: 'rejected', at: '2026-03-12T19:00Z', reasonId: 'no_budget' } },
];

const LEADS_WITHOUT_HANDOVER: { lead: number; owner: TRep | null; sqlAt: string | null }[] = [
  { lead: 11, owner: null, sqlAt: '2026-02-27T20:00Z' },
  { lead: 12, owner: 'alice', sqlAt: '2026-03-16T06:59Z' },
  { lead: 13, owner: 'bob', sqlAt: '2026-03-16T07:00Z' },
  { lead: 14, owner: 'alice', sqlAt: null },
];

const at = (text: string) => new Date(text).toISOString();

const FIGURES = ['handovers', 'accepted', 'rejected', 'acceptanceRate', 'slaDue', 'slaMet', 'slaMetRate', 'firstTouchBusinessMs', 'firstTouchCalendarMs'] as const;
type TFigures = Record<(typeof FIGURES)[number], unknown>;
const figuresOf = (row: TFigures) => Object.fromEntries(FIGURES.map((k) => [k, row[k]]));
const ms = (median: number | null, p75: number | null) => ({ median, p75 });
const ZERO = { handovers: 0, accepted: 0, rejected: 0, acceptanceRate: null, slaDue: 0, slaMet: 0, slaMetRate: null, firstTouchBusinessMs: ms(null, null), firstTouchCalendarMs: ms(null, null) };

type TClient = Awaited<ReturnType<TestServer['user']>>;


describe('stats.trends over tRPC', () => {
  let server: TestServer;
  let maria: TClient; // manager of Alice and Bob
  let ada: TClient; // admin
  let alice: TClient;
  let bob: TClient;
  let carol: TClient; // no manager, in Tokyo
  const person = (rep: TRep) => ({ alice, bob, carol })[rep];

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', ...LA });
    ada = await server.user({ email: 'ada@example.com', name: 'Ada Admin', role: 'admin', team: 'revops', ...LA });
    carol = await server.user({ email: 'carol@example.com', name: 'Carol Chen', role: 'rep', ...TOKYO });
    bob = await server.user({ email: 'bob@example.com', name: 'Bob Baker', role: 'rep', managerEmail: 'maria@example.com', ...LA });
    alice = await server.user({ email: 'alice@example.com', name: 'Alice Archer', role: 'rep', managerEmail: 'maria@example.com', ...LA });

    const database = server.database;
    const lead = (n: number, ownerId: string | null, sqlAt: string | null) =>
      insertLead(database, { id: `lead-${n}`, email: `lead${n}@example.com`, ownerId, stage: sqlAt ? 'sql' : 'mql', sqlAt: sqlAt ? at(sqlAt) : null, createdAt: at('2026-02-01T00:00Z') });
    for (const l of LEADS_WITHOUT_HANDOVER) await lead(l.lead, l.owner ? person(l.owner).id : null, l.sqlAt);
    for (const h of HANDOVERS) {
      const owner = person(h.rep);
      const leadId = await lead(h.lead, owner.id, h.startedAt);
      await insertHandover(database, {
        id: h.id,
        leadId,
        ownerId: owner.id,
        startedAt: at(h.startedAt),
        warnAt: at(h.deadline),
        deadline: at(h.deadline),
        firstTouchAt: h.firstTouchAt ? at(h.firstTouchAt) : null,
        firstTouchBusinessMs: h.businessMs ?? null,
        state: h.decision?.kind ?? 'open',
      });
      if (h.decision) {
        await database.db.insert(decisions).values({
          id: `decision-${h.id}`,
          handoverId: h.id,
          leadId,
          kind: h.decision.kind,
          reasonId: h.decision.reasonId ?? null,
          decidedById: owner.id,
          withoutContact: h.firstTouchAt === undefined,
          charterVersion: 1,
          idempotencyKey: `key-${h.id}`,
          decidedAt: at(h.decision.at),
        });
      }
    }
  });
  afterAll(() => server.close());

  const THREE_WEEKS = { from: '2026-02-23T00:00:00-08:00', to: '2026-03-16T00:00:00-07:00' };

  it("cuts a manager's range into their team's local weeks, each week's figures worked out by hand", async () => {
    const trends = await maria.api.stats.trends.query(THREE_WEEKS);
    expect(trends).toMatchObject({ from: W1.from, to: W3.to, timeZone: 'America/Los_Angeles', scope: 'team', targets: { acceptanceRate: 0.7, sqlsPerWeek: null } });
    expect(trends.weeks.map(({ weekStart, from, to }) => ({ weekStart, from, to }))).toEqual([
      { weekStart: '2026-02-23', ...W1 },
      { weekStart: '2026-03-02', ...W2 },
      { weekStart: '2026-03-09', ...W3 },
    ]);
    const [w1, w2, w3] = trends.weeks;
    // W1: A1, A2, B1. Business [10 m, 90 m, 5 h]: median 90 m, p75 90 m + ½·210 m = 195 m;
    // calendar [10 m, 5 h, 17 h 30]: median 5 h, p75 5 h + ½·750 m = 675 m. A2 was touched late.
    expect(w1!.total).toEqual({
      handovers: 3,
      accepted: 2,
      rejected: 1,
      acceptanceRate: 2 / 3,
      slaDue: 3,
      slaMet: 2,
      slaMetRate: 2 / 3,
      firstTouchBusinessMs: ms(90 * MIN, 195 * MIN),
      firstTouchCalendarMs: ms(5 * HOUR, 675 * MIN),
    });
    // Alice [10 m, 5 h]: median 155 m, p75 10 m + ¾·290 m = 227.5 m. Bob: B1 alone.
    expect(w1!.reps).toEqual([
      { repId: alice.id, name: 'Alice Archer', email: 'alice@example.com', handovers: 2, accepted: 1, rejected: 1, acceptanceRate: 0.5, slaDue: 2, slaMet: 1, slaMetRate: 0.5, firstTouchBusinessMs: ms(155 * MIN, 227.5 * MIN), firstTouchCalendarMs: ms(155 * MIN, 227.5 * MIN) },
      { repId: bob.id, name: 'Bob Baker', email: 'bob@example.com', handovers: 1, accepted: 1, rejected: 0, acceptanceRate: 1, slaDue: 1, slaMet: 1, slaMetRate: 1, firstTouchBusinessMs: ms(90 * MIN, 90 * MIN), firstTouchCalendarMs: ms(1050 * MIN, 1050 * MIN) },
    ]);
    // W2: A3, B2 (rejected without contact before its deadline: not due), B3 (Sunday 23:30 PDT).
    // Business [15 m, 20 m]: median 17.5 m, p75 18.75 m; calendar [20 m, 9 h 45]: median 302.5 m, p75 20 m + ¾·565 m = 443.75 m.
    expect(w2!.total).toEqual({
      handovers: 3,
      accepted: 1,
      rejected: 2,
      acceptanceRate: 1 / 3,
      slaDue: 2,
      slaMet: 2,
      slaMetRate: 1,
      firstTouchBusinessMs: ms(17.5 * MIN, 18.75 * MIN),
      firstTouchCalendarMs: ms(302.5 * MIN, 443.75 * MIN),
    });
    expect(w2!.reps.map((r) => [r.name, r.handovers, r.rejected, r.slaDue, r.firstTouchCalendarMs.median])).toEqual([
      ['Alice Archer', 1, 0, 1, 20 * MIN],
      ['Bob Baker', 2, 2, 1, 585 * MIN],
    ]);
    // W3: A4 (Monday 00:30 PDT, touched late), A5 (untouched past its deadline), B4.
    // Business [40 m, 5 h]: median 170 m, p75 40 m + ¾·260 m = 235 m; calendar [40 m, 13 h 30]: median 425 m, p75 40 m + ¾·770 m = 617.5 m.
    expect(w3!.total).toEqual({
      handovers: 3,
      accepted: 0,
      rejected: 1,
      acceptanceRate: 0,
      slaDue: 3,
      slaMet: 1,
      slaMetRate: 1 / 3,
      firstTouchBusinessMs: ms(170 * MIN, 235 * MIN),
      firstTouchCalendarMs: ms(425 * MIN, 617.5 * MIN),
    });
    expect(w3!.reps.map((r) => [r.name, r.handovers, r.acceptanceRate, r.slaMetRate])).toEqual([
      ['Alice Archer', 2, null, 0],
      ['Bob Baker', 1, 0, 1],
    ]);
    // The team's leads that reached SQL: L1–L3; L5–L7; L8–L10 and L12 (Sunday 23:59 PDT).
    expect(trends.weeks.map((w) => w.sqls)).toEqual([3, 3, 4]);
  });

  it('gives, for every week, exactly the figures stats.reps gives for that week', async () => {
    for (const caller of [maria, ada, alice, bob, carol]) {
      const trends = await caller.api.stats.trends.query({ from: '2026-02-20T00:00:00Z', to: '2026-03-18T00:00:00Z' });
      expect(trends.weeks.length).toBeGreaterThanOrEqual(4);
      for (const week of trends.weeks) {
        const reps = await caller.api.stats.reps.query({ from: week.from, to: week.to });
        expect(reps.scope).toBe(trends.scope);
        expect(week.total).toEqual(figuresOf(reps.total));
        expect(week.reps).toEqual(reps.reps.map((r) => ({ repId: r.repId, name: r.name, email: r.email, ...figuresOf(r) })));
      }
    }
  });

  it("puts Sunday 23:30 and Monday 00:30 in the caller's zone in different weeks, across a change to summer time", async () => {
    const trends = await maria.api.stats.trends.query({ from: '2026-03-08T23:00:00-07:00', to: '2026-03-09T01:00:00-07:00' });
    expect(trends.weeks.map((w) => ({ weekStart: w.weekStart, from: w.from, to: w.to, handovers: w.total.handovers, reps: w.reps.map((r) => r.handovers) }))).toEqual([
      { weekStart: '2026-03-02', from: '2026-03-09T06:00:00.000Z', to: '2026-03-09T07:00:00.000Z', handovers: 1, reps: [0, 1] }, // B3, Bob's
      { weekStart: '2026-03-09', from: '2026-03-09T07:00:00.000Z', to: '2026-03-09T08:00:00.000Z', handovers: 1, reps: [1, 0] }, // A4, Alice's
    ]);
  });

  it('clips the first and last weeks to the range', async () => {
    const trends = await maria.api.stats.trends.query({ from: '2026-02-25T12:00:00Z', to: '2026-03-04T12:00:00Z' });
    expect(trends.weeks.map(({ weekStart, from, to }) => ({ weekStart, from, to }))).toEqual([
      { weekStart: '2026-02-23', from: '2026-02-25T12:00:00.000Z', to: W1.to },
      { weekStart: '2026-03-02', from: W2.from, to: '2026-03-04T12:00:00.000Z' },
    ]);
    // W1 from Wednesday noon: B1 only (its lead L3 the one SQL); W2 to Wednesday noon: A3, B2.
    expect(trends.weeks.map((w) => [w.total.handovers, w.sqls])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("defaults to the 12 weeks ending with the caller's current week, the last one to now", async () => {
    const trends = await maria.api.stats.trends.query();
    expect(trends.weeks).toHaveLength(12);
    expect(trends.from).toBe('2025-12-29T08:00:00.000Z'); // Monday 29 December 2025, 00:00 PST
    expect(trends.to).toBe(NOW.toISOString());
    expect(trends.weeks[0]).toMatchObject({ weekStart: '2025-12-29', from: '2025-12-29T08:00:00.000Z', to: '2026-01-05T08:00:00.000Z', sqls: 0, total: ZERO });
    expect(trends.weeks[11]).toMatchObject({ weekStart: '2026-03-16', from: '2026-03-16T07:00:00.000Z', to: NOW.toISOString(), sqls: 1 }); // L13, Bob's
    expect(trends.weeks.slice(8, 11).map((w) => w.weekStart)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(trends.weeks.slice(8, 11).map((w) => w.total.handovers)).toEqual([3, 3, 3]);
  });

  it("follows the caller's own zone: Monday 00:00 in Tokyo", async () => {
    const trends = await carol.api.stats.trends.query({ from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' });
    expect(trends.timeZone).toBe('Asia/Tokyo');
    expect(trends.weeks.map(({ weekStart, from, to }) => ({ weekStart, from, to }))).toEqual([
      { weekStart: '2026-02-23', from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T15:00:00.000Z' },
      { weekStart: '2026-03-02', from: '2026-03-01T15:00:00.000Z', to: '2026-03-08T15:00:00.000Z' },
      { weekStart: '2026-03-09', from: '2026-03-08T15:00:00.000Z', to: '2026-03-10T00:00:00.000Z' },
    ]);
  });

  describe('scope', () => {
    it('gives a rep their own row and their own SQLs only', async () => {
      const trends = await alice.api.stats.trends.query(THREE_WEEKS);
      expect(trends.scope).toBe('self');
      for (const week of trends.weeks) expect(week.reps.map((r) => r.repId)).toEqual([alice.id]);
      expect(trends.weeks.map((w) => w.total.handovers)).toEqual([2, 1, 2]);
      expect(trends.weeks.map((w) => w.sqls)).toEqual([2, 1, 3]); // L1, L2; L5; L8, L9, L12
    });

    it('lists a rep with nothing in a week with zeros', async () => {
      // Carol's weeks are Tokyo's; C1 started on Friday 27 February at 02:00 there.
      const trends = await carol.api.stats.trends.query({ from: '2026-02-23T00:00:00+09:00', to: '2026-03-16T00:00:00+09:00' });
      expect(trends.weeks.map((w) => w.reps)).toEqual([
        [{ repId: carol.id, name: 'Carol Chen', email: 'carol@example.com', ...figuresOf({ ...ZERO, handovers: 1, accepted: 1, acceptanceRate: 1, slaDue: 1, slaMet: 1, slaMetRate: 1, firstTouchBusinessMs: ms(20 * MIN, 20 * MIN), firstTouchCalendarMs: ms(20 * MIN, 20 * MIN) }) }],
        [{ repId: carol.id, name: 'Carol Chen', email: 'carol@example.com', ...ZERO }],
        [{ repId: carol.id, name: 'Carol Chen', email: 'carol@example.com', ...ZERO }],
      ]);
    });

    it("gives a manager their team's reps and the leads they own", async () => {
      const trends = await maria.api.stats.trends.query(THREE_WEEKS);
      for (const week of trends.weeks) expect(week.reps.map((r) => r.name)).toEqual(['Alice Archer', 'Bob Baker']);
    });

    it('gives an admin every rep and every lead', async () => {
      const trends = await ada.api.stats.trends.query(THREE_WEEKS);
      expect(trends.scope).toBe('all');
      for (const week of trends.weeks) expect(week.reps.map((r) => r.name)).toEqual(['Alice Archer', 'Bob Baker', 'Carol Chen']);
      expect(trends.weeks.map((w) => w.total.handovers)).toEqual([4, 3, 3]);
      expect(trends.weeks.map((w) => w.sqls)).toEqual([5, 3, 4]); // W1 adds C1's L4 and nobody's L11
    });
  });

  describe('limits and bad input', () => {
    it('takes 104 weeks and refuses 105, naming from', async () => {
      // Monday 18 March 2024 00:00 PDT is 104 weeks before Monday 16 March 2026 00:00 PDT.
      const longest = await maria.api.stats.trends.query({ from: '2024-03-18T07:00:00Z', to: W3.to });
      expect(longest.weeks).toHaveLength(104);
      expect(longest.weeks[0]!.weekStart).toBe('2024-03-18');
      const error = await failure(maria.api.stats.trends.query({ from: '2024-03-18T06:00:00Z', to: W3.to }));
      expect(error).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'from' });
      expect(error.message).toMatch(/104 weeks/);
      expect(await failure(maria.api.stats.trends.query({ from: '2016-01-01T00:00:00Z' }))).toMatchObject({ status: 400, field: 'from' });
    });

    it('names the field at fault', async () => {
      expect(await failure(maria.api.stats.trends.query({ from: 'last monday' }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'from' });
      expect(await failure(maria.api.stats.trends.query({ to: '2026-02-30T00:00:00Z' }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'to' });
      expect(await failure(maria.api.stats.trends.query({ from: W3.to, to: W1.from }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'from' });
    });
  });
});
