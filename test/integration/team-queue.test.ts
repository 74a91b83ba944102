import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

describe('queue.mine and queue.team: the open handovers a rep works and a manager chases', () => {
  let server: TestServer;
  type TUserHandle = Awaited<ReturnType<TestServer['user']>>;
  let mo: TUserHandle;
  let ana: TUserHandle;
  let ben: TUserHandle;
  let admin: TUserHandle;

  async function handOver(owner: TUserHandle, email: string, clock: { startedAt: string; warnAt: string; deadline: string }, state: 'open' | 'accepted' = 'open') {
    const leadId = await insertLead(server.database, { email, ownerId: owner.id, stage: 'sql', firstName: email.split('@')[0] });
    await insertHandover(server.database, { leadId, ownerId: owner.id, ...clock, state });
  }

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    mo = await server.user({ email: 'mo@example.com', name: 'Mo Keller', role: 'manager', timeZone: 'Europe/Paris' });
    await server.user({ email: 'nina@example.com', name: 'Nina Berg', role: 'manager', timeZone: 'Europe/Paris' });
    ana = await server.user({ ...PARIS_REP, email: 'ana@example.com', name: 'Ana Silva', managerEmail: 'mo@example.com' });
    ben = await server.user({ ...PARIS_REP, email: 'ben@example.com', name: 'Ben Okafor', managerEmail: 'mo@example.com' });
    const cleo = await server.user({ ...PARIS_REP, email: 'cleo@example.com', name: 'Cleo Park', managerEmail: 'nina@example.com' });
    admin = await server.user({ email: 'root@example.com', name: 'Sam Root', role: 'admin', timeZone: 'Europe/Paris' });
    // Ana's is overdue since Friday; Ben's due at noon; Cleo (another team) at 11:00; Ana's other one decided.
    await handOver(ana, 'overdue@lead.io', { startedAt: '2026-11-20T09:00:00.000Z', warnAt: '2026-11-20T12:00:00.000Z', deadline: '2026-11-20T13:00:00.000Z' });
    await handOver(ben, 'later@lead.io', { startedAt: '2026-11-23T08:00:00.000Z', warnAt: '2026-11-23T10:00:00.000Z', deadline: '2026-11-23T11:00:00.000Z' });
    await handOver(cleo, 'other.team@lead.io', { startedAt: '2026-11-23T07:00:00.000Z', warnAt: '2026-11-23T09:00:00.000Z', deadline: '2026-11-23T10:00:00.000Z' });
    await handOver(ana, 'decided@lead.io', { startedAt: '2026-11-23T07:00:00.000Z', warnAt: '2026-11-23T09:00:00.000Z', deadline: '2026-11-23T10:00:00.000Z' }, 'accepted');
  });
  afterAll(() => server.close());

  it("gives a manager their reps' open handovers, the overdue first, with who holds each", async () => {
    const team = await mo.api.queue.team.query();
    expect(team.map((item) => [item.email, item.owner.name, item.state])).toEqual([
      ['overdue@lead.io', 'Ana Silva', 'breached'],
      ['later@lead.io', 'Ben Okafor', 'on_track'],
    ]);
  });

  it('gives an admin everyone’s', async () => {
    expect((await admin.api.queue.team.query()).map((item) => item.email)).toEqual(['overdue@lead.io', 'other.team@lead.io', 'later@lead.io']);
  });

  it("says when a paused countdown runs again: the start of its owner's next working hours", async () => {
    // 04:00 in New York: Dev's day starts at 09:00 there, 14:00 UTC.
    const dev = await server.user({ ...PARIS_REP, timeZone: 'America/New_York', email: 'dev@example.com', name: 'Dev Shah' });
    await handOver(dev, 'night@lead.io', { startedAt: '2026-11-20T20:00:00.000Z', warnAt: '2026-11-23T16:00:00.000Z', deadline: '2026-11-23T17:00:00.000Z' });
    const [item] = await dev.api.queue.mine.query();
    expect(item).toMatchObject({ email: 'night@lead.io', paused: true, resumesAt: '2026-11-23T14:00:00.000Z' });
    const packet = await dev.api.packet.get.query({ email: 'night@lead.io' });
    expect(packet.handover?.sla).toMatchObject({ paused: true, resumesAt: '2026-11-23T14:00:00.000Z', timeZone: 'America/New_York' });
    // Ben's, in Paris working hours, runs.
    expect((await ben.api.queue.mine.query())[0]).toMatchObject({ paused: false, resumesAt: null });
  });

  it('refuses a rep', async () => {
    const refused = await ana.api.queue.team.query().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ code: 'FORBIDDEN' });
    // Their own queue names them as the holder.
    expect((await ben.api.queue.mine.query()).map((item) => item.owner)).toEqual([{ id: ben.id, name: 'Ben Okafor' }]);
  });
});
