import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handovers, leads, notifications } from '../../server/db/schema';
import { sweepSla } from '../../server/domain/sweeper';
import { icpLead } from '../support/builders';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris. Last quarter is imported today.
const NOW = new Date('2026-11-23T09:00:00Z');

describe('imported history: handovers whose deadline passed long before they were imported', () => {
  let server: TestServer;
  type TUserHandle = Awaited<ReturnType<TestServer['user']>>;
  let mo: TUserHandle;
  let ana: TUserHandle;
  let ben: TUserHandle;
  let key: string;

  const leadId = async (email: string) => (await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) }))!.id;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    mo = await server.user({ email: 'mo@example.com', name: 'Mo Keller', role: 'manager', timeZone: 'Europe/Paris' });
    ana = await server.user({ ...PARIS_REP, email: 'ana@example.com', name: 'Ana Silva', managerEmail: 'mo@example.com' });
    ben = await server.user({ ...PARIS_REP, email: 'ben@example.com', name: 'Ben Okafor', managerEmail: 'mo@example.com' });
    key = await server.ingestKey();
    const reply = await server.post(
      '/api/v1/leads',
      {
        leads: [
          // An SQL of August: breached months ago, before Handshake knew of it.
          icpLead({ email: 'august@old.io', ownerEmail: 'ana@example.com', lifecycle: { sqlAt: '2026-08-14T09:00:00Z' } }),
          // An SQL of this morning, imported with it: live.
          icpLead({ email: 'today@new.io', ownerEmail: 'ana@example.com', lifecycle: { sqlAt: '2026-11-23T08:00:00Z' } }),
          // Breached on Friday afternoon, within the escalation horizon: still a live emergency.
          icpLead({ email: 'friday@recent.io', ownerEmail: 'ana@example.com', lifecycle: { sqlAt: '2026-11-20T08:00:00Z' } }),
        ],
      },
      key,
    );
    expect(reply).toMatchObject({ status: 200, body: { handoversOpened: 3 } });
  });
  afterAll(() => server.close());

  it("keeps history out of the rep's queue (and so out of the badge)", async () => {
    expect((await ana.api.queue.mine.query()).map((item) => item.email).sort()).toEqual(['friday@recent.io', 'today@new.io']);
  });

  it("keeps history out of the manager's at-risk list", async () => {
    expect((await mo.api.queue.team.query()).map((item) => item.email)).toEqual(['friday@recent.io', 'today@new.io']);
  });

  it('still counts history in the stats', async () => {
    const stats = await mo.api.stats.reps.query({ from: '2026-08-01T00:00:00Z', to: NOW.toISOString() });
    expect(stats.reps.find((rep) => rep.name === 'Ana Silva')).toMatchObject({ handovers: 3 });
  });

  it('sends no notification about history, at any sweep', async () => {
    await sweepSla(server.database, NOW);
    await sweepSla(server.database, new Date(NOW.getTime() + 3_600_000));
    const august = await server.database.db.query.handovers.findFirst({ where: eq(handovers.leadId, await leadId('august@old.io')) });
    const about = await server.database.db.select().from(notifications).where(eq(notifications.handoverId, august!.id));
    expect(about).toEqual([]);
    // The breach is recorded all the same, for the stats.
    expect(august).toMatchObject({ breachedAt: august!.deadline, state: 'open', ownerId: ana.id });
  });

  it('a CRM moving a historical lead to another rep neither notifies them nor fills their queue', async () => {
    const reply = await server.post('/api/v1/leads', { leads: [{ email: 'august@old.io', ownerEmail: 'ben@example.com' }] }, key);
    expect(reply.status).toBe(200);
    const august = await server.database.db.query.handovers.findFirst({ where: eq(handovers.leadId, await leadId('august@old.io')) });
    expect(august).toMatchObject({ ownerId: ben.id });
    // (Ben was given Friday's breached lead at the sweep before, Ana having no backup: that one is live.)
    expect((await ben.api.notifications.mine.query()).filter((n) => n.handoverId === august!.id)).toEqual([]);
    expect((await ben.api.queue.mine.query()).map((item) => item.email)).toEqual(['friday@recent.io']);
  });
});
