import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions } from '../../server/db/schema';
import { weeklyReport } from '../../server/domain/report';
import { insertHandover, insertLead } from '../support/fixtures';
import { api, startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// A small organisation whose every figure is worked out by hand in the comments below.
// Everyone works 09:00–17:00 UTC, Monday to Friday; 2 March 2026 is a Monday.
//
// Handovers (H), each on its own lead (L), started / deadline / first touch / business ms / decision:
//   A1 Alice L1  Mon 03-02 10:00  14:00        10:03        180 000   accepted 11:00
//   A2 Alice L2  Tue 03-03 09:00  17:00        11:00      7 200 000   rejected no_intent 12:00
//   A3 Alice L3  Wed 03-04 16:00  Thu 12:00    —                  —   rejected duplicate 16:30, without contact
//   A4 Alice L4  Thu 03-05 15:00  Fri 11:00    Fri 12:00 18 000 000   (open: touched late, 21 h calendar)
//   A5 Alice L5  Fri 03-06 16:30  Mon 16:30    —                  —   (open, untouched, past deadline)
//   B1 Bob   L6  Mon 03-02 09:00  13:00        09:30      1 800 000   accepted 10:00
//   B2 Bob   L7  Tue 03-03 14:00  Wed 10:00    14:45      2 700 000   rejected other, blank note, 15:00
//   B3 Bob   L8  Wed 03-04 10:00  Thu 10:00    10:04        240 000   rejected no_intent 11:00
//   B4 Bob   L9  Tue 02-24 10:00  14:00        10:10        600 000   accepted 11:00
//   C1 Carol L10 Mon 03-02 11:00  15:00        11:01         60 000   rejected no_authority 12:00
//   C2 Carol L11 Tue 01-20 10:00  14:00        10:05        300 000   accepted (outside every range)
//   C3 Carol L12 Fri 03-13 10:00  14:00        —                  —   (open, deadline still ahead)
// Now is Friday 13 March 2026, 12:00 UTC; the default range is [02-11 12:00, 03-13 12:00).

const NOW = new Date('2026-03-13T12:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const CALENDAR = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] as string[] };

type TClient = Awaited<ReturnType<TestServer['user']>>;


interface TLeadSpec {
  n: number;
  createdAt: string;
  source: string | null;
  campaign: string | null;
  engagement: string | null;
  mqlAt?: string;
  sqlAt?: string;
  opportunityAt?: string;
  wonAt?: string;
  stagePath?: 'standard' | 'direct';
}

const LEADS: TLeadSpec[] = [
  { n: 1, createdAt: '2026-02-20', source: 'webinar', campaign: 'q1-webinar', engagement: 'high', mqlAt: '2026-02-25', sqlAt: '2026-03-02T10:00', opportunityAt: '2026-03-05', wonAt: '2026-03-10' },
  { n: 2, createdAt: '2026-02-21', source: 'webinar', campaign: 'q1-webinar', engagement: 'high', mqlAt: '2026-02-25', sqlAt: '2026-03-03T09:00' },
  { n: 3, createdAt: '2026-02-22', source: 'paid_search', campaign: null, engagement: 'medium', sqlAt: '2026-03-04T16:00', stagePath: 'direct' },
  { n: 4, createdAt: '2026-02-23', source: 'paid_search', campaign: 'brand', engagement: 'high', mqlAt: '2026-02-26', sqlAt: '2026-03-05T15:00' },
  { n: 5, createdAt: '2026-02-24', source: null, campaign: null, engagement: null, mqlAt: '2026-02-27', sqlAt: '2026-03-06T16:30' },
  { n: 6, createdAt: '2026-02-25', source: 'webinar', campaign: 'q1-webinar', engagement: 'high', mqlAt: '2026-02-27', sqlAt: '2026-03-02T09:00', opportunityAt: '2026-03-08' },
  { n: 7, createdAt: '2026-02-26', source: 'referral', campaign: null, engagement: 'medium', mqlAt: '2026-02-27', sqlAt: '2026-03-03T14:00' },
  { n: 8, createdAt: '2026-02-27', source: 'referral', campaign: 'partner-q1', engagement: 'high', mqlAt: '2026-02-28', sqlAt: '2026-03-04T10:00' },
  { n: 9, createdAt: '2026-02-10', source: 'webinar', campaign: 'q1-webinar', engagement: 'high', mqlAt: '2026-02-18', sqlAt: '2026-02-24T10:00', opportunityAt: '2026-03-01' },
  { n: 10, createdAt: '2026-02-28', source: 'paid_search', campaign: 'brand', engagement: 'high', mqlAt: '2026-03-01', sqlAt: '2026-03-02T11:00' },
  { n: 11, createdAt: '2026-01-19', source: 'webinar', campaign: null, engagement: 'low', mqlAt: '2026-01-19', sqlAt: '2026-01-20T10:00', opportunityAt: '2026-01-25', wonAt: '2026-02-05' },
  { n: 12, createdAt: '2026-03-01', source: null, campaign: null, engagement: 'high', sqlAt: '2026-03-13T10:00', stagePath: 'direct' },
  { n: 13, createdAt: '2026-02-20', source: 'webinar', campaign: 'q1-webinar', engagement: 'low' },
  { n: 14, createdAt: '2026-02-22', source: 'paid_search', campaign: null, engagement: 'none' },
  { n: 15, createdAt: '2026-02-23', source: 'webinar', campaign: null, engagement: 'medium', mqlAt: '2026-02-24' },
];

interface THandoverSpec {
  id: string;
  rep: 'alice' | 'bob' | 'carol';
  lead: number;
  startedAt: string;
  deadline: string;
  firstTouchAt?: string;
  businessMs?: number;
  decision?: { kind: 'accepted' | 'rejected'; at: string; reasonId?: string; note?: string };
}

const HANDOVERS: THandoverSpec[] = [
  { id: 'A1', rep: 'alice', lead: 1, startedAt: '2026-03-02T10:00', deadline: '2026-03-02T14:00', firstTouchAt: '2026-03-02T10:03', businessMs: 3 * MIN, decision: { kind: 'accepted', at: '2026-03-02T11:00' } },
  { id: 'A2', rep: 'alice', lead: 2, startedAt: '2026-03-03T09:00', deadline: '2026-03-03T17:00', firstTouchAt: '2026-03-03T11:00', businessMs: 2 * HOUR, decision: { kind: 'rejected', at: '2026-03-03T12:00', reasonId: 'no_intent' } },
  { id: 'A3', rep: 'alice', lead: 3, startedAt: '2026-03-04T16:00', deadline: '2026-03-05T12:00', decision: { kind: 'rejected', at: '2026-03-04T16:30', reasonId: 'duplicate', note: 'same person as lead 2' } },
  { id: 'A4', rep: 'alice', lead: 4, startedAt: '2026-03-05T15:00', deadline: '2026-03-06T11:00', firstTouchAt: '2026-03-06T12:00', businessMs: 5 * HOUR },
  { id: 'A5', rep: 'alice', lead: 5, startedAt: '2026-03-06T16:30', deadline: '2026-03-09T16:30' },
  { id: 'B1', rep: 'bob', lead: 6, startedAt: '2026-03-02T09:00', deadline: '2026-03-02T13:00', firstTouchAt: '2026-03-02T09:30', businessMs: 30 * MIN, decision: { kind: 'accepted', at: '2026-03-02T10:00' } },
  { id: 'B2', rep: 'bob', lead: 7, startedAt: '2026-03-03T14:00', deadline: '2026-03-04T10:00', firstTouchAt: '2026-03-03T14:45', businessMs: 45 * MIN, decision: { kind: 'rejected', at: '2026-03-03T15:00', reasonId: 'other', note: '   ' } },
  { id: 'B3', rep: 'bob', lead: 8, startedAt: '2026-03-04T10:00', deadline: '2026-03-05T10:00', firstTouchAt: '2026-03-04T10:04', businessMs: 4 * MIN, decision: { kind: 'rejected', at: '2026-03-04T11:00', reasonId: 'no_intent' } },
  { id: 'B4', rep: 'bob', lead: 9, startedAt: '2026-02-24T10:00', deadline: '2026-02-24T14:00', firstTouchAt: '2026-02-24T10:10', businessMs: 10 * MIN, decision: { kind: 'accepted', at: '2026-02-24T11:00' } },
  { id: 'C1', rep: 'carol', lead: 10, startedAt: '2026-03-02T11:00', deadline: '2026-03-02T15:00', firstTouchAt: '2026-03-02T11:01', businessMs: MIN, decision: { kind: 'rejected', at: '2026-03-02T12:00', reasonId: 'no_authority', note: 'an intern' } },
  { id: 'C2', rep: 'carol', lead: 11, startedAt: '2026-01-20T10:00', deadline: '2026-01-20T14:00', firstTouchAt: '2026-01-20T10:05', businessMs: 5 * MIN, decision: { kind: 'accepted', at: '2026-01-20T11:00' } },
  { id: 'C3', rep: 'carol', lead: 12, startedAt: '2026-03-13T10:00', deadline: '2026-03-13T14:00' },
];

/** '2026-03-02' or '2026-03-02T10:00' → '2026-03-02T10:00:00.000Z', the stored format. */
function at(text: string): string {
  return new Date(text.length === 10 ? `${text}T00:00:00Z` : `${text}:00Z`).toISOString();
}
const opt = (text: string | undefined) => (text ? at(text) : null);

const none = { median: null, p75: null };
const reason = (reasonId: string, label: string, count: number) => ({ reasonId, label, count });
const LABEL = {
  no_intent: 'No real intent',
  duplicate: 'Duplicate',
  other: 'Other (note required)',
  no_authority: 'Wrong role / no authority',
};

describe('stats over tRPC', () => {
  let server: TestServer;
  let maria: TClient; // manager of Alice, Bob and Dan
  let nick: TClient; // manager with no team
  let ada: TClient; // admin
  let alice: TClient;
  let bob: TClient;
  let carol: TClient; // no manager
  let dan: TClient; // Maria's, no handovers

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', ...CALENDAR });
    nick = await server.user({ email: 'nick@example.com', name: 'Nick NoTeam', role: 'manager', ...CALENDAR });
    ada = await server.user({ email: 'ada@example.com', name: 'Ada Admin', role: 'admin', team: 'revops', ...CALENDAR });
    // Created out of name order: rows must come back sorted by name.
    dan = await server.user({ email: 'dan@example.com', name: 'Dan Idle', role: 'rep', managerEmail: 'maria@example.com', ...CALENDAR });
    carol = await server.user({ email: 'carol@example.com', name: 'Carol Chen', role: 'rep', ...CALENDAR });
    bob = await server.user({ email: 'bob@example.com', name: 'Bob Baker', role: 'rep', managerEmail: 'maria@example.com', ...CALENDAR });
    alice = await server.user({ email: 'alice@example.com', name: 'Alice Archer', role: 'rep', managerEmail: 'maria@example.com', ...CALENDAR });

    const database = server.database;
    const leadIds = new Map<number, string>();
    for (const l of LEADS) {
      const id = await insertLead(database, {
        id: `lead-${l.n}`,
        email: `lead${l.n}@example.com`,
        firstName: 'Lead',
        lastName: String(l.n),
        company: { name: `Company ${l.n}` },
        source: l.source,
        campaign: l.campaign,
        engagementLevel: l.engagement,
        stage: l.sqlAt ? 'sql' : l.mqlAt ? 'mql' : 'lead',
        stagePath: l.stagePath ?? (l.mqlAt ? 'standard' : null),
        mqlAt: opt(l.mqlAt),
        sqlAt: opt(l.sqlAt),
        opportunityAt: opt(l.opportunityAt),
        wonAt: opt(l.wonAt),
        createdAt: at(l.createdAt),
      });
      leadIds.set(l.n, id);
    }
    const reps = { alice, bob, carol };
    for (const h of HANDOVERS) {
      const owner = reps[h.rep];
      const leadId = leadIds.get(h.lead)!;
      await insertHandover(database, {
        id: h.id,
        leadId,
        ownerId: owner.id,
        startedAt: at(h.startedAt),
        warnAt: at(h.deadline),
        deadline: at(h.deadline),
        firstTouchAt: opt(h.firstTouchAt),
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
          note: h.decision.note ?? null,
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

  describe('stats.reps', () => {
    const ALICE = {
      handovers: 5,
      accepted: 1,
      rejected: 2,
      undecided: 2,
      acceptanceRate: 1 / 3,
      // Due: A1, A2 (met), A4 (touched late), A5 (untouched past deadline); A3 was rejected
      // without contact before its deadline, so its clock stopped.
      slaDue: 4,
      slaMet: 2,
      slaMetRate: 0.5,
      breached: 2,
      rejectedWithoutContact: 1,
      touched: 3,
      // business [180 000, 7 200 000, 18 000 000]: median 7 200 000; p75 h = 1.5 → 7 200 000 + 0.5 · 10 800 000
      firstTouchBusinessMs: { median: 7_200_000, p75: 12_600_000 },
      // calendar [180 000, 7 200 000, 75 600 000]: p75 → 7 200 000 + 0.5 · 68 400 000
      firstTouchCalendarMs: { median: 7_200_000, p75: 41_400_000 },
      topReasons: [reason('duplicate', LABEL.duplicate, 1), reason('no_intent', LABEL.no_intent, 1)],
      untouchedOpen: 1,
    };
    const BOB = {
      handovers: 4,
      accepted: 2,
      rejected: 2,
      undecided: 0,
      acceptanceRate: 0.5,
      slaDue: 4,
      slaMet: 4,
      slaMetRate: 1,
      breached: 0,
      rejectedWithoutContact: 0,
      touched: 4,
      // [240 000, 600 000, 1 800 000, 2 700 000]: median h = 1.5 → 1 200 000; p75 h = 2.25 → 1 800 000 + 0.25 · 900 000
      firstTouchBusinessMs: { median: 1_200_000, p75: 2_025_000 },
      firstTouchCalendarMs: { median: 1_200_000, p75: 2_025_000 },
      topReasons: [reason('no_intent', LABEL.no_intent, 1), reason('other', LABEL.other, 1)],
      untouchedOpen: 0,
    };
    const CAROL = {
      handovers: 2,
      accepted: 0,
      rejected: 1,
      undecided: 1,
      acceptanceRate: 0,
      slaDue: 1,
      slaMet: 1,
      slaMetRate: 1,
      breached: 0,
      rejectedWithoutContact: 0,
      touched: 1,
      firstTouchBusinessMs: { median: 60_000, p75: 60_000 },
      firstTouchCalendarMs: { median: 60_000, p75: 60_000 },
      topReasons: [reason('no_authority', LABEL.no_authority, 1)],
      untouchedOpen: 1,
    };
    const DAN = {
      handovers: 0,
      accepted: 0,
      rejected: 0,
      undecided: 0,
      acceptanceRate: null,
      slaDue: 0,
      slaMet: 0,
      slaMetRate: null,
      breached: 0,
      rejectedWithoutContact: 0,
      touched: 0,
      firstTouchBusinessMs: none,
      firstTouchCalendarMs: none,
      topReasons: [],
      untouchedOpen: 0,
    };
    const row = (client: TClient, name: string, email: string, figures: object) => ({ repId: client.id, name, email, ...figures });

    it('gives a manager their team, sorted by name, with a team total', async () => {
      const stats = await maria.api.stats.reps.query();
      expect(stats).toEqual({
        from: '2026-02-11T12:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        scope: 'team',
        reps: [
          row(alice, 'Alice Archer', 'alice@example.com', ALICE),
          row(bob, 'Bob Baker', 'bob@example.com', BOB),
          row(dan, 'Dan Idle', 'dan@example.com', DAN),
        ],
        total: {
          handovers: 9,
          accepted: 3,
          rejected: 4,
          undecided: 2,
          acceptanceRate: 3 / 7,
          slaDue: 8,
          slaMet: 6,
          slaMetRate: 0.75,
          breached: 2,
          rejectedWithoutContact: 1,
          touched: 7,
          // [180k, 240k, 600k, 1.8M, 2.7M, 7.2M, 18M]: median h = 3 → 1.8M; p75 h = 4.5 → 2.7M + 0.5 · 4.5M
          firstTouchBusinessMs: { median: 1_800_000, p75: 4_950_000 },
          firstTouchCalendarMs: { median: 1_800_000, p75: 4_950_000 },
          topReasons: [reason('no_intent', LABEL.no_intent, 2), reason('duplicate', LABEL.duplicate, 1), reason('other', LABEL.other, 1)],
          untouchedOpen: 1,
        },
      });
    });

    it('gives an admin, and a manager without a team, every rep', async () => {
      const everyone = {
        from: '2026-02-11T12:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        scope: 'all',
        reps: [
          row(alice, 'Alice Archer', 'alice@example.com', ALICE),
          row(bob, 'Bob Baker', 'bob@example.com', BOB),
          row(carol, 'Carol Chen', 'carol@example.com', CAROL),
          row(dan, 'Dan Idle', 'dan@example.com', DAN),
        ],
        total: {
          handovers: 11,
          accepted: 3,
          rejected: 5,
          undecided: 3,
          acceptanceRate: 3 / 8,
          slaDue: 9,
          slaMet: 7,
          slaMetRate: 7 / 9,
          breached: 2,
          rejectedWithoutContact: 1,
          touched: 8,
          // [60k, 180k, 240k, 600k, 1.8M, 2.7M, 7.2M, 18M]: median h = 3.5 → 1.2M; p75 h = 5.25 → 2.7M + 0.25 · 4.5M
          firstTouchBusinessMs: { median: 1_200_000, p75: 3_825_000 },
          firstTouchCalendarMs: { median: 1_200_000, p75: 3_825_000 },
          topReasons: [reason('no_intent', LABEL.no_intent, 2), reason('duplicate', LABEL.duplicate, 1), reason('no_authority', LABEL.no_authority, 1)],
          untouchedOpen: 2,
        },
      };
      expect(await ada.api.stats.reps.query()).toEqual(everyone);
      expect(await nick.api.stats.reps.query({})).toEqual(everyone);
    });

    it('gives a rep their own row only', async () => {
      const stats = await alice.api.stats.reps.query();
      expect(stats).toEqual({
        from: '2026-02-11T12:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        scope: 'self',
        reps: [row(alice, 'Alice Archer', 'alice@example.com', ALICE)],
        total: ALICE,
      });
      expect((await dan.api.stats.reps.query()).reps).toEqual([row(dan, 'Dan Idle', 'dan@example.com', DAN)]);
    });

    it('takes a half-open range on the handover start', async () => {
      // [03-02 10:00, 03-03 14:00): A1, A2, C1; B1 (09:00) is before, B2 (14:00) is the excluded end.
      const stats = await ada.api.stats.reps.query({ from: '2026-03-02T10:00:00Z', to: '2026-03-03T14:00:00.000Z' });
      expect(stats.from).toBe('2026-03-02T10:00:00.000Z');
      expect(stats.to).toBe('2026-03-03T14:00:00.000Z');
      expect(stats.reps.map((r) => [r.name, r.handovers, r.accepted, r.rejected])).toEqual([
        ['Alice Archer', 2, 1, 1],
        ['Bob Baker', 0, 0, 0],
        ['Carol Chen', 1, 0, 1],
        ['Dan Idle', 0, 0, 0],
      ]);
      // An offset is read as the instant it names: 11:00+01:00 is 10:00 UTC.
      const offset = await ada.api.stats.reps.query({ from: '2026-03-02T11:00:00+01:00', to: '2026-03-03T14:00:00Z' });
      expect(offset.total.handovers).toBe(3);
      // Only `from`: up to now. Only `to`: the 30 days before it.
      expect((await ada.api.stats.reps.query({ from: '2026-03-06T00:00:00Z' })).total.handovers).toBe(2); // A5, C3
      const older = await ada.api.stats.reps.query({ to: '2026-02-01T00:00:00Z' });
      expect([older.from, older.total.handovers, older.total.accepted]).toEqual(['2026-01-02T00:00:00.000Z', 1, 1]); // C2
    });
  });

  describe('stats.funnel', () => {
    const RANGE = { from: '2026-02-01T00:00:00Z', to: '2026-03-13T12:00:00Z' }; // every lead but L11
    const rates = (leads: number, mqls: number, sqls: number, accepted: number, opportunities: number, won: number) => ({
      leadToMql: leads ? mqls / leads : null,
      mqlToSql: mqls ? sqls / mqls : null,
      sqlToAccepted: sqls ? accepted / sqls : null,
      acceptedToOpportunity: accepted ? opportunities / accepted : null,
      opportunityToWon: opportunities ? won / opportunities : null,
      // The one won lead (L1) reached MQL and SQL.
      mqlToWon: mqls ? won / mqls : null,
      sqlToWon: sqls ? won / sqls : null,
    });
    const group = (key: string, leads: number, mqls: number, sqls: number, accepted: number, rejected: number, opportunities: number, won: number) => ({
      key,
      leads,
      mqls,
      sqls,
      accepted,
      rejected,
      opportunities,
      won,
      mqlsWon: won,
      sqlsWon: won,
      rates: rates(leads, mqls, sqls, accepted, opportunities, won),
    });
    const TOTAL = group('total', 14, 12, 11, 3, 5, 3, 1);

    it('groups by source, biggest first, no source last', async () => {
      const funnel = await maria.api.stats.funnel.query({ ...RANGE, groupBy: 'source' });
      expect(funnel).toEqual({
        from: '2026-02-01T00:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        groupBy: 'source',
        groups: [
          // L1 L2 L6 L9 L13 L15: MQL all but L13; SQL L1 L2 L6 L9; accepted L1 L6 L9; rejected L2; opp L1 L6 L9; won L1
          group('webinar', 6, 5, 4, 3, 1, 3, 1),
          // L3 (direct SQL counts as MQL) L4 L10 L14
          group('paid_search', 4, 3, 3, 0, 2, 0, 0),
          group('referral', 2, 2, 2, 0, 2, 0, 0),
          group('(none)', 2, 2, 2, 0, 0, 0, 0), // L5, L12
        ],
        total: TOTAL,
      });
      expect(funnel.groups[0]!.rates).toEqual({ leadToMql: 5 / 6, mqlToSql: 4 / 5, sqlToAccepted: 3 / 4, acceptedToOpportunity: 1, opportunityToWon: 1 / 3, mqlToWon: 1 / 5, sqlToWon: 1 / 4 });
      expect(funnel.groups[1]!.rates).toEqual({ leadToMql: 3 / 4, mqlToSql: 1, sqlToAccepted: 0, acceptedToOpportunity: null, opportunityToWon: null, mqlToWon: 0, sqlToWon: 0 });
    });

    it('groups by campaign', async () => {
      const funnel = await ada.api.stats.funnel.query({ ...RANGE, groupBy: 'campaign' });
      expect(funnel.groups).toEqual([
        group('q1-webinar', 5, 4, 4, 3, 1, 3, 1), // L1 L2 L6 L9 L13
        group('brand', 2, 2, 2, 0, 1, 0, 0), // L4 L10
        group('partner-q1', 1, 1, 1, 0, 1, 0, 0), // L8
        group('(none)', 6, 5, 4, 0, 2, 0, 0), // L3 L5 L7 L12 L14 L15
      ]);
      expect(funnel.total).toEqual(TOTAL);
    });

    it('groups by engagement level, highest first, unscored last', async () => {
      const funnel = await ada.api.stats.funnel.query({ ...RANGE, groupBy: 'engagement' });
      expect(funnel.groups).toEqual([
        group('high', 8, 8, 8, 3, 3, 3, 1), // L1 L2 L4 L6 L8 L9 L10 L12
        group('medium', 3, 3, 2, 0, 2, 0, 0), // L3 L7 L15
        group('low', 1, 0, 0, 0, 0, 0, 0), // L13
        group('none', 1, 0, 0, 0, 0, 0, 0), // L14
        group('(unscored)', 1, 1, 1, 0, 0, 0, 0), // L5
      ]);
      expect(funnel.groups[2]!.rates).toEqual({ leadToMql: 0, mqlToSql: null, sqlToAccepted: null, acceptedToOpportunity: null, opportunityToWon: null, mqlToWon: null, sqlToWon: null });
      expect(funnel.total).toEqual(TOTAL);
      expect(TOTAL.rates).toEqual({ leadToMql: 12 / 14, mqlToSql: 11 / 12, sqlToAccepted: 3 / 11, acceptedToOpportunity: 1, opportunityToWon: 1 / 3, mqlToWon: 1 / 12, sqlToWon: 1 / 11 });
    });

    it('defaults to the leads created in the last 30 days', async () => {
      const funnel = await ada.api.stats.funnel.query({ groupBy: 'source' });
      // L9 (02-10) and L11 (01-19) fall out.
      expect(funnel.total).toEqual(group('total', 13, 11, 10, 2, 5, 2, 1));
    });
  });

  describe('stats.reasons', () => {
    const share = (reasonId: string, label: string, count: number, total: number) => ({ reasonId, label, count, share: count / total });
    const OVERALL = [
      share('no_intent', LABEL.no_intent, 2, 5),
      share('duplicate', LABEL.duplicate, 1, 5),
      share('no_authority', LABEL.no_authority, 1, 5),
      share('other', LABEL.other, 1, 5),
    ];
    const BY_SOURCE = [
      { source: 'paid_search', total: 2, reasons: [share('duplicate', LABEL.duplicate, 1, 2), share('no_authority', LABEL.no_authority, 1, 2)] },
      { source: 'referral', total: 2, reasons: [share('no_intent', LABEL.no_intent, 1, 2), share('other', LABEL.other, 1, 2)] },
      { source: 'webinar', total: 1, reasons: [share('no_intent', LABEL.no_intent, 1, 1)] },
    ];
    const ALICE = { repId: '', name: 'Alice Archer', email: 'alice@example.com', total: 2, reasons: [share('duplicate', LABEL.duplicate, 1, 2), share('no_intent', LABEL.no_intent, 1, 2)] };
    const BOB = { repId: '', name: 'Bob Baker', email: 'bob@example.com', total: 2, reasons: [share('no_intent', LABEL.no_intent, 1, 2), share('other', LABEL.other, 1, 2)] };
    const CAROL = { repId: '', name: 'Carol Chen', email: 'carol@example.com', total: 1, reasons: [share('no_authority', LABEL.no_authority, 1, 1)] };

    it('counts reasons overall, by rep and by source, with shares', async () => {
      expect(await ada.api.stats.reasons.query()).toEqual({
        from: '2026-02-11T12:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        scope: 'all',
        total: 5,
        overall: OVERALL,
        byRep: [
          { ...ALICE, repId: alice.id },
          { ...BOB, repId: bob.id },
          { ...CAROL, repId: carol.id },
        ],
        bySource: BY_SOURCE,
      });
    });

    it('lists a team manager’s reps by rep, the whole organisation otherwise', async () => {
      const reasons = await maria.api.stats.reasons.query({});
      expect(reasons.scope).toBe('team');
      expect(reasons.byRep).toEqual([
        { ...ALICE, repId: alice.id },
        { ...BOB, repId: bob.id },
      ]);
      expect(reasons.overall).toEqual(OVERALL);
      expect(reasons.bySource).toEqual(BY_SOURCE);
    });

    it('is empty, not broken, for a range without rejections', async () => {
      const reasons = await ada.api.stats.reasons.query({ from: '2026-02-20T00:00:00Z', to: '2026-03-01T00:00:00Z' });
      expect([reasons.total, reasons.overall, reasons.byRep, reasons.bySource]).toEqual([0, [], [], []]);
    });
  });

  describe('stats.firstTouch', () => {
    it('buckets touched handovers by calendar delay, next to the seeds’ rates', async () => {
      expect(await nick.api.stats.firstTouch.query()).toEqual({
        from: '2026-02-11T12:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        buckets: [
          // A1 3 min (L1 opportunity), B3 4 min, C1 1 min
          { bucket: 'within_5_minutes', label: '≤ 5 min', upToMs: 5 * MIN, handovers: 3, opportunities: 1, rate: 1 / 3, expectedRate: 0.21 },
          // B1 30 min (L6 opportunity), B2 45 min, B4 10 min (L9 opportunity)
          { bucket: 'within_1_hour', label: '≤ 1 h', upToMs: HOUR, handovers: 3, opportunities: 2, rate: 2 / 3, expectedRate: 0.14 },
          { bucket: 'within_4_hours', label: '≤ 4 h', upToMs: 4 * HOUR, handovers: 1, opportunities: 0, rate: 0, expectedRate: 0.09 }, // A2 2 h
          { bucket: 'within_24_hours', label: '≤ 24 h', upToMs: 24 * HOUR, handovers: 1, opportunities: 0, rate: 0, expectedRate: 0.04 }, // A4 21 h
          { bucket: 'after_24_hours', label: '> 24 h', upToMs: null, handovers: 0, opportunities: 0, rate: null, expectedRate: 0.015 },
        ],
        touched: { handovers: 8, opportunities: 3, rate: 3 / 8 },
        untouched: { handovers: 3, opportunities: 0, rate: 0 }, // A3, A5, C3
      });
    });
  });

  describe('stats.compliance', () => {
    const figures = (rejections: number, documented: number, eligible: number, decided: number, withoutContact: number) => ({
      rejections,
      documentedRejections: documented,
      feedbackCompliance: rejections ? documented / rejections : null,
      coverageEligible: eligible,
      coverageDecided: decided,
      decisionCoverage: eligible ? decided / eligible : null,
      rejectedWithoutContact: withoutContact,
      rejectedWithoutContactShare: rejections ? withoutContact / rejections : null,
    });

    it('measures documented rejections, decision coverage after 7 days and rejections without contact', async () => {
      // Rejections A2 A3 B2 C1 B3: B2's "other" has a blank note → 4 of 5 documented.
      // Started before 03-06 12:00: A1–A4, B1–B4, C1 → 9, all decided but A4 → 8.
      expect(await ada.api.stats.compliance.query()).toEqual({
        from: '2026-02-11T12:00:00.000Z',
        to: '2026-03-13T12:00:00.000Z',
        decisionWindowDays: 7,
        scope: 'all',
        overall: figures(5, 4, 9, 8, 1),
        byRep: [
          { repId: alice.id, name: 'Alice Archer', email: 'alice@example.com', ...figures(2, 2, 4, 3, 1) },
          { repId: bob.id, name: 'Bob Baker', email: 'bob@example.com', ...figures(2, 1, 4, 4, 0) },
          { repId: carol.id, name: 'Carol Chen', email: 'carol@example.com', ...figures(1, 1, 1, 1, 0) },
          { repId: dan.id, name: 'Dan Idle', email: 'dan@example.com', ...figures(0, 0, 0, 0, 0) },
        ],
      });
      expect(figures(5, 4, 9, 8, 1)).toMatchObject({ feedbackCompliance: 0.8, decisionCoverage: 8 / 9, rejectedWithoutContactShare: 0.2 });
    });

    it('takes the decision window from the input', async () => {
      // Started before 03-03 12:00: A1, A2, B1, B4, C1 — all decided.
      const compliance = await maria.api.stats.compliance.query({ decisionWindowDays: 10 });
      expect(compliance.decisionWindowDays).toBe(10);
      expect(compliance.overall).toEqual(figures(5, 4, 5, 5, 1));
      expect(compliance.byRep.map((r) => r.name)).toEqual(['Alice Archer', 'Bob Baker', 'Dan Idle']);
    });
  });

  describe('permissions and bad input', () => {
    it('needs a token for every stats call', async () => {
      const anonymous = api(server.url);
      for (const call of [
        () => anonymous.stats.reps.query(),
        () => anonymous.stats.funnel.query({ groupBy: 'source' }),
        () => anonymous.stats.reasons.query(),
        () => anonymous.stats.firstTouch.query(),
        () => anonymous.stats.compliance.query(),
      ]) {
        expect(await failure(call())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
      }
      expect(await failure(api(server.url, 'hs_not-a-real-token').stats.reps.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('keeps team views from reps', async () => {
      for (const call of [
        () => bob.api.stats.funnel.query({ groupBy: 'campaign' }),
        () => bob.api.stats.reasons.query(),
        () => bob.api.stats.firstTouch.query(),
        () => bob.api.stats.compliance.query(),
      ]) {
        expect(await failure(call())).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      }
    });

    it('refuses a range that ends before it starts, naming from', async () => {
      const error = await failure(maria.api.stats.reps.query({ from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' }));
      expect(error).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'from' });
      expect(error.message).toBe('from: must not be after to (2026-03-10T00:00:00.000Z > 2026-03-01T00:00:00.000Z)');
      // `to` defaults to now: a `from` in the future is the same mistake.
      expect(await failure(ada.api.stats.funnel.query({ from: '2026-04-01T00:00:00Z', groupBy: 'source' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'from' });
      expect(await failure(ada.api.stats.reasons.query({ from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' }))).toMatchObject({ field: 'from' });
      expect(await failure(ada.api.stats.firstTouch.query({ from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' }))).toMatchObject({ field: 'from' });
      expect(await failure(ada.api.stats.compliance.query({ from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' }))).toMatchObject({ field: 'from' });
    });

    it('names the field of a date that is not ISO-8601', async () => {
      const from = await failure(ada.api.stats.reps.query({ from: 'yesterday' }));
      expect(from).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'from' });
      expect(from.message).toMatch(/^from: expected an ISO-8601 date-time/);
      expect(await failure(ada.api.stats.funnel.query({ to: '2026-13-01T00:00:00Z', groupBy: 'source' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'to' });
    });

    it('names groupBy when it is missing or unknown', async () => {
      const unknown = await failure(ada.api.stats.funnel.query({ groupBy: 'country' as never }));
      expect(unknown).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'groupBy' });
      expect(unknown.message).toMatch(/^groupBy: /);
      expect(await failure(ada.api.stats.funnel.query({} as never))).toMatchObject({ code: 'BAD_REQUEST', field: 'groupBy' });
    });

    it('names decisionWindowDays when it is not a positive whole number', async () => {
      expect(await failure(ada.api.stats.compliance.query({ decisionWindowDays: 0 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'decisionWindowDays' });
      expect(await failure(ada.api.stats.compliance.query({ decisionWindowDays: 1.5 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'decisionWindowDays' });
    });
  });

  describe('weekly report', () => {
    // The week [03-02, 03-09): A1–A5, B1–B3, C1. The week before [02-23, 03-02): B4.
    let report: string;
    beforeAll(async () => {
      report = await weeklyReport(server.database, { weekEnding: new Date('2026-03-09T00:00:00Z'), sqlTarget: 12, now: NOW });
    });
    const lines = () => report.split('\n');

    it('heads the report with the week and its basis', () => {
      expect(lines()[0]).toBe('# Handshake weekly sync: 2026-03-02 to 2026-03-08');
      expect(report).toContain('Handovers started 2026-03-02 00:00 UTC – 2026-03-09 00:00 UTC, outcomes as of 2026-03-13 12:00 UTC; compared with the week before.');
    });

    it('compares the headline figures with the week before', () => {
      const headlines = [
        // SQLs: L1–L8 and L10 reached SQL this week; L9 the week before.
        '| SQLs | 9 of 12 target (75%) | 1 | +8 |',
        '| Handovers | 9 | 1 | +8 |',
        // 2 accepted (A1, B1) of 7 decided; the week before B4 alone: 1 of 1.
        '| Acceptance rate (target 70%) | 28.6% (2 of 7), below target | 100% (1 of 1) | -71.4 pts |',
        // Due: A1 A2 A4 A5 B1 B2 B3 C1; met: all but A4 and A5.
        '| SLA met | 75% (6 of 8) | 100% (1 of 1) | -25.0 pts |',
        // [1, 3, 4, 30, 45, 120, 300] min: median 30 min; p75 45 + 0.5 · 75 = 82.5 min → 83 min. Week before: 10 min.
        '| Handshake speed, median (business time) | 30 min | 10 min | +20 min |',
        '| Handshake speed, p75 (business time) | 1 h 23 min | 10 min | +1 h 13 min |',
        '| Feedback compliance (rejections with a reason) | 80% (4 of 5) | — | — |',
        '| Rejected without contact | 1 | 0 | +1 |',
      ];
      for (const line of headlines) expect(lines()).toContain(line);
    });

    it('lists the top rejection reasons', () => {
      const start = lines().indexOf('## Top rejection reasons');
      expect(lines().slice(start + 2, start + 6)).toEqual([
        '1. No real intent: 2 (40%)',
        '2. Duplicate: 1 (20%)',
        '3. Wrong role / no authority: 1 (20%)',
        '4. Other (note required): 1 (20%)',
      ]);
    });

    it('has a row per rep', () => {
      const start = lines().indexOf('## Per rep');
      expect(lines().slice(start + 2, start + 8)).toEqual([
        '| Rep | Handovers | Accepted | Rejected | Undecided | Acceptance | SLA met | Median (business) | p75 (business) | Rejected without contact |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        // Alice: [3, 120, 300] min → median 2 h, p75 120 + 0.5 · 180 = 210 min.
        '| Alice Archer | 5 | 1 | 2 | 2 | 33.3% | 50% | 2 h | 3 h 30 min | 1 |',
        // Bob: [4, 30, 45] min → median 30 min, p75 30 + 0.5 · 15 = 37.5 → 38 min.
        '| Bob Baker | 3 | 1 | 2 | 0 | 33.3% | 100% | 30 min | 38 min | 0 |',
        '| Carol Chen | 1 | 0 | 1 | 0 | 0% | 100% | 1 min | 1 min | 0 |',
        '| Dan Idle | 0 | 0 | 0 | 0 | — | — | — | — | 0 |',
      ]);
    });

    it('picks three different SQLs to review: the latest rejection, a missed SLA, the latest acceptance', () => {
      const start = lines().indexOf('## SQLs to review');
      expect(lines().slice(start + 2, start + 5)).toEqual([
        '- **Rejected: Duplicate** — "same person as lead 2" — Lead 3, Company 3 <lead3@example.com>, source paid_search; handed to Alice Archer 2026-03-04 16:00 UTC, no touch, rejected 2026-03-04 16:30 UTC.',
        '- **Missed the SLA** — Lead 5, Company 5 <lead5@example.com>; handed to Alice Archer 2026-03-06 16:30 UTC, deadline 2026-03-09 16:30 UTC, no touch yet.',
        '- **Accepted** — Lead 1, Company 1 <lead1@example.com>, source webinar; handed to Alice Archer 2026-03-02 10:00 UTC, first touch after 3 min, accepted 2026-03-02 11:00 UTC.',
      ]);
    });

    it('says so when a week has nothing in it', async () => {
      const empty = await weeklyReport(server.database, { weekEnding: new Date('2025-06-02T00:00:00Z'), now: NOW });
      expect(empty).toContain('| SQLs | 0 | 0 | 0 |');
      expect(empty).toContain('| Acceptance rate (target 70%) | — | — | — |');
      expect(empty).toContain('No rejections this week.');
      expect(empty).toContain('No handovers this week.');
    });
  });
});
