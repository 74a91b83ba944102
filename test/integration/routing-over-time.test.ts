import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import type { TRouting } from '../../shared/routing';
import { handovers, leads, users } from '../../server/db/schema';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Availability over time, through the API as days pass: a rep away is skipped while away and
// takes leads again the day they are back, at their share, not in a burst; a rep at capacity
// takes leads again once a handover of theirs is decided.

const ROUTING: TRouting = { crmOwner: 'always', accountOwner: false, accountOwnerDays: 90, highTierWorkingNow: false, rules: [], fallback: { kind: 'reps', emails: ['ana@team.com', 'ben@team.com'] } };

describe('routing over time', () => {
  let server: TestServer;
  let clock: Date;
  let key: string;
  let n = 0;
  afterEach(() => server.close());

  async function start() {
    clock = new Date('2026-11-23T09:00:00Z');
    server = await startTestServer({ now: () => clock });
    key = await server.ingestKey();
    const mia = await server.user({ ...PARIS_REP, email: 'mia@team.com', name: 'Mia Manager', role: 'manager' });
    const mo = await server.user({ ...PARIS_REP, email: 'mo@team.com', name: 'Mo Marketing', role: 'manager', team: 'marketing' });
    const ana = await server.user({ ...PARIS_REP, email: 'ana@team.com', name: 'Ana Ruiz', outOfOffice: [{ from: '2026-11-24', to: '2026-11-25' }] });
    const ben = await server.user({ ...PARIS_REP, email: 'ben@team.com', name: 'Ben Ode' });
    const { version } = await mia.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: ROUTING } } });
    await mia.api.charter.signOff.mutate({ version });
    await mo.api.charter.signOff.mutate({ version });
    return { ana, ben };
  }

  /** Two SQLs on the given day at 10:00 in Paris; who got each, by first name. */
  async function day(date: string, count = 2): Promise<string[]> {
    clock = new Date(`${date}T09:00:00Z`);
    const owners: string[] = [];
    for (let i = 0; i < count; i += 1) {
      n += 1;
      const email = `lead${n}@co${n}.fr`;
      await server.post('/api/v1/leads', { leads: [{ email, title: 'VP Sales', company: { name: 'Co', domain: `co${n}.fr`, employees: 300, industry: 'Software', country: 'FR' } }] }, key);
      await server.post('/api/v1/events', { events: [{ id: `demo-${n}`, email, type: 'demo_request', at: clock.toISOString() }] }, key);
      const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) });
      const [handover] = await server.database.db.select().from(handovers).where(eq(handovers.leadId, lead!.id));
      const owner = await server.database.db.query.users.findFirst({ where: eq(users.id, handover!.ownerId) });
      owners.push(owner!.name.split(' ')[0]!);
    }
    return owners;
  }

  it('skips a rep on their days away, and deals to them at their share the day they are back', async () => {
    await start();
    expect(await day('2026-11-23')).toEqual(['Ana', 'Ben']);
    expect(await day('2026-11-24', 3)).toEqual(['Ben', 'Ben', 'Ben']);
    expect(await day('2026-11-25')).toEqual(['Ben', 'Ben']);
    // Back on Thursday: one each, not five to Ana to catch up.
    expect(await day('2026-11-26', 4)).toEqual(['Ana', 'Ben', 'Ana', 'Ben']);
  });

  it('skips a rep at capacity until a handover of theirs is decided', async () => {
    const { ana } = await start();
    await server.database.db.update(users).set({ capacity: 2, outOfOffice: [] }).where(eq(users.id, ana.id));
    expect(await day('2026-11-23', 4)).toEqual(['Ana', 'Ben', 'Ana', 'Ben']);
    // Ana holds 2 of 2.
    expect(await day('2026-11-23', 2)).toEqual(['Ben', 'Ben']);
    const [held] = await server.database.db.select().from(handovers).where(eq(handovers.ownerId, ana.id)).limit(1);
    await ana.api.decision.accept.mutate({ leadId: held!.leadId, idempotencyKey: 'accept-capacity-1' });
    // A seat is free: her turn comes again in the rotation (Ben's first, then hers)...
    expect(await day('2026-11-23', 2)).toEqual(['Ben', 'Ana']);
    // ...and she is at capacity again after it.
    expect(await day('2026-11-23', 2)).toEqual(['Ben', 'Ben']);
  });
});
