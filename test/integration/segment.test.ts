import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, events, handovers, leads } from '../../server/db/schema';
import { eventTypeFor } from '../../server/rest/segment';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

interface TSegmentReply {
  status: number;
  body: { success?: boolean; accepted?: number; created?: number; updated?: number; duplicates?: number; handoversOpened?: number; rejected?: { index: number; field: string; message: string }[]; error?: { code: string } };
}

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

  /** As a Segment SDK sends it: Basic auth, the write key as user name and no password. */
  const segment = async (path: string, body: unknown, authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`): Promise<TSegmentReply> => {
    const response = await fetch(`${server.url}/api/v1/segment/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as TSegmentReply['body'] };
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
      rejected: [
        { index: 3, field: 'batch.3.event', message: 'batch.3.event: "Order Completed" is not an event Handshake knows (see the README\'s Segment mapping)' },
        { index: 4, field: 'batch.4.type', message: 'batch.4.type: expected identify, track or page (Handshake has no use for the other calls)' },
        {
          index: 5,
          field: 'batch.5.email',
          message: 'batch.5.email: no e-mail address: send traits.email, properties.email or context.traits.email, or identify the userId with one in the same request',
        },
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

    const noEmail = await segment('track', { anonymousId: 'anon-9', event: 'Demo Requested', messageId: 't-3', timestamp: '2026-11-23T08:00:00Z' });
    expect(noEmail.body.rejected!.map((r) => r.field)).toEqual(['email']);
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
});
