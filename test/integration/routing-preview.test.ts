import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import type { TRouting } from '../../shared/routing';
import { handovers, users } from '../../server/db/schema';
import { routingRotation } from '../../server/db/schema-routing';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// routing.preview: who a draft charter's rules would give the leads handed over lately, and
// the load per rep, with nothing written; stats.routing: each pool's shares against weights.
// Now is Monday 23 November 2026, 10:00 in Paris.

const NOW = new Date('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;

const TODAY: TRouting = { crmOwner: 'always', accountOwner: false, accountOwnerDays: 90, highTierWorkingNow: false, rules: [], fallback: { kind: 'reps', emails: ['ana@team.com', 'ben@team.com'] } };

describe('routing.preview and stats.routing', () => {
  let server: TestServer;
  let mia: Awaited<ReturnType<TestServer['user']>>;
  let ana: Awaited<ReturnType<TestServer['user']>>;
  let cy: Awaited<ReturnType<TestServer['user']>>;

  let clock = NOW;
  beforeAll(async () => {
    server = await startTestServer({ now: () => clock });
    const key = await server.ingestKey();
    mia = await server.user({ ...PARIS_REP, email: 'mia@team.com', name: 'Mia Manager', role: 'manager' });
    const mo = await server.user({ ...PARIS_REP, email: 'mo@team.com', name: 'Mo Marketing', role: 'manager', team: 'marketing' });
    ana = await server.user({ ...PARIS_REP, email: 'ana@team.com', name: 'Ana Ruiz', managerEmail: 'mia@team.com' });
    await server.user({ ...PARIS_REP, email: 'ben@team.com', name: 'Ben Ode', managerEmail: 'mia@team.com', weight: 3 });
    cy = await server.user({ ...PARIS_REP, email: 'cy@team.com', name: 'Cy Young', territories: ['US'] });
    const { version } = await mia.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: TODAY } } });
    await mia.api.charter.signOff.mutate({ version });
    await mo.api.charter.signOff.mutate({ version });
    // Four leads, two in France and two in the US, all dealt between Ana and Ben today.
    const emails = ['f1@one.fr', 'f2@two.fr', 'u1@one.us', 'u2@two.us'];
    await server.post('/api/v1/leads', { leads: emails.map((email) => ({ email, title: 'VP Sales', company: { name: email, domain: email.split('@')[1], employees: 300, industry: 'Software', country: email.endsWith('.us') ? 'US' : 'FR' } })) }, key);
    for (const email of emails) await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at: new Date(NOW.getTime() - HOUR).toISOString() }] }, key);
    // The previews come a minute later: the range [30 days ago, now) holds the four handovers.
    clock = new Date(NOW.getTime() + 60_000);
  });
  afterAll(() => server.close());

  it('shows who a draft would give each lead, the skips, and the load per rep, writing nothing', async () => {
    const rotationBefore = await server.database.db.select().from(routingRotation);
    const handoversBefore = await server.database.db.select().from(handovers);
    const draft: TCharter = {
      ...DEFAULT_CHARTER,
      handover: { repsMayClaim: false, routing: { ...TODAY, rules: [{ name: 'US', when: { countries: ['US'] }, pool: { kind: 'territory' } }] } },
    };
    const preview = await mia.api.routing.preview.mutate({ charter: draft });
    expect(preview.charterVersion).toBeNull();
    expect(preview.leads.map((l) => [l.email, l.owner?.name, l.route?.by, l.route?.rule])).toEqual(
      expect.arrayContaining([
        ['u1@one.us', 'Cy Young', 'rule', 'US'],
        ['u2@two.us', 'Cy Young', 'rule', 'US'],
      ]),
    );
    expect(preview.leads.filter((l) => l.email.endsWith('.fr')).map((l) => l.route?.by)).toEqual(['fallback', 'fallback']);
    expect(preview.leftOut).toBe(0);
    const load = new Map(preview.load.map((row) => [row.name, row]));
    expect([load.get('Cy Young')?.openNow, load.get('Cy Young')?.wouldGet]).toEqual([0, 2]);
    expect((load.get('Ana Ruiz')?.openNow ?? 0) + (load.get('Ben Ode')?.openNow ?? 0)).toBe(4);
    expect((load.get('Ana Ruiz')?.wouldGet ?? 0) + (load.get('Ben Ode')?.wouldGet ?? 0)).toBe(2);
    expect(await server.database.db.select().from(routingRotation)).toEqual(rotationBefore);
    expect(await server.database.db.select().from(handovers)).toEqual(handoversBefore);
  });

  it('previews named leads under the charter in force, and tells who is out of office', async () => {
    await server.database.db.update(users).set({ outOfOffice: [{ from: '2026-11-23', to: '2026-11-27' }] }).where(eq(users.id, ana.id));
    const [lead] = await server.database.db.select().from(handovers).limit(1);
    const preview = await mia.api.routing.preview.mutate({ leadIds: [lead!.leadId] });
    expect(preview.leads).toHaveLength(1);
    expect(preview.leads[0]).toMatchObject({ owner: { name: 'Ben Ode' }, route: { by: 'fallback', skipped: [{ name: 'Ana Ruiz', reason: 'out_of_office', until: '2026-11-27' }] } });
    await server.database.db.update(users).set({ outOfOffice: [] }).where(eq(users.id, ana.id));
  });

  it('refuses a rep, and a draft naming nobody here, naming the field', async () => {
    expect(await failure(cy.api.routing.preview.mutate({}))).toMatchObject({ code: 'FORBIDDEN' });
    const ghost = { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: { ...TODAY, fallback: { kind: 'reps' as const, emails: ['ghost@team.com'] } } } };
    expect(await failure(mia.api.routing.preview.mutate({ charter: ghost }))).toMatchObject({ code: 'BAD_REQUEST', field: 'charter.handover.routing.fallback.emails.0' });
    expect(await failure(mia.api.routing.preview.mutate({ leadIds: [] }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("shows each pool's shares against the reps' weights", async () => {
    const shares = await mia.api.stats.routing.query();
    expect(shares.pools).toHaveLength(1);
    const [fallback] = shares.pools;
    expect(fallback).toMatchObject({ rule: null, inCharter: true, dealt: 4 });
    // Weight 3 against 1: Ben three leads of four, Ana one.
    expect(fallback!.reps.map((rep) => [rep.name, rep.weight, rep.dealt, rep.share, rep.weightShare])).toEqual([
      ['Ben Ode', 3, 3, 0.75, 0.75],
      ['Ana Ruiz', 1, 1, 0.25, 0.25],
    ]);
    expect(await failure(cy.api.stats.routing.query())).toMatchObject({ code: 'FORBIDDEN' });
  });
});
