import { asc, eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, events, handovers, leads, stageTransitions, touches } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { revokeIngestKey } from '../../server/domain/users';
import { MAX_ITEMS } from '../../server/rest/ingest';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

/** An in-ICP decision-maker at the company of the e-mail's domain. */
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
  let repA: Awaited<ReturnType<TestServer['user']>>;
  const db = () => server.database.db;
  const leadByEmail = (email: string) => db().query.leads.findFirst({ where: eq(leads.email, email) });
  const transitionsOf = (leadId: string) =>
    db()
      .select({ from: stageTransitions.fromStage, to: stageTransitions.toStage, path: stageTransitions.path, at: stageTransitions.at, cause: stageTransitions.cause, charterVersion: stageTransitions.charterVersion })
      .from(stageTransitions)
      .where(eq(stageTransitions.leadId, leadId))
      .orderBy(asc(stageTransitions.id));
  /** POSTs a raw body, as a client with a bug might. */
  const raw = async (path: string, body: string) => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    key = await server.ingestKey('marketing automation');
    repA = await server.user({ ...PARIS_REP, email: 'rep.a@example.com', name: 'Rep A' });
  });
  afterAll(() => server.close());

  it('needs a live ingest key: none, a wrong one or a revoked one is a 401', async () => {
    const refused = {
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: 'a live ingest key is required: Authorization: Bearer <key>, or Basic auth with the key as user name (Segment)', field: null } },
    };
    const anonymous = await fetch(`${server.url}/api/v1/leads`, { method: 'POST', body: '{"leads":[]}' });
    expect({ status: anonymous.status, body: (await anonymous.json()) as unknown }).toEqual(refused);
    expect(await server.post('/api/v1/leads', { leads: [] }, 'hsk_wrong')).toEqual(refused);
    const doomed = await server.ingestKey('old source');
    expect((await server.post('/api/v1/leads', { leads: [] }, doomed)).status).toBe(200);
    await revokeIngestKey(server.database, 'old source', SYSTEM);
    expect(await server.post('/api/v1/leads', { leads: [] }, doomed)).toEqual(refused);
    expect(await server.post('/api/v1/events', { events: [] }, doomed)).toEqual(refused);
  });

  it('creates, then updates by e-mail: what the update sends replaces, what it omits is kept', async () => {
    const created = await server.post('/api/v1/leads', { leads: [icp('ada@engines.co.uk', { crmIds: { hubspot: '9001' }, ownerEmail: 'cfo@not-a-user.com' })] }, key);
    expect(created).toEqual({ status: 200, body: { accepted: 1, created: 1, updated: 0, duplicates: 0, handoversOpened: 0, awaitingRep: 0, rejected: [] } });
    const updated = await server.post(
      '/api/v1/leads',
      { leads: [{ email: ' ADA@engines.co.uk ', title: 'Chief Revenue Officer', company: { employees: 320 }, crmIds: { salesforce: '00Q5g000001AbCdEAF' } }] },
      key,
    );
    expect(updated.body).toEqual({ accepted: 1, created: 0, updated: 1, duplicates: 0, handoversOpened: 0, awaitingRep: 0, rejected: [] });

    const lead = await leadByEmail('ada@engines.co.uk');
    expect(lead).toMatchObject({
      title: 'Chief Revenue Officer',
      firstName: 'Ada',
      lastName: 'Lovelace',
      source: 'webinar',
      campaign: 'q4-webinar',
      hubspotId: '9001',
      salesforceId: '00Q5g000001AbCdEAF',
      ownerId: null,
      ownerEmail: 'cfo@not-a-user.com',
      company: { name: 'Analytical Engines', domain: 'engines.co.uk', employees: 320, industry: 'Software', country: 'GB', techStack: ['HubSpot'] },
      fitLevel: 'in_icp',
      authorityLevel: 'decision_maker',
      engagementLevel: 'none',
      intentLevel: 'none',
      stage: 'lead',
      status: 'active',
      charterVersion: 1,
      scoredAt: NOW.toISOString(),
    });
    const account = await db().query.accounts.findFirst({ where: eq(accounts.id, lead!.accountId!) });
    expect(account).toMatchObject({ domain: 'engines.co.uk', name: 'Analytical Engines', employees: 320, industry: 'Software', country: 'GB', techStack: ['HubSpot'], targetAccount: false });
    const audit = await db().select({ action: auditLog.action, actorKind: auditLog.actorKind }).from(auditLog).where(eq(auditLog.entityId, lead!.id)).orderBy(asc(auditLog.id));
    expect(audit).toEqual([
      { action: 'lead.create', actorKind: 'ingest' },
      { action: 'lead.update', actorKind: 'ingest' },
    ]);
  });

  it('files leads under one account per company domain, never under a free-mail domain', async () => {
    const reply = await server.post(
      '/api/v1/leads',
      {
        leads: [
          { email: 'one@umbrella.io', company: { name: 'Umbrella', employees: 800 } },
          { email: 'two@umbrella.io', company: { industry: 'SaaS' }, targetAccount: true },
          { email: 'freelancer@gmail.com', company: { name: 'Umbrella', domain: 'umbrella.io' } },
          { email: 'hobbyist@gmail.com', company: { name: 'Garage Band' } },
        ],
      },
      key,
    );
    expect(reply.body).toMatchObject({ accepted: 4, created: 4, rejected: [] });
    const umbrella = await db().select().from(accounts).where(eq(accounts.domain, 'umbrella.io'));
    expect(umbrella).toHaveLength(1);
    expect(umbrella[0]).toMatchObject({ name: 'Umbrella', employees: 800, industry: 'SaaS', targetAccount: true });
    for (const email of ['one@umbrella.io', 'two@umbrella.io', 'freelancer@gmail.com']) expect((await leadByEmail(email))!.accountId).toBe(umbrella[0]!.id);
    expect(await leadByEmail('hobbyist@gmail.com')).toMatchObject({ accountId: null, company: { name: 'Garage Band' } });
    expect(await db().select().from(accounts).where(eq(accounts.domain, 'gmail.com'))).toEqual([]);
    expect(await leadByEmail('two@umbrella.io')).toMatchObject({ targetAccount: true });
  });

  it('updates the accounts that exist field by field, several in one request: what a payload sends replaces, what it omits stays', async () => {
    const first = await server.post(
      '/api/v1/leads',
      {
        leads: [
          { email: 'a@wayne.example', company: { name: 'Wayne', employees: 900, industry: 'Steel', country: 'US', techStack: ['Salesforce'] }, targetAccount: true },
          { email: 'a@stark.example', company: { name: 'Stark', employees: 5000, industry: 'Defence' } },
        ],
      },
      key,
    );
    expect(first.body).toMatchObject({ created: 2, rejected: [] });
    const second = await server.post(
      '/api/v1/leads',
      {
        leads: [
          { email: 'b@wayne.example', company: { employees: 950, techStack: ['HubSpot', 'Segment'] }, targetAccount: false },
          { email: 'b@stark.example', company: { country: 'United States' } },
          { email: 'c@stark.example', company: { industry: 'Energy' } },
        ],
      },
      key,
    );
    expect(second.body).toMatchObject({ created: 3, rejected: [] });
    const byDomain = async (domain: string) => (await db().select().from(accounts).where(eq(accounts.domain, domain)))[0];
    expect(await byDomain('wayne.example')).toMatchObject({ name: 'Wayne', employees: 950, industry: 'Steel', country: 'US', techStack: ['HubSpot', 'Segment'], targetAccount: false });
    expect(await byDomain('stark.example')).toMatchObject({ name: 'Stark', employees: 5000, industry: 'Energy', country: 'United States', techStack: null, targetAccount: false });
  });

  it('takes one e-mail sent twice in a request as two updates in a row', async () => {
    const reply = await server.post(
      '/api/v1/leads',
      { leads: [{ email: 'twice@repeat.com', firstName: 'Tw', title: 'Analyst' }, { email: 'twice@repeat.com', title: 'Head of Data', company: { employees: 90 } }] },
      key,
    );
    expect(reply.body).toMatchObject({ accepted: 2, created: 1, updated: 1 });
    expect(await leadByEmail('twice@repeat.com')).toMatchObject({ firstName: 'Tw', title: 'Head of Data', company: { employees: 90 } });
  });

  it('stores the valid items and names the field of each invalid one, with a 200', async () => {
    const leadReply = await server.post(
      '/api/v1/leads',
      { leads: [icp('ok.one@engines.co.uk'), { email: 'not-an-email' }, icp('ok.two@engines.co.uk', { company: { employees: -5 } })] },
      key,
    );
    expect(leadReply.status).toBe(200);
    expect(leadReply.body).toMatchObject({ accepted: 1, created: 1 });
    expect(leadReply.body.rejected).toEqual([
      { index: 1, field: 'leads.1.email', message: 'leads.1.email: expected an e-mail address' },
      { index: 2, field: 'leads.2.company.employees', message: expect.stringMatching(/^leads\.2\.company\.employees: /) as string },
    ]);
    expect(await leadByEmail('ok.one@engines.co.uk')).toBeDefined();
    expect(await leadByEmail('ok.two@engines.co.uk')).toBeUndefined();

    const eventReply = await server.post(
      '/api/v1/events',
      {
        events: [
          { id: 'bad-at', email: 'ok.one@engines.co.uk', type: 'page_view', at: 'yesterday' },
          { id: 'good', email: 'ok.one@engines.co.uk', type: 'page_view', at: hoursAgo(1) },
          { id: 'bad-type', email: 'ok.one@engines.co.uk', type: 'pricing_page', at: hoursAgo(1) },
        ],
      },
      key,
    );
    expect(eventReply.status).toBe(200);
    expect(eventReply.body).toMatchObject({ accepted: 1, created: 0, duplicates: 0 });
    expect(eventReply.body.rejected).toEqual([
      { index: 0, field: 'events.0.at', message: 'events.0.at: expected an ISO-8601 date-time such as 2026-03-02T09:30:00Z' },
      { index: 2, field: 'events.2.type', message: expect.stringMatching(/^events\.2\.type: .*page_view/) as string },
    ]);
    expect((await db().select({ id: events.id }).from(events).where(eq(events.id, 'good'))).length).toBe(1);
    expect((await db().select({ id: events.id }).from(events).where(eq(events.id, 'bad-at'))).length).toBe(0);
  });

  it('answers a wrong envelope with a 400 naming the field, and too large a body with a 413', async () => {
    const refused = (field: string, message: string) => ({ status: 400, body: { error: { code: 'INVALID_INPUT', field, message: `${field}: ${message}` } } });
    expect(await raw('/api/v1/events', '{not json')).toEqual(refused('body', 'expected a JSON object'));
    expect(await raw('/api/v1/events', '')).toEqual(refused('body', 'expected a JSON object'));
    expect(await raw('/api/v1/events', 'null')).toEqual(refused('body', 'expected a JSON object'));
    expect(await raw('/api/v1/events', '[1,2]')).toEqual(refused('body', 'expected a JSON object'));
    expect(await raw('/api/v1/events', '{"leads": []}')).toEqual(refused('events', 'expected an array'));
    expect(await raw('/api/v1/events', '{"events": "nope"}')).toEqual(refused('events', 'expected an array'));
    expect(await raw('/api/v1/leads', '{"leads": {"0": {"email": "a@b.co"}}}')).toEqual(refused('leads', 'expected an array'));
    const tooMany = await server.post('/api/v1/events', { events: Array.from({ length: MAX_ITEMS + 1 }, () => ({})) }, key);
    expect(tooMany).toEqual(refused('events', `at most 5000 items per request, got ${MAX_ITEMS + 1}`));
    const huge = await server.post('/api/v1/leads', { leads: [{ email: 'x@y.co', title: 'x'.repeat(6 * 1024 * 1024) }] }, key);
    expect(huge).toEqual({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', field: 'body', message: 'body: at most 5 MiB per request' } } });
    expect(await leadByEmail('x@y.co')).toBeUndefined();
  });

  it('never answers garbage with a 5xx: each bad item is rejected, nothing half-stored', async () => {
    const long = 'x'.repeat(10_000);
    const hostileLeads = [
      null,
      1,
      'ada@engines.co.uk',
      [],
      {},
      { email: null },
      { email: { nested: null } },
      { email: 'g1@garbage.com', company: null },
      { email: 'g2@garbage.com', company: { employees: '240' } },
      { email: 'g3@garbage.com', company: { techStack: [null, { a: null }] } },
      { email: 'g4@garbage.com', title: long },
      { email: `${long}@garbage.com` },
      { email: 'g5@garbage.com', lifecycle: { sqlAt: 'last Tuesday' } },
      { email: 'g6@garbage.com', lifecycle: { mqlAt: '2026-02-30T10:00:00Z' } },
      { email: 'g7@garbage.com', targetAccount: 'true' },
      { email: 'g8@garbage.com', crmIds: [1, 2] },
      { email: 'g9@garbage.com', company: { domain: 'not a domain' } },
      { email: 'g10@garbage.com', ownerEmail: 42 },
    ];
    const leadReply = await server.post('/api/v1/leads', { leads: hostileLeads }, key);
    expect(leadReply.status).toBe(200);
    expect(leadReply.body.accepted).toBe(0);
    expect(leadReply.body.rejected!.map((r) => r.field)).toEqual([
      'leads.0',
      'leads.1',
      'leads.2',
      'leads.3',
      'leads.4.email',
      'leads.5.email',
      'leads.6.email',
      'leads.7.company',
      'leads.8.company.employees',
      'leads.9.company.techStack.0',
      'leads.10.title',
      'leads.11.email',
      'leads.12.lifecycle.sqlAt',
      'leads.13.lifecycle.mqlAt',
      'leads.14.targetAccount',
      'leads.15.crmIds',
      'leads.16.company.domain',
      'leads.17.ownerEmail',
    ]);
    expect((await db().select({ email: leads.email }).from(leads)).filter((l) => l.email.endsWith('@garbage.com'))).toEqual([]);

    const event = { id: 'h', email: 'h@hostile.co', type: 'page_view', at: hoursAgo(1) };
    const hostileEvents = [
      { ...event, id: long },
      { ...event, id: '' },
      { ...event, id: 7 },
      { ...event, at: 1_763_888_400_000 },
      { ...event, at: '2026-11-23' },
      { ...event, type: null },
      { ...event, properties: 'str' },
      { ...event, properties: [1, 2] },
      { ...event, properties: { url: 42 } },
      { ...event, id: 'big-props', properties: { blob: 'y'.repeat(40 * 1024) } },
    ];
    const eventReply = await server.post('/api/v1/events', { events: hostileEvents }, key);
    expect(eventReply.status).toBe(200);
    expect(eventReply.body.rejected!.map((r) => r.field)).toEqual([
      'events.0.id',
      'events.1.id',
      'events.2.id',
      'events.3.at',
      'events.4.at',
      'events.5.type',
      'events.6.properties',
      'events.7.properties',
      'events.8.properties.url',
      'events.9.properties',
    ]);
    expect(eventReply.body.rejected![9]!.message).toBe('events.9.properties: at most 32 KiB of properties per event');

    // Properties nested deeper than any serialiser follows, as a raw body.
    const depth = 200_000;
    const bomb = `{"events":[{"id":"bomb","email":"h@hostile.co","type":"page_view","at":"${hoursAgo(1)}","properties":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`;
    const bombReply = await raw('/api/v1/events', bomb);
    expect(bombReply).toMatchObject({ status: 200, body: { accepted: 0, rejected: [{ index: 0, field: 'events.0.properties', message: 'events.0.properties: nested too deeply to store' }] } });
    expect(await leadByEmail('h@hostile.co')).toBeUndefined();
  });

  it('stores each event once, however often it is sent, and keeps it as sent', async () => {
    const batch = {
      events: [
        { id: 'dup-1', email: 'Newcomer@startup.io', type: 'page_view', at: '2026-11-23T08:00:00+01:00', properties: { url: 'https://x.io/blog', utm: { source: 'g' } } },
        { id: 'dup-2', email: 'newcomer@startup.io', type: 'pricing_view', at: hoursAgo(2) },
        { id: 'dup-2', email: 'newcomer@startup.io', type: 'pricing_view', at: hoursAgo(2) },
      ],
    };
    expect((await server.post('/api/v1/events', batch, key)).body).toEqual({ accepted: 3, created: 1, updated: 0, duplicates: 1, handoversOpened: 0, awaitingRep: 0, rejected: [] });
    expect((await server.post('/api/v1/events', batch, key)).body).toEqual({ accepted: 3, created: 0, updated: 0, duplicates: 3, handoversOpened: 0, awaitingRep: 0, rejected: [] });
    const lead = await leadByEmail('newcomer@startup.io');
    const stored = await db().select({ id: events.id, type: events.type, at: events.at, properties: events.properties }).from(events).where(eq(events.leadId, lead!.id)).orderBy(asc(events.id));
    expect(stored).toEqual([
      { id: 'dup-1', type: 'page_view', at: '2026-11-23T07:00:00.000Z', properties: { url: 'https://x.io/blog', utm: { source: 'g' } } },
      { id: 'dup-2', type: 'pricing_view', at: hoursAgo(2), properties: {} },
    ]);
  });

  it('creates a bare lead for the events of an unknown e-mail, which the contact record then fills in', async () => {
    await server.post('/api/v1/events', { events: [{ id: 'early-1', email: 'early@bird.dev', type: 'content_download', at: hoursAgo(5) }] }, key);
    expect(await leadByEmail('early@bird.dev')).toMatchObject({
      firstName: null,
      title: null,
      accountId: null,
      company: null,
      stage: 'lead',
      engagementLevel: 'low',
      createdAt: NOW.toISOString(),
    });
    const reply = await server.post('/api/v1/leads', { leads: [icp('early@bird.dev')] }, key);
    expect(reply.body).toMatchObject({ created: 0, updated: 1 });
    const lead = await leadByEmail('early@bird.dev');
    expect(lead).toMatchObject({ firstName: 'Ada', fitLevel: 'in_icp', engagementLevel: 'low' });
    expect(await db().select({ id: events.id }).from(events).where(eq(events.leadId, lead!.id))).toEqual([{ id: 'early-1' }]);
  });

  it('moves a lead to MQL then SQL as events arrive, recording each change in order, and hands it over', async () => {
    const email = 'grace@hopper-systems.com';
    await server.post('/api/v1/leads', { leads: [icp(email)] }, key);
    const mql = await server.post(
      '/api/v1/events',
      { events: [{ id: 'g1', email, type: 'content_download', at: hoursAgo(48), properties: { asset: 'Lead routing playbook' } }, { id: 'g2', email, type: 'webinar_attended', at: hoursAgo(30) }] },
      key,
    );
    expect(mql.body).toMatchObject({ handoversOpened: 0, awaitingRep: 0 });
    expect(await leadByEmail(email)).toMatchObject({ stage: 'mql', stagePath: 'standard', engagementLevel: 'medium', mqlAt: NOW.toISOString(), sqlAt: null });
    const sql = await server.post(
      '/api/v1/events',
      { events: [{ id: 'g3', email, type: 'pricing_view', at: hoursAgo(20) }, { id: 'g4', email, type: 'pricing_view', at: hoursAgo(1) }] },
      key,
    );
    expect(sql.body).toMatchObject({ handoversOpened: 1, awaitingRep: 0 });
    const lead = await leadByEmail(email);
    expect(lead).toMatchObject({ stage: 'sql', stagePath: 'standard', engagementLevel: 'high', intentLevel: 'medium', mqlAt: NOW.toISOString(), sqlAt: NOW.toISOString(), ownerId: repA.id });
    expect(await transitionsOf(lead!.id)).toEqual([
      { from: 'lead', to: 'mql', path: 'standard', at: NOW.toISOString(), cause: 'scoring', charterVersion: 1 },
      { from: 'mql', to: 'sql', path: 'standard', at: NOW.toISOString(), cause: 'scoring', charterVersion: 1 },
    ]);
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead!.id));
    // Medium intent: 8 business hours from Monday 10:00 in Paris → Tuesday 10:00 (09:00Z); warned at 6 h, Monday 16:00.
    expect(handover).toMatchObject({
      state: 'open',
      stage: 'sql',
      ownerId: repA.id,
      originalOwnerId: repA.id,
      tier: 'medium',
      businessHours: 8,
      startedAt: NOW.toISOString(),
      warnAt: '2026-11-23T15:00:00.000Z',
      deadline: '2026-11-24T09:00:00.000Z',
      charterVersion: 1,
    });
    // Engagement decays and more events come: the stage stays, no second handover opens.
    await server.post('/api/v1/events', { events: [{ id: 'g5', email, type: 'email_click', at: hoursAgo(0.5) }] }, key);
    expect(await db().select().from(handovers).where(eq(handovers.leadId, lead!.id))).toHaveLength(1);
    expect(await transitionsOf(lead!.id)).toHaveLength(2);
  });

  it('takes a direct SQL (a demo request by an ICP decision-maker) without dating an MQL', async () => {
    const email = 'direct@fastlane.com';
    await server.post('/api/v1/leads', { leads: [icp(email)] }, key);
    const reply = await server.post('/api/v1/events', { events: [{ id: 'd1', email, type: 'demo_request', at: hoursAgo(1) }] }, key);
    expect(reply.body).toMatchObject({ handoversOpened: 1 });
    const lead = await leadByEmail(email);
    expect(lead).toMatchObject({ stage: 'sql', stagePath: 'direct', mqlAt: null, sqlAt: NOW.toISOString(), intentLevel: 'high' });
    expect(await transitionsOf(lead!.id)).toEqual([{ from: 'lead', to: 'sql', path: 'direct', at: NOW.toISOString(), cause: 'scoring', charterVersion: 1 }]);
    // High intent: 4 business hours from Monday 10:00 in Paris → 14:00 (13:00Z).
    expect(await db().query.handovers.findFirst({ where: eq(handovers.leadId, lead!.id) })).toMatchObject({ tier: 'high', businessHours: 4, deadline: '2026-11-23T13:00:00.000Z' });
  });

  it('imports history as it was: an SQL at T is handed over at T, with the deadline of T, once', async () => {
    // Friday 20 November 2026, 16:00 in Paris. No signals known: the medium tier, 8 business
    // hours — one on Friday, seven on Monday from 09:00 — so the deadline is Monday 16:00.
    const history = icp('history@oldco.com', { ownerEmail: 'rep.a@example.com', lifecycle: { mqlAt: '2026-11-10T10:00:00+01:00', sqlAt: '2026-11-20T16:00:00+01:00' } });
    const reply = await server.post('/api/v1/leads', { leads: [history] }, key);
    expect(reply.body).toMatchObject({ created: 1, handoversOpened: 1, awaitingRep: 0 });
    const lead = await leadByEmail('history@oldco.com');
    expect(lead).toMatchObject({ stage: 'sql', stagePath: 'import', mqlAt: '2026-11-10T09:00:00.000Z', sqlAt: '2026-11-20T15:00:00.000Z', ownerId: repA.id, ownerEmail: null });
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead!.id));
    expect(handover).toMatchObject({
      ownerId: repA.id,
      stage: 'sql',
      tier: 'medium',
      startedAt: '2026-11-20T15:00:00.000Z',
      warnAt: '2026-11-23T13:00:00.000Z',
      deadline: '2026-11-23T15:00:00.000Z',
      createdAt: NOW.toISOString(),
    });
    expect(await transitionsOf(lead!.id)).toEqual([
      { from: 'lead', to: 'mql', path: 'import', at: '2026-11-10T09:00:00.000Z', cause: 'import', charterVersion: 1 },
      { from: 'mql', to: 'sql', path: 'import', at: '2026-11-20T15:00:00.000Z', cause: 'import', charterVersion: 1 },
    ]);

    // The same file imported again changes nothing.
    const again = await server.post('/api/v1/leads', { leads: [history] }, key);
    expect(again.body).toMatchObject({ created: 0, updated: 1, handoversOpened: 0 });
    expect(await db().select().from(handovers).where(eq(handovers.leadId, lead!.id))).toHaveLength(1);
    expect(await transitionsOf(lead!.id)).toHaveLength(2);
    // An earlier date from another source is kept; the stage is already there.
    await server.post('/api/v1/leads', { leads: [{ email: 'history@oldco.com', lifecycle: { mqlAt: '2026-11-02T09:00:00Z', sqlAt: '2026-11-22T09:00:00Z' } }] }, key);
    expect(await leadByEmail('history@oldco.com')).toMatchObject({ mqlAt: '2026-11-02T09:00:00.000Z', sqlAt: '2026-11-20T15:00:00.000Z' });
  });

  it('takes a CRM sales touch as the first touch, and dates opportunities and outcomes, earliest first', async () => {
    const email = 'touched@crmco.com';
    await server.post('/api/v1/leads', { leads: [icp(email, { ownerEmail: 'rep.a@example.com', lifecycle: { sqlAt: hoursAgo(1) } })] }, key);
    const lead = await leadByEmail(email);
    const reply = await server.post(
      '/api/v1/events',
      {
        events: [
          { id: 'crm-touch-1', email, type: 'sales_touch', at: hoursAgo(0.75), properties: { channel: 'call' } },
          { id: 'crm-touch-2', email, type: 'sales_touch', at: hoursAgo(0.7), properties: { channel: 'carrier pigeon' } },
          { id: 'crm-opp-1', email, type: 'opportunity_created', at: hoursAgo(0.5) },
          { id: 'crm-won-1', email, type: 'closed_won', at: hoursAgo(0.25) },
        ],
      },
      key,
    );
    expect(reply.body).toMatchObject({ accepted: 4, rejected: [] });
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead!.id));
    // Handed over at 09:00 in Paris, touched at 09:15: the first touch stopped the clock a quarter
    // of a business hour in; the opportunity then closed the handover.
    expect(handover).toMatchObject({ firstTouchAt: hoursAgo(0.75), firstTouchBusinessMs: 900_000, state: 'accepted', closedAt: hoursAgo(0.5) });
    const logged = await db().select({ key: touches.idempotencyKey, channel: touches.channel, userId: touches.userId, handoverId: touches.handoverId }).from(touches).where(eq(touches.leadId, lead!.id)).orderBy(asc(touches.at));
    expect(logged).toEqual([
      { key: 'event:crm-touch-1', channel: 'call', userId: repA.id, handoverId: handover!.id },
      { key: 'event:crm-touch-2', channel: 'other', userId: repA.id, handoverId: handover!.id },
    ]);
    expect(await leadByEmail(email)).toMatchObject({ opportunityAt: hoursAgo(0.5), wonAt: hoursAgo(0.25), lostAt: null, status: 'accepted' });

    // A replay changes nothing; an older opportunity date from another system wins.
    await server.post('/api/v1/events', { events: [{ id: 'crm-touch-1', email, type: 'sales_touch', at: hoursAgo(0.75), properties: { channel: 'call' } }, { id: 'crm-opp-0', email, type: 'opportunity_created', at: hoursAgo(0.6) }] }, key);
    expect(await db().select().from(touches).where(eq(touches.leadId, lead!.id))).toHaveLength(2);
    expect(await leadByEmail(email)).toMatchObject({ opportunityAt: hoursAgo(0.6), wonAt: hoursAgo(0.25) });

    // An opportunity the CRM dates before the handover closes it at its start, never before it.
    const late = 'late.sync@crmco.com';
    await server.post('/api/v1/leads', { leads: [icp(late, { ownerEmail: 'rep.a@example.com', lifecycle: { sqlAt: hoursAgo(1) } })] }, key);
    await server.post('/api/v1/events', { events: [{ id: 'crm-opp-late', email: late, type: 'opportunity_created', at: hoursAgo(3) }] }, key);
    const [closedEarly] = await db().select().from(handovers).where(eq(handovers.leadId, (await leadByEmail(late))!.id));
    expect(closedEarly).toMatchObject({ state: 'accepted', startedAt: hoursAgo(1), closedAt: hoursAgo(1) });

    // A touch on a lead nobody owns has nobody to count for: the event is kept, no touch.
    await server.post('/api/v1/events', { events: [{ id: 'orphan-touch', email: 'orphan@nobody.com', type: 'sales_touch', at: hoursAgo(1) }] }, key);
    const orphan = await leadByEmail('orphan@nobody.com');
    expect(await db().select().from(touches).where(eq(touches.leadId, orphan!.id))).toEqual([]);
    expect(await db().select({ id: events.id }).from(events).where(eq(events.leadId, orphan!.id))).toEqual([{ id: 'orphan-touch' }]);
  });

  it('refuses, item by item, an instant more than 5 minutes past the server clock, and stores the rest', async () => {
    const minutesAhead = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();
    const future = (field: string, value: string) => ({
      field,
      message: `${field}: ${value} is in the future: at most 5 minutes past the server's clock (${NOW.toISOString()}) is allowed`,
    });

    const leadReply = await server.post(
      '/api/v1/leads',
      {
        leads: [
          icp('created.later@future.com', { createdAt: minutesAhead(6) }),
          icp('mql.later@future.com', { lifecycle: { mqlAt: '2026-11-23T11:00:00+01:00' } }),
          icp('sql.later@future.com', { ownerEmail: 'rep.a@example.com', lifecycle: { mqlAt: hoursAgo(48), sqlAt: '2027-01-04T09:00:00Z' } }),
          icp('skewed@future.com', { createdAt: minutesAhead(5), lifecycle: { mqlAt: minutesAhead(4) } }),
        ],
      },
      key,
    );
    expect(leadReply.status).toBe(200);
    expect(leadReply.body).toMatchObject({ accepted: 1, created: 1, handoversOpened: 0 });
    expect(leadReply.body.rejected).toEqual([
      { index: 0, ...future('leads.0.createdAt', minutesAhead(6)) },
      { index: 1, ...future('leads.1.lifecycle.mqlAt', '2026-11-23T11:00:00+01:00') },
      { index: 2, ...future('leads.2.lifecycle.sqlAt', '2027-01-04T09:00:00Z') },
    ]);
    for (const email of ['created.later@future.com', 'mql.later@future.com', 'sql.later@future.com']) expect(await leadByEmail(email)).toBeUndefined();
    expect(await leadByEmail('skewed@future.com')).toMatchObject({ createdAt: minutesAhead(5), mqlAt: minutesAhead(4), stage: 'mql' });

    const email = 'skewed@future.com';
    const eventReply = await server.post(
      '/api/v1/events',
      {
        events: [
          { id: 'fut-1', email, type: 'demo_request', at: minutesAhead(5.5) },
          { id: 'fut-2', email, type: 'page_view', at: minutesAhead(5) },
          { id: 'fut-3', email: 'nobody.yet@future.com', type: 'sales_touch', at: '2026-12-01T09:00:00Z' },
          { id: 'fut-4', email, type: 'pricing_view', at: hoursAgo(1) },
        ],
      },
      key,
    );
    expect(eventReply.status).toBe(200);
    expect(eventReply.body).toMatchObject({ accepted: 2, created: 0, duplicates: 0, handoversOpened: 0 });
    expect(eventReply.body.rejected).toEqual([
      { index: 0, ...future('events.0.at', minutesAhead(5.5)) },
      { index: 2, ...future('events.2.at', '2026-12-01T09:00:00Z') },
    ]);
    const lead = await leadByEmail(email);
    expect((await db().select({ id: events.id }).from(events).where(eq(events.leadId, lead!.id)).orderBy(asc(events.id))).map((e) => e.id)).toEqual(['fut-2', 'fut-4']);
    expect(await leadByEmail('nobody.yet@future.com')).toBeUndefined();
    expect(lead).toMatchObject({ stage: 'mql' });
    expect(await db().select().from(handovers).where(eq(handovers.leadId, lead!.id))).toEqual([]);
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
    const replies = await Promise.all([
      server.post('/api/v1/leads', { leads: emails.map((email) => ({ email, title: 'Engineer' })) }, key),
      server.post('/api/v1/leads', { leads: emails.map((email) => ({ email, source: 'partner' })) }, otherKey),
      server.post('/api/v1/events', { events: eventsFor('one') }, key),
      server.post('/api/v1/events', { events: eventsFor('two') }, otherKey),
      server.post('/api/v1/events', { events: eventsFor('one') }, otherKey),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bulk = (await db().select({ email: leads.email, title: leads.title, source: leads.source, accountId: leads.accountId }).from(leads)).filter((l) => l.email.endsWith('@bulk.com'));
    expect(bulk).toHaveLength(60);
    expect(bulk.every((l) => l.title === 'Engineer' && l.source === 'partner')).toBe(true);
    const bulkAccounts = await db().select().from(accounts).where(eq(accounts.domain, 'bulk.com'));
    expect(bulkAccounts).toHaveLength(1);
    expect(new Set(bulk.map((l) => l.accountId))).toEqual(new Set([bulkAccounts[0]!.id]));
    const stormEvents = (await db().select({ id: events.id }).from(events)).filter((e) => /^(one|two)-/.test(e.id));
    expect(stormEvents).toHaveLength(120);
    // Of the 180 events sent, 60 were sent twice: counted once as stored, once as duplicates.
    const eventReplies = replies.slice(2);
    expect(eventReplies.reduce((n, r) => n + r.body.duplicates!, 0)).toBe(60);
    expect(eventReplies.reduce((n, r) => n + r.body.created!, 0) + replies.slice(0, 2).reduce((n, r) => n + r.body.created!, 0)).toBe(60);
  });
});

