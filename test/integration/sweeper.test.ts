import { and, eq } from 'drizzle-orm';
import { handoverChecks, NOT_DUE } from '../../server/db/schema-sla';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, handovers, leads, notifications } from '../../server/db/schema';
import { sweepSla } from '../../server/domain/sweeper';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { refusedWith } from '../../server/errors';

// A high-intent handover at Monday 23 Nov 2026 09:30 Paris (08:30Z): 4 business hours,
// warning at 3 h (12:30 Paris = 11:30Z), deadline 13:30 Paris (12:30Z).
const STARTED = '2026-11-23T08:30:00.000Z';
const WARN_AT = '2026-11-23T11:30:00.000Z';
const DEADLINE = '2026-11-23T12:30:00.000Z';

describe('the SLA sweeper', () => {
  let server: TestServer;
  let ids: { rep: string; backup: string; manager: string; leadId: string; handoverId: string };
  let backupApi: Awaited<ReturnType<TestServer['user']>>['api'];

  beforeEach(async () => {
    // The API reads the clock ten minutes after the deadline; each sweep is given its own instant.
    server = await startTestServer({ now: () => new Date('2026-11-23T12:40:00Z') });
    const manager = await server.user({ email: 'mia.manager@example.com', name: 'Mia Manager', role: 'manager' });
    const backup = await server.user({ ...PARIS_REP, email: 'bea.backup@example.com', name: 'Bea Backup', managerEmail: 'mia.manager@example.com' });
    backupApi = backup.api;
    const rep = await server.user({
      ...PARIS_REP,
      email: 'ray.rep@example.com',
      name: 'Ray Rep',
      backupEmail: 'bea.backup@example.com',
      managerEmail: 'mia.manager@example.com',
    });
    const leadId = await insertLead(server.database, { email: 'hot@acme.com', firstName: 'Hana', lastName: 'Hot', ownerId: rep.id, stage: 'sql' });
    const handoverId = await insertHandover(server.database, { leadId, ownerId: rep.id, startedAt: STARTED, warnAt: WARN_AT, deadline: DEADLINE });
    ids = { rep: rep.id, backup: backup.id, manager: manager.id, leadId, handoverId };
  });
  afterEach(() => server.close());

  const handover = () => server.database.db.query.handovers.findFirst({ where: eq(handovers.id, ids.handoverId) });
  const notices = () => server.database.db.select().from(notifications).where(eq(notifications.handoverId, ids.handoverId));

  it('does nothing before the warning point', async () => {
    expect(await sweepSla(server.database, new Date('2026-11-23T11:29:59Z'))).toEqual({ warned: 0, breached: 0, escalated: 0 });
    expect(await notices()).toEqual([]);
  });

  it('warns the owner once at 75%, however often it runs', async () => {
    const at = new Date('2026-11-23T11:31:00Z');
    expect(await sweepSla(server.database, at)).toEqual({ warned: 1, breached: 0, escalated: 0 });
    expect(await sweepSla(server.database, at)).toEqual({ warned: 0, breached: 0, escalated: 0 });
    const sent = await notices();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userId: ids.rep, kind: 'sla_warning', message: `SLA warning: Hana Hot is due by ${DEADLINE}.` });
  });

  it('at the deadline records the breach, reassigns to the backup and tells the manager — once', async () => {
    const at = new Date('2026-11-23T12:31:00Z');
    expect(await sweepSla(server.database, at)).toEqual({ warned: 0, breached: 1, escalated: 1 });
    expect(await sweepSla(server.database, at)).toEqual({ warned: 0, breached: 0, escalated: 0 });
    expect(await handover()).toMatchObject({ ownerId: ids.backup, originalOwnerId: ids.rep, breachedAt: DEADLINE, escalatedAt: at.toISOString(), state: 'open' });
    const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.id, ids.leadId) });
    expect(lead!.ownerId).toBe(ids.backup);
    const sent = (await notices()).map((n) => [n.userId, n.kind, n.message]).sort();
    expect(sent).toEqual(
      [
        [ids.backup, 'reassigned', `Hana Hot is yours: Ray Rep missed the SLA (due ${DEADLINE}).`],
        [ids.manager, 'sla_breach', `SLA breached: Hana Hot, due ${DEADLINE}, reassigned from Ray Rep to Bea Backup.`],
      ].sort(),
    );
    const audit = await server.database.db.select().from(auditLog).where(eq(auditLog.entityId, ids.handoverId));
    expect(audit.map((a) => a.action)).toEqual(['handover.escalate']);
  });

  it('shows the backup their new lead and notice over tRPC, and marks it read', async () => {
    await sweepSla(server.database, new Date('2026-11-23T12:31:00Z'));
    expect(await backupApi.me.query()).toMatchObject({ email: 'bea.backup@example.com', role: 'rep', timeZone: 'Europe/Paris' });
    expect((await backupApi.queue.mine.query()).map((item) => [item.email, item.state])).toEqual([['hot@acme.com', 'breached']]);
    const [notice] = await backupApi.notifications.mine.query();
    expect(notice).toMatchObject({ kind: 'reassigned', readAt: null });
    expect(await backupApi.notifications.markRead.mutate({ ids: [notice!.id] })).toBe(1);
    expect(await backupApi.notifications.mine.query()).toEqual([]);
    expect(await backupApi.notifications.mine.query({ unreadOnly: false, limit: 10 })).toHaveLength(1);
  });

  it('survives a restart between passes without repeating the escalation', async () => {
    await sweepSla(server.database, new Date('2026-11-23T12:31:00Z'));
    server = await server.restart();
    expect(await sweepSla(server.database, new Date('2026-11-23T12:35:00Z'))).toEqual({ warned: 0, breached: 0, escalated: 0 });
    expect(await notices()).toHaveLength(2);
  });

  it('leaves a touched handover alone', async () => {
    await server.database.db.update(handovers).set({ firstTouchAt: '2026-11-23T10:00:00.000Z' }).where(eq(handovers.id, ids.handoverId));
    expect(await sweepSla(server.database, new Date('2026-11-24T12:00:00Z'))).toEqual({ warned: 0, breached: 0, escalated: 0 });
  });

  it('records old breaches (imported history) without escalating them', async () => {
    expect(await sweepSla(server.database, new Date('2026-12-10T12:00:00Z'))).toEqual({ warned: 0, breached: 1, escalated: 0 });
    expect(await handover()).toMatchObject({ ownerId: ids.rep, breachedAt: DEADLINE, escalatedAt: null });
    expect(await notices()).toEqual([]);
  });

  it('escalates once when two instances sweep the same database at the same moment', async () => {
    // Nine more handovers due at the same deadline, so the two passes overlap.
    const handoverIds = [ids.handoverId];
    for (let i = 0; i < 9; i++) {
      const leadId = await insertLead(server.database, { email: `due${i}@acme.com`, ownerId: ids.rep, stage: 'sql' });
      handoverIds.push(await insertHandover(server.database, { leadId, ownerId: ids.rep, startedAt: STARTED, warnAt: WARN_AT, warnedAt: WARN_AT, deadline: DEADLINE }));
    }
    const other = await server.openInstance(); // another instance: its own connection, lock and sweeper
    try {
      const at = new Date('2026-11-23T12:31:00Z');
      const [mine, theirs] = await Promise.all([sweepSla(server.database, at), sweepSla(other, at)]);
      expect(mine.escalated + theirs.escalated).toBe(10);
      const escalations = await server.database.db.select({ id: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, 'handover.escalate'));
      expect(escalations.map((e) => e.id).sort()).toEqual([...handoverIds].sort());
      const toManager = await server.database.db.select().from(notifications).where(and(eq(notifications.kind, 'sla_breach'), eq(notifications.userId, ids.manager)));
      expect(toManager).toHaveLength(10);
    } finally {
      other.close();
    }
  });

  it('refuses a breach check once the handover is touched, accepted or breached, whoever read it due, and keeps no row', async () => {
    const check = () => server.database.db.insert(handoverChecks).values({ handoverId: ids.handoverId, kind: 'due' });
    const refused = () => check().then(() => false, (error: unknown) => refusedWith(error, NOT_DUE));
    const set = (values: Partial<typeof handovers.$inferInsert>) => server.database.db.update(handovers).set(values).where(eq(handovers.id, ids.handoverId));
    await check();
    await set({ firstTouchAt: '2026-11-23T12:35:00.000Z' });
    expect(await refused()).toBe(true);
    await set({ firstTouchAt: null, state: 'accepted' });
    expect(await refused()).toBe(true);
    await set({ state: 'open', breachedAt: DEADLINE });
    expect(await refused()).toBe(true);
    expect(await server.database.db.select().from(handoverChecks)).toEqual([]);
  });
});
