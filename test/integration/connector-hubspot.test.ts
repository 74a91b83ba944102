import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCrm } from '../../server/connectors/connections';
import { connectorStatuses } from '../../server/connectors/status';
import { syncOnce } from '../../server/connectors/sync';
import { CrmError } from '../../server/connectors/types';
import { charterVersions, handovers, leads, touches, users } from '../../server/db/schema';
import { crmOutbox } from '../../server/db/schema-connectors';
import { SYSTEM } from '../../server/domain/audit';
import { sweepSla } from '../../server/domain/sweeper';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { connectorContext } from '../support/connectors';
import { DAILY_LIMIT } from '../support/crm/hubspot-http';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The HubSpot connector through the official client against a local HubSpot that follows
// HubSpot's public API: connect, pull, write back, outages.

const MINUTE = 60_000;

describe('HubSpot connector', () => {
  let clock = new Date();
  const now = () => clock;
  let hubspot: HubSpotStandIn;
  let server: TestServer;
  let context: ReturnType<typeof connectorContext>;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let tomInHubSpot = '';
  const db = () => server.database.db;
  const leadOf = async (email: string) => (await db().query.leads.findFirst({ where: eq(leads.email, email) }))!;
  /** The portal's calls today, as HubSpot reports them on every answer (this call included). */
  const callsToday = async () => {
    const answer = await fetch(`${hubspot.url}/crm/v3/owners`, { headers: { authorization: `Bearer ${hubspot.token}` } });
    return DAILY_LIMIT - Number(answer.headers.get('x-hubspot-ratelimit-daily-remaining'));
  };

  beforeAll(async () => {
    clock = new Date(Date.now() - 5 * MINUTE);
    hubspot = await startHubSpotStandIn({ now: () => clock.getTime() });
    server = await startTestServer({ now });
    context = connectorContext(server.database, now);
    await server.user({ email: 'tom@handshake.test', name: 'Tom', role: 'rep', ...roundTheClock(clock) });
    rep = await server.user({ email: 'ines@handshake.test', name: 'Inès', role: 'rep', backupEmail: 'tom@handshake.test', ...roundTheClock(clock) });
  });
  afterAll(async () => {
    await server?.close();
    await hubspot?.close();
  });

  it('refuses a wrong token and a token without the scopes it needs, in words, storing nothing', async () => {
    const wrong = connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: 'pat-na1-wrong' }, SYSTEM);
    await expect(wrong).rejects.toThrow(CrmError);
    await expect(wrong).rejects.toThrow(/refused the token \(401\).*new private app token/);

    hubspot.portal.setScopes(['crm.objects.contacts.read', 'crm.objects.owners.read']);
    await expect(connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM)).rejects.toThrow(/lacks the scope\(s\) crm\.objects\.contacts\.write/);
    hubspot.portal.setScopes(['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.deals.read', 'crm.objects.owners.read', 'crm.schemas.contacts.write']);
    expect(await connectorStatuses(context.database)).toEqual([]);
  });

  it('connects: creates the reason and note properties, with the charter reasons as options, and the touch id on engagements', async () => {
    const { account, prepared } = await connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM);
    expect(account).toMatch(/^HubSpot portal \d+$/);
    expect(prepared.steps).toEqual([]);
    const reason = hubspot.portal.propertyDefinition('contacts', 'handshake_rejection_reason')!;
    expect(reason.groupName).toBe('handshake');
    expect(reason.options.map((o) => o.value)).toContain('bad_timing');
    expect(reason.options).toHaveLength(12);
    expect(hubspot.portal.propertyDefinition('contacts', 'handshake_rejection_note')?.type).toBe('string');
    for (const type of ['calls', 'emails', 'meetings', 'notes'] as const) expect(hubspot.portal.propertyDefinition(type, 'handshake_touch_id')).toBeDefined();

    // Connecting again (a rotated token) finds everything in place: it reads the account and the
    // token, then each object's properties in one call (contacts, calls, e-mails, meetings, notes).
    const callsBefore = await callsToday();
    const again = await connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM);
    expect(again.prepared.done.join('\n')).not.toMatch(/created/);
    expect((await callsToday()) - callsBefore - 1).toBe(7);
    const [row] = await db().select().from((await import('../../server/db/schema-connectors')).crmConnections);
    expect(row!.sealedSecret).not.toContain(hubspot.token);
  });

  it('pulls 2,000 contacts with their company, owner, source and lifecycle, and a second pass changes nothing', async () => {
    const ines = hubspot.portal.addOwner({ email: 'ines@handshake.test', firstName: 'Inès', lastName: 'Moreau' });
    const company = hubspot.portal.addCompany({ name: 'Acme Analytics', domain: 'acme-analytics.com', numberofemployees: '300', industry: 'COMPUTER_SOFTWARE', country: 'France' });
    for (let i = 0; i < 2000; i += 1) {
      const id = hubspot.portal.addContact({
        email: `contact${i}@acme-analytics.com`,
        firstname: `First${i}`,
        lastname: `Last${i}`,
        jobtitle: i % 2 ? 'VP Sales' : 'Analyst',
        hubspot_owner_id: i % 4 === 0 ? ines.id : '',
        hs_analytics_source: i % 3 ? 'ORGANIC_SEARCH' : 'PAID_SOCIAL',
        associatedcompanyid: company,
      });
      if (i === 0) hubspot.portal.associate('contacts', id, 'companies', company);
    }
    const callsBefore = hubspot.calls.length;
    const started = performance.now();
    const first = await syncOnce(context, 'hubspot', { push: false });
    const elapsed = performance.now() - started;
    expect(first.error).toBeUndefined();
    expect(first.pulled.leads).toBe(2000);
    console.warn(`first sync of 2,000 HubSpot contacts: ${Math.round(elapsed)} ms, ${hubspot.calls.length - callsBefore} API calls`);

    const pulled = await db().select().from(leads).where(isNotNull(leads.hubspotId));
    expect(pulled).toHaveLength(2000);
    const zero = pulled.find((l) => l.email === 'contact0@acme-analytics.com')!;
    expect(zero).toMatchObject({ firstName: 'First0', lastName: 'Last0', title: 'Analyst', ownerId: rep.id, source: 'Paid Social' });
    expect(pulled.find((l) => l.email === 'contact1@acme-analytics.com')).toMatchObject({ ownerId: null, source: 'Organic Search', title: 'VP Sales' });
    const account = await db().query.accounts.findFirst({ where: (a, { eq: same }) => same(a.domain, 'acme-analytics.com') });
    expect(account).toMatchObject({ name: 'Acme Analytics', employees: 300, industry: 'Computer Software' });

    const second = await syncOnce(context, 'hubspot', { push: false });
    expect(second.pulled).toMatchObject({ leads: 0, events: 0, created: 0, updated: 0 });
  });

  it('a call logged in HubSpot after the handover stops the SLA clock within one sync; touches Handshake wrote are not read back', async () => {
    const owner = hubspot.portal.addOwner({ email: 'tom@handshake.test', firstName: 'Tom', lastName: 'H' });
    tomInHubSpot = owner.id;
    const sqlAt = new Date(clock.getTime() - 30 * MINUTE).toISOString();
    const contact = hubspot.portal.addContact({
      email: 'jonas@bear-metrics.com',
      firstname: 'Jonas',
      jobtitle: 'VP Sales',
      hubspot_owner_id: owner.id,
      lifecyclestage: 'salesqualifiedlead',
      hs_lifecyclestage_salesqualifiedlead_date: sqlAt,
    });
    await syncOnce(context, 'hubspot');
    const lead = await leadOf('jonas@bear-metrics.com');
    const [open] = await db().select().from(handovers).where(eq(handovers.leadId, lead.id));
    expect(open).toMatchObject({ state: 'open', firstTouchAt: null });

    clock = new Date(clock.getTime() + 5 * MINUTE);
    const callAt = new Date(clock.getTime() - MINUTE).toISOString();
    const call = hubspot.portal.addEngagement('calls', { hs_timestamp: callAt, hs_call_status: 'COMPLETED' });
    hubspot.portal.associate('calls', call, 'contacts', contact);
    const report = await syncOnce(context, 'hubspot');
    expect(report.pulled.events).toBe(1);
    const [touched] = await db().select().from(handovers).where(eq(handovers.id, open!.id));
    expect(touched!.firstTouchAt).toBe(callAt);
    expect(await db().select().from(touches).where(eq(touches.leadId, lead.id))).toHaveLength(1);
  });

  it('accept and reject reach the contact with the mapped status, reason and note; a touch becomes one call on the contact', async () => {
    const ownerId = hubspot.portal.records('contacts').find((c) => c.properties.email === 'contact0@acme-analytics.com')!.id;
    // contact0 is Inès's; it becomes an SQL in the CRM, so it is handed to her.
    clock = new Date(clock.getTime() + MINUTE);
    hubspot.portal.update('contacts', ownerId, { hs_lifecyclestage_salesqualifiedlead_date: new Date(clock.getTime() - 10 * MINUTE).toISOString() });
    await syncOnce(context, 'hubspot');
    const lead = await leadOf('contact0@acme-analytics.com');
    expect((await db().select().from(handovers).where(and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open'))))).toHaveLength(1);

    await rep.api.touch.log.mutate({ leadId: lead.id, channel: 'call', idempotencyKey: 'touch-0001' });
    await rep.api.decision.reject.mutate({ leadId: lead.id, idempotencyKey: 'reject-0001', reason: 'bad_timing', note: 'Budget opens in Q2' });
    const report = await syncOnce(context, 'hubspot');
    // The decision, the touch, and the verdict the touch changed (its SLA met).
    expect(report.pushed).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(hubspot.portal.properties('contacts', ownerId)).toMatchObject({ hs_lead_status: 'BAD_TIMING', handshake_rejection_reason: 'bad_timing', handshake_rejection_note: 'Budget opens in Q2' });
    const handover = (await db().select().from(handovers).where(eq(handovers.leadId, lead.id)))[0]!;
    expect(hubspot.portal.properties('contacts', ownerId)).toMatchObject({
      handshake_stage: 'sql',
      handshake_charter_version: '1',
      handshake_sla_outcome: 'met',
      handshake_sla_deadline: handover.deadline,
      handshake_sla_holder: 'ines@handshake.test',
      handshake_reason: 'SQL: meets every SQL threshold.',
    });
    const calls = hubspot.portal.createdThroughApi('calls');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.properties).toMatchObject({ hs_call_status: 'COMPLETED', hs_call_title: 'Call logged in Handshake' });
    expect(hubspot.portal.associations('calls', calls[0]!.id, 'contacts').map((a) => a.toId)).toEqual([ownerId]);

    // The next pull sees that call (modified now) and does not count it as a second touch.
    clock = new Date(clock.getTime() + MINUTE);
    await syncOnce(context, 'hubspot');
    expect(await db().select().from(touches).where(eq(touches.leadId, lead.id))).toHaveLength(1);
  });

  it('a touch delivered again after a crash (the outbox row still pending) finds its call instead of logging a second', async () => {
    const lead = await leadOf('contact0@acme-analytics.com');
    const [row] = await db().select().from(crmOutbox).where(and(eq(crmOutbox.leadId, lead.id), eq(crmOutbox.kind, 'touch')));
    await db().update(crmOutbox).set({ state: 'pending', deliveredAt: null }).where(eq(crmOutbox.id, row!.id));
    const report = await syncOnce(context, 'hubspot', { pull: false });
    expect(report.pushed.delivered).toBe(1);
    expect(hubspot.portal.createdThroughApi('calls')).toHaveLength(1);
  });

  it('while HubSpot refuses for ten minutes (429 with Retry-After, then 503s), writes wait; then each is delivered once, in order', async () => {
    const lead = await leadOf('contact4@acme-analytics.com');
    const recordId = lead.hubspotId!;
    // contact4 is Inès's too; it becomes an SQL in the CRM.
    clock = new Date(clock.getTime() + MINUTE);
    hubspot.portal.update('contacts', recordId, { hs_lifecyclestage_salesqualifiedlead_date: new Date(clock.getTime() - MINUTE).toISOString() });
    await syncOnce(context, 'hubspot');
    const [handover] = await db().select().from(handovers).where(and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open')));
    expect(handover!.ownerId).toBe(rep.id);

    const outageEnds = clock.getTime() + 10 * MINUTE;
    hubspot.faults.outage({ status: 429, until: clock.getTime() + 2 * MINUTE, retryAfterSeconds: 120 });
    hubspot.faults.outage({ status: 503, until: outageEnds });
    await rep.api.touch.log.mutate({ leadId: lead.id, channel: 'email', idempotencyKey: 'touch-0002' });
    await rep.api.decision.accept.mutate({ leadId: lead.id, idempotencyKey: 'accept-0002' });

    for (let minute = 0; minute <= 40; minute += 1) {
      await syncOnce(context, 'hubspot', { pull: false });
      clock = new Date(clock.getTime() + MINUTE);
    }
    const written = await db().select().from(crmOutbox).where(eq(crmOutbox.leadId, lead.id));
    // The lead's verdict row, written when it became an SQL and again when the touch met its SLA.
    expect(written.filter((r) => r.kind === 'verdict').map((r) => [r.state, r.payload.fields])).toMatchObject([['delivered', { sla_outcome: 'met' }]]);
    expect(hubspot.portal.properties('contacts', recordId).handshake_sla_outcome).toBe('met');
    const rows = written.filter((r) => r.kind !== 'verdict');
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ['touch', 'delivered'],
      ['decision', 'delivered'],
    ]);
    expect(rows[0]!.deliveredAt! >= new Date(outageEnds).toISOString()).toBe(true);
    expect(rows[0]!.deliveredAt! <= rows[1]!.deliveredAt!).toBe(true);
    expect(hubspot.portal.createdThroughApi('emails')).toHaveLength(1);
    expect(hubspot.portal.properties('contacts', recordId).hs_lead_status).toBe('IN_PROGRESS');
    const [status] = await connectorStatuses(context.database);
    expect(status!.outbox.pending).toBe(0);
  });

  it('an escalation at breach makes the backup the contact owner, when the charter says so', async () => {
    const charter = { ...DEFAULT_CHARTER, version: 2, crmWriteBack: { ...DEFAULT_CHARTER.crmWriteBack, hubspot: { ...DEFAULT_CHARTER.crmWriteBack.hubspot, ownerFollowsEscalation: true } } };
    await db().insert(charterVersions).values({ version: 2, body: charter, proposedAt: clock.toISOString(), activatedAt: clock.toISOString() });
    const recordId = (await leadOf('contact8@acme-analytics.com')).hubspotId!;
    // An SQL for Inès since ten hours: the 8 business hours of its tier ran out two hours ago.
    clock = new Date(clock.getTime() + MINUTE);
    hubspot.portal.update('contacts', recordId, { hs_lifecyclestage_salesqualifiedlead_date: new Date(clock.getTime() - 10 * 60 * MINUTE).toISOString() });
    await syncOnce(context, 'hubspot');
    expect((await sweepSla(server.database, clock)).escalated).toBe(1);
    await syncOnce(context, 'hubspot', { pull: false });
    expect(hubspot.portal.properties('contacts', recordId).hubspot_owner_id).toBe(tomInHubSpot);
  });

  it('follows merged and deleted contacts: a lead on a merged contact moves to the survivor; one on a deleted contact is unlinked', async () => {
    const survivor = (await leadOf('contact10@acme-analytics.com')).hubspotId!;
    const mergedAway = (await leadOf('contact11@acme-analytics.com')).hubspotId!;
    const deleted = (await leadOf('contact12@acme-analytics.com')).hubspotId!;
    clock = new Date(clock.getTime() + MINUTE);
    hubspot.portal.merge(survivor, mergedAway);
    hubspot.portal.archive('contacts', deleted);
    await syncOnce(context, 'hubspot');
    expect((await leadOf('contact11@acme-analytics.com')).hubspotId).toBe(survivor);
    // Deleted contacts are listed once a day.
    expect((await leadOf('contact12@acme-analytics.com')).hubspotId).toBe(deleted);
    clock = new Date(clock.getTime() + 25 * 60 * MINUTE);
    await syncOnce(context, 'hubspot');
    expect((await leadOf('contact12@acme-analytics.com')).hubspotId).toBeNull();
  });

  it("routes a contact pulled as an SQL by the charter's rules, the owner HubSpot names skipped while out of office", async () => {
    const routing = {
      crmOwner: 'when_available' as const,
      accountOwner: false,
      accountOwnerDays: 90,
      highTierWorkingNow: false,
      rules: [{ name: 'Paid social', when: { sources: ['Paid Social'] }, pool: { kind: 'reps' as const, emails: ['tom@handshake.test'] } }],
      fallback: { kind: 'everyone' as const },
    };
    const charter = { ...DEFAULT_CHARTER, version: 3, handover: { repsMayClaim: false, routing } };
    await db().insert(charterVersions).values({ version: 3, body: charter, proposedAt: clock.toISOString(), activatedAt: clock.toISOString() });
    await db().update(users).set({ outOfOffice: [{ from: '2026-01-01', to: '2099-12-31' }] }).where(eq(users.id, rep.id));
    clock = new Date(clock.getTime() + MINUTE);
    const ownerInHubSpot = hubspot.portal.addOwner({ email: 'ines@handshake.test', firstName: 'Inès', lastName: 'Moreau' }).id;
    const company = hubspot.portal.addCompany({ name: 'Routed Co', domain: 'routed.example', numberofemployees: '300', industry: 'COMPUTER_SOFTWARE', country: 'France' });
    const sqlAt = new Date(clock.getTime() - MINUTE).toISOString();
    for (const [email, owner] of [['unowned@routed.example', ''], ['owned@routed.example', ownerInHubSpot]] as const) {
      hubspot.portal.addContact({ email, jobtitle: 'VP Sales', hubspot_owner_id: owner, hs_analytics_source: 'PAID_SOCIAL', associatedcompanyid: company, lifecyclestage: 'salesqualifiedlead', hs_lifecyclestage_salesqualifiedlead_date: sqlAt });
    }
    await syncOnce(context, 'hubspot', { push: false });
    const tom = await db().query.users.findFirst({ where: eq(users.email, 'tom@handshake.test') });
    for (const email of ['unowned@routed.example', 'owned@routed.example']) {
      const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, (await leadOf(email)).id));
      expect({ email, owner: handover?.ownerId, by: handover?.routing?.by, rule: handover?.routing?.rule }).toEqual({ email, owner: tom!.id, by: 'rule', rule: 'Paid social' });
    }
    const [owned] = await db().select().from(handovers).where(eq(handovers.leadId, (await leadOf('owned@routed.example')).id));
    expect(owned!.routing!.skipped).toEqual([{ userId: rep.id, name: 'Inès', reason: 'out_of_office', until: '2099-12-31' }]);
    await db().update(users).set({ outOfOffice: [] }).where(eq(users.id, rep.id));
  });

  it("gives a contact at a company HubSpot says is owned by a rep to that rep, when the charter routes by account owner", async () => {
    const routing = { crmOwner: 'when_available' as const, accountOwner: true, accountOwnerDays: 90, highTierWorkingNow: false, rules: [], fallback: { kind: 'everyone' as const } };
    await db().insert(charterVersions).values({ version: 4, body: { ...DEFAULT_CHARTER, version: 4, handover: { repsMayClaim: false, routing } }, proposedAt: clock.toISOString(), activatedAt: clock.toISOString() });
    clock = new Date(clock.getTime() + MINUTE);
    const tomInPortal = hubspot.portal.addOwner({ email: 'tom@handshake.test', firstName: 'Tom', lastName: 'Reed' }).id;
    const company = hubspot.portal.addCompany({ name: 'Owned Co', domain: 'owned.example', numberofemployees: '300', industry: 'COMPUTER_SOFTWARE', country: 'France', hubspot_owner_id: tomInPortal });
    hubspot.portal.addContact({ email: 'buyer@owned.example', jobtitle: 'VP Sales', associatedcompanyid: company, lifecyclestage: 'salesqualifiedlead', hs_lifecyclestage_salesqualifiedlead_date: new Date(clock.getTime() - MINUTE).toISOString() });
    await syncOnce(context, 'hubspot', { push: false });
    const account = await db().query.accounts.findFirst({ where: (a, { eq: same }) => same(a.domain, 'owned.example') });
    expect(account?.ownerEmail).toBe('tom@handshake.test');
    const tom = await db().query.users.findFirst({ where: eq(users.email, 'tom@handshake.test') });
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, (await leadOf('buyer@owned.example')).id));
    expect([handover?.ownerId, handover?.routing]).toEqual([tom!.id, { by: 'account_owner', skipped: [] }]);
  });
});
