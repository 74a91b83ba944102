import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import type { TRouting } from '../../shared/routing';
import { handovers, leads } from '../../server/db/schema';
import { startTestServer, type TestServer } from '../support/server';

// A demo request at 17:55 in London goes to a rep whose day has started, not to one whose
// clock pauses for 15 hours — when the charter asks for it (highTierWorkingNow). With nobody
// of the pool at work, it goes to the next rep all the same, and the trace says so.

const ROUTING: TRouting = {
  crmOwner: 'always',
  accountOwner: false,
  accountOwnerDays: 90,
  highTierWorkingNow: true,
  rules: [],
  fallback: { kind: 'reps', emails: ['lon@team.com', 'ny@team.com'] },
};
const WEEKDAYS = { workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] };

describe('high-intent leads and working hours', () => {
  let server: TestServer;
  let clock: Date;
  afterEach(() => server.close());

  async function start() {
    clock = new Date('2026-11-23T09:00:00Z');
    server = await startTestServer({ now: () => clock });
    const key = await server.ingestKey();
    const mia = await server.user({ ...WEEKDAYS, email: 'mia@team.com', name: 'Mia Manager', role: 'manager', timeZone: 'Europe/London' });
    const mo = await server.user({ ...WEEKDAYS, email: 'mo@team.com', name: 'Mo Marketing', role: 'manager', team: 'marketing', timeZone: 'Europe/London' });
    const lon = await server.user({ ...WEEKDAYS, email: 'lon@team.com', name: 'Lou London', role: 'rep', timeZone: 'Europe/London' });
    const ny = await server.user({ ...WEEKDAYS, email: 'ny@team.com', name: 'Nia York', role: 'rep', timeZone: 'America/New_York' });
    const { version } = await mia.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: ROUTING } } });
    await mia.api.charter.signOff.mutate({ version });
    await mo.api.charter.signOff.mutate({ version });
    const demo = async (email: string, at: string) => {
      clock = new Date(at);
      await server.post('/api/v1/leads', { leads: [{ email, title: 'VP Sales', company: { name: 'Co', domain: email.split('@')[1], employees: 300, industry: 'Software', country: 'GB' } }] }, key);
      await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at }] }, key);
      const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) });
      return (await server.database.db.select().from(handovers).where(eq(handovers.leadId, lead!.id)))[0]!;
    };
    return { lon, ny, demo };
  }

  it('goes to the rep whose day has started, skipping the one whose day is over', async () => {
    const { lon, ny, demo } = await start();
    // Monday 17:55 in London, 12:55 in New York.
    const handover = await demo('buyer@late.co.uk', '2026-11-23T17:55:00Z');
    expect(handover.tier).toBe('high');
    expect(handover.ownerId).toBe(ny.id);
    expect(handover.routing).toEqual({ by: 'fallback', skipped: [{ userId: lon.id, name: 'Lou London', reason: 'outside_hours' }] });
    // Tuesday 10:00 in London, 05:00 in New York: London's turn, and only London is at work.
    const morning = await demo('buyer@early.co.uk', '2026-11-24T10:00:00Z');
    expect([morning.ownerId, morning.routing?.skipped.map((s) => s.reason)]).toEqual([lon.id, ['outside_hours']]);
  });

  it('goes to the next rep all the same when nobody of the pool is at work, and says so', async () => {
    const { lon, demo } = await start();
    // Saturday 03:00 UTC: a weekend everywhere.
    const handover = await demo('buyer@weekend.co.uk', '2026-11-28T03:00:00Z');
    expect(handover.ownerId).toBe(lon.id);
    expect(handover.routing).toEqual({ by: 'fallback', skipped: [], nobodyWorkingNow: true });
  });
});
