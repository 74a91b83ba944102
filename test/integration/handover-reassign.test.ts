import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, handovers, leads, notifications, users } from '../../server/db/schema';
import { handOver, twoTeams, type TTeams } from '../support/manager-team';
import { startTestServer, type TestServer } from '../support/server';
import { refusal } from '../support/trpc-failure';

// Monday 23 November 2026, 11:00 in Paris; Ana's handover is due at 13:00 Paris (12:00Z).
const NOW = new Date('2026-11-23T10:00:00Z');
const DEADLINE = '2026-11-23T12:00:00.000Z';

describe('handover.reassign: a manager moves an open handover to another rep of theirs', () => {
  let server: TestServer;
  let t: TTeams;
  let clock: Date;
  let ids: { leadId: string; handoverId: string };

  beforeEach(async () => {
    clock = NOW;
    server = await startTestServer({ now: () => clock });
    t = await twoTeams(server);
    ids = await handOver(server, { email: 'hana@acme.com', firstName: 'Hana', lastName: 'Hot', owner: t.ana, startedAt: '2026-11-23T08:00:00.000Z', deadline: DEADLINE });
  });
  afterEach(() => server.close());

  const handover = async () => (await server.database.db.query.handovers.findFirst({ where: eq(handovers.id, ids.handoverId) }))!;
  const audits = () => server.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, ids.handoverId), eq(auditLog.action, 'handover.reassign')));
  const reassign = (by: keyof TTeams, to: keyof TTeams, idempotencyKey: string, note?: string) =>
    t[by].api.handover.reassign.mutate({ handoverId: ids.handoverId, toRepId: t[to].id, idempotencyKey, note });

  it('moves the handover and the lead, keeps its clock and original owner, tells the new holder, and audits the move', async () => {
    const result = await reassign('mo', 'ben', 'reassign-key-1', 'Ana is out sick');
    expect(result).toEqual({
      handoverId: ids.handoverId,
      leadId: ids.leadId,
      from: { id: t.ana.id, name: 'Ana Silva' },
      to: { id: t.ben.id, name: 'Ben Okafor' },
      deadline: DEADLINE,
      at: NOW.toISOString(),
      replayed: false,
    });
    expect(await handover()).toMatchObject({ ownerId: t.ben.id, originalOwnerId: t.ana.id, deadline: DEADLINE, startedAt: '2026-11-23T08:00:00.000Z', escalatedAt: null, state: 'open' });
    expect((await server.database.db.query.leads.findFirst({ where: eq(leads.id, ids.leadId) }))!.ownerId).toBe(t.ben.id);
    const [notice] = await t.ben.api.notifications.mine.query();
    expect(notice).toMatchObject({ kind: 'reassigned', handoverId: ids.handoverId, readAt: null, message: `Hana Hot is yours: Mo Keller reassigned it from Ana Silva (due ${DEADLINE}): “Ana is out sick”` });
    expect((await audits()).map((a) => [a.actorKind, a.actorId, a.at, a.details])).toEqual([
      ['user', t.mo.id, NOW.toISOString(), { cause: 'manager', from: t.ana.id, to: t.ben.id, note: 'Ana is out sick', deadline: DEADLINE, at: NOW.toISOString(), idempotencyKey: 'reassign-key-1' }],
    ]);
  });

  it('shows in the packet (the clock follows Ben from the move), the queues, and leaves the figures with the original owner', async () => {
    clock = new Date('2026-11-23T10:30:00Z');
    await reassign('mo', 'ben', 'reassign-key-1');
    const packet = await t.ben.api.packet.get.query({ email: 'hana@acme.com' });
    expect(packet.handover?.sla.clockFollows).toEqual({ id: t.ben.id, name: 'Ben Okafor', timeZone: 'Europe/Paris', since: '2026-11-23T10:30:00.000Z' });
    // Why Ben: a manager gave it to him (not the rule that routed it to Ana).
    expect(packet.handover?.routing).toEqual({ by: 'assigned', skipped: [] });
    expect((await t.ben.api.queue.mine.query()).map((i) => i.handoverId)).toEqual([ids.handoverId]);
    expect(await t.ana.api.queue.mine.query()).toEqual([]);
    const rows = (await t.mo.api.stats.reps.query()).reps;
    expect(rows.map((r) => [r.name, r.handovers])).toEqual([
      ['Ana Silva', 1],
      ['Ben Okafor', 0],
    ]);
    const page = await t.mo.api.team.handovers.query({ repId: t.ana.id });
    expect(page.items.map((i) => [i.handoverId, i.ownerName])).toEqual([[ids.handoverId, 'Ben Okafor']]);
  });

  it('stays with the new holder when the CRM, not told of the move, still names the rep it was taken from', async () => {
    const key = await server.ingestKey();
    await reassign('mo', 'ben', 'reassign-key-1');
    const crmNames = async (ownerEmail: string) => expect((await server.post('/api/v1/leads', { leads: [{ email: 'hana@acme.com', ownerEmail }] }, key)).status).toBe(200);
    await crmNames('ana@example.com');
    expect(await handover()).toMatchObject({ ownerId: t.ben.id });
    // Someone else named in the CRM is a decision taken there: the handover follows.
    await crmNames('cleo@example.com');
    expect(await handover()).toMatchObject({ ownerId: t.cleo.id, originalOwnerId: t.ana.id });
  });

  it('tells a rep who held it before again when it comes back: a new unread notice', async () => {
    await reassign('mo', 'ben', 'reassign-key-1');
    await reassign('mo', 'ana', 'reassign-key-2');
    await reassign('mo', 'ben', 'reassign-key-3');
    const notices = await server.database.db.select().from(notifications).where(and(eq(notifications.userId, t.ben.id), eq(notifications.kind, 'reassigned')));
    expect(notices).toHaveLength(1);
    const unread = await t.ben.api.notifications.mine.query();
    expect(unread.map((n) => n.id)).toEqual([notices[0]!.id]);
    await t.ben.api.notifications.markRead.mutate({ ids: [notices[0]!.id] });
    await reassign('mo', 'ana', 'reassign-key-4');
    await reassign('mo', 'ben', 'reassign-key-5');
    const [again] = await t.ben.api.notifications.mine.query();
    expect(again).toMatchObject({ kind: 'reassigned', readAt: null });
    expect(again!.id).not.toBe(notices[0]!.id);
    expect((await audits()).map((a) => a.details?.to)).toEqual([t.ben.id, t.ana.id, t.ben.id, t.ana.id, t.ben.id]);
  });

  it('replays a repeated request and refuses the key for another', async () => {
    const first = await reassign('mo', 'ben', 'reassign-key-1');
    clock = new Date('2026-11-23T10:05:00Z');
    expect(await reassign('mo', 'ben', 'reassign-key-1')).toEqual({ ...first, replayed: true });
    expect(await audits()).toHaveLength(1);
    expect(await refusal(reassign('mo', 'ana', 'reassign-key-1'))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('idempotencyKey') as string });
    expect(await refusal(reassign('admin', 'ben', 'reassign-key-1'))).toMatchObject({ code: 'CONFLICT' });
  });

  it('lets an admin and the holder’s manager reassign; refuses another manager and reps', async () => {
    expect(await refusal(reassign('nina', 'cleo', 'key-nina-1'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(reassign('ana', 'ben', 'key-ana-01'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(reassign('ben', 'ben', 'key-ben-01'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await reassign('mo', 'ben', 'key-mo-001')).toMatchObject({ to: { id: t.ben.id } });
    expect(await reassign('admin', 'cleo', 'key-admin-1')).toMatchObject({ from: { id: t.ben.id }, to: { id: t.cleo.id } });
    expect(await handover()).toMatchObject({ ownerId: t.cleo.id, originalOwnerId: t.ana.id });
  });

  it('refuses a closed handover (409), an unknown one (404), and a new holder who is not an available rep of the team (400 naming toRepId)', async () => {
    await server.database.db.update(users).set({ available: false }).where(eq(users.id, t.ben.id));
    for (const [to, words] of [
      ['ben', 'not taking handovers'],
      ['cleo', 'not on your team'],
      ['admin', 'cannot hold a handover'],
      ['ana', 'already holds'],
    ] as const) {
      expect(await refusal(reassign('mo', to, `key-${to}-0001`))).toMatchObject({ code: 'BAD_REQUEST', field: 'toRepId', message: expect.stringContaining(words) as string });
    }
    expect(await refusal(t.mo.api.handover.reassign.mutate({ handoverId: ids.handoverId, toRepId: 'nobody', idempotencyKey: 'key-nobody-1' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'toRepId' });
    expect(await refusal(t.mo.api.handover.reassign.mutate({ handoverId: 'no-such-handover', toRepId: t.ben.id, idempotencyKey: 'key-unknown' }))).toMatchObject({ code: 'NOT_FOUND' });
    await server.database.db.update(handovers).set({ state: 'accepted', closedAt: NOW.toISOString() }).where(eq(handovers.id, ids.handoverId));
    expect(await refusal(reassign('mo', 'mo', 'key-closed-1'))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('closed') as string });
    expect(await audits()).toEqual([]);
  });
});
