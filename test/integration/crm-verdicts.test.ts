import { and, eq } from 'drizzle-orm';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCrm, disconnectCrm } from '../../server/connectors/connections';
import { asWrite, nextWrites, recordOutcomes } from '../../server/connectors/outbox';
import { verdictFieldName as pipedriveFieldName } from '../../server/connectors/pipedrive/verdict';
import { verdictFieldName as salesforceFieldName } from '../../server/connectors/salesforce/verdict';
import { syncOnce } from '../../server/connectors/sync';
import { VERDICT_FIELD_SPECS, VERDICT_FIELDS, type TVerdictField } from '../../server/connectors/verdict';
import { queueVerdicts } from '../../server/connectors/verdicts';
import { charterVersions, handovers, leads } from '../../server/db/schema';
import { crmOutbox, crmVerdictChanges, type TCrmName } from '../../server/db/schema-connectors';
import { SYSTEM } from '../../server/domain/audit';
import { queueRescoreOfActive, rescoreIdle, runRescoreJobs } from '../../server/domain/rescore-job';
import { sweepSla } from '../../server/domain/sweeper';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { addSalesforceVerdictFields, connectorContext } from '../support/connectors';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { startPipedriveStandIn, type PipedriveStandIn } from '../support/crm/pipedrive-stand-in';
import { startSalesforceStandIn, type SalesforceStandIn } from '../support/crm/salesforce-stand-in';
import { roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The verdict Handshake writes on the CRM records — the stage it gives the lead, the four
// criteria with a reason, the SLA — on one lead that has a record in each of the three CRMs,
// against their stand-ins and through their official clients: within one sync of each change,
// nothing written when nothing changed, the fields the charter names and no others.

const MINUTE = 60_000;
const CLIENT_ID = '3MVG9-handshake-verdicts';
const INTEGRATION_USER = 'integration@kite.example';
const CRMS: TCrmName[] = ['hubspot', 'salesforce', 'pipedrive'];
type TShown = Partial<Record<TVerdictField, string | number | null>>;

describe('The verdict on the CRM records', () => {
  // Whole seconds, as Salesforce keeps times.
  let clock = new Date(Math.floor((Date.now() - 60 * MINUTE) / 1000) * 1000);
  const now = () => clock;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  let hubspot: HubSpotStandIn;
  let sf: SalesforceStandIn;
  let pipedrive: PipedriveStandIn;
  let server: TestServer;
  let context: ReturnType<typeof connectorContext>;
  let ingestKey = '';
  let tom: Awaited<ReturnType<TestServer['user']>>;
  const records = { hubspot: '', salesforce: '', pipedrive: '' };
  const db = () => server.database.db;
  const email = 'nadia@kite-analytics.com';
  const leadOf = async () => (await db().query.leads.findFirst({ where: eq(leads.email, email) }))!;

  /** What each CRM's record shows of the verdict, in the verdict's own values. */
  function shown(crm: TCrmName): TShown {
    const out: TShown = {};
    for (const field of VERDICT_FIELDS) {
      const spec = VERDICT_FIELD_SPECS[field];
      let value: string | number | null | undefined;
      if (crm === 'hubspot') value = hubspot.portal.properties('contacts', records.hubspot)[`handshake_${field}`] || null;
      else if (crm === 'salesforce') value = sf.org.record(records.salesforce)![salesforceFieldName(field)] as string | number | null;
      else {
        const definition = pipedrive.company.personField(pipedriveFieldName(field));
        value = definition ? (pipedrive.company.persons.get(Number(records.pipedrive))!.customFields[definition.key] as string | number | null) : null;
        if (value !== null && definition?.options) value = spec.options!.find(([, label]) => label === definition.options!.find((o) => o.id === value)?.label)?.[0];
      }
      if (value === null || value === undefined) out[field] = null;
      else if (spec.kind === 'datetime') out[field] = new Date(value).toISOString();
      else if (spec.kind === 'number') out[field] = Number(value);
      else out[field] = String(value);
    }
    return out;
  }

  /** The calls that wrote to each CRM since `mark`. */
  const mark = () => ({ hubspot: hubspot.calls.length, salesforce: sf.calls.length, pipedrive: pipedrive.calls.length });
  const writesSince = (from: ReturnType<typeof mark>) => ({
    hubspot: hubspot.calls.slice(from.hubspot).filter((c) => c.method !== 'GET' && !c.path.includes('/search')).length,
    salesforce: sf.calls.slice(from.salesforce).filter((c) => c.method !== 'GET' && !c.path.includes('/oauth2/')).length,
    pipedrive: pipedrive.calls.slice(from.pipedrive).filter((c) => c.method !== 'GET').length,
  });
  const pushAll = async () => {
    for (const crm of CRMS) expect((await syncOnce(context, crm, { pull: false })).error).toBeUndefined();
  };

  beforeAll(async () => {
    hubspot = await startHubSpotStandIn({ now: () => clock.getTime() });
    sf = await startSalesforceStandIn({ now: () => clock.getTime() });
    pipedrive = await startPipedriveStandIn({ companyDomain: 'kite', now: () => clock.getTime() });
    server = await startTestServer({ now });
    context = connectorContext(server.database, now);
    ingestKey = await server.ingestKey();
    tom = await server.user({ email: 'tom@handshake.test', name: 'Tom', role: 'rep', ...roundTheClock(clock) });
    await server.user({ email: 'ines@handshake.test', name: 'Inès', role: 'rep', backupEmail: 'tom@handshake.test', ...roundTheClock(clock) });

    // Signed in by JWT, as a connected app: the hours the test skips outlast an access token.
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    sf.org.addUser({ Email: INTEGRATION_USER, Name: 'Handshake Integration' });
    sf.org.registerConnectedApp({ clientId: CLIENT_ID, certificate: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), usernames: [INTEGRATION_USER] });
    sf.org.addField('Lead', { name: 'Handshake_Rejection_Reason__c', type: 'picklist', picklistValues: DEFAULT_CHARTER.rejectionReasons.map((r) => r.id) });
    sf.org.addField('Lead', { name: 'Handshake_Rejection_Note__c', type: 'textarea' });
    sf.org.addField('Task', { name: 'Handshake_Touch_Id__c', type: 'string', length: 64, externalId: true, unique: true });
    addSalesforceVerdictFields(sf.org);
    records.hubspot = hubspot.portal.addContact({ email, firstname: 'Nadia', lastname: 'Brandt' });
    records.salesforce = sf.org.addLead({ Email: email, LastName: 'Brandt', Company: 'Kite Analytics' });
    records.pipedrive = String(pipedrive.company.addPerson({ name: 'Nadia Brandt', emails: [email] }).id);

    for (const [crm, settings, secret] of [
      ['hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }],
      ['salesforce', { instanceUrl: sf.url, loginUrl: sf.url, clientId: CLIENT_ID, username: INTEGRATION_USER }, { privateKey }],
      ['pipedrive', { domain: 'kite', apiUrl: pipedrive.url }, { token: pipedrive.token }],
    ] as const) {
      const { prepared } = await connectCrm(context, crm, settings, secret, SYSTEM);
      expect(prepared.steps).toEqual([]);
    }
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([hubspot?.close(), sf?.close(), pipedrive?.close()]);
  });

  it('connecting makes the verdict fields: HubSpot contact properties in the Handshake group, Pipedrive person fields', () => {
    expect(hubspot.portal.propertyDefinition('contacts', 'handshake_stage')).toMatchObject({ groupName: 'handshake', type: 'enumeration', label: 'Stage (Handshake)' });
    expect(hubspot.portal.propertyDefinition('contacts', 'handshake_stage')!.options.map((o) => o.value)).toEqual(['lead', 'mql', 'target_account', 'sql', 'direct_sql']);
    expect(hubspot.portal.propertyDefinition('contacts', 'handshake_sla_deadline')).toMatchObject({ type: 'datetime' });
    expect(hubspot.portal.propertyDefinition('contacts', 'handshake_charter_version')).toMatchObject({ type: 'number' });
    expect(pipedrive.company.personField('Handshake SLA outcome')).toMatchObject({ fieldType: 'enum' });
    expect(pipedrive.company.personField('Handshake stage since')).toMatchObject({ fieldType: 'varchar' });
    expect(pipedrive.company.personField('Handshake charter version')).toMatchObject({ fieldType: 'double' });
  });

  it('a new lead with a record in each CRM shows its stage, criteria and reason there after one sync', async () => {
    advance(MINUTE);
    const reply = await server.post(
      '/api/v1/leads',
      {
        leads: [
          {
            email,
            firstName: 'Nadia',
            lastName: 'Brandt',
            title: 'VP Sales',
            company: { name: 'Kite Analytics', domain: 'kite-analytics.com', employees: 300, industry: 'Software', country: 'FR' },
            crmIds: { hubspot: records.hubspot, salesforce: records.salesforce, pipedrive: records.pipedrive },
          },
        ],
      },
      ingestKey,
    );
    expect(reply.status).toBe(200);
    await pushAll();
    const lead = await leadOf();
    const expected: TShown = {
      stage: 'lead',
      stage_at: null,
      charter_version: 1,
      fit: lead.fitLevel,
      engagement: 'none',
      intent: 'none',
      authority: 'decision_maker',
      reason: 'Lead: below the MQL thresholds on engagement none (needs medium).',
      sla_deadline: null,
      sla_outcome: null,
      sla_holder: null,
    };
    expect(lead.fitLevel).toBe('in_icp');
    for (const crm of CRMS) expect(shown(crm), crm).toEqual(expected);
  });

  it('handed over as a direct SQL: its stage, since when, the SLA deadline, open, and who holds it, one sync later', async () => {
    advance(MINUTE);
    const reply = await server.post('/api/v1/events', { events: [{ id: 'demo-nadia', email, type: 'demo_request', at: new Date(clock.getTime() - MINUTE).toISOString() }] }, ingestKey);
    expect(reply.body).toMatchObject({ handoversOpened: 1 });
    await pushAll();
    const lead = await leadOf();
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead.id));
    for (const crm of CRMS) {
      expect(shown(crm), crm).toMatchObject({
        stage: 'direct_sql',
        stage_at: lead.sqlAt,
        intent: 'high',
        reason: 'Direct SQL: an ICP decision-maker who asked for a demo or booked a meeting.',
        sla_deadline: handover!.deadline,
        sla_outcome: 'open',
        sla_holder: 'ines@handshake.test',
      });
    }
  });

  it('a full re-score that changes nothing writes nothing to any CRM; nor does a sync with nothing changed', async () => {
    const before = mark();
    const rowsBefore = await db().select().from(crmOutbox).where(eq(crmOutbox.kind, 'verdict'));
    await queueRescoreOfActive(server.database, clock);
    await rescoreIdle(server.database);
    await runRescoreJobs(server.database, { now, log: () => undefined });
    expect(await db().select().from(crmVerdictChanges)).toEqual([]);
    await pushAll();
    await pushAll();
    expect(writesSince(before)).toEqual({ hubspot: 0, salesforce: 0, pipedrive: 0 });
    expect(await db().select().from(crmOutbox).where(eq(crmOutbox.kind, 'verdict'))).toEqual(rowsBefore);
  });

  it('a breach shows as breached, held by the backup, after one sync; a touch after it as missed', async () => {
    const lead = await leadOf();
    const [handover] = await db().select().from(handovers).where(eq(handovers.leadId, lead.id));
    clock = new Date(Date.parse(handover!.deadline) + MINUTE);
    expect((await sweepSla(server.database, clock)).escalated).toBe(1);
    await pushAll();
    for (const crm of CRMS) expect(shown(crm), crm).toMatchObject({ sla_outcome: 'breached', sla_holder: 'tom@handshake.test', stage: 'direct_sql' });

    // The backup, who holds it now, calls.
    await tom.api.touch.log.mutate({ leadId: lead.id, channel: 'call', idempotencyKey: 'late-call' });
    await pushAll();
    for (const crm of CRMS) expect(shown(crm), crm).toMatchObject({ sla_outcome: 'missed' });
  });

  it('writes the fields the charter names: only the stage to HubSpot, none to Pipedrive', async () => {
    const verdicts = { ...DEFAULT_CHARTER.crmWriteBack };
    const charter = {
      ...DEFAULT_CHARTER,
      version: 2,
      crmWriteBack: { ...verdicts, hubspot: { ...verdicts.hubspot, verdict: ['stage' as const] }, pipedrive: { ...verdicts.pipedrive, verdict: [] } },
    };
    await db().insert(charterVersions).values({ version: 2, body: charter, proposedAt: clock.toISOString(), activatedAt: clock.toISOString() });
    const before = mark();
    const hubspotBefore = shown('hubspot');
    await queueRescoreOfActive(server.database, clock);
    await rescoreIdle(server.database);
    await runRescoreJobs(server.database, { now, log: () => undefined });
    await pushAll();
    // Re-scored under version 2: Salesforce shows it; HubSpot gets its stage field alone; Pipedrive nothing.
    expect(shown('salesforce').charter_version).toBe(2);
    expect(writesSince(before)).toEqual({ hubspot: 1, salesforce: 1, pipedrive: 0 });
    expect(shown('hubspot')).toEqual(hubspotBefore);
    const [row] = await db().select().from(crmOutbox).where(and(eq(crmOutbox.crm, 'hubspot'), eq(crmOutbox.kind, 'verdict')));
    expect(row!.payload).toEqual({ charterVersion: 2, fields: { stage: 'direct_sql' } });
  });

  it('a verdict that changes while its delivery is on its way is delivered again with the new fields', async () => {
    const lead = await leadOf();
    await db().update(leads).set({ stage: 'mql', stagePath: 'standard' }).where(eq(leads.id, lead.id));
    await queueVerdicts(server.database, clock);
    const [due] = (await nextWrites(db(), 'salesforce', clock, 10)).filter((w) => w.kind === 'verdict');
    expect(due!.payload.fields).toMatchObject({ stage: 'mql' });
    // While the CRM is being sent the MQL verdict, the lead becomes an SQL again.
    await db().update(leads).set({ stage: 'sql', stagePath: 'direct' }).where(eq(leads.id, lead.id));
    await queueVerdicts(server.database, clock);
    await recordOutcomes(db(), [due!], [{ state: 'delivered' }], clock);
    const [row] = await db().select().from(crmOutbox).where(and(eq(crmOutbox.crm, 'salesforce'), eq(crmOutbox.kind, 'verdict')));
    expect(row).toMatchObject({ state: 'pending' });
    expect(asWrite(row!).payload.fields).toMatchObject({ stage: 'direct_sql' });
    await pushAll();
    expect(shown('salesforce').stage).toBe('direct_sql');
  });

  it('with every CRM disconnected, nothing is noted for a verdict any more', async () => {
    const lead = await leadOf();
    await db().update(leads).set({ stage: 'mql', stagePath: 'standard' }).where(eq(leads.id, lead.id));
    expect(await db().select().from(crmVerdictChanges)).toHaveLength(1);
    for (const crm of CRMS) await disconnectCrm(context, crm, SYSTEM);
    expect(await db().select().from(crmVerdictChanges)).toEqual([]);
    await db().update(leads).set({ stage: 'sql', stagePath: 'direct' }).where(eq(leads.id, lead.id));
    expect(await db().select().from(crmVerdictChanges)).toEqual([]);
    expect(await db().select().from(crmOutbox)).toEqual([]);
  });
});
