import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions } from '../../server/db/schema';
import { weeklyReport } from '../../server/domain/report';
import { insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// stats.weeklyReport: the weekly sync's Markdown (server/domain/report.ts, what `npm run cli --
// report weekly` prints) for a manager or an admin, and its SQL target from the charter.
// The week ending Sunday 8 March 2026 is [03-02 00:00 UTC, 03-09 00:00 UTC): three leads reached
// SQL in it (L1–L3), one the week before (L4). Rita had two handovers: H1 accepted, H2 rejected.

const NOW = new Date('2026-03-13T12:00:00.000Z');
const WEEK_END = new Date('2026-03-09T00:00:00.000Z');
const MIN = 60_000;

type TClient = Awaited<ReturnType<TestServer['user']>>;


describe('stats.weeklyReport over tRPC', () => {
  let server: TestServer;
  let rita: TClient; // rep
  let sam: TClient; // sales lead
  let mo: TClient; // marketing lead
  let ada: TClient; // admin

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    sam = await server.user({ email: 'sam@example.com', name: 'Sam Sales', role: 'manager', team: 'sales', timeZone: 'UTC' });
    mo = await server.user({ email: 'mo@example.com', name: 'Mo Marketing', role: 'manager', team: 'marketing', timeZone: 'UTC' });
    ada = await server.user({ email: 'ada@example.com', name: 'Ada Admin', role: 'admin', team: 'revops', timeZone: 'UTC' });
    rita = await server.user({ email: 'rita@example.com', name: 'Rita Rep', role: 'rep', managerEmail: 'sam@example.com', timeZone: 'UTC' });

    const database = server.database;
    const sqlAt = ['2026-03-02T10:00:00.000Z', '2026-03-04T10:00:00.000Z', '2026-03-06T15:00:00.000Z', '2026-02-25T09:00:00.000Z'];
    for (const [i, at] of sqlAt.entries()) {
      await insertLead(database, { id: `lead-${i + 1}`, email: `lead${i + 1}@example.com`, ownerId: rita.id, stage: 'sql', sqlAt: at, createdAt: '2026-02-01T00:00:00.000Z' });
    }
    const handover = (id: string, lead: number, startedAt: string, deadline: string, firstTouchAt: string, businessMs: number, state: 'accepted' | 'rejected') =>
      insertHandover(database, { id, leadId: `lead-${lead}`, ownerId: rita.id, startedAt, warnAt: deadline, deadline, firstTouchAt, firstTouchBusinessMs: businessMs, state });
    await handover('H1', 1, '2026-03-02T10:00:00.000Z', '2026-03-02T14:00:00.000Z', '2026-03-02T10:30:00.000Z', 30 * MIN, 'accepted');
    await handover('H2', 2, '2026-03-04T10:00:00.000Z', '2026-03-04T14:00:00.000Z', '2026-03-04T11:00:00.000Z', 60 * MIN, 'rejected');
    const decide = (id: string, lead: number, kind: 'accepted' | 'rejected', decidedAt: string, reasonId: string | null) =>
      database.db.insert(decisions).values({ id: `decision-${id}`, handoverId: id, leadId: `lead-${lead}`, kind, reasonId, decidedById: rita.id, withoutContact: false, charterVersion: 1, idempotencyKey: `key-${id}`, decidedAt });
    await decide('H1', 1, 'accepted', '2026-03-02T11:00:00.000Z', null);
    await decide('H2', 2, 'rejected', '2026-03-04T12:00:00.000Z', 'no_budget');
  });
  afterAll(() => server.close());

  it('gives a manager the Markdown of the weekly report for the week ending on the given day', async () => {
    const reply = await sam.api.stats.weeklyReport.query({ weekEnding: '2026-03-08' });
    expect(reply).toEqual({ weekEnding: '2026-03-08', markdown: await weeklyReport(server.database, { weekEnding: WEEK_END, now: NOW }) });
    expect(reply.markdown).toContain('# Handshake weekly sync: 2026-03-02 to 2026-03-08');
    expect(reply.markdown).toContain('| SQLs | 3 | 1 | +2 |');
    expect(reply.markdown).toContain('| Acceptance rate (target 70%) | 50% (1 of 2), below target |');
    expect(await ada.api.stats.weeklyReport.query({ weekEnding: '2026-03-08' })).toEqual(reply);
  });

  it('measures the SQLs against the target given', async () => {
    const reply = await sam.api.stats.weeklyReport.query({ weekEnding: '2026-03-08', sqlTarget: 6 });
    expect(reply.markdown).toBe(await weeklyReport(server.database, { weekEnding: WEEK_END, sqlTarget: 6, now: NOW }));
    expect(reply.markdown).toContain('| SQLs | 3 of 6 target (50%) | 1 | +2 |');
  });

  it('defaults, as the command line does, to the seven days before now', async () => {
    const reply = await mo.api.stats.weeklyReport.query();
    expect(reply).toEqual({ weekEnding: '2026-03-13', markdown: await weeklyReport(server.database, { weekEnding: NOW, now: NOW }) });
    expect(reply.markdown).toContain('# Handshake weekly sync: 2026-03-06 to 2026-03-13');
  });

  it('is refused to a rep', async () => {
    expect(await failure(rita.api.stats.weeklyReport.query({ weekEnding: '2026-03-08' }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('names the field at fault', async () => {
    for (const weekEnding of ['2026-02-30', '8 March 2026', '2026-03-08T00:00:00Z']) {
      expect(await failure(sam.api.stats.weeklyReport.query({ weekEnding }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'weekEnding' });
    }
    for (const sqlTarget of [0, -3, 2.5]) {
      expect(await failure(sam.api.stats.weeklyReport.query({ sqlTarget }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'sqlTarget' });
    }
  });

  describe("the charter's weekly SQL target", () => {
    it('is none under the default charter', async () => {
      expect((await rita.api.charter.current.query()).targets).toEqual({ sqlsPerWeek: null });
      expect((await sam.api.stats.trends.query()).targets).toEqual({ acceptanceRate: 0.7, sqlsPerWeek: null });
    });

    it('refuses a target that is not a positive whole number, naming it', async () => {
      const charter = await sam.api.charter.current.query();
      for (const sqlsPerWeek of [0, 2.5, -1]) {
        const error = await failure(ada.api.charter.propose.mutate({ charter: { ...charter, targets: { sqlsPerWeek } } }));
        expect(error).toMatchObject({ code: 'BAD_REQUEST', field: 'charter.targets.sqlsPerWeek' });
      }
    });

    it('is the default target of the weekly report and the trends once a charter sets it; a target given still wins', async () => {
      const charter = await sam.api.charter.current.query();
      const { version } = await ada.api.charter.propose.mutate({ charter: { ...charter, targets: { sqlsPerWeek: 4 } }, note: 'Four SQLs a week' });
      await sam.api.charter.signOff.mutate({ version });
      expect(await mo.api.charter.signOff.mutate({ version })).toEqual({ active: true });

      const reply = await sam.api.stats.weeklyReport.query({ weekEnding: '2026-03-08' });
      expect(reply.markdown).toContain('| SQLs | 3 of 4 target (75%) | 1 | +2 |');
      expect(reply.markdown).toBe(await weeklyReport(server.database, { weekEnding: WEEK_END, now: NOW }));
      expect((await sam.api.stats.weeklyReport.query({ weekEnding: '2026-03-08', sqlTarget: 6 })).markdown).toContain('| SQLs | 3 of 6 target (50%) | 1 | +2 |');
      expect((await rita.api.stats.trends.query()).targets).toEqual({ acceptanceRate: 0.7, sqlsPerWeek: 4 });
    });
  });
});
