import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, events, handovers, leads, segmentPending } from '../../server/db/schema';
import { eventTypeFor } from '../../server/rest/segment';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer, type TRestReply } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

describe('Segment-compatible ingest', () => {
  let server: TestServer;
  let key: string;
  let repId: string;
  const db = () => server.database.db;
  const leadByEmail = (email: string) => db().query.leads.findFirst({ where: eq(leads.email, email) });
  const eventsOf = async (email: string) =>
    db()
      .select({ id: events.id, type: events.type, at: events.at, properties: events.properties })
      .from(events)
      .where(eq(events.leadId, (await leadByEmail(email))!.id))
      .orderBy(asc(events.at), asc(events.id));

  /**
   * As a Segment SDK sends it: Basic auth, the write key as user name and no password. One
   * connection per call: a pooled one would not survive the server's restart below.
   */
  const segment = async (path: string, body: unknown, authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`): Promise<TRestReply> => {
    const response = await fetch(`${server.url}/api/v1/segment/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, connection: 'close' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as TRestReply['body'] };
  };

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    key = await server.ingestKey('segment');
    repId = (await server.user({ ...PARIS_REP, email: 'rep@example.com', name: 'Rep' })).id;
  });
  afterAll(() => server.close());

  it('maps Segment event names to ours: the documented table, else the name in snake_case if it is one of ours', () => {
    expect(eventTypeFor('Pricing Viewed')).toBe('pricing_view');
    expect(eventTypeFor('Pricing Page Viewed')).toBe('pricing_view');
    expect(eventTypeFor('pricing_view')).toBe('pricing_view');
    expect(eventTypeFor('Pricing View')).toBe('pricing_view');
    expect(eventTypeFor('Demo Requested')).toBe('demo_request');
    expect(eventTypeFor('Email Link Clicked')).toBe('email_click');
    expect(eventTypeFor('Trial Started')).toBe('trial_signup');
    expect(eventTypeFor('Deal Won')).toBe('closed_won');
    expect(eventTypeFor('closed-lost')).toBe('closed_lost');
    expect(eventTypeFor('  webinar   attended ')).toBe('webinar_attended');
    expect(eventTypeFor('Order Completed')).toBeUndefined();
  });

  it('takes a batch of identify, page and track calls, resolving userIds identified anywhere in it', async () => {
    const reply = await segment('batch', {
      context: { campaign: { name: 'q4-abm', source: 'linkedin' } },
      batch: [
        // Before its identify: still resolved.
        { type: 'track', userId: 'u-42', messageId: 'm-3', event: 'Demo Requested', timestamp: '2026-11-23T08:30:00Z', properties: { form: 'demo' } },
        {
          type: 'identify',
          userId: 'u-42',
          messageId: 'm-1',
          traits: {
            email: 'Kim.Lee@Orbital.io',
            first_name: 'Kim',
            last_name: 'Lee',
            title: 'Head of Revenue Operations',
            company: { name: 'Orbital', employee_count: '240', industry: 'SaaS', country: 'US', tech_stack: ['Segment', 'HubSpot'] },
            owner_email: 'rep@example.com',
          },
        },
        { type: 'page', userId: 'u-42', messageId: 'm-2', timestamp: '2026-11-22T10:00:00+01:00', properties: { path: '/pricing', url: 'https://example.com/pricing' } },
        { type: 'track', userId: 'u-42', messageId: 'm-4', event: 'Order Completed', timestamp: '2026-11-23T08:31:00Z' },
        { type: 'alias', userId: 'u-42', previousId: 'anon-1' },
        { type: 'track', anonymousId: 'anon-9', messageId: 'm-5', event: 'Pricing Viewed', timestamp: '2026-11-23T08:00:00Z' },
        { type: 'track', userId: 'u-42', messageId: 'm-6', event: 'Pricing Viewed', timestamp: 'half past eight' },
        null,
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      success: true,
      accepted: 3,
      created: 1,
      updated: 0,
      duplicates: 0,
      handoversOpened: 1,
      awaitingRep: 0,
      // batch.5, from a visitor no identify has named yet, is kept for when one does.
      pending: 1,
      pendingDropped: 0,
      resolved: 0,
      rejected: [
        { index: 3, field: 'batch.3.event', message: 'batch.3.event: "Order Completed" is not an event Handshake knows (see the README\'s Segment mapping)' },
        { index: 4, field: 'batch.4.type', message: 'batch.4.type: expected identify, track or page (Handshake has no use for the other calls)' },
        { index: 6, field: 'batch.6.timestamp', message: 'batch.6.timestamp: expected an ISO-8601 date-time such as 2026-03-02T09:30:00Z' },
        { index: 7, field: 'batch.7.type', message: 'batch.7.type: expected identify, track or page (Handshake has no use for the other calls)' },
      ],
    });
    const lead = await leadByEmail('kim.lee@orbital.io');
    expect(lead).toMatchObject({
      firstName: 'Kim',
      lastName: 'Lee',
      title: 'Head of Revenue Operations',
      source: 'linkedin',
      campaign: 'q4-abm',
      authorityLevel: 'decision_maker',
      ownerId: repId,
      stage: 'sql',
      stagePath: 'direct',
    });
    expect(await db().query.accounts.findFirst({ where: eq(accounts.id, lead!.accountId!) })).toMatchObject({
      domain: 'orbital.io',
      name: 'Orbital',
      employees: 240,
      industry: 'SaaS',
      country: 'US',
      techStack: ['Segment', 'HubSpot'],
    });
    expect(await eventsOf('kim.lee@orbital.io')).toEqual([
      { id: 'm-2', type: 'pricing_view', at: '2026-11-22T09:00:00.000Z', properties: { path: '/pricing', url: 'https://example.com/pricing' } },
      { id: 'm-3', type: 'demo_request', at: '2026-11-23T08:30:00.000Z', properties: { form: 'demo' } },
    ]);
    expect(await db().select({ ownerId: handovers.ownerId, tier: handovers.tier }).from(handovers).where(eq(handovers.leadId, lead!.id))).toEqual([{ ownerId: repId, tier: 'high' }]);
  });

  it('takes single identify, track and page calls, naming the Segment field at fault', async () => {
    const identify = await segment('identify', { userId: 'pat@acme-logistics.com', traits: { title: 'CEO', company: 'Acme Logistics' } });
    expect(identify.body).toMatchObject({ success: true, accepted: 1, created: 1, rejected: [] });
    expect(await leadByEmail('pat@acme-logistics.com')).toMatchObject({ title: 'CEO', company: { name: 'Acme Logistics' } });

    const track = await segment('track', { userId: 'pat@acme-logistics.com', event: 'Webinar Attended', messageId: 't-1', timestamp: '2026-11-23T08:00:00Z' });
    expect(track.body).toMatchObject({ success: true, accepted: 1, rejected: [] });
    const page = await segment('page', { userId: 'pat@acme-logistics.com', name: 'Blog', messageId: 't-2', timestamp: '2026-11-23T08:05:00Z', properties: { path: '/blog/routing' } });
    expect(page.body).toMatchObject({ accepted: 1, rejected: [] });

    const nobody = await segment('track', { event: 'Demo Requested', messageId: 't-3', timestamp: '2026-11-23T08:00:00Z' });
    expect(nobody.body.rejected).toEqual([
      { index: 0, field: 'email', message: 'email: no e-mail address: send traits.email, properties.email or context.traits.email, or a userId or anonymousId that an identify names' },
    ]);
    const noName = await segment('track', { userId: 'pat@acme-logistics.com', messageId: 't-4' });
    expect(noName.body.rejected).toEqual([{ index: 0, field: 'event', message: 'event: a track call needs an event name' }]);
    const badTraits = await segment('identify', { traits: { email: 'not an e-mail', title: 'x'.repeat(400) } });
    expect(badTraits.body.rejected).toEqual([{ index: 0, field: 'traits.email', message: 'traits.email: expected an e-mail address' }]);

    expect((await eventsOf('pat@acme-logistics.com')).map((e) => [e.id, e.type])).toEqual([
      ['t-1', 'webinar_attended'],
      ['t-2', 'page_view'],
    ]);
  });

  it('fills in what Segment fills in: the time received, and an id from the message, so a retry is stored once', async () => {
    const message = { userId: 'sam@retry.io', event: 'Content Downloaded', properties: { asset: 'Routing guide' } };
    const first = await segment('track', message);
    expect(first.body).toMatchObject({ accepted: 1, created: 1, duplicates: 0 });
    const retry = await segment('track', message);
    expect(retry.body).toMatchObject({ accepted: 1, created: 0, duplicates: 1 });
    const stored = await eventsOf('sam@retry.io');
    expect(stored).toEqual([{ id: expect.stringMatching(/^segment:[0-9a-f]{32}$/) as string, type: 'content_download', at: NOW.toISOString(), properties: { asset: 'Routing guide' } }]);
  });

  it("places an event by the device's own clock when it says when it sent it, and refuses one in the future", async () => {
    const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();
    // A phone 21 minutes fast: the event happened a minute before it was sent.
    const fast = await segment('track', { userId: 'drift@clock.io', messageId: 'c-1', event: 'Pricing Viewed', timestamp: minutes(20), sentAt: minutes(21) });
    expect(fast.body).toMatchObject({ accepted: 1, rejected: [] });
    // The batch's own sentAt counts for its messages.
    const batch = await segment('batch', { sentAt: minutes(60), batch: [{ type: 'track', userId: 'drift@clock.io', messageId: 'c-2', event: 'Demo Requested', timestamp: minutes(55) }] });
    expect(batch.body).toMatchObject({ accepted: 1, rejected: [] });
    expect((await eventsOf('drift@clock.io')).map((e) => [e.id, e.at])).toEqual([
      ['c-2', minutes(-5)],
      ['c-1', minutes(-1)],
    ]);
    const ahead = await segment('track', { userId: 'drift@clock.io', messageId: 'c-3', event: 'Demo Requested', timestamp: minutes(20) });
    expect(ahead.body.rejected).toEqual([
      {
        index: 0,
        field: 'timestamp',
        message: `timestamp: ${minutes(20)} is in the future: at most 5 minutes past the server's clock (${NOW.toISOString()}) is allowed`,
      },
    ]);
  });

  it('takes the write key as a Bearer token too, and refuses a request without a live one', async () => {
    const bearer = await segment('identify', { traits: { email: 'bearer@token.io' } }, `Bearer ${key}`);
    expect(bearer.body).toMatchObject({ success: true, accepted: 1 });
    const withPassword = await segment('identify', { traits: { email: 'pw@token.io' } }, `Basic ${Buffer.from(`${key}:ignored`).toString('base64')}`);
    expect(withPassword.status).toBe(200);
    for (const authorization of ['', `Basic ${Buffer.from('hsk_wrong:').toString('base64')}`, 'Basic !!!', `Digest ${key}`]) {
      const refused = await segment('track', { userId: 'a@b.co', event: 'Demo Requested' }, authorization);
      expect([authorization, refused.status, refused.body.error?.code]).toEqual([authorization, 401, 'UNAUTHENTICATED']);
    }
  });

  it('answers a wrong envelope with a 400 naming the field', async () => {
    expect(await segment('batch', { messages: [] })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', field: 'batch' } } });
    expect(await segment('batch', { batch: {} })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', field: 'batch' } } });
    expect(await segment('track', [])).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', field: 'body' } } });
  });

  it('keeps the calls of a visitor not yet identified, and ingests them once an identify names them', async () => {
    const before = [
      { type: 'page', anonymousId: 'anon-77', messageId: 'p-1', timestamp: '2026-11-20T10:00:00Z', properties: { path: '/pricing' } },
      { type: 'track', anonymousId: 'anon-77', messageId: 'p-2', event: 'Content Downloaded', timestamp: '2026-11-21T10:00:00Z', properties: { asset: 'ROI guide' } },
      // Checked on arrival, so nothing kept can fail later for its own shape.
      { type: 'track', anonymousId: 'anon-77', messageId: 'p-3', event: 'Webinar Attended', timestamp: 'yesterday' },
    ];
    const first = await segment('batch', { batch: before });
    expect(first.body).toMatchObject({ accepted: 0, pending: 2, resolved: 0 });
    expect(first.body.rejected).toEqual([{ index: 2, field: 'batch.2.timestamp', message: 'batch.2.timestamp: expected an ISO-8601 date-time such as 2026-03-02T09:30:00Z' }]);
    // Sent again (a retry): kept once.
    expect((await segment('batch', { batch: before.slice(0, 2) })).body).toMatchObject({ pending: 0, rejected: [] });
    expect(await leadByEmail('lou.martin@ledger.io')).toBeUndefined();

    const identify = await segment('identify', { anonymousId: 'anon-77', userId: 'u-77', traits: { email: 'Lou.Martin@Ledger.io', title: 'CFO' } });
    expect(identify.body).toMatchObject({ accepted: 3, created: 1, pending: 0, resolved: 2, rejected: [] });
    expect((await eventsOf('lou.martin@ledger.io')).map((e) => [e.id, e.type, e.at])).toEqual([
      ['p-1', 'pricing_view', '2026-11-20T10:00:00.000Z'],
      ['p-2', 'content_download', '2026-11-21T10:00:00.000Z'],
    ]);

    // Later calls carrying only the userId resolve through the identify of an earlier request, across a restart.
    server = await server.restart();
    const later = await segment('track', { userId: 'u-77', messageId: 'p-4', event: 'Demo Requested', timestamp: '2026-11-23T08:50:00Z' });
    expect(later.body).toMatchObject({ accepted: 1, pending: 0, resolved: 0, rejected: [] });
    expect((await eventsOf('lou.martin@ledger.io')).map((e) => e.id)).toEqual(['p-1', 'p-2', 'p-4']);
    // Let go once ingested: the same identify again resolves nothing more.
    expect((await segment('identify', { anonymousId: 'anon-77', traits: { email: 'lou.martin@ledger.io' } })).body).toMatchObject({ resolved: 0 });
  });

  it('ties nothing to an identify it refused', async () => {
    await segment('track', { anonymousId: 'anon-88', messageId: 'q-1', event: 'Demo Requested', timestamp: '2026-11-23T08:00:00Z' });
    const refused = await segment('identify', { anonymousId: 'anon-88', traits: { email: 'not an e-mail' } });
    expect(refused.body).toMatchObject({ accepted: 0, resolved: 0 });
    expect((await segment('track', { anonymousId: 'anon-88', messageId: 'q-2', event: 'Pricing Viewed', timestamp: '2026-11-23T08:10:00Z' })).body).toMatchObject({ pending: 1 });
    const named = await segment('identify', { anonymousId: 'anon-88', traits: { email: 'ana@fjord.no' } });
    expect(named.body).toMatchObject({ resolved: 2 });
  });
});

describe('Segment calls from visitors never identified', () => {
  it('are forgotten after the retention period', async () => {
    let now = new Date('2026-08-01T09:00:00Z');
    const server = await startTestServer({ now: () => now });
    try {
      const key = await server.ingestKey('segment');
      const post = (path: string, body: unknown) => server.post(`/api/v1/segment/${path}`, body, key);
      await post('track', { anonymousId: 'anon-old', messageId: 'o-1', event: 'Pricing Viewed', timestamp: '2026-08-01T08:00:00Z' });
      now = new Date('2026-10-31T09:00:00Z');
      await post('track', { anonymousId: 'anon-new', messageId: 'o-2', event: 'Pricing Viewed', timestamp: '2026-10-31T08:00:00Z' });
      const kept = await server.database.db.select({ id: segmentPending.id }).from(segmentPending);
      expect(kept.map((row) => row.id)).toEqual(['o-2']);
      expect((await post('identify', { anonymousId: 'anon-old', traits: { email: 'old@visitor.io' } })).body).toMatchObject({ resolved: 0 });
    } finally {
      await server.close();
    }
  });
});
