import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { handovers, leads } from '../../server/db/schema';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// A rep's SLA clock stops on the public holidays of the region they work in (`holidayRegion`),
// with no date typed in: 11 November (Armistice Day) is one in France.

// Tuesday 10 November 2026, 15:00 in Paris: the eve of Armistice Day.
const EVE = new Date('2026-11-10T14:00:00Z');
const HOUR = 3_600_000;

describe('a rep with a holiday region', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('gets a deadline that skips the public holiday after the handover opens, and first-touch business time without it', async () => {
    let clock = EVE;
    server = await startTestServer({ now: () => clock });
    const key = await server.ingestKey();
    const inFrance = await server.user({ ...PARIS_REP, email: 'fr@team.com', name: 'Inès', holidayRegion: 'FR' });
    const noRegion = await server.user({ ...PARIS_REP, email: 'none@team.com', name: 'Noé' });
    const handOver = async (email: string, ownerEmail: string) => {
      const company = { name: 'Co', domain: email.split('@')[1], employees: 300, industry: 'Software', country: 'FR' };
      await server.post('/api/v1/leads', { leads: [{ email, title: 'VP Sales', company, ownerEmail }] }, key);
      await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at: new Date(clock.getTime() - HOUR).toISOString() }] }, key);
      const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) });
      return (await server.database.db.query.handovers.findFirst({ where: eq(handovers.leadId, lead!.id) }))!;
    };

    // High intent: 4 business hours. Two on Tuesday (15:00–17:00), then two on the next working day.
    const skipping = await handOver('lead@acme.com', 'fr@team.com');
    const working = await handOver('lead@other.com', 'none@team.com');
    expect(skipping).toMatchObject({ ownerId: inFrance.id, tier: 'high', startedAt: EVE.toISOString(), deadline: '2026-11-12T10:00:00.000Z' });
    expect(working).toMatchObject({ ownerId: noRegion.id, tier: 'high', startedAt: EVE.toISOString(), deadline: '2026-11-11T10:00:00.000Z' });

    // Both first touched on Thursday at 10:00 in Paris: 2 + 1 business hours, or 2 + 8 + 1 with the holiday worked.
    clock = new Date('2026-11-12T09:00:00Z');
    await inFrance.api.touch.log.mutate({ leadId: skipping.leadId, channel: 'call', idempotencyKey: 'touch-key-fr-01' });
    await noRegion.api.touch.log.mutate({ leadId: working.leadId, channel: 'call', idempotencyKey: 'touch-key-no-01' });
    const touched = async (id: string) => (await server.database.db.query.handovers.findFirst({ where: eq(handovers.id, id) }))!;
    expect(await touched(skipping.id)).toMatchObject({ firstTouchAt: clock.toISOString(), firstTouchBusinessMs: 3 * HOUR });
    expect(await touched(working.id)).toMatchObject({ firstTouchAt: clock.toISOString(), firstTouchBusinessMs: 11 * HOUR });
  });
});
