import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, handovers, notifications } from '../../server/db/schema';
import { handOver, twoTeams, type TTeams } from '../support/manager-team';
import { startTestServer, type TestServer } from '../support/server';
import { refusal } from '../support/trpc-failure';

const NOW = new Date('2026-11-23T10:00:00Z');
const DEADLINE = '2026-11-23T12:00:00.000Z';
const minutesLater = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe('handover.nudge: a manager asks the holder of an open handover to act', () => {
  let server: TestServer;
  let t: TTeams;
  let clock: Date;
  let handoverId: string;

  beforeEach(async () => {
    clock = NOW;
    server = await startTestServer({ now: () => clock });
    t = await twoTeams(server);
    ({ handoverId } = await handOver(server, { email: 'hana@acme.com', firstName: 'Hana', lastName: 'Hot', owner: t.ana, startedAt: '2026-11-23T08:00:00.000Z', deadline: DEADLINE }));
  });
  afterEach(() => server.close());

  const nudge = (by: keyof TTeams, idempotencyKey: string, message?: string) => t[by].api.handover.nudge.mutate({ handoverId, idempotencyKey, message });
  const nudges = () => server.database.db.select().from(notifications).where(and(eq(notifications.handoverId, handoverId), eq(notifications.kind, 'nudge')));

  it("notifies the holder with the manager's name and words, and audits it", async () => {
    const result = await nudge('mo', 'nudge-key-1', 'Call her before the demo');
    expect(result).toEqual({ handoverId, notificationId: expect.any(String) as string, to: { id: t.ana.id, name: 'Ana Silva' }, at: NOW.toISOString(), replayed: false });
    const [notice] = await t.ana.api.notifications.mine.query();
    expect(notice).toMatchObject({
      id: result.notificationId,
      kind: 'nudge',
      handoverId,
      readAt: null,
      message: `Mo Keller asks you to act on Hana Hot (due ${DEADLINE}): “Call her before the demo”`,
    });
    const audit = await server.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, handoverId), eq(auditLog.action, 'handover.nudge')));
    expect(audit.map((a) => [a.actorId, a.details])).toEqual([
      [t.mo.id, { to: t.ana.id, toName: 'Ana Silva', message: 'Call her before the demo', notificationId: result.notificationId, at: NOW.toISOString(), idempotencyKey: 'nudge-key-1' }],
    ]);
  });

  it('allows one nudge per handover every ten minutes, whoever sends it', async () => {
    await nudge('mo', 'nudge-key-1');
    clock = minutesLater(9);
    expect(await refusal(nudge('mo', 'nudge-key-2'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'RATE_LIMITED', message: expect.stringContaining('10 minutes') as string });
    expect(await refusal(nudge('admin', 'nudge-key-3'))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    clock = minutesLater(10);
    const second = await nudge('mo', 'nudge-key-2', 'Still waiting');
    expect(second).toMatchObject({ replayed: false, at: minutesLater(10).toISOString() });
    expect((await nudges()).map((n) => [n.userId, n.message])).toEqual([
      [t.ana.id, `Mo Keller asks you to act on Hana Hot (due ${DEADLINE}).`],
      [t.ana.id, `Mo Keller asks you to act on Hana Hot (due ${DEADLINE}): “Still waiting”`],
    ]);
  });

  it('replays a repeated request, even within the ten minutes, and refuses the key for another', async () => {
    const first = await nudge('mo', 'nudge-key-1', 'Call her');
    clock = minutesLater(2);
    expect(await nudge('mo', 'nudge-key-1', 'Call her')).toEqual({ ...first, replayed: true });
    expect(await nudges()).toHaveLength(1);
    expect(await refusal(nudge('mo', 'nudge-key-1', 'Something else'))).toMatchObject({ code: 'CONFLICT' });
    // A reassign's key is not a nudge's.
    await t.mo.api.handover.reassign.mutate({ handoverId, toRepId: t.ben.id, idempotencyKey: 'shared-key-1' });
    clock = minutesLater(30);
    expect(await refusal(nudge('mo', 'shared-key-1'))).toMatchObject({ code: 'CONFLICT' });
  });

  it("lets an admin and the holder's manager nudge; refuses another manager and reps", async () => {
    expect(await refusal(nudge('nina', 'nudge-nina-1'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(nudge('ana', 'nudge-ana-01'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(nudge('ben', 'nudge-ben-01'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await nudge('admin', 'nudge-admin-1')).toMatchObject({ to: { id: t.ana.id } });
    clock = minutesLater(10);
    expect(await nudge('mo', 'nudge-mo-001')).toMatchObject({ to: { id: t.ana.id } });
  });

  it('refuses a closed handover (409) and an unknown one (404)', async () => {
    expect(await refusal(t.mo.api.handover.nudge.mutate({ handoverId: 'no-such-handover', idempotencyKey: 'nudge-unknown' }))).toMatchObject({ code: 'NOT_FOUND' });
    await server.database.db.update(handovers).set({ state: 'rejected', closedAt: NOW.toISOString() }).where(eq(handovers.id, handoverId));
    expect(await refusal(nudge('mo', 'nudge-closed-1'))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('closed') as string });
    expect(await nudges()).toEqual([]);
  });
});
