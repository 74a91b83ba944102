import { DEFAULT_CHARTER } from '../../shared/charter';
import type { TRouting } from '../../shared/routing';
import { roundTheClock } from './fixtures';
import type { TestServer } from './server';
import type { TUserHandle } from './team-history';

// A team whose charter routes by rotation, for the routing views in the browser tests: Mo
// (sales) and Meg (marketing) sign a charter whose rule "US" gives US leads to Cy and whose
// fallback deals the rest between Ana (weight 1) and Ben (weight 3). `dealLeads` sends leads
// in through the REST API as a source would: each demo request opens a handover the rotation deals.

const ALWAYS = roundTheClock();

export const ROUTING: TRouting = {
  crmOwner: 'always',
  accountOwner: false,
  accountOwnerDays: 90,
  highTierWorkingNow: false,
  rules: [{ name: 'US', when: { countries: ['US'] }, pool: { kind: 'reps', emails: ['cy.young@example.com'] } }],
  fallback: { kind: 'reps', emails: ['ana.silva@example.com', 'ben.okafor@example.com'] },
};

export interface TRoutingTeam {
  mo: TUserHandle;
  ana: TUserHandle;
  ben: TUserHandle;
  cy: TUserHandle;
}

export async function seedRoutingTeam(server: TestServer): Promise<TRoutingTeam> {
  const mo = await server.user({ ...ALWAYS, email: 'mo.khan@example.com', name: 'Mo Khan', role: 'manager' });
  const meg = await server.user({ ...ALWAYS, email: 'meg.rossi@example.com', name: 'Meg Rossi', role: 'manager', team: 'marketing' });
  const rep = { ...ALWAYS, role: 'rep' as const, managerEmail: 'mo.khan@example.com' };
  const ana = await server.user({ ...rep, email: 'ana.silva@example.com', name: 'Ana Silva' });
  const ben = await server.user({ ...rep, email: 'ben.okafor@example.com', name: 'Ben Okafor', weight: 3 });
  const cy = await server.user({ ...rep, email: 'cy.young@example.com', name: 'Cy Young' });
  const { version } = await mo.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: ROUTING } } });
  await mo.api.charter.signOff.mutate({ version });
  await meg.api.charter.signOff.mutate({ version });
  return { mo, ana, ben, cy };
}

/** Leads at companies in `countries` (one each), each asking for a demo an hour ago: each one a handover, dealt in order. */
export async function dealLeads(server: TestServer, countries: readonly string[]): Promise<string[]> {
  const key = await server.ingestKey(`routing ${countries.join(' ')}`);
  const emails = countries.map((country, i) => `buyer${i + 1}@${country.toLowerCase()}-${i + 1}.example`);
  const at = new Date(Date.now() - 3_600_000).toISOString();
  for (const [i, email] of emails.entries()) {
    const country = countries[i]!;
    const lead = { email, firstName: 'Buyer', lastName: `${country} ${i + 1}`, title: 'VP Sales', company: { name: `${country} Corp ${i + 1}`, domain: email.split('@')[1], employees: 300, industry: 'Software', country } };
    // One at a time, so the rotation deals them in this order.
    const replies = [await server.post('/api/v1/leads', { leads: [lead] }, key), await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at }] }, key)];
    const refused = replies.find((reply) => reply.status >= 300 || (reply.body.rejected ?? []).length > 0);
    if (refused) throw new Error(`ingest refused ${email}: ${JSON.stringify(refused.body)}`);
  }
  return emails;
}
