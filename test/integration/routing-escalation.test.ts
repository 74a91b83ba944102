import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import type { TRouting } from '../../shared/routing';
import { auditLog, handovers, leads, notifications, users } from '../../server/db/schema';
import { sweepSla } from '../../server/domain/sweeper';
import { PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Escalation at breach goes to the owner's backup when the backup is available, else to the
// next available rep of the pool that routed the lead, else to the manager — never to someone
// out of office, never to nobody while anyone is there. Now is Monday 23 November 2026, 10:00
// in Paris; the sweeper runs the next morning, the demo request's deadline long past.

const NOW = new Date('2026-11-23T09:00:00Z');
const NEXT_MORNING = new Date('2026-11-24T09:00:00Z');
const HOUR = 3_600_000;
const AWAY = [{ from: '2026-11-23', to: '2026-12-04' }];

const ROUTING: TRouting = {
  crmOwner: 'always',
  accountOwner: false,
  accountOwnerDays: 90,
  highTierWorkingNow: false,
  rules: [{ name: 'France', when: { countries: ['FR'] }, pool: { kind: 'team', managerEmail: 'mia@team.com' } }],
  fallback: { kind: 'everyone' },
};

describe('escalation at breach', () => {
  let server: TestServer;
  let people: Record<string, string>;
  const db = () => server.database.db;
  const nameOf = (id: string | null | undefined) => Object.entries(people).find(([, value]) => value === id)?.[0];
  const away = (who: string) => db().update(users).set({ outOfOffice: AWAY }).where(eq(users.id, people[who]!));

  /** Mia's team (Ana, whose backup is Ben; Ben; Cal), an SQL handed to Ana. */
  async function breachedLead() {
    server = await startTestServer({ now: () => NOW });
    const key = await server.ingestKey();
    const mia = await server.user({ ...PARIS_REP, email: 'mia@team.com', name: 'Mia Manager', role: 'manager' });
    const mo = await server.user({ ...PARIS_REP, email: 'mo@team.com', name: 'Mo Marketing', role: 'manager', team: 'marketing' });
    const rep = (email: string, name: string, extra: Record<string, unknown> = {}) => server.user({ ...PARIS_REP, email, name, managerEmail: 'mia@team.com', ...extra });
    const ben = await rep('ben@team.com', 'Ben Ode');
    const ana = await rep('ana@team.com', 'Ana Ruiz', { backupEmail: 'ben@team.com' });
    const cal = await rep('cal@team.com', 'Cal Berg');
    people = { mia: mia.id, ana: ana.id, ben: ben.id, cal: cal.id };
    const charter: TCharter = { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: ROUTING } };
    const { version } = await mia.api.charter.propose.mutate({ charter });
    await mia.api.charter.signOff.mutate({ version });
    await mo.api.charter.signOff.mutate({ version });

    const email = 'buyer@acme.fr';
    await server.post('/api/v1/leads', { leads: [{ email, title: 'VP Sales', company: { name: 'Acme', domain: 'acme.fr', employees: 300, industry: 'Software', country: 'FR' }, ownerEmail: 'ana@team.com' }] }, key);
    await server.post('/api/v1/events', { events: [{ id: 'demo', email, type: 'demo_request', at: new Date(NOW.getTime() - HOUR).toISOString() }] }, key);
    const lead = await db().query.leads.findFirst({ where: eq(leads.email, email) });
    const handover = (await db().query.handovers.findFirst({ where: eq(handovers.leadId, lead!.id) }))!;
    expect(nameOf(handover.ownerId)).toBe('ana');
    return handover.id;
  }
  const after = async (id: string) => {
    const handover = (await db().query.handovers.findFirst({ where: eq(handovers.id, id) }))!;
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, id));
    return { owner: nameOf(handover.ownerId), routing: handover.routing, audit: audit.map((row) => row.action) };
  };

  afterEach(() => server.close());

  it("goes to the owner's backup when the backup is available", async () => {
    const id = await breachedLead();
    expect(await sweepSla(server.database, NEXT_MORNING)).toMatchObject({ breached: 1, escalated: 1 });
    expect(await after(id)).toEqual({ owner: 'ben', routing: { by: 'escalation', via: 'backup', skipped: [] }, audit: ['handover.escalate'] });
  });

  it('goes to the next available rep of the pool when the backup is out of office', async () => {
    const id = await breachedLead();
    await away('ben');
    expect(await sweepSla(server.database, NEXT_MORNING)).toMatchObject({ escalated: 1 });
    expect(await after(id)).toEqual({
      owner: 'cal',
      routing: { by: 'escalation', via: 'pool', rule: 'France', skipped: [{ userId: people.ben, name: 'Ben Ode', reason: 'out_of_office', until: '2026-12-04' }] },
      audit: ['handover.escalate'],
    });
    const told = await db().select().from(notifications).where(eq(notifications.userId, people.cal!));
    expect(told.map((n) => n.kind)).toEqual(['reassigned']);
  });

  it('goes to the manager when nobody of the pool can take it, and stays with its owner when the manager is away too', async () => {
    const id = await breachedLead();
    await away('ben');
    await away('cal');
    expect(await sweepSla(server.database, NEXT_MORNING)).toMatchObject({ escalated: 1 });
    const toManager = await after(id);
    expect([toManager.owner, toManager.routing?.via, toManager.routing?.skipped.map((s) => [nameOf(s.userId), s.reason])]).toEqual([
      'mia',
      'manager',
      [
        ['ben', 'out_of_office'],
        ['cal', 'out_of_office'],
      ],
    ]);

    await server.close();
    const again = await breachedLead();
    await away('ben');
    await away('cal');
    await away('mia');
    expect(await sweepSla(server.database, NEXT_MORNING)).toMatchObject({ breached: 1, escalated: 0 });
    const stays = await after(again);
    expect([stays.owner, stays.audit]).toEqual(['ana', ['handover.breach']]);
    const [breach] = await db().select().from(auditLog).where(eq(auditLog.action, 'handover.breach'));
    expect(breach!.details).toMatchObject({ to: null, routing: { by: 'escalation', via: 'nobody' } });
  });
});
