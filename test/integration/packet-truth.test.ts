import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handovers, users } from '../../server/db/schema';
import { sweepSla } from '../../server/domain/sweeper';
import { ZPacket } from '../../shared/packet';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// What the packet says about where the lead stands, its SLA and the response-time figure,
// as recorded and in the hours the SLA counts.

const NEW_YORK_REP = { ...PARIS_REP, timeZone: 'America/New_York' };

describe('packet.get tells the truth about stage, SLA and response time', () => {
  let server: TestServer;
  let clock = new Date('2026-09-21T08:00:00Z');
  let key: string;
  let ines: Awaited<ReturnType<TestServer['user']>>;
  let lea: Awaited<ReturnType<TestServer['user']>>;
  let bea: Awaited<ReturnType<TestServer['user']>>;
  let mia: Awaited<ReturnType<TestServer['user']>>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => clock });
    key = await server.ingestKey();
    mia = await server.user({ email: 'mia.manager@example.com', name: 'Mia Manager', role: 'manager' });
    ines = await server.user({ ...PARIS_REP, email: 'ines.moreau@example.com', name: 'Inès Moreau', managerEmail: 'mia.manager@example.com' });
    lea = await server.user({ ...PARIS_REP, email: 'lea.martin@example.com', name: 'Léa Martin', managerEmail: 'mia.manager@example.com' });
    bea = await server.user({ ...NEW_YORK_REP, email: 'bea.backup@example.com', name: 'Bea Backup', managerEmail: 'mia.manager@example.com' });
  });
  afterAll(() => server.close());

  it('shows a lead that became a customer as a customer, with today’s decayed score below it, labelled as today’s', async () => {
    clock = new Date('2026-09-21T08:00:00Z');
    const email = 'won@northwind.fr';
    const leadId = await insertLead(server.database, { email, ownerId: ines.id, stage: 'sql', mqlAt: '2026-09-10T10:00:00.000Z', sqlAt: '2026-09-21T07:30:00.000Z', createdAt: '2026-09-01T10:00:00.000Z' });
    await insertHandover(server.database, { leadId, ownerId: ines.id, startedAt: '2026-09-21T07:30:00.000Z', warnAt: '2026-09-21T10:30:00.000Z', deadline: '2026-09-21T11:30:00.000Z' });
    await ines.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: 'won-touch', at: '2026-09-21T07:50:00.000Z' });
    await ines.api.decision.accept.mutate({ leadId, idempotencyKey: 'won-accept' });

    const accepted = ZPacket.parse(await ines.api.packet.get.query({ email }));
    expect(accepted.funnel).toMatchObject({ position: 'accepted', since: '2026-09-21T08:00:00.000Z', label: 'Accepted by sales' });

    clock = new Date('2026-12-01T09:00:00Z');
    const events = [
      { id: 'won-opp', email, type: 'opportunity_created', at: '2026-10-01T10:00:00Z' },
      { id: 'won-won', email, type: 'closed_won', at: '2026-11-15T10:00:00Z' },
    ];
    expect((await server.post('/api/v1/events', { events }, key)).status).toBe(200);
    const packet = ZPacket.parse(await ines.api.packet.get.query({ email }));
    expect(packet.evaluation.stage.stage).toBe('lead');
    expect(packet.funnel).toEqual({
      position: 'customer',
      since: '2026-11-15T10:00:00.000Z',
      label: 'Customer',
      todaysSignals: { stage: 'lead', text: 'Today’s signals are below the MQL thresholds' },
    });
    expect(packet.decision).toMatchObject({ kind: 'accepted', decidedBy: { name: 'Inès Moreau' } });
  });

  it('gives an SQL awaiting a decision its handover date, and says what today’s signals would make it', async () => {
    clock = new Date('2026-11-23T09:00:00Z');
    const email = 'waiting@northwind.fr';
    const leadId = await insertLead(server.database, { email, ownerId: lea.id, stage: 'sql', sqlAt: '2026-11-23T08:30:00.000Z' });
    await insertHandover(server.database, { leadId, ownerId: lea.id, startedAt: '2026-11-23T08:30:00.000Z', warnAt: '2026-11-23T11:30:00.000Z', deadline: '2026-11-23T12:30:00.000Z' });
    const packet = ZPacket.parse(await lea.api.packet.get.query({ email }));
    expect(packet.funnel).toMatchObject({ position: 'sql', since: '2026-11-23T08:30:00.000Z', label: 'SQL', todaysSignals: { stage: 'lead' } });
  });

  it('at 22:40 in Paris with the clock paused: one SLA state, whose hours, the zone named, and the figure at the start of the next working hours', async () => {
    // Handed over Monday 15:58 Paris; high intent, 4 business hours: due Tuesday 11:58.
    clock = new Date('2026-11-23T21:40:00Z');
    const email = 'evening@northwind.fr';
    const leadId = await insertLead(server.database, { email, firstName: 'Eve', ownerId: lea.id, stage: 'sql', sqlAt: '2026-11-23T14:58:00.000Z' });
    await insertHandover(server.database, { leadId, ownerId: lea.id, startedAt: '2026-11-23T14:58:00.000Z', warnAt: '2026-11-24T09:58:00.000Z', deadline: '2026-11-24T10:58:00.000Z' });

    const packet = ZPacket.parse(await lea.api.packet.get.query({ email }));
    expect(packet.handover!.sla).toMatchObject({
      state: 'on_track',
      paused: true,
      resumesAt: '2026-11-24T08:00:00.000Z',
      resumes: { at: '2026-11-24T08:00:00.000Z', timeZone: 'Europe/Paris', text: 'Tue 9:00 AM Europe/Paris' },
      leftMs: (2 * 60 + 58) * 60_000,
      overdueMs: null,
      timeZone: 'Europe/Paris',
      clockFollows: { id: lea.id, name: 'Léa Martin', timeZone: 'Europe/Paris', since: null },
      line: 'On track: 2 h 58 min of business time left, paused until Tue 9:00 AM Europe/Paris (Léa Martin’s working hours)',
    });
    expect(packet.responseTime).toMatchObject({
      outsideWorkingHours: true,
      firstChanceAt: '2026-11-24T08:00:00.000Z',
      ifContactedNow: { delayMs: 62 * 60_000, bucket: 'within_4_hours' },
      text: 'Called at the start of your next working hours (Tue 9:00 AM Europe/Paris; 1 h 2 min of business time after handover) or at the SLA deadline (4 h after): about 9% become opportunities.',
    });
    const asManager = ZPacket.parse(await mia.api.packet.get.query({ email }));
    expect(asManager.responseTime!.text).toMatch(/^Called at the start of Léa Martin’s next working hours/);
  });

  it('after an escalation, the clock of a breached handover is not paused and follows the backup’s calendar from the reassignment on', async () => {
    // Handed over Monday 10:00 Paris to Inès (backup: Bea in New York); due 14:00 Paris,
    // escalated by the sweeper at 14:05. At 22:40 Paris it is 16:40 in New York.
    await server.database.db.update(users).set({ backupId: bea.id }).where(eq(users.id, ines.id));
    clock = new Date('2026-11-23T13:05:00Z');
    const email = 'escalated@northwind.fr';
    const leadId = await insertLead(server.database, { email, ownerId: ines.id, stage: 'sql', sqlAt: '2026-11-23T09:00:00.000Z' });
    const handoverId = await insertHandover(server.database, { leadId, ownerId: ines.id, startedAt: '2026-11-23T09:00:00.000Z', warnAt: '2026-11-23T12:00:00.000Z', deadline: '2026-11-23T13:00:00.000Z' });
    // (The sweep escalates an earlier test's breached handover too: to the next rep of the pool.)
    expect((await sweepSla(server.database, clock)).escalated).toBeGreaterThanOrEqual(1);
    expect(await server.database.db.query.handovers.findFirst({ where: eq(handovers.id, handoverId) })).toMatchObject({ ownerId: bea.id, escalatedAt: clock.toISOString() });

    clock = new Date('2026-11-23T21:40:00Z');
    const packet = ZPacket.parse(await bea.api.packet.get.query({ email }));
    expect(packet.handover!.sla).toMatchObject({
      state: 'breached',
      paused: false,
      resumesAt: null,
      resumes: null,
      leftMs: null,
      overdueMs: 7 * 3_600_000 + 45 * 60_000,
      timeZone: 'America/New_York',
      clockFollows: { id: bea.id, name: 'Bea Backup', timeZone: 'America/New_York', since: '2026-11-23T13:05:00.000Z' },
      line: 'Breached: due Mon 8:00 AM America/New_York, 7 h 45 min of business time overdue (counted in Bea Backup’s hours since Mon 8:05 AM America/New_York)',
    });
    expect(packet.responseTime).toMatchObject({
      outsideWorkingHours: false,
      pastDeadline: true,
      text: 'Called now (11 h 45 min of business time after handover, past the SLA deadline): about 4% become opportunities.',
    });
    // The backup's queue and the manager's at-risk list count it as the packet does.
    const [mine] = (await bea.api.queue.mine.query()).filter((item) => item.email === email);
    const [team] = (await mia.api.queue.team.query()).filter((item) => item.email === email);
    for (const item of [mine, team]) {
      expect(item).toMatchObject({ state: 'breached', paused: false, resumesAt: null, remainingMs: -packet.handover!.sla.overdueMs! });
    }
  });
});
