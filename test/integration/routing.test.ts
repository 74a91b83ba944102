import { eq } from 'drizzle-orm';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import type { TRouting } from '../../shared/routing';
import { auditLog, handovers, leads, users } from '../../server/db/schema';
import { routingRotation } from '../../server/db/schema-routing';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// Routing as the charter says, over HTTP on a real database file: a table of rules and leads
// with the rep each must go to, the CRM owner and the account owner, the reps skipped and
// why, and the rotation kept across a restart. Now is Monday 23 November 2026, 10:00 in Paris.

const NOW = new Date('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;

const ROUTING: TRouting = {
  crmOwner: 'when_available',
  accountOwner: true,
  accountOwnerDays: 90,
  highTierWorkingNow: false,
  rules: [
    { name: 'Target accounts', when: { targetAccount: true }, pool: { kind: 'reps', emails: ['dee@team.com'] } },
    { name: 'North America', when: { countries: ['US', 'CA'] }, pool: { kind: 'territory' } },
    { name: 'EMEA mid-market', when: { countries: ['FR', 'DE', 'GB'], employees: { min: 100, max: 1000 } }, pool: { kind: 'team', managerEmail: 'mia@team.com' } },
    { name: 'Webinars', when: { sources: ['webinar'] }, pool: { kind: 'reps', emails: ['eve@team.com'] } },
  ],
  fallback: { kind: 'reps', emails: ['eve@team.com', 'ben@team.com'] },
};

/** A decision-maker at an in-ICP software company: one demo request makes them a direct SQL. */
function lead(email: string, company: { country: string; employees: number; domain?: string }, extra: Record<string, unknown> = {}) {
  return { email, title: 'VP Sales', company: { name: 'Co', domain: company.domain ?? email.split('@')[1], employees: company.employees, industry: 'Software', country: company.country }, ...extra };
}

describe('routing', () => {
  let server: TestServer;
  let key: string;
  let people: Record<string, string>;
  const db = () => server.database.db;

  async function start(routing: TRouting = ROUTING) {
    server = await startTestServer({ now: () => NOW });
    key = await server.ingestKey();
    const mia = await server.user({ ...PARIS_REP, email: 'mia@team.com', name: 'Mia Manager', role: 'manager' });
    const mo = await server.user({ ...PARIS_REP, email: 'mo@team.com', name: 'Mo Marketing', role: 'manager', team: 'marketing' });
    const rep = (email: string, name: string, extra: Record<string, unknown> = {}) => server.user({ ...PARIS_REP, email, name, managerEmail: 'mia@team.com', ...extra });
    people = {
      mia: mia.id,
      ana: (await rep('ana@team.com', 'Ana Ruiz')).id,
      ben: (await rep('ben@team.com', 'Ben Ode')).id,
      cy: (await rep('cy@team.com', 'Cy Young', { timeZone: 'America/New_York', territories: ['US', 'CA'], managerEmail: undefined })).id,
      dee: (await rep('dee@team.com', 'Dee Key', { managerEmail: undefined })).id,
      eve: (await rep('eve@team.com', 'Eve Hall', { managerEmail: undefined })).id,
    };
    const charter: TCharter = { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing } };
    const { version } = await mia.api.charter.propose.mutate({ charter });
    await mia.api.charter.signOff.mutate({ version });
    await mo.api.charter.signOff.mutate({ version });
    return { mia };
  }

  /** Sends the lead, then the demo request that makes it an SQL; returns the handover opened. */
  async function handOver(payload: Record<string, unknown>) {
    const email = String(payload.email);
    expect((await server.post('/api/v1/leads', { leads: [payload] }, key)).status).toBe(200);
    const reply = await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at: new Date(NOW.getTime() - HOUR).toISOString() }] }, key);
    expect(reply.body).toMatchObject({ handoversOpened: 1 });
    const row = await db().query.leads.findFirst({ where: eq(leads.email, email) });
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, row!.id));
    return handover!;
  }
  const nameOf = (id: string) => Object.entries(people).find(([, value]) => value === id)?.[0];

  const dirs: string[] = [];
  afterEach(async () => {
    await server.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('routes each lead to the rep its rule names, in order, first match winning', async () => {
    const { mia } = await start();
    const table: [string, Record<string, unknown>, string, string][] = [
      ['a target account in France goes to the named rep before the EMEA rule', lead('t@target.fr', { country: 'FR', employees: 300 }, { targetAccount: true }), 'dee', 'Target accounts'],
      ['a US lead goes to the rep whose territory is the US', lead('u@acme.us', { country: 'United States', employees: 300 }), 'cy', 'North America'],
      ['a French mid-market lead goes to Mia’s team, first by e-mail', lead('f1@one.fr', { country: 'FR', employees: 300 }), 'ana', 'EMEA mid-market'],
      ['the next one to the next rep of the team', lead('f2@two.fr', { country: 'France', employees: 500 }), 'ben', 'EMEA mid-market'],
      ['a larger German company from a webinar is not mid-market: the webinar rule', lead('w@big.de', { country: 'DE', employees: 1500 }, { source: 'webinar' }), 'eve', 'Webinars'],
    ];
    for (const [what, payload, rep, rule] of table) {
      const handover = await handOver(payload);
      expect({ what, owner: nameOf(handover.ownerId), routing: handover.routing }).toEqual({ what, owner: rep, routing: { by: 'rule', rule, skipped: [] } });
    }
    // No rule for Australia: the fallback pool, Ben then Eve (by e-mail).
    const au1 = await handOver(lead('a1@one.au', { country: 'AU', employees: 300 }));
    const au2 = await handOver(lead('a2@two.au', { country: 'AU', employees: 300 }));
    expect([nameOf(au1.ownerId), au1.routing?.by, nameOf(au2.ownerId)]).toEqual(['ben', 'fallback', 'eve']);
    // Each country of a territory rule keeps its own rotation, shown apart with the others.
    const shares = await mia.api.stats.routing.query();
    expect(shares.pools.map((pool) => [pool.rule, pool.territory, pool.dealt])).toEqual([
      ['EMEA mid-market', null, 2],
      ['North America', 'US', 1],
      ['Target accounts', null, 1],
      ['Webinars', null, 1],
      [null, null, 2],
    ]);
  });

  it('gives the CRM owner the lead when available, else routes it and says who was skipped and why', async () => {
    const { mia } = await start();
    const named = await handOver(lead('n1@one.fr', { country: 'FR', employees: 300 }, { ownerEmail: 'ben@team.com' }));
    expect([nameOf(named.ownerId), named.routing]).toEqual(['ben', { by: 'crm_owner', skipped: [] }]);

    await db()
      .update(users)
      .set({ outOfOffice: [{ from: '2026-11-20', to: '2026-12-01' }, { from: '2026-12-02', to: '2027-01-02' }] })
      .where(eq(users.id, people.ben!));
    const away = await handOver(lead('n2@two.fr', { country: 'FR', employees: 300 }, { ownerEmail: 'ben@team.com' }));
    expect(nameOf(away.ownerId)).toBe('ana');
    expect(away.routing).toEqual({ by: 'rule', rule: 'EMEA mid-market', skipped: [{ userId: people.ben, name: 'Ben Ode', reason: 'out_of_office', until: '2027-01-02' }] });

    // The packet says why, and so do the manager's views of the rep's handovers.
    const admin = await server.user({ ...PARIS_REP, email: 'ops@team.com', name: 'Ops Admin', role: 'admin', team: 'revops' });
    const packet = await admin.api.packet.get.query({ email: 'n2@two.fr' });
    expect(packet.handover?.routing).toEqual(away.routing);
    const list = await mia.api.team.handovers.query({ repId: people.ana!, to: new Date(NOW.getTime() + 1000).toISOString() });
    expect(list.items.map((item) => [item.leadEmail, item.routing])).toEqual([['n2@two.fr', away.routing]]);
  });

  it('skips a rep at capacity, one not taking leads and one who rejected the lead before', async () => {
    await start();
    await db().update(users).set({ capacity: 1 }).where(eq(users.id, people.ana!));
    const first = await handOver(lead('c1@one.fr', { country: 'FR', employees: 300 }));
    expect(nameOf(first.ownerId)).toBe('ana');
    const second = await handOver(lead('c2@two.fr', { country: 'FR', employees: 300 }));
    expect(nameOf(second.ownerId)).toBe('ben');
    const third = await handOver(lead('c3@three.fr', { country: 'FR', employees: 300 }));
    expect([nameOf(third.ownerId), third.routing?.skipped]).toEqual(['ben', [{ userId: people.ana, name: 'Ana Ruiz', reason: 'at_capacity', open: 1, capacity: 1 }]]);

    // Nobody of the team can take the next one: the fallback pool does, skips listed once each.
    await db().update(users).set({ available: false }).where(eq(users.id, people.ben!));
    const fourth = await handOver(lead('c4@four.fr', { country: 'FR', employees: 300 }));
    expect([nameOf(fourth.ownerId), fourth.routing?.by, fourth.routing?.rule, fourth.routing?.skipped.map((s) => [nameOf(s.userId), s.reason])]).toEqual([
      'eve',
      'fallback',
      'EMEA mid-market',
      [
        ['ana', 'at_capacity'],
        ['ben', 'inactive'],
      ],
    ]);
  });

  it("gives a lead at a company with an open handover to that handover's owner", async () => {
    await start();
    const us = await handOver(lead('buyer@shared.com', { country: 'US', employees: 300 }));
    expect(nameOf(us.ownerId)).toBe('cy');
    const colleague = await handOver(lead('colleague@shared.com', { country: 'GB', employees: 300 }));
    expect([nameOf(colleague.ownerId), colleague.routing]).toEqual(['cy', { by: 'account_owner', skipped: [] }]);
    // Both accepted (an admin deciding for Cy): no handover open there, but Cy accepted a lead of the company lately.
    const admin = await server.user({ ...PARIS_REP, email: 'ops@team.com', name: 'Ops Admin', role: 'admin', team: 'revops' });
    for (const handover of [us, colleague]) await admin.api.decision.accept.mutate({ leadId: handover.leadId, idempotencyKey: `accept-${handover.id}` });
    const third = await handOver(lead('third@shared.com', { country: 'FR', employees: 300 }));
    expect([nameOf(third.ownerId), third.routing?.by]).toEqual(['cy', 'account_owner']);
    // The CRM names the account's owner: that owner first, whatever the company's handovers.
    const named = await handOver(lead('fourth@shared.com', { country: 'FR', employees: 300 }, { company: { name: 'Shared', domain: 'shared.com', employees: 300, industry: 'Software', country: 'FR', ownerEmail: 'Eve@Team.com' } }));
    expect([nameOf(named.ownerId), named.routing?.by]).toEqual(['eve', 'account_owner']);
    // One not a user here does not count: the company's own history does.
    const stranger = await handOver(lead('fifth@shared.com', { country: 'FR', employees: 300 }, { company: { name: 'Shared', domain: 'shared.com', employees: 300, industry: 'Software', country: 'FR', ownerEmail: 'someone@elsewhere.com' } }));
    expect([nameOf(stranger.ownerId), stranger.routing?.by]).toEqual(['eve', 'account_owner']);
  });

  it('gives leads of one company that qualify in the same request to one rep', async () => {
    await start();
    // No rule for Australia: without the account, the fallback would deal Ben, then Eve.
    const pair = [lead('first@pair.au', { country: 'AU', employees: 300 }), lead('second@pair.au', { country: 'AU', employees: 300 })];
    expect((await server.post('/api/v1/leads', { leads: pair }, key)).status).toBe(200);
    const demos = pair.map((p) => ({ id: `demo-${p.email}`, email: p.email, type: 'demo_request', at: new Date(NOW.getTime() - HOUR).toISOString() }));
    expect((await server.post('/api/v1/events', { events: demos }, key)).body).toMatchObject({ handoversOpened: 2 });
    // Imported as SQLs in one request, with its account new: the same.
    const imported = [lead('one@history.au', { country: 'AU', employees: 300 }), lead('two@history.au', { country: 'AU', employees: 300 })].map((p) => ({
      ...p,
      lifecycle: { sqlAt: new Date(NOW.getTime() - HOUR).toISOString() },
    }));
    expect((await server.post('/api/v1/leads', { leads: imported }, key)).body).toMatchObject({ handoversOpened: 2 });
    const routed = async (email: string) => {
      const row = await db().query.leads.findFirst({ where: eq(leads.email, email) });
      const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, row!.id));
      return [nameOf(handover!.ownerId), handover!.routing?.by];
    };
    expect(await Promise.all(['first@pair.au', 'second@pair.au', 'one@history.au', 'two@history.au'].map(routed))).toEqual([
      ['ben', 'fallback'],
      ['ben', 'account_owner'],
      ['eve', 'fallback'],
      ['eve', 'account_owner'],
    ]);
  });

  it('keeps the rotation across a restart, with weights', async () => {
    await start({ ...ROUTING, rules: [], fallback: { kind: 'reps', emails: ['ana@team.com', 'ben@team.com'] } });
    await db().update(users).set({ weight: 2 }).where(eq(users.id, people.ben!));
    const owners: string[] = [];
    for (const n of [1, 2, 3]) owners.push(nameOf((await handOver(lead(`r${n}@r${n}.fr`, { country: 'FR', employees: 300 }))).ownerId)!);
    // Stopped and started again on the same file, on a new port (no stale keep-alive connection).
    await server.stop();
    server = await startTestServer({ now: () => NOW, dir: server.dir });
    dirs.push(server.dir);
    for (const n of [4, 5, 6]) owners.push(nameOf((await handOver(lead(`r${n}@r${n}.fr`, { country: 'FR', employees: 300 }))).ownerId)!);
    // Weight 2 against 1: Ben twice as often, spread out, the same sequence as without the restart.
    expect(owners).toEqual(['ben', 'ana', 'ben', 'ben', 'ana', 'ben']);
    const seats = await db().select().from(routingRotation);
    expect(seats.map((s) => [s.pool, nameOf(s.userId), s.assigned]).sort()).toEqual([
      ['fallback', 'ana', 2],
      ['fallback', 'ben', 4],
    ]);
  });

  it('refuses a charter whose pools name nobody here, naming the field', async () => {
    const { mia } = await start();
    const routing = { ...ROUTING, rules: [{ name: 'Ghost', when: {}, pool: { kind: 'reps' as const, emails: ['ana@team.com', 'ghost@team.com'] } }] };
    const refused = await failure(mia.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing } } }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', field: 'charter.handover.routing.rules.0.pool.emails.1', message: expect.stringContaining('ghost@team.com') as string });
    const duplicate = { ...ROUTING, rules: [ROUTING.rules[0]!, { ...ROUTING.rules[1]!, name: 'target ACCOUNTS' }] };
    const twice = await failure(mia.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: duplicate } } }));
    expect(twice).toMatchObject({ code: 'BAD_REQUEST', field: 'charter.handover.routing.rules.1.name' });
    const proposals = await db().select().from(auditLog).where(eq(auditLog.action, 'charter.propose'));
    expect(proposals).toHaveLength(1);
  });
});
