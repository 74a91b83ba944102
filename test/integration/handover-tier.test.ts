import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, handovers, leads, notifications } from '../../server/db/schema';
import { sweepSla } from '../../server/domain/sweeper';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The CRM says the lead became an SQL on Monday 23 November 2026 at 09:00 in Paris (08:00Z),
// without the events behind it: the handover opens at the medium tier, 8 business hours:
// warning at 15:00 Paris (14:00Z), due 17:00 Paris (16:00Z). At the high tier, 4: warning at 12:00
// Paris (11:00Z), due 13:00 Paris (12:00Z).
const STARTED = '2026-11-23T08:00:00.000Z';
const MEDIUM = { tier: 'medium', businessHours: 8, warnAt: '2026-11-23T14:00:00.000Z', deadline: '2026-11-23T16:00:00.000Z' };
const HIGH = { tier: 'high', businessHours: 4, warnAt: '2026-11-23T11:00:00.000Z', deadline: '2026-11-23T12:00:00.000Z' };
const EMAIL = 'hana.hot@acme-analytics.com';

describe("an open handover's tier, when later events show a higher intent before its start", () => {
  let server: TestServer;
  let clock: Date;
  let key: string;
  let ids: { rep: string; backup: string; manager: string };
  let repApi: Awaited<ReturnType<TestServer['user']>>['api'];
  const db = () => server.database.db;

  beforeEach(async () => {
    clock = new Date('2026-11-23T09:00:00Z');
    server = await startTestServer({ now: () => clock });
    key = await server.ingestKey('crm');
    const manager = await server.user({ ...PARIS_REP, role: 'manager', email: 'mia.manager@example.com', name: 'Mia Manager' });
    const backup = await server.user({ ...PARIS_REP, email: 'bea.backup@example.com', name: 'Bea Backup', managerEmail: 'mia.manager@example.com' });
    const rep = await server.user({ ...PARIS_REP, email: 'ray.rep@example.com', name: 'Ray Rep', backupEmail: 'bea.backup@example.com', managerEmail: 'mia.manager@example.com' });
    ids = { rep: rep.id, backup: backup.id, manager: manager.id };
    repApi = rep.api;
    const lead = {
      email: EMAIL,
      firstName: 'Hana',
      lastName: 'Hot',
      title: 'VP Sales',
      company: { name: 'Acme Analytics', domain: 'acme-analytics.com', employees: 400, industry: 'Computer Software', country: 'FR' },
      ownerEmail: 'ray.rep@example.com',
      lifecycle: { sqlAt: STARTED },
    };
    expect((await server.post('/api/v1/leads', { leads: [lead] }, key)).body).toMatchObject({ handoversOpened: 1, rejected: [] });
    expect(await handover()).toMatchObject({ ...MEDIUM, startedAt: STARTED, state: 'open', ownerId: rep.id });
  });
  afterEach(() => server.close());

  const handover = async () => {
    const lead = await db().query.leads.findFirst({ where: eq(leads.email, EMAIL) });
    return db().query.handovers.findFirst({ where: eq(handovers.leadId, lead!.id) });
  };
  const tierAudits = async () => db().select().from(auditLog).where(and(eq(auditLog.action, 'handover.tier'), eq(auditLog.entityId, (await handover())!.id)));
  const demoRequest = (id: string, at: string) => server.post('/api/v1/events', { events: [{ id, email: EMAIL, type: 'demo_request', at }] }, key);
  const notices = async () =>
    (await db().select().from(notifications).where(eq(notifications.handoverId, (await handover())!.id))).map((n) => [n.userId, n.kind, n.message]).sort();

  it('follows a demo request dated before its start: high tier, deadline recomputed from the start, audited', async () => {
    expect((await demoRequest('late-cdp-1', '2026-11-23T07:30:00Z')).body).toMatchObject({ accepted: 1, rejected: [] });
    expect(await handover()).toMatchObject({ ...HIGH, startedAt: STARTED, state: 'open', ownerId: ids.rep, warnedAt: null, breachedAt: null });
    const [audit, ...more] = await tierAudits();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({
      at: clock.toISOString(),
      actorKind: 'ingest',
      entity: 'handover',
      details: { from: 'medium', to: 'high', intent: 'high', deadline: { from: MEDIUM.deadline, to: HIGH.deadline } },
    });
    // Sent again, nothing changes twice.
    expect((await demoRequest('late-cdp-1', '2026-11-23T07:30:00Z')).body).toMatchObject({ duplicates: 1 });
    expect(await tierAudits()).toHaveLength(1);
  });

  it('keeps its tier for an event after its start', async () => {
    expect((await demoRequest('after-start', '2026-11-23T08:30:00Z')).body).toMatchObject({ accepted: 1, rejected: [] });
    expect(await handover()).toMatchObject({ ...MEDIUM, state: 'open' });
    expect(await tierAudits()).toEqual([]);
  });

  it('keeps the tier of a closed handover', async () => {
    const lead = await db().query.leads.findFirst({ where: eq(leads.email, EMAIL) });
    await repApi.decision.accept.mutate({ leadId: lead!.id, idempotencyKey: 'accept-before-backfill' });
    await demoRequest('late-cdp-2', '2026-11-23T07:30:00Z');
    expect(await handover()).toMatchObject({ ...MEDIUM, state: 'accepted' });
    expect(await tierAudits()).toEqual([]);
  });

  it('keeps the deadline of a handover already touched: its SLA was settled by the touch', async () => {
    clock = new Date('2026-11-23T12:30:00Z');
    const lead = await db().query.leads.findFirst({ where: eq(leads.email, EMAIL) });
    await repApi.touch.log.mutate({ leadId: lead!.id, channel: 'call', idempotencyKey: 'call-before-backfill' });
    await demoRequest('late-cdp-5', '2026-11-23T07:30:00Z');
    expect(await handover()).toMatchObject({ ...MEDIUM, state: 'open', firstTouchAt: clock.toISOString() });
    expect(await tierAudits()).toEqual([]);
  });

  it('is warned by the next sweep when the new warning point has passed', async () => {
    clock = new Date('2026-11-23T11:30:00Z');
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 0, breached: 0, escalated: 0 });
    await demoRequest('late-cdp-3', '2026-11-23T07:30:00Z');
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 1, breached: 0, escalated: 0 });
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 0, breached: 0, escalated: 0 });
    expect(await notices()).toEqual([[ids.rep, 'sla_warning', `SLA warning: Hana Hot is due by ${HIGH.deadline}.`]]);
  });

  it('is breached and escalated by the next sweep when the new deadline has passed, once', async () => {
    clock = new Date('2026-11-23T12:30:00Z');
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 0, breached: 0, escalated: 0 });
    await demoRequest('late-cdp-4', '2026-11-23T07:30:00Z');
    expect(await handover()).toMatchObject({ ...HIGH, state: 'open' });
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 0, breached: 1, escalated: 1 });
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 0, breached: 0, escalated: 0 });
    expect(await handover()).toMatchObject({ ownerId: ids.backup, breachedAt: HIGH.deadline, escalatedAt: clock.toISOString() });
    // Past its deadline already: no warning, the breach path as for any other.
    expect(await notices()).toEqual(
      [
        [ids.backup, 'reassigned', `Hana Hot is yours: Ray Rep missed the SLA (due ${HIGH.deadline}).`],
        [ids.manager, 'sla_breach', `SLA breached: Hana Hot, due ${HIGH.deadline}, reassigned from Ray Rep to Bea Backup.`],
      ].sort(),
    );
  });
});
