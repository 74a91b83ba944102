import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, handovers, leads, stageTransitions, touches, users } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { revokeIngestKey } from '../../server/domain/users';
import { MAX_ITEMS } from '../../server/rest/ingest';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const icp = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  firstName: 'Ada',
  lastName: 'Lovelace',
  title: 'VP Sales',
  company: { name: 'Analytical Engines', domain: email.split('@')[1], employees: 300, industry: 'Software', country: 'GB', techStack: ['HubSpot'] },
  source: 'webinar',
  campaign: 'q4-webinar',
  ...extra,
});

describe('REST ingest', () => {
  let server: TestServer;
  let key: string;
  let reps: Awaited<ReturnType<TestServer['user']>>[];
  const db = () => server.database.db;
  const leadByEmail = (email: string) => db().query.leads.findFirst({ where: eq(leads.email, email) });

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    key = await server.ingestKey('marketing automation');
    reps = [
      await server.user({ ...PARIS_REP, email: 'rep.a@example.com', name: 'Rep A' }),
      await server.user({ ...PARIS_REP, email: 'rep.b@example.com', name: 'Rep B' }),
      await server.user({ ...PARIS_REP, email: 'rep.c@example.com', name: 'Rep C' }),
    ];
  });
  afterAll(() => server.close());

  it('needs a live ingest key', async () => {
    expect((await server.post('/api/v1/leads', { leads: [] }, 'hsk_wrong')).status).toBe(401);
    const anonymous = await fetch(`${server.url}/api/v1/leads`, { method: 'POST', body: '{"leads":[]}' });
    expect(anonymous.status).toBe(401);
    const doomed = await server.ingestKey('old source');
    await revokeIngestKey(server.database, 'old source', SYSTEM);
    const revoked = await server.post('/api/v1/leads', { leads: [] }, doomed);
    expect(revoked).toEqual({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('ingest key') as string, field: null } } });
  });

  it('creates, then updates by e-mail, keeping what the update omits', async () => {
    const created = await server.post('/api/v1/leads', { leads: [icp('ada@engines.co.uk', { crmIds: { hubspot: '9001' } })] }, key);
    expect(created).toMatchObject({ status: 200, body: { accepted: 1, created: 1, updated: 0, rejected: [] } });
    const updated = await server.post('/api/v1/leads', { leads: [{ email: 'ADA@engines.co.uk', title: 'Chief Revenue Officer' }] }, key);
    expect(updated.body).toMatchObject({ accepted: 1, created: 0, updated: 1 });
    const lead = await leadByEmail('ada@engines.co.uk');
    expect(lead).toMatchObject({ title: 'Chief Revenue Officer', firstName: 'Ada', source: 'webinar', hubspotId: '9001', fitLevel: 'in_icp', authorityLevel: 'decision_maker', stage: 'lead' });
  });

  it('stores the valid items and names the field of each invalid one', async () => {
    const reply = await server.post(
      '/api/v1/leads',
      { leads: [icp('ok.one@engines.co.uk'), { email: 'not-an-email' }, icp('ok.two@engines.co.uk', { company: { employees: -5 } })] },
      key,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([
      { index: 1, field: 'leads.1.email', message: 'leads.1.email: expected an e-mail address' },
      { index: 2, field: 'leads.2.company.employees', message: expect.stringMatching(/^leads\.2\.company\.employees: /) as string },
    ]);
    expect(await leadByEmail('ok.one@engines.co.uk')).toBeDefined();
    expect(await leadByEmail('ok.two@engines.co.uk')).toBeUndefined();
  });

  it('answers a malformed envelope with a 400 naming the field, never a 5xx', async () => {
    const raw = (body: string) =>
      fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { error: { field: string } },
      }));
    expect(await raw('{not json')).toMatchObject({ status: 400, body: { error: { field: 'body' } } });
    expect(await raw('[1,2]')).toMatchObject({ status: 400, body: { error: { field: 'body' } } });
    expect(await raw('{"leads": []}')).toMatchObject({ status: 400, body: { error: { field: 'events' } } });
    expect(await raw('{"events": "nope"}')).toMatchObject({ status: 400, body: { error: { field: 'events' } } });
    const tooMany = await server.post('/api/v1/events', { events: Array.from({ length: MAX_ITEMS + 1 }, () => ({})) }, key);
    expect(tooMany).toMatchObject({ status: 400, body: { error: { field: 'events' } } });
    const huge = await server.post('/api/v1/leads', { leads: [{ email: 'x@y.co', title: 'x'.repeat(6 * 1024 * 1024) }] }, key);
    expect(huge).toMatchObject({ status: 413, body: { error: { field: 'body' } } });
    for (const hostile of [{ events: [null, 1, 'x', [], { id: {}, email: ['a'], type: null, at: 12 }] }, { events: [{ id: 'h1', email: 'h@h.co', type: 'page_view', at: '2026-11-20T10:00:00Z', properties: 'str' }] }]) {
      const reply = await server.post('/api/v1/events', hostile, key);
      expect(reply.status).toBe(200);
      expect(reply.body.rejected!.length).toBe(hostile.events.length);
    }
  });

  it('stores each event once, however often it is sent, and creates bare leads for unknown e-mails', async () => {
    const batch = { events: [{ id: 'dup-1', email: 'Newcomer@startup.io', type: 'page_view', at: hoursAgo(3) }, { id: 'dup-2', email: 'newcomer@startup.io', type: 'pricing_view', at: hoursAgo(2) }] };
    expect((await server.post('/api/v1/events', batch, key)).body).toMatchObject({ accepted: 2, created: 1, duplicates: 0 });
    expect((await server.post('/api/v1/events', batch, key)).body).toMatchObject({ accepted: 2, created: 0, duplicates: 2 });
    const lead = await leadByEmail('newcomer@startup.io');
    expect(await db().select().from(events).where(eq(events.leadId, lead!.id))).toHaveLength(2);
  });

  it('moves a lead to MQL then SQL as events arrive, recording each change, and hands it over', async () => {
    const email = 'grace@hopper-systems.com';
    await server.post('/api/v1/leads', { leads: [icp(email)] }, key);
    const mql = await server.post(
      '/api/v1/events',
      { events: [{ id: 'g1', email, type: 'content_download', at: hoursAgo(48), properties: { asset: 'Lead routing playbook' } }, { id: 'g2', email, type: 'webinar_attended', at: hoursAgo(30) }] },
      key,
    );
    expect(mql.body.handoversOpened).toBe(0);
    expect(await leadByEmail(email)).toMatchObject({ stage: 'mql', stagePath: 'standard', mqlAt: NOW.toISOString(), sqlAt: null });
    const sql = await server.post(
      '/api/v1/events',
      { events: [{ id: 'g3', email, type: 'pricing_view', at: hoursAgo(20) }, { id: 'g4', email, type: 'pricing_view', at: hoursAgo(1) }] },
      key,
    );
    expect(sql.body.handoversOpened).toBe(1);
    const lead = await leadByEmail(email);
    expect(lead).toMatchObject({ stage: 'sql', intentLevel: 'medium', sqlAt: NOW.toISOString() });
    const transitions = await db().select().from(stageTransitions).where(eq(stageTransitions.leadId, lead!.id)).orderBy(asc(stageTransitions.id));
    expect(transitions.map((t) => [t.fromStage, t.toStage, t.cause])).toEqual([
      ['lead', 'mql', 'scoring'],
      ['mql', 'sql', 'scoring'],
    ]);
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead!.id));
    // Medium intent: 8 business hours from Monday 10:00 Paris → Tuesday 10:00 Paris (09:00Z).
    expect(handover).toMatchObject({ state: 'open', tier: 'medium', startedAt: NOW.toISOString(), deadline: '2026-11-24T09:00:00.000Z', warnAt: '2026-11-23T15:00:00.000Z' });
    // Rescoring the same lead again opens no second handover.
    await server.post('/api/v1/events', { events: [{ id: 'g5', email, type: 'email_click', at: hoursAgo(0.5) }] }, key);
    expect(await db().select().from(handovers).where(eq(handovers.leadId, lead!.id))).toHaveLength(1);
  });

  it('deals handovers round-robin, least recently assigned first, skipping unavailable reps and honouring the named owner', async () => {
    const fresh = await startTestServer({ now: () => NOW });
    try {
      const freshKey = await fresh.ingestKey();
      const [a, b, c] = [
        await fresh.user({ ...PARIS_REP, email: 'a@team.com', name: 'A' }),
        await fresh.user({ ...PARIS_REP, email: 'b@team.com', name: 'B' }),
        await fresh.user({ ...PARIS_REP, email: 'c@team.com', name: 'C' }),
      ];
      const demo = (email: string, extra: Record<string, unknown> = {}) => ({ lead: icp(email, extra), event: { id: `demo-${email}`, email, type: 'demo_request', at: hoursAgo(1) } });
      const owners: string[] = [];
      for (const email of ['l1@x1.com', 'l2@x2.com', 'l3@x3.com', 'l4@x4.com']) {
        const { lead, event } = demo(email);
        await fresh.post('/api/v1/leads', { leads: [lead] }, freshKey);
        await fresh.post('/api/v1/events', { events: [event] }, freshKey);
        owners.push((await fresh.database.db.query.leads.findFirst({ where: eq(leads.email, email) }))!.ownerId!);
      }
      expect(owners).toEqual([a.id, b.id, c.id, a.id]);

      await fresh.database.db.update(users).set({ available: false }).where(eq(users.id, b.id));
      const { lead, event } = demo('l5@x5.com');
      await fresh.post('/api/v1/leads', { leads: [lead] }, freshKey);
      await fresh.post('/api/v1/events', { events: [event] }, freshKey);
      expect((await fresh.database.db.query.leads.findFirst({ where: eq(leads.email, 'l5@x5.com') }))!.ownerId).toBe(c.id);

      const named = demo('l6@x6.com', { ownerEmail: 'b@team.com' });
      await fresh.post('/api/v1/leads', { leads: [named.lead] }, freshKey);
      await fresh.post('/api/v1/events', { events: [named.event] }, freshKey);
      expect((await fresh.database.db.query.leads.findFirst({ where: eq(leads.email, 'l6@x6.com') }))!.ownerId).toBe(b.id);
    } finally {
      await fresh.close();
    }
  });

  it('imports history as it was: an SQL at T is handed over at T, with the deadline of T', async () => {
    // Friday 20 November 2026, 16:00 in Paris; medium tier (no signals known): 8 business hours → Monday 16:00.
    const sqlAt = '2026-11-20T15:00:00Z';
    const reply = await server.post(
      '/api/v1/leads',
      { leads: [icp('history@oldco.com', { ownerEmail: 'rep.c@example.com', lifecycle: { mqlAt: '2026-11-10T09:00:00Z', sqlAt } })] },
      key,
    );
    expect(reply.body.handoversOpened).toBe(0);
    const lead = await leadByEmail('history@oldco.com');
    expect(lead).toMatchObject({ stage: 'sql', stagePath: 'import', mqlAt: '2026-11-10T09:00:00.000Z', sqlAt: '2026-11-20T15:00:00.000Z', ownerId: reps[2]!.id });
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead!.id));
    expect(handover).toMatchObject({ startedAt: '2026-11-20T15:00:00.000Z', tier: 'medium', deadline: '2026-11-23T15:00:00.000Z', ownerId: reps[2]!.id });
    const transitions = await db().select().from(stageTransitions).where(eq(stageTransitions.leadId, lead!.id)).orderBy(asc(stageTransitions.at));
    expect(transitions.map((t) => [t.fromStage, t.toStage, t.at, t.cause])).toEqual([
      ['lead', 'mql', '2026-11-10T09:00:00.000Z', 'import'],
      ['mql', 'sql', '2026-11-20T15:00:00.000Z', 'import'],
    ]);
  });

  it('takes a CRM sales touch as the first touch, and dates opportunities and wins', async () => {
    const email = 'touched@crmco.com';
    await server.post('/api/v1/leads', { leads: [icp(email, { ownerEmail: 'rep.a@example.com', lifecycle: { sqlAt: hoursAgo(2) } })] }, key);
    const lead = await leadByEmail(email);
    await server.post(
      '/api/v1/events',
      {
        events: [
          { id: 'crm-touch-1', email, type: 'sales_touch', at: hoursAgo(1), properties: { channel: 'call' } },
          { id: 'crm-opp-1', email, type: 'opportunity_created', at: hoursAgo(0.5) },
          { id: 'crm-won-1', email, type: 'closed_won', at: hoursAgo(0.25) },
        ],
      },
      key,
    );
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead!.id));
    // The touch came first and stopped the clock; the opportunity then closed the handover.
    expect(handover).toMatchObject({ firstTouchAt: hoursAgo(1), state: 'accepted', closedAt: hoursAgo(0.5) });
    expect(await db().select({ key: touches.idempotencyKey, channel: touches.channel }).from(touches).where(eq(touches.leadId, lead!.id))).toEqual([{ key: 'event:crm-touch-1', channel: 'call' }]);
    expect(await leadByEmail(email)).toMatchObject({ opportunityAt: hoursAgo(0.5), wonAt: hoursAgo(0.25), status: 'accepted' });
  });

  it('dates a lead from the source when it says when the lead was created, else from the ingest', async () => {
    await server.post('/api/v1/leads', { leads: [icp('dated@old.com', { createdAt: '2026-08-01T10:00:00+02:00' }), icp('undated@new.com')] }, key);
    expect((await leadByEmail('dated@old.com'))!.createdAt).toBe('2026-08-01T08:00:00.000Z');
    expect((await leadByEmail('undated@new.com'))!.createdAt).toBe(NOW.toISOString());
  });

  it('loses nothing when two sources send overlapping batches at once', async () => {
    const otherKey = await server.ingestKey('second source');
    const emails = Array.from({ length: 60 }, (_, i) => `overlap${i}@bulk.com`);
    const eventsFor = (prefix: string) => emails.map((email, i) => ({ id: `${prefix}-${i}`, email, type: 'page_view', at: hoursAgo(i / 10) }));
    await Promise.all([
      server.post('/api/v1/leads', { leads: emails.map((email) => ({ email, title: 'Engineer' })) }, key),
      server.post('/api/v1/leads', { leads: emails.map((email) => ({ email, source: 'partner' })) }, otherKey),
      server.post('/api/v1/events', { events: eventsFor('one') }, key),
      server.post('/api/v1/events', { events: eventsFor('two') }, otherKey),
    ]);
    const stored = await db().select({ email: leads.email, title: leads.title, source: leads.source }).from(leads);
    const bulk = stored.filter((l) => l.email.endsWith('@bulk.com'));
    expect(bulk).toHaveLength(60);
    expect(bulk.every((l) => l.title === 'Engineer' && l.source === 'partner')).toBe(true);
    const stormEvents = (await db().select({ id: events.id }).from(events)).filter((e) => /^(one|two)-/.test(e.id));
    expect(stormEvents).toHaveLength(120);
  });

  it('hands a rejected lead over again only when it qualifies again on what it did after', async () => {
    let clock = NOW;
    const fresh = await startTestServer({ now: () => clock });
    try {
      const freshKey = await fresh.ingestKey();
      const rep = await fresh.user({ ...PARIS_REP, email: 'rep.b@example.com', name: 'Rep B' });
      const email = 'second.chance@revisit.com';
      const send = (id: string, type: string) => fresh.post('/api/v1/events', { events: [{ id, email, type, at: clock.toISOString() }] }, freshKey);
      await fresh.post('/api/v1/leads', { leads: [icp(email, { ownerEmail: 'rep.b@example.com' })] }, freshKey);
      await send('sc-1', 'demo_request');
      const lead = (await fresh.database.db.query.leads.findFirst({ where: eq(leads.email, email) }))!;
      await rep.api.decision.reject.mutate({ leadId: lead.id, idempotencyKey: 'second-chance-reject', reason: 'bad_timing' });
      const state = async () => ({
        status: (await fresh.database.db.query.leads.findFirst({ where: eq(leads.id, lead.id) }))!.status,
        handovers: (await fresh.database.db.select().from(handovers).where(eq(handovers.leadId, lead.id))).map((h) => h.state).sort(),
      });
      expect(await state()).toEqual({ status: 'nurture', handovers: ['rejected'] });

      // The next day: a page view is not enough to come back…
      clock = new Date(NOW.getTime() + 24 * 3_600_000);
      await send('sc-2', 'page_view');
      expect(await state()).toEqual({ status: 'nurture', handovers: ['rejected'] });

      // …but a meeting booked by this ICP decision-maker is: a new handover.
      clock = new Date(clock.getTime() + 3_600_000);
      await send('sc-3', 'meeting_booked');
      expect(await state()).toEqual({ status: 'active', handovers: ['open', 'rejected'] });
    } finally {
      await fresh.close();
    }
  });

  it('keeps everything across a restart', async () => {
    server = await server.restart();
    const lead = await leadByEmail('grace@hopper-systems.com');
    expect(lead!.stage).toBe('sql');
    expect(await db().select().from(events).where(eq(events.leadId, lead!.id))).toHaveLength(5);
  });
});
