import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charterVersions } from '../../server/db/schema';
import { handOver, twoTeams, type TTeams } from '../support/manager-team';
import { startTestServer, type TestServer } from '../support/server';
import { refusal } from '../support/trpc-failure';

// Monday 23 November 2026, 13:00 in Paris: the default range starts 30 days before.
const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 60 * 60 * 1000;

describe("team.handovers: a rep's handovers behind their stats.reps row", () => {
  let server: TestServer;
  let t: TTeams;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    t = await twoTeams(server);
    // A later charter version that names a reason otherwise: a decision keeps the label of its own version.
    await server.database.db.insert(charterVersions).values({ version: 2, body: { rejectionReasons: [{ id: 'bad_timing', label: 'Timing is off' }] }, proposedAt: '2026-11-01T00:00:00.000Z' });
    const { ana, ben, mo } = t;
    ids.met = (
      await handOver(server, {
        email: 'met@lead.io', firstName: 'Mel', lastName: 'Met', owner: ana, startedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-20T13:00:00.000Z',
        firstTouchAt: '2026-11-20T10:30:00.000Z', firstTouchBusinessMs: 1.5 * HOUR,
        decision: { kind: 'accepted', by: ana, at: '2026-11-20T11:00:00.000Z', note: 'budget confirmed' },
      })
    ).handoverId;
    ids.late = (
      await handOver(server, {
        email: 'late@lead.io', owner: ana, startedAt: '2026-11-19T09:00:00.000Z', deadline: '2026-11-19T13:00:00.000Z',
        firstTouchAt: '2026-11-19T15:00:00.000Z', firstTouchBusinessMs: 6 * HOUR,
        decision: { kind: 'rejected', by: ana, at: '2026-11-19T16:00:00.000Z', reasonId: 'bad_timing', note: 'next quarter', charterVersion: 2 },
      })
    ).handoverId;
    ids.noContact = (
      await handOver(server, {
        email: 'nocontact@lead.io', owner: ana, startedAt: '2026-11-18T09:00:00.000Z', deadline: '2026-11-18T13:00:00.000Z',
        decision: { kind: 'rejected', by: mo, at: '2026-11-18T10:00:00.000Z', reasonId: 'no_budget', withoutContact: true },
      })
    ).handoverId;
    ids.pending = (await handOver(server, { email: 'pending@lead.io', owner: ana, startedAt: '2026-11-23T10:00:00.000Z', deadline: '2026-11-23T14:00:00.000Z' })).handoverId;
    // Ana's, escalated to Ben: still Ana's figures, held by Ben.
    ids.escalated = (await handOver(server, { email: 'escalated@lead.io', owner: ben, originalOwner: ana, startedAt: '2026-11-17T09:00:00.000Z', deadline: '2026-11-17T13:00:00.000Z' })).handoverId;
    // Not Ana's: Ben's own, and Ana's from before the range.
    await handOver(server, { email: 'bens@lead.io', owner: ben, startedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-20T13:00:00.000Z' });
    await handOver(server, { email: 'old@lead.io', owner: ana, startedAt: '2026-10-01T09:00:00.000Z', deadline: '2026-10-01T13:00:00.000Z' });
  });
  afterAll(() => server.close());

  it('lists the handovers started in the range whose original owner is the rep, newest first, with outcome, reason, note, first touch and SLA', async () => {
    const page = await t.mo.api.team.handovers.query({ repId: t.ana.id });
    expect(page.rep).toEqual({ id: t.ana.id, name: 'Ana Silva', email: 'ana@example.com' });
    expect([page.from, page.to, page.nextCursor]).toEqual(['2026-10-24T12:00:00.000Z', NOW.toISOString(), null]);
    expect(page.items.map((i) => [i.handoverId, i.leadEmail, i.ownerName, i.outcome, i.sla])).toEqual([
      [ids.pending, 'pending@lead.io', 'Ana Silva', 'undecided', 'pending'],
      [ids.met, 'met@lead.io', 'Ana Silva', 'accepted', 'met'],
      [ids.late, 'late@lead.io', 'Ana Silva', 'rejected', 'breached'],
      [ids.noContact, 'nocontact@lead.io', 'Ana Silva', 'rejected', 'rejected_without_contact'],
      [ids.escalated, 'escalated@lead.io', 'Ben Okafor', 'undecided', 'breached'],
    ]);
    expect(page.items[1]).toMatchObject({
      leadName: 'Mel Met', company: null, startedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-20T13:00:00.000Z',
      reason: null, note: 'budget confirmed', firstTouchAt: '2026-11-20T10:30:00.000Z', firstTouchBusinessMs: 1.5 * HOUR, firstTouchCalendarMs: 1.5 * HOUR,
    });
    expect(page.items[2]).toMatchObject({ leadName: null, reason: { id: 'bad_timing', label: 'Timing is off' }, note: 'next quarter', firstTouchCalendarMs: 6 * HOUR });
    expect(page.items[3]).toMatchObject({ reason: { id: 'no_budget', label: 'No budget' }, note: null, firstTouchAt: null, firstTouchBusinessMs: null, firstTouchCalendarMs: null });
  });

  it('agrees with stats.reps: its met and breached items are the row’s slaMet and breached', async () => {
    const { items } = await t.mo.api.team.handovers.query({ repId: t.ana.id });
    const row = (await t.mo.api.stats.reps.query()).reps.find((r) => r.repId === t.ana.id)!;
    const count = (sla: string) => items.filter((i) => i.sla === sla).length;
    expect([row.handovers, row.slaMet, row.breached, row.rejectedWithoutContact]).toEqual([items.length, count('met'), count('breached'), 1]);
  });

  it('takes a half-open range: a handover started exactly at `to` is left for the next', async () => {
    const page = await t.mo.api.team.handovers.query({ repId: t.ana.id, from: '2026-11-18T09:00:00Z', to: '2026-11-20T09:00:00Z' });
    expect(page.items.map((i) => i.handoverId)).toEqual([ids.late, ids.noContact]);
  });

  it('lets an admin see anyone, a manager their reps and themselves, a rep themselves; refuses the rest', async () => {
    const see = (caller: keyof TTeams, rep: keyof TTeams) => refusal(t[caller].api.team.handovers.query({ repId: t[rep].id }));
    expect(await see('admin', 'ana')).toBeNull();
    expect(await see('mo', 'ana')).toBeNull();
    expect(await see('mo', 'mo')).toBeNull();
    expect(await see('ana', 'ana')).toBeNull();
    expect(await see('nina', 'ana')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await see('ben', 'ana')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await see('mo', 'cleo')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(t.admin.api.team.handovers.query({ repId: 'no-such-rep' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('repId') as string });
  });

  it('refuses a cursor it did not give', async () => {
    expect(await refusal(t.mo.api.team.handovers.query({ repId: t.ana.id, cursor: 'not-a-cursor' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'cursor' });
  });
});

describe('team.handovers pages', () => {
  let server: TestServer;
  let t: TTeams;
  const all: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    t = await twoTeams(server);
    // 23 handovers, three at a time sharing a start: the pages' boundaries fall inside a tie.
    for (let i = 0; i < 23; i += 1) {
      const startedAt = new Date(Date.parse('2026-11-10T09:00:00Z') + Math.floor(i / 3) * HOUR).toISOString();
      const { handoverId } = await handOver(server, { email: `lead${i}@lead.io`, owner: t.ben, startedAt, deadline: new Date(Date.parse(startedAt) + 4 * HOUR).toISOString() });
      all.push(handoverId);
    }
  });
  afterAll(() => server.close());

  it('walks every handover once, newest first, whatever the page size', async () => {
    const expected = (await t.admin.api.team.handovers.query({ repId: t.ben.id, limit: 200 })).items;
    expect(expected.map((i) => i.handoverId).sort()).toEqual([...all].sort());
    for (const a of expected.slice(1).map((item, i) => [expected[i]!, item] as const)) {
      expect(a[0].startedAt > a[1].startedAt || (a[0].startedAt === a[1].startedAt && a[0].handoverId > a[1].handoverId)).toBe(true);
    }
    for (const limit of [1, 4, 7, 23]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 30; pages += 1) {
        const page = await t.mo.api.team.handovers.query({ repId: t.ben.id, limit, cursor });
        seen.push(...page.items.map((i) => i.handoverId));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect({ limit, seen }).toEqual({ limit, seen: expected.map((i) => i.handoverId) });
    }
  });
});
