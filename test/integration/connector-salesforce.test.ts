import { and, eq, isNotNull } from 'drizzle-orm';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCrm } from '../../server/connectors/connections';
import { connectorStatuses } from '../../server/connectors/status';
import { syncOnce } from '../../server/connectors/sync';
import { CrmError } from '../../server/connectors/types';
import { charterVersions, events, handovers, leads, touches } from '../../server/db/schema';
import { crmOutbox } from '../../server/db/schema-connectors';
import { SYSTEM } from '../../server/domain/audit';
import { sweepSla } from '../../server/domain/sweeper';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { VERDICT_FIELDS } from '../../server/connectors/verdict';
import { addSalesforceVerdictFields, connectorContext } from '../support/connectors';
import { startSalesforceStandIn, type SalesforceStandIn } from '../support/crm/salesforce-stand-in';
import { roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The Salesforce connector through jsforce against a local org that follows Salesforce's
// public REST API: connect (token, JWT bearer), the Setup steps for missing fields, pull,
// write back, an expired session, outages on a clock the test moves.

const MINUTE = 60_000;
const CLIENT_ID = '3MVG9-handshake-connected-app';
const INTEGRATION_USER = 'integration@acme.example';

function keyPair() {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe('Salesforce connector', () => {
  // Whole seconds, as Salesforce keeps times.
  let clock = new Date(Math.floor((Date.now() - 5 * MINUTE) / 1000) * 1000);
  const now = () => clock;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  let sf: SalesforceStandIn;
  let server: TestServer;
  let context: ReturnType<typeof connectorContext>;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  const key = keyPair();
  const users = { tom: '', ines: '' };
  const db = () => server.database.db;
  const leadOf = async (email: string) => (await db().query.leads.findFirst({ where: eq(leads.email, email) }))!;
  const jwtSettings = () => ({ instanceUrl: sf.url, loginUrl: sf.url, clientId: CLIENT_ID, username: INTEGRATION_USER, mqlDateField: 'MQL_Date__c', sqlDateField: 'SQL_Date__c' });
  const handshakeTasks = () => sf.org.records('Task').filter((t) => t.Handshake_Touch_Id__c);

  beforeAll(async () => {
    sf = await startSalesforceStandIn({ now: () => clock.getTime() });
    server = await startTestServer({ now });
    context = connectorContext(server.database, now);
    await server.user({ email: 'tom@handshake.test', name: 'Tom', role: 'rep', ...roundTheClock(clock) });
    rep = await server.user({ email: 'ines@handshake.test', name: 'Inès', role: 'rep', backupEmail: 'tom@handshake.test', ...roundTheClock(clock) });
    users.tom = sf.org.addUser({ Email: 'tom@handshake.test', Name: 'Tom Hale' });
    users.ines = sf.org.addUser({ Email: 'ines@handshake.test', Name: 'Inès Moreau' });
    sf.org.addUser({ Email: INTEGRATION_USER, Name: 'Handshake Integration' });
    sf.org.addUser({ Email: 'intern@acme.example', Name: 'Not Approved' });
    sf.org.addField('Lead', { name: 'MQL_Date__c', type: 'datetime' });
    sf.org.addField('Lead', { name: 'SQL_Date__c', type: 'datetime' });
    sf.org.registerConnectedApp({ clientId: CLIENT_ID, certificate: key.publicPem, usernames: [INTEGRATION_USER] });
  });
  afterAll(async () => {
    await server?.close();
    await sf?.close();
  });

  it('refuses a wrong token, an org that cannot be reached and JWT sign-ins Salesforce refuses, in words, storing nothing', async () => {
    const wrong = connectCrm(context, 'salesforce', { instanceUrl: sf.url }, { token: '00Dwrong!token' }, SYSTEM);
    await expect(wrong).rejects.toThrow(CrmError);
    await expect(wrong).rejects.toThrow(/INVALID_SESSION_ID.*get a new one and connect again/);
    await expect(connectCrm(context, 'salesforce', { instanceUrl: 'http://127.0.0.1:9' }, { token: 'x' }, SYSTEM)).rejects.toThrow(/Salesforce cannot be reached/);

    const jwt = (settings: Record<string, unknown>, privateKey = key.privatePem) => connectCrm(context, 'salesforce', { ...jwtSettings(), ...settings }, { privateKey }, SYSTEM);
    await expect(jwt({ clientId: 'not-the-app' })).rejects.toThrow(/does not know the connected app's consumer key "not-the-app" \(invalid_client_id/);
    await expect(jwt({ username: 'intern@acme.example' })).rejects.toThrow(/intern@acme\.example is not pre-authorized for the connected app.*Admin approved users are pre-authorized/);
    await expect(jwt({}, keyPair().privatePem)).rejects.toThrow(/private key does not match the certificate/);
    await expect(jwt({}, 'not a key')).rejects.toThrow(/private key cannot be read/);
    await expect(jwt({ loginUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/cannot be reached at http:\/\/127\.0\.0\.1:9 to sign in/);
    expect(await connectorStatuses(context.database)).toEqual([]);
  });

  it('connects with a token, giving the Setup steps for the fields missing and creating none; once they are added, connects by JWT ready', async () => {
    await expect(connectCrm(context, 'salesforce', { instanceUrl: sf.url, mqlDateField: 'MQL_Stamp__c' }, { token: sf.org.issueToken() }, SYSTEM)).rejects.toThrow(/Lead has no field MQL_Stamp__c \(--mql-date-field\)/);
    const { account, prepared } = await connectCrm(context, 'salesforce', { instanceUrl: sf.url }, { token: sf.org.issueToken() }, SYSTEM);
    expect(account).toBe(`Salesforce org ${new URL(sf.url).host}`);
    expect(prepared.steps).toHaveLength(3 + VERDICT_FIELDS.length);
    expect(prepared.steps[0]).toMatch(/Object Manager → Lead → Fields & Relationships → New → Picklist → .*API name Handshake_Rejection_Reason__c.*wrong_company_size, icp_misfit/);
    expect(prepared.steps[1]).toMatch(/Lead → Fields & Relationships → New → Text Area \(Long\) .*API name Handshake_Rejection_Note__c/);
    expect(prepared.steps[2]).toMatch(/Object Manager → Activity → Fields & Relationships → New → Text .*API name Handshake_Touch_Id__c.*"Unique" and "External ID"/);
    // The verdict's fields, one step each, with the type and the values to give them.
    expect(prepared.steps[3]).toMatch(/Lead → Fields & Relationships → New → Picklist → Field Label "Handshake Stage", Field Name "Handshake_Stage" \(API name Handshake_Stage__c\).*lead, mql, target_account, sql, direct_sql/);
    expect(prepared.steps.join('\n')).toMatch(/New → Date\/Time → Field Label "Handshake SLA deadline", Field Name "Handshake_SLA_Deadline"/);
    expect(prepared.steps.join('\n')).toMatch(/New → Number, Length 18, Decimal Places 0 → Field Label "Handshake Charter version", Field Name "Handshake_Charter_Version"/);
    expect(sf.calls.filter((c) => c.method !== 'GET' && c.path.startsWith('/services/data'))).toEqual([]);

    sf.org.addField('Lead', { name: 'Handshake_Rejection_Reason__c', type: 'picklist', picklistValues: DEFAULT_CHARTER.rejectionReasons.map((r) => r.id) });
    sf.org.addField('Lead', { name: 'Handshake_Rejection_Note__c', type: 'textarea' });
    sf.org.addField('Task', { name: 'Handshake_Touch_Id__c', type: 'string', length: 64, externalId: true, unique: true });
    addSalesforceVerdictFields(sf.org);
    const again = await connectCrm(context, 'salesforce', jwtSettings(), { privateKey: key.privatePem }, SYSTEM);
    expect(again.account).toBe(`Salesforce org ${sf.org.orgId} (${new URL(sf.url).host})`);
    expect(again.prepared.steps).toEqual([]);
    expect(again.prepared.done.join('\n')).toMatch(/Handshake_Touch_Id__c on Activity is ready/);
    const [status] = await connectorStatuses(context.database);
    expect(status).toMatchObject({ crm: 'salesforce' });
  });

  it('pulls 2,000 leads with their owner, source, company and dates, and a second pass changes nothing', async () => {
    const createdAt = new Date(clock.getTime() - 10 * 24 * 60 * MINUTE).toISOString();
    const mqlAt = new Date(clock.getTime() - 3 * 24 * 60 * MINUTE).toISOString();
    for (let i = 0; i < 2000; i += 1) {
      sf.org.addLead({
        Email: `lead${i}@acme-analytics.com`,
        FirstName: `First${i}`,
        LastName: `Last${i}`,
        Title: i % 2 ? 'VP Sales' : 'Analyst',
        Company: 'Acme Analytics',
        Website: 'https://www.acme-analytics.com/about',
        NumberOfEmployees: 300,
        Industry: 'Technology',
        Country: 'France',
        LeadSource: i % 3 ? 'Web' : 'Partner Referral',
        ...(i % 4 === 0 ? { OwnerId: users.ines } : {}),
        ...(i === 0 ? { CreatedDate: createdAt, MQL_Date__c: mqlAt } : {}),
      });
    }
    const callsBefore = sf.calls.length;
    const started = performance.now();
    const first = await syncOnce(context, 'salesforce', { push: false });
    const elapsed = performance.now() - started;
    expect(first.error).toBeUndefined();
    expect(first.pulled.leads).toBe(2000);
    console.warn(`first sync of 2,000 Salesforce leads: ${Math.round(elapsed)} ms, ${sf.calls.length - callsBefore} API calls`);

    const pulled = await db().select().from(leads).where(isNotNull(leads.salesforceId));
    expect(pulled).toHaveLength(2000);
    const zero = pulled.find((l) => l.email === 'lead0@acme-analytics.com')!;
    expect(zero).toMatchObject({ firstName: 'First0', lastName: 'Last0', title: 'Analyst', ownerId: rep.id, source: 'Partner Referral', createdAt });
    expect(zero.salesforceId).toMatch(/^00Q\w{15}$/);
    expect(pulled.find((l) => l.email === 'lead1@acme-analytics.com')).toMatchObject({ ownerId: null, source: 'Web', title: 'VP Sales' });
    const account = await db().query.accounts.findFirst({ where: (a, { eq: same }) => same(a.domain, 'acme-analytics.com') });
    expect(account).toMatchObject({ name: 'Acme Analytics', employees: 300, industry: 'Information Technology and Services', country: 'France' });

    const second = await syncOnce(context, 'salesforce', { push: false });
    expect(second.error).toBeUndefined();
    expect(second.pulled).toMatchObject({ leads: 0, events: 0, created: 0, updated: 0 });
    const [status] = await connectorStatuses(context.database);
    expect(status!.apiUsage).toMatchObject({ limit: 15_000, window: 'daily' });
  });

  it('a task completed in Salesforce after the handover stops its SLA clock within one sync', async () => {
    const sqlAt = new Date(clock.getTime() - 30 * MINUTE).toISOString();
    const lead = sf.org.addLead({ Email: 'jonas@bear-metrics.com', FirstName: 'Jonas', LastName: 'Bär', Company: 'Bear Metrics', Title: 'VP Sales', OwnerId: users.tom, SQL_Date__c: sqlAt });
    await syncOnce(context, 'salesforce');
    const [open] = await db().select().from(handovers).where(eq(handovers.leadId, (await leadOf('jonas@bear-metrics.com')).id));
    expect(open).toMatchObject({ state: 'open', firstTouchAt: null });

    advance(5 * MINUTE);
    sf.org.addTask({ WhoId: lead, Subject: 'Discovery call', Status: 'Not Started', TaskSubtype: 'Call', OwnerId: users.tom });
    const call = sf.org.records('Task').at(-1)!.Id as string;
    expect((await syncOnce(context, 'salesforce')).pulled.events).toBe(0);
    advance(MINUTE);
    sf.org.update(call, { Status: 'Completed' });
    const report = await syncOnce(context, 'salesforce');
    expect(report.pulled.events).toBe(1);
    const [touched] = await db().select().from(handovers).where(eq(handovers.id, open!.id));
    expect(touched!.firstTouchAt).toBe(clock.toISOString());
    expect(await db().select().from(events).where(eq(events.id, `salesforce:task:${call}`))).toHaveLength(1);
  });

  it('accept and reject reach the Lead with the mapped status, reason and note; a touch logged in Handshake becomes one completed Task', async () => {
    const lead = await leadOf('lead0@acme-analytics.com');
    // lead0 is Inès's; it becomes an SQL in the CRM, so it is handed to her.
    advance(MINUTE);
    sf.org.updateLead(lead.salesforceId!, { SQL_Date__c: new Date(clock.getTime() - 10 * MINUTE).toISOString() });
    await syncOnce(context, 'salesforce');
    expect(await db().select().from(handovers).where(and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open')))).toHaveLength(1);

    await rep.api.touch.log.mutate({ leadId: lead.id, channel: 'call', idempotencyKey: 'touch-0001' });
    await rep.api.decision.reject.mutate({ leadId: lead.id, idempotencyKey: 'reject-0001', reason: 'bad_timing', note: 'Budget opens in Q2' });
    const report = await syncOnce(context, 'salesforce');
    // The decision, the touch, and the verdict the touch changed (its SLA met).
    expect(report.pushed).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(sf.org.record(lead.salesforceId!)).toMatchObject({ Status: 'Closed - Not Converted', Handshake_Rejection_Reason__c: 'bad_timing', Handshake_Rejection_Note__c: 'Budget opens in Q2' });
    const handover = (await db().select().from(handovers).where(eq(handovers.leadId, lead.id)))[0]!;
    expect(sf.org.record(lead.salesforceId!)).toMatchObject({
      Handshake_Stage__c: 'sql',
      Handshake_Charter_Version__c: 1,
      Handshake_SLA_Outcome__c: 'met',
      Handshake_SLA_Holder__c: 'ines@handshake.test',
      Handshake_Reason__c: 'SQL: meets every SQL threshold.',
    });
    expect(Date.parse(String(sf.org.record(lead.salesforceId!)!.Handshake_SLA_Deadline__c))).toBe(Date.parse(handover.deadline));
    const tasks = handshakeTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: lead.salesforceId, Subject: 'Call logged in Handshake', Status: 'Completed', TaskSubtype: 'Call', OwnerId: users.ines, ActivityDate: clock.toISOString().slice(0, 10) });

    // The next pull sees that task (modified now) and does not count it as a second touch.
    advance(MINUTE);
    await syncOnce(context, 'salesforce');
    expect(await db().select().from(touches).where(eq(touches.leadId, lead.id))).toHaveLength(1);
  });

  it('a touch delivered again (the outbox row still pending after a crash) updates its Task instead of logging a second', async () => {
    const lead = await leadOf('lead0@acme-analytics.com');
    const [row] = await db().select().from(crmOutbox).where(and(eq(crmOutbox.leadId, lead.id), eq(crmOutbox.kind, 'touch')));
    await db().update(crmOutbox).set({ state: 'pending', deliveredAt: null }).where(eq(crmOutbox.id, row!.id));
    const callsBefore = sf.calls.length;
    const report = await syncOnce(context, 'salesforce', { pull: false });
    expect(report.pushed).toEqual({ delivered: 1, retried: 0, failed: 0 });
    // The upsert finds the task; Salesforce refuses a subtype on an update, so it goes again without.
    expect(sf.calls.slice(callsBefore).filter((c) => c.method === 'PATCH').map((c) => c.path)).toEqual(Array(2).fill('/services/data/v62.0/composite/sobjects/Task/Handshake_Touch_Id__c'));
    expect(handshakeTasks()).toHaveLength(1);
    expect(handshakeTasks()[0]!.TaskSubtype).toBe('Call');
  });

  it('an expired session: the JWT connection signs in again and carries on', async () => {
    sf.org.revokeAllTokens();
    advance(MINUTE);
    const lead = sf.org.addLead({ Email: 'late@bear-metrics.com', LastName: 'Late', Company: 'Bear Metrics' });
    const callsBefore = sf.calls.length;
    const report = await syncOnce(context, 'salesforce');
    expect(sf.calls.slice(callsBefore).map((c) => `${c.status} ${c.method} ${c.path.replace(/\?.*/, '')}`).slice(0, 3)).toEqual([
      '401 GET /services/data/v62.0/query',
      '200 POST /services/oauth2/token',
      '200 GET /services/data/v62.0/query',
    ]);
    expect(report.error).toBeUndefined();
    expect(report.pulled.leads).toBe(1);
    expect((await leadOf('late@bear-metrics.com')).salesforceId).toBe(lead);
  });

  it('while Salesforce refuses for ten minutes (REQUEST_LIMIT_EXCEEDED, then 503s), writes wait; then each is delivered once, in order', async () => {
    const lead = await leadOf('lead4@acme-analytics.com');
    const recordId = lead.salesforceId!;
    advance(MINUTE);
    sf.org.updateLead(recordId, { SQL_Date__c: new Date(clock.getTime() - MINUTE).toISOString(), Handshake_Rejection_Reason__c: 'no_budget', Handshake_Rejection_Note__c: 'left from before' });
    await syncOnce(context, 'salesforce');
    const [handover] = await db().select().from(handovers).where(and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open')));
    expect(handover!.ownerId).toBe(rep.id);

    const outageEnds = clock.getTime() + 10 * MINUTE;
    sf.faults.outage({ status: 429, until: clock.getTime() + 2 * MINUTE });
    sf.faults.outage({ status: 503, until: outageEnds });
    await rep.api.touch.log.mutate({ leadId: lead.id, channel: 'email', idempotencyKey: 'touch-0002' });
    await rep.api.decision.accept.mutate({ leadId: lead.id, idempotencyKey: 'accept-0002' });

    let retried = 0;
    for (let minute = 0; minute <= 40; minute += 1) {
      retried += (await syncOnce(context, 'salesforce', { pull: false })).pushed.retried;
      advance(MINUTE);
    }
    expect(retried).toBeGreaterThan(2);
    const written = await db().select().from(crmOutbox).where(eq(crmOutbox.leadId, lead.id));
    // The lead's verdict row, written when it became an SQL and again when the touch met its SLA.
    expect(written.filter((r) => r.kind === 'verdict').map((r) => [r.state, r.payload.fields])).toMatchObject([['delivered', { sla_outcome: 'met' }]]);
    expect(sf.org.record(recordId)).toMatchObject({ Handshake_SLA_Outcome__c: 'met' });
    const rows = written.filter((r) => r.kind !== 'verdict');
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ['touch', 'delivered'],
      ['decision', 'delivered'],
    ]);
    expect(rows[0]!.deliveredAt! >= new Date(outageEnds).toISOString()).toBe(true);
    expect(rows[0]!.deliveredAt! <= rows[1]!.deliveredAt!).toBe(true);
    expect(handshakeTasks().filter((t) => t.WhoId === recordId)).toMatchObject([{ TaskSubtype: 'Email', Subject: 'E-mail logged in Handshake' }]);
    // An acceptance clears what an earlier rejection left.
    expect(sf.org.record(recordId)).toMatchObject({ Status: 'Working - Contacted', Handshake_Rejection_Reason__c: null, Handshake_Rejection_Note__c: null });
    const [status] = await connectorStatuses(context.database);
    expect(status!.outbox.pending).toBe(0);
  });

  it('a converted lead: its opportunity and a meeting with its contact reach Handshake, and the won opportunity dates closed_won', async () => {
    const lead = await leadOf('lead12@acme-analytics.com');
    advance(MINUTE);
    const { contactId, opportunityId } = sf.org.convertLead(lead.salesforceId!, { opportunityName: 'Acme — platform' });
    advance(MINUTE);
    const meeting = sf.org.addEvent({ WhoId: contactId, Subject: 'Demo', StartDateTime: new Date(clock.getTime() + 30 * MINUTE).toISOString(), DurationInMinutes: 30 });
    let report = await syncOnce(context, 'salesforce');
    expect(report.error).toBeUndefined();
    expect((await leadOf('lead12@acme-analytics.com')).opportunityAt).toBe(new Date(String(sf.org.record(opportunityId!)!.CreatedDate)).toISOString());
    expect(await db().select().from(events).where(eq(events.id, `salesforce:event:${meeting}`))).toHaveLength(0);

    // The meeting takes place; the deal is won today.
    advance(40 * MINUTE);
    const today = clock.toISOString().slice(0, 10);
    sf.org.update(opportunityId!, { StageName: 'Closed Won', Amount: 48_000, CloseDate: today });
    report = await syncOnce(context, 'salesforce');
    expect(report.error).toBeUndefined();
    const won = await leadOf('lead12@acme-analytics.com');
    expect(won.wonAt).toBe(`${today}T00:00:00.000Z`);
    const [closed] = await db().select().from(events).where(eq(events.id, `salesforce:${lead.salesforceId}:closed_won`));
    expect(closed!.properties).toMatchObject({ amount: 48_000, opportunityId });
    const [met] = await db().select().from(events).where(eq(events.id, `salesforce:event:${meeting}`));
    expect(met).toMatchObject({ leadId: won.id, type: 'sales_touch' });
  });

  it('a lead merged into another follows it; a deleted lead is unlinked from its record', async () => {
    const [kept, merged, deleted] = await Promise.all(['lead20', 'lead21', 'lead22'].map((name) => leadOf(`${name}@acme-analytics.com`)));
    advance(MINUTE);
    sf.org.update(merged!.salesforceId!, { MasterRecordId: kept!.salesforceId });
    sf.org.deleteLead(merged!.salesforceId!);
    sf.org.deleteLead(deleted!.salesforceId!);
    const report = await syncOnce(context, 'salesforce');
    expect(report.error).toBeUndefined();
    expect((await leadOf('lead21@acme-analytics.com')).salesforceId).toBe(kept!.salesforceId);
    expect((await leadOf('lead22@acme-analytics.com')).salesforceId).toBeNull();
  });

  it('an escalation at breach makes the backup the Lead owner, when the charter says so', async () => {
    const charter = { ...DEFAULT_CHARTER, version: 2, crmWriteBack: { ...DEFAULT_CHARTER.crmWriteBack, salesforce: { ...DEFAULT_CHARTER.crmWriteBack.salesforce, ownerFollowsEscalation: true } } };
    await db().insert(charterVersions).values({ version: 2, body: charter, proposedAt: clock.toISOString(), activatedAt: clock.toISOString() });
    const recordId = (await leadOf('lead8@acme-analytics.com')).salesforceId!;
    // An SQL for Inès since ten hours: the 8 business hours of its tier ran out two hours ago.
    advance(MINUTE);
    sf.org.updateLead(recordId, { SQL_Date__c: new Date(clock.getTime() - 10 * 60 * MINUTE).toISOString() });
    await syncOnce(context, 'salesforce');
    expect((await sweepSla(server.database, clock)).escalated).toBe(1);
    // The owner, and the verdict: breached, held by the backup.
    expect((await syncOnce(context, 'salesforce', { pull: false })).pushed.delivered).toBe(2);
    expect(sf.org.record(recordId)).toMatchObject({ OwnerId: users.tom, Handshake_SLA_Outcome__c: 'breached', Handshake_SLA_Holder__c: 'tom@handshake.test', Handshake_Charter_Version__c: 2 });
  });
});
