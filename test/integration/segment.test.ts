import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, handovers, leads } from '../../server/db/schema';
import { eventTypeFor } from '../../server/rest/segment';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

const NOW = new Date('2026-11-23T09:00:00Z');

describe('Segment-compatible ingest', () => {
  let server: TestServer;
  let key: string;

  /** As a Segment SDK sends it: Basic auth, the write key as user name and no password. */
  const segment = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}/api/v1/segment/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { success?: boolean; accepted?: number; rejected?: { index: number; field: string }[] } };
  };

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    key = await server.ingestKey('segment');
    await server.user({ ...PARIS_REP, email: 'rep@example.com', name: 'Rep' });
  });
  afterAll(() => server.close());

  it('maps Segment event names to Handshake events', () => {
    expect(eventTypeFor('Demo Requested')).toBe('demo_request');
    expect(eventTypeFor('Email Link Clicked')).toBe('email_click');
    expect(eventTypeFor('pricing_view')).toBe('pricing_view');
    expect(eventTypeFor('Trial Started')).toBe('trial_signup');
    expect(eventTypeFor('Order Completed')).toBeUndefined();
  });

  it('takes identify, then track and page calls for that user, in one batch', async () => {
    const reply = await segment('batch', {
      batch: [
        {
          type: 'identify',
          userId: 'u-42',
          messageId: 'm-1',
          traits: { email: 'Kim.Lee@Orbital.io', first_name: 'Kim', last_name: 'Lee', title: 'Head of Revenue Operations', company: { name: 'Orbital', employee_count: '240', industry: 'SaaS' }, country: 'US' },
          context: { campaign: { name: 'q4-abm', source: 'linkedin' } },
        },
        { type: 'page', userId: 'u-42', messageId: 'm-2', timestamp: '2026-11-22T10:00:00Z', properties: { path: '/pricing', url: 'https://example.com/pricing' } },
        { type: 'track', userId: 'u-42', messageId: 'm-3', event: 'Demo Requested', timestamp: '2026-11-23T08:30:00Z', properties: { form: 'demo' } },
        { type: 'track', userId: 'u-42', messageId: 'm-4', event: 'Order Completed', timestamp: '2026-11-23T08:31:00Z' },
        { type: 'alias', userId: 'u-42', previousId: 'anon-1' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.success).toBe(true);
    expect(reply.body.accepted).toBe(3);
    expect(reply.body.rejected!.map((r) => [r.index, r.field])).toEqual([
      [3, 'batch.3.event'],
      [4, 'batch.4.type'],
    ]);
    const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.email, 'kim.lee@orbital.io') });
    expect(lead).toMatchObject({ firstName: 'Kim', title: 'Head of Revenue Operations', source: 'linkedin', campaign: 'q4-abm', authorityLevel: 'decision_maker' });
    const stored = await server.database.db.select({ id: events.id, type: events.type }).from(events).where(eq(events.leadId, lead!.id));
    expect(stored.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'm-2', type: 'pricing_view' },
      { id: 'm-3', type: 'demo_request' },
    ]);
  });

  it('takes single identify and track calls, and names what is missing', async () => {
    const identify = await segment('identify', { userId: 'pat@acme-logistics.com', traits: { title: 'CEO', company: { name: 'Acme Logistics', employees: 120, industry: 'Software', country: 'Canada' } } });
    expect(identify.body).toMatchObject({ success: true, accepted: 1, rejected: [] });
    const track = await segment('track', { userId: 'pat@acme-logistics.com', event: 'Meeting Booked', messageId: 't-1', timestamp: '2026-11-23T08:00:00Z' });
    expect(track.body).toMatchObject({ accepted: 1, rejected: [] });
    const noEmail = await segment('track', { anonymousId: 'anon-9', event: 'Demo Requested', messageId: 't-2', timestamp: '2026-11-23T08:00:00Z' });
    expect(noEmail.body.rejected!.map((r) => r.field)).toEqual(['batch.0.email']);
    const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.email, 'pat@acme-logistics.com') });
    expect(await server.database.db.select().from(handovers).where(eq(handovers.leadId, lead!.id))).toHaveLength(1);
  });

  it('refuses a request without the write key', async () => {
    const response = await fetch(`${server.url}/api/v1/segment/track`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });
});
