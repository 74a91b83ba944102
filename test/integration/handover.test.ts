import { asc, eq, inArray } from 'drizzle-orm';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import type { Database } from '../../server/db/client';
import { auditLog, handovers, leads, notifications, touches, users } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { ingestLeads } from '../../server/domain/ingest';
import { rescoreLeads } from '../../server/domain/rescore';
import { sweepSla } from '../../server/domain/sweeper';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;

/** An in-ICP decision-maker: one demo request makes them a direct SQL. */
const icp = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  title: 'VP Sales',
  company: { name: 'Co', domain: email.split('@')[1], employees: 300, industry: 'Software', country: 'FR' },
  ...extra,
});

describe('handovers', () => {
  let server: TestServer;
  let clock: Date;
  let key: string;
  const db = () => server.database.db;
  const lead = (email: string) => db().query.leads.findFirst({ where: eq(leads.email, email) });
  const handoversOf = async (email: string) => db().select().from(handovers).where(eq(handovers.leadId, (await lead(email))!.id));
  const ownerOf = async (email: string) => (await lead(email))!.ownerId;
  const rep = (email: string, extra: Record<string, unknown> = {}) => server.user({ ...PARIS_REP, email, name: email.split('@')[0]!, ...extra });
  /** The lead, then the demo request that makes it an SQL. */
  const sql = async (email: string, extra: Record<string, unknown> = {}) => {
    await server.post('/api/v1/leads', { leads: [icp(email, extra)] }, key);
    return server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at: new Date(clock.getTime() - HOUR).toISOString() }] }, key);
  };

  const start = async () => {
    clock = NOW;
    server = await startTestServer({ now: () => clock });
    key = await server.ingestKey();
  };
  const dirs: string[] = [];
  afterEach(async () => {
    await server.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('deals SQLs round-robin over available reps, skipping one not taking leads, and keeps the rotation across a restart', async () => {
    await start();
    const [a, b, c] = [await rep('a@team.com'), await rep('b@team.com'), await rep('c@team.com')];
    await rep('m@team.com', { role: 'manager' });
    for (const email of ['l1@x1.com', 'l2@x2.com', 'l3@x3.com', 'l4@x4.com']) expect((await sql(email)).body).toMatchObject({ handoversOpened: 1, awaitingRep: 0 });
    expect([await ownerOf('l1@x1.com'), await ownerOf('l2@x2.com'), await ownerOf('l3@x3.com'), await ownerOf('l4@x4.com')]).toEqual([a.id, b.id, c.id, a.id]);
    for (const email of ['l1@x1.com', 'l4@x4.com']) expect((await handoversOf(email))[0]).toMatchObject({ ownerId: a.id, originalOwnerId: a.id });

    // B takes no new leads: C, who has had one lead fewer than A, is next.
    await db().update(users).set({ available: false }).where(eq(users.id, b.id));
    await sql('l5@x5.com');
    expect(await ownerOf('l5@x5.com')).toBe(c.id);

    // Stopped and started again on the same file (on a new port: no stale keep-alive connection).
    // The rotation's credits survive: C again (A's credit still counts its second lead; a
    // rotation started afresh would give A the lead, first by e-mail).
    await server.stop();
    server = await startTestServer({ now: () => clock, dir: server.dir });
    dirs.push(server.dir);
    await sql('l6@x6.com');
    expect(await ownerOf('l6@x6.com')).toBe(c.id);
    // B is back, one lead behind the others.
    await db().update(users).set({ available: true }).where(eq(users.id, b.id));
    await sql('l7@x7.com');
    expect(await ownerOf('l7@x7.com')).toBe(b.id);

    // Three SQLs in one request go to three reps: A, C, B.
    const emails = ['m1@y1.com', 'm2@y2.com', 'm3@y3.com'];
    await server.post('/api/v1/leads', { leads: emails.map((email) => icp(email)) }, key);
    const reply = await server.post('/api/v1/events', { events: emails.map((email) => ({ id: `demo-${email}`, email, type: 'demo_request', at: NOW.toISOString() })) }, key);
    expect(reply.body).toMatchObject({ handoversOpened: 3 });
    const owners = await db().select({ email: leads.email, ownerId: leads.ownerId }).from(leads).where(inArray(leads.email, emails)).orderBy(asc(leads.email));
    expect(owners.map((o) => o.ownerId)).toEqual([a.id, c.id, b.id]);
  });

  it('gives the lead to the owner the source names, when they may hold handovers', async () => {
    await start();
    const [a, b] = [await rep('a@team.com'), await rep('b@team.com')];
    await db().update(users).set({ available: false }).where(eq(users.id, b.id));
    const manager = await rep('boss@team.com', { role: 'manager' });
    await rep('admin@team.com', { role: 'admin', team: 'revops' });

    await sql('named@x1.com', { ownerEmail: 'b@team.com' });
    expect(await ownerOf('named@x1.com')).toBe(b.id);
    await sql('managed@x2.com', { ownerEmail: 'BOSS@team.com' });
    expect(await ownerOf('managed@x2.com')).toBe(manager.id);
    // Naming someone does not move the rotation: A is still next.
    await sql('admin-named@x3.com', { ownerEmail: 'admin@team.com' });
    expect(await ownerOf('admin-named@x3.com')).toBe(a.id);
    await sql('unknown-named@x4.com', { ownerEmail: 'someone@elsewhere.com' });
    expect(await lead('unknown-named@x4.com')).toMatchObject({ ownerId: a.id, ownerEmail: 'someone@elsewhere.com' });
    expect((await handoversOf('named@x1.com'))[0]).toMatchObject({ ownerId: b.id, state: 'open' });
  });

  it('keeps a due lead waiting while there is no rep, and hands it over at its next ingest once there is one', async () => {
    await start();
    expect((await sql('waiting@x1.com')).body).toMatchObject({ handoversOpened: 0, awaitingRep: 1 });
    const imported = icp('imported@x2.com', { lifecycle: { sqlAt: '2026-11-20T15:00:00Z' } });
    expect((await server.post('/api/v1/leads', { leads: [imported] }, key)).body).toMatchObject({ handoversOpened: 0, awaitingRep: 1 });
    expect((await sql('promised@x3.com', { ownerEmail: 'future@team.com' })).body).toMatchObject({ awaitingRep: 1 });
    expect(await lead('waiting@x1.com')).toMatchObject({ stage: 'sql', ownerId: null });
    expect(await lead('promised@x3.com')).toMatchObject({ stage: 'sql', ownerId: null, ownerEmail: 'future@team.com' });
    expect(await db().select().from(handovers)).toEqual([]);

    // An hour later the team is in: the next ingest of each lead hands it over, its clock starting then.
    clock = new Date(NOW.getTime() + HOUR);
    const ann = await rep('ann@team.com');
    const future = await rep('future@team.com');
    const page = (id: string, email: string) => server.post('/api/v1/events', { events: [{ id, email, type: 'page_view', at: clock.toISOString() }] }, key);
    expect((await page('p1', 'waiting@x1.com')).body).toMatchObject({ handoversOpened: 1, awaitingRep: 0 });
    expect((await server.post('/api/v1/leads', { leads: [imported] }, key)).body).toMatchObject({ handoversOpened: 1 });
    expect((await page('p3', 'promised@x3.com')).body).toMatchObject({ handoversOpened: 1 });
    // Monday 11:00 in Paris; high intent for the demo request, medium for the imported SQL.
    expect((await handoversOf('waiting@x1.com'))[0]).toMatchObject({ ownerId: ann.id, startedAt: clock.toISOString(), tier: 'high', deadline: '2026-11-23T14:00:00.000Z' });
    expect((await handoversOf('imported@x2.com'))[0]).toMatchObject({ ownerId: future.id, startedAt: clock.toISOString(), tier: 'medium', deadline: '2026-11-24T10:00:00.000Z' });
    expect((await handoversOf('promised@x3.com'))[0]).toMatchObject({ ownerId: future.id });
  });

  it('opens one handover per lead when two processes hand the same leads over at once', async () => {
    await start();
    const emails = Array.from({ length: 20 }, (_, i) => `raced${i}@race${i}.com`);
    await server.post('/api/v1/leads', { leads: emails.map((email) => icp(email)) }, key);
    const demo = await server.post('/api/v1/events', { events: emails.map((email) => ({ id: `demo-${email}`, email, type: 'demo_request', at: NOW.toISOString() })) }, key);
    expect(demo.body).toMatchObject({ awaitingRep: 20 });
    await rep('a@team.com');
    await rep('b@team.com');

    // A second connection on the same storage, with its own write lock: another process.
    const other: Database = await server.openInstance();
    try {
      let refusedBatches = 0;
      // Counted on the client, where drizzle's batches and the set-based writes' (runBatch) both go.
      for (const database of [server.database, other]) {
        const batch = database.client.batch.bind(database.client);
        database.client.batch = async (...args: Parameters<typeof batch>) => {
          try {
            return await batch(...args);
          } catch (error) {
            refusedBatches += 1;
            throw error;
          }
        };
      }
      const ids = (await db().select({ id: leads.id }).from(leads).where(inArray(leads.email, emails))).map((l) => l.id);
      const [mine, theirs] = await Promise.all([rescoreLeads(server.database, ids, NOW, SYSTEM), rescoreLeads(other, ids, NOW, SYSTEM)]);
      expect(refusedBatches).toBeGreaterThan(0);
      expect(mine.handoversOpened + theirs.handoversOpened).toBe(20);
      // What the other instance wrote, as this one reads it (a replica's arrives with a sync).
      await server.database.sync();
      const open = await db().select({ leadId: handovers.leadId }).from(handovers).where(eq(handovers.state, 'open'));
      expect(open).toHaveLength(20);
      expect(new Set(open.map((h) => h.leadId)).size).toBe(20);

      // The same race on new leads: each e-mail stored once, with both payloads.
      const fresh = Array.from({ length: 30 }, (_, i) => `new${i}@both.com`);
      const [first, second] = await Promise.all([
        ingestLeads(server.database, fresh.map((email) => ({ email, title: 'CTO' })), SYSTEM, NOW),
        ingestLeads(other, fresh.map((email) => ({ email, source: 'partner' })), SYSTEM, NOW),
      ]);
      expect(first.created + second.created).toBe(30);
      await server.database.sync();
      const stored = await db().select({ title: leads.title, source: leads.source }).from(leads).where(inArray(leads.email, fresh));
      expect(stored).toHaveLength(30);
      expect(stored.every((l) => l.title === 'CTO' && l.source === 'partner')).toBe(true);
    } finally {
      other.close();
    }
  });

  it('hands over at MQL when the charter says so, imported history at its own instant', async () => {
    await start();
    const paris = await rep('paris@team.com');
    const sales = await server.user({ email: 'sales.lead@team.com', name: 'Sales Lead', role: 'manager', team: 'sales' });
    const marketing = await server.user({ email: 'mkt.lead@team.com', name: 'Marketing Lead', role: 'manager', team: 'marketing' });
    const { version } = await sales.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, sla: { ...DEFAULT_CHARTER.sla, handoverStage: 'mql' } } });
    await sales.api.charter.signOff.mutate({ version });
    await marketing.api.charter.signOff.mutate({ version });

    // An MQL on Friday 20 November at 16:00 in Paris, no signals: the low tier, 16 business hours —
    // one on Friday, eight on Monday, seven on Tuesday — due Tuesday 16:00, warned at 12 h, Tuesday 12:00.
    const reply = await server.post('/api/v1/leads', { leads: [icp('early@mql.com', { lifecycle: { mqlAt: '2026-11-20T15:00:00Z' } })] }, key);
    expect(reply.body).toMatchObject({ handoversOpened: 1 });
    expect((await handoversOf('early@mql.com'))[0]).toMatchObject({
      ownerId: paris.id,
      stage: 'mql',
      tier: 'low',
      businessHours: 16,
      startedAt: '2026-11-20T15:00:00.000Z',
      warnAt: '2026-11-24T11:00:00.000Z',
      deadline: '2026-11-24T15:00:00.000Z',
      charterVersion: version,
    });

    // A scored MQL is handed over when it becomes one.
    const email = 'scored@mql.com';
    await server.post('/api/v1/leads', { leads: [icp(email)] }, key);
    const mql = await server.post(
      '/api/v1/events',
      { events: [{ id: 's1', email, type: 'content_download', at: '2026-11-22T10:00:00Z' }, { id: 's2', email, type: 'webinar_attended', at: '2026-11-23T08:00:00Z' }] },
      key,
    );
    expect(mql.body).toMatchObject({ handoversOpened: 1 });
    expect(await lead(email)).toMatchObject({ stage: 'mql', ownerId: paris.id });
    expect((await handoversOf(email))[0]).toMatchObject({ stage: 'mql', tier: 'low', startedAt: NOW.toISOString(), charterVersion: version });
  });

  it('hands a rejected lead over again only when it qualifies again on what it did after', async () => {
    await start();
    const owner = await rep('rep.b@team.com');
    const email = 'second.chance@revisit.com';
    const send = (id: string, type: string) => server.post('/api/v1/events', { events: [{ id, email, type, at: clock.toISOString() }] }, key);
    await sql(email, { ownerEmail: 'rep.b@team.com' });
    const { id } = (await lead(email))!;
    await owner.api.decision.reject.mutate({ leadId: id, idempotencyKey: 'second-chance-reject', reason: 'bad_timing' });
    const state = async () => ({
      status: (await lead(email))!.status,
      stage: (await lead(email))!.stage,
      handovers: (await handoversOf(email)).map((h) => h.state).sort(),
    });
    expect(await state()).toEqual({ status: 'nurture', stage: 'sql', handovers: ['rejected'] });

    // The next day: a page view is not enough to come back…
    clock = new Date(NOW.getTime() + 24 * HOUR);
    expect((await send('sc-2', 'page_view')).body).toMatchObject({ handoversOpened: 0 });
    expect(await state()).toEqual({ status: 'nurture', stage: 'sql', handovers: ['rejected'] });

    // …but a meeting booked by this ICP decision-maker is: a new handover, the lead active again.
    clock = new Date(clock.getTime() + HOUR);
    expect((await send('sc-3', 'meeting_booked')).body).toMatchObject({ handoversOpened: 1 });
    expect(await state()).toEqual({ status: 'active', stage: 'sql', handovers: ['open', 'rejected'] });
  });

  it('moves the open handover with the lead when the CRM names a new owner, its deadline kept', async () => {
    await start();
    const a = await rep('a@team.com');
    const b = await rep('b@team.com');
    await rep('admin@team.com', { role: 'admin', team: 'revops' });
    const email = 'moved@x1.com';
    await sql(email, { ownerEmail: 'a@team.com' });
    const [opened] = await handoversOf(email);
    expect(opened).toMatchObject({ ownerId: a.id, originalOwnerId: a.id, state: 'open', startedAt: NOW.toISOString(), deadline: '2026-11-23T13:00:00.000Z' });

    clock = new Date(NOW.getTime() + HOUR);
    expect((await server.post('/api/v1/leads', { leads: [{ email, ownerEmail: 'B@team.com' }] }, key)).body).toMatchObject({ accepted: 1, updated: 1, handoversOpened: 0 });
    expect(await lead(email)).toMatchObject({ ownerId: b.id, ownerEmail: null });
    // The SLA stays the one the lead was handed over with: its start, deadline and calendar.
    expect(await handoversOf(email)).toEqual([{ ...opened, ownerId: b.id, routing: { by: 'crm_owner', skipped: [] } }]);
    expect(await db().select().from(notifications).where(eq(notifications.handoverId, opened!.id))).toEqual([
      expect.objectContaining({ userId: b.id, kind: 'reassigned', message: `${email} is yours: reassigned from a in the CRM (due 2026-11-23T13:00:00.000Z).`, at: clock.toISOString(), readAt: null }),
    ]);
    const reassigned = await db().select().from(auditLog).where(eq(auditLog.entityId, opened!.id));
    expect(reassigned.map((row) => [row.action, row.actorKind, row.at, row.details])).toEqual([
      ['handover.reassign', 'ingest', clock.toISOString(), { cause: 'crm_owner', from: a.id, to: b.id, deadline: '2026-11-23T13:00:00.000Z' }],
    ]);
    expect((await b.api.queue.mine.query()).map((item) => [item.email, item.state, item.deadline])).toEqual([[email, 'on_track', '2026-11-23T13:00:00.000Z']]);
    expect(await a.api.queue.mine.query()).toEqual([]);
    expect((await b.api.packet.get.query({ email })).may).toMatchObject({ decide: true, logTouch: true });

    // The same owner again, an owner who is not a user here, an admin (who holds no
    // handovers): the handover stays with B.
    for (const ownerEmail of ['b@team.com', 'admin@team.com', 'someone@elsewhere.com']) {
      await server.post('/api/v1/leads', { leads: [{ email, ownerEmail }] }, key);
      expect((await handoversOf(email))[0]).toMatchObject({ ownerId: b.id, originalOwnerId: a.id });
      expect(await lead(email)).toMatchObject({ ownerId: b.id });
    }
    expect(await lead(email)).toMatchObject({ ownerEmail: 'someone@elsewhere.com' });
    expect(await db().select().from(auditLog).where(eq(auditLog.entityId, opened!.id))).toHaveLength(1);
    expect(await db().select().from(notifications).where(eq(notifications.handoverId, opened!.id))).toHaveLength(1);

    // Decided handovers stay with who decided; the lead's owner moves.
    await b.api.decision.accept.mutate({ leadId: opened!.leadId, idempotencyKey: 'moved-accept' });
    await server.post('/api/v1/leads', { leads: [{ email, ownerEmail: 'a@team.com' }] }, key);
    expect(await lead(email)).toMatchObject({ ownerId: a.id });
    expect((await handoversOf(email))[0]).toMatchObject({ ownerId: b.id, state: 'accepted' });
  });

  it('keeps an escalated handover with the backup when the CRM still names the rep who missed the SLA', async () => {
    await start();
    const backup = await rep('backup@team.com');
    const late = await rep('late@team.com', { backupEmail: 'backup@team.com' });
    const c = await rep('c@team.com');
    const email = 'escalated@x1.com';
    await sql(email, { ownerEmail: 'late@team.com' });
    clock = new Date('2026-11-23T13:30:00Z');
    expect(await sweepSla(server.database, clock)).toMatchObject({ escalated: 1 });
    expect((await handoversOf(email))[0]).toMatchObject({ ownerId: backup.id, originalOwnerId: late.id });

    // The CRM has not heard of the escalation: its next sync names the late rep again.
    await server.post('/api/v1/leads', { leads: [{ email, ownerEmail: 'late@team.com', title: 'CRO' }] }, key);
    expect(await lead(email)).toMatchObject({ ownerId: backup.id, title: 'CRO' });
    expect((await handoversOf(email))[0]).toMatchObject({ ownerId: backup.id });

    // Someone else named in the CRM is a decision taken there: the handover follows.
    await server.post('/api/v1/leads', { leads: [{ email, ownerEmail: 'c@team.com' }] }, key);
    expect(await lead(email)).toMatchObject({ ownerId: c.id });
    expect((await handoversOf(email))[0]).toMatchObject({ ownerId: c.id, originalOwnerId: late.id });
  });

  it('takes a CRM touch sent with the events that hand the lead over as its first touch', async () => {
    await start();
    const a = await rep('a@team.com');
    const [owned, unowned] = ['owned@x1.com', 'unowned@x2.com'];
    await server.post('/api/v1/leads', { leads: [icp(owned, { ownerEmail: 'a@team.com' }), icp(unowned)] }, key);
    const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();
    const reply = await server.post(
      '/api/v1/events',
      {
        events: [
          { id: 'q-demo-1', email: owned, type: 'demo_request', at: minutes(-10) },
          { id: 'q-early-1', email: owned, type: 'sales_touch', at: minutes(-5), properties: { channel: 'email' } },
          { id: 'q-touch-1', email: owned, type: 'sales_touch', at: minutes(0), properties: { channel: 'call' } },
          { id: 'q-touch-1b', email: owned, type: 'sales_touch', at: minutes(2), properties: { channel: 'sms' } },
          { id: 'q-demo-2', email: unowned, type: 'demo_request', at: minutes(-10) },
          { id: 'q-touch-2', email: unowned, type: 'sales_touch', at: minutes(1), properties: { channel: 'meeting' } },
        ],
      },
      key,
    );
    expect(reply.body).toMatchObject({ accepted: 6, handoversOpened: 2, rejected: [] });
    const [first] = await handoversOf(owned);
    const [second] = await handoversOf(unowned);
    expect(first).toMatchObject({ ownerId: a.id, state: 'open', startedAt: NOW.toISOString(), firstTouchAt: minutes(0), firstTouchBusinessMs: 0 });
    expect(second).toMatchObject({ ownerId: a.id, state: 'open', startedAt: NOW.toISOString(), firstTouchAt: minutes(1), firstTouchBusinessMs: 60_000 });
    const logged = await db()
      .select({ key: touches.idempotencyKey, handoverId: touches.handoverId, userId: touches.userId, channel: touches.channel })
      .from(touches)
      .orderBy(asc(touches.at));
    expect(logged).toEqual([
      { key: 'event:q-early-1', handoverId: null, userId: a.id, channel: 'email' },
      { key: 'event:q-touch-1', handoverId: first!.id, userId: a.id, channel: 'call' },
      { key: 'event:q-touch-2', handoverId: second!.id, userId: a.id, channel: 'meeting' },
      { key: 'event:q-touch-1b', handoverId: first!.id, userId: a.id, channel: 'sms' },
    ]);
    clock = new Date(NOW.getTime() + 5 * HOUR);
    expect((await a.api.queue.mine.query()).map((item) => [item.email, item.state, item.touched]).sort()).toEqual([
      [owned, 'met', true],
      [unowned, 'met', true],
    ]);
    expect((await a.api.packet.get.query({ email: owned })).handover!.sla.state).toBe('met');
    expect(await sweepSla(server.database, clock)).toEqual({ warned: 0, breached: 0, escalated: 0 });

    // Sent again, nothing changes.
    await server.post('/api/v1/events', { events: [{ id: 'q-touch-1', email: owned, type: 'sales_touch', at: minutes(0), properties: { channel: 'call' } }] }, key);
    expect(await db().select().from(touches)).toHaveLength(4);
    expect((await handoversOf(owned))[0]).toEqual(first);
  });
});