describe('REST ingest across a restart', () => {
  it('keeps leads, events, scores and handovers when the server stops and starts again on the same folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-restart-'));
    try {
      const first = await startTestServer({ now: () => NOW, dir });
      const key = await first.ingestKey();
      await first.user({ ...PARIS_REP, email: 'rep@restart.com', name: 'Rep' });
      const email = 'kept@restart.com';
      await first.post('/api/v1/leads', { leads: [icp(email)] }, key);
      await first.post('/api/v1/events', { events: [{ id: 'r1', email, type: 'meeting_booked', at: hoursAgo(1) }] }, key);
      await first.close();

      const second = await startTestServer({ now: () => NOW, dir });
      try {
        const lead = await second.database.db.query.leads.findFirst({ where: eq(leads.email, email) });
        expect(lead).toMatchObject({ firstName: 'Ada', stage: 'sql', stagePath: 'direct', intentLevel: 'high' });
        expect(await second.database.db.select({ id: events.id }).from(events).where(eq(events.leadId, lead!.id))).toEqual([{ id: 'r1' }]);
        expect(await second.database.db.select({ state: handovers.state }).from(handovers).where(eq(handovers.leadId, lead!.id))).toEqual([{ state: 'open' }]);
        // The key still works, and the event is still known.
        const replay = await second.post('/api/v1/events', { events: [{ id: 'r1', email, type: 'meeting_booked', at: hoursAgo(1) }] }, key);
        expect(replay.body).toMatchObject({ accepted: 1, duplicates: 1, handoversOpened: 0 });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
