import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Connection, SfDate } from 'jsforce';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceStandIn, type SalesforceStandIn } from '../support/crm/salesforce-stand-in';

// The Salesforce stand-in driven only through jsforce, the official client the connector
// uses: JWT bearer sign-in, SOQL with query locators and relationship fields, describe,
// single and collection writes, upsert by external id, deletes, errors and outages.

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const VERSION = '62.0';
const START = Date.parse('2025-03-03T09:00:00Z');

let clock = START;
let sf: SalesforceStandIn | undefined;
let appKey: { privateKey: KeyObject; publicPem: string };
let otherKey: KeyObject;

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  appKey = { privateKey: pair.privateKey, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
});

afterEach(async () => {
  await sf?.close();
  sf = undefined;
});

async function start(): Promise<SalesforceStandIn> {
  clock = START;
  sf = await startSalesforceStandIn({ now: () => clock });
  return sf;
}

function connect(standIn: SalesforceStandIn, userId?: string): Connection {
  return new Connection({ instanceUrl: standIn.url, accessToken: standIn.org.issueToken(userId), version: VERSION });
}

function jwt(claims: Record<string, unknown>, key = appKey.privateKey): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ alg: 'RS256' })}.${part(claims)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), key).toString('base64url')}`;
}

async function rejection(promise: PromiseLike<unknown>): Promise<{ name: string; errorCode?: string; message: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; errorCode?: string; message: string };
  }
  throw new Error('expected the call to be refused');
}

const isoLiteral = (ms: number) => SfDate.toDateTimeLiteral(new Date(ms)).toString();

describe('JWT bearer sign-in', () => {
  it('signs in a pre-authorized user with a signed assertion, and refuses the wrong ones with Salesforce words', async () => {
    const standIn = await start();
    const userId = standIn.org.addUser({ Email: 'integration@acme.example', Name: 'Integration User' });
    standIn.org.addUser({ Email: 'other@acme.example', Name: 'Other User' });
    standIn.org.registerConnectedApp({ clientId: '3MVG9-handshake', certificate: appKey.publicPem, usernames: ['integration@acme.example'] });
    const claims = { iss: '3MVG9-handshake', sub: 'integration@acme.example', aud: standIn.url, exp: Math.floor(clock / 1000) + 180 };

    const conn = new Connection({ loginUrl: standIn.url, version: VERSION });
    const userInfo = await conn.authorize({ grant_type: JWT_BEARER, assertion: jwt(claims) });
    expect(userInfo).toMatchObject({ id: userId, organizationId: standIn.org.orgId });
    expect(conn.instanceUrl).toBe(standIn.url);
    const me = await conn.query<{ Email: string }>(`SELECT Email FROM User WHERE Id = '${userId}'`);
    expect(me.records[0]?.Email).toBe('integration@acme.example');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 15000 });
    expect(await conn.identity()).toMatchObject({ user_id: userId, organization_id: standIn.org.orgId, username: 'integration@acme.example' });

    const refused = async (assertion: string) => {
      const error = await rejection(new Connection({ loginUrl: standIn.url, version: VERSION }).authorize({ grant_type: JWT_BEARER, assertion }));
      return `${error.name}: ${error.message}`;
    };
    expect(await refused(jwt(claims, otherKey))).toBe('invalid_grant: invalid assertion');
    expect(await refused(jwt({ ...claims, iss: 'unknown-app' }))).toBe('invalid_client_id: client identifier invalid');
    expect(await refused(jwt({ ...claims, sub: 'other@acme.example' }))).toBe("invalid_grant: user hasn't approved this consumer");
    expect(await refused(jwt({ ...claims, aud: 'https://login.salesforce.com' }))).toBe('invalid_grant: audience is invalid');
    expect(await refused(jwt({ ...claims, exp: Math.floor(clock / 1000) - 1 }))).toBe('invalid_grant: expired authorization code');
  });
});

describe('SOQL', () => {
  it('pages 5,000 leads modified since a SystemModstamp through nextRecordsUrl, 2,000 at a time or the batch size asked', async () => {
    const standIn = await start();
    for (let i = 0; i < 50; i += 1) standIn.org.addLead({ LastName: `Old ${i}`, Company: 'Before' });
    clock += 60_000;
    const since = clock;
    clock += 1000;
    for (let i = 0; i < 5000; i += 1) {
      clock += 10;
      standIn.org.addLead({ LastName: `Lead ${i}`, Company: 'After', Email: `lead${i}@acme.example` });
    }
    const conn = connect(standIn);
    const soql = `SELECT Id, Email, SystemModstamp FROM Lead WHERE SystemModstamp > ${isoLiteral(since)} ORDER BY SystemModstamp DESC, Id`;

    const first = await conn.query<{ Id: string; Email: string }>(soql);
    expect(first).toMatchObject({ totalSize: 5000, done: false });
    expect(first.records).toHaveLength(2000);
    expect(first.records[0]).toMatchObject({ attributes: { type: 'Lead', url: `/services/data/v${VERSION}/sobjects/Lead/${first.records[0]?.Id}` }, Email: 'lead4999@acme.example' });
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g\w{15}-2000$/);
    const ids = new Set(first.records.map((r) => r.Id));
    let page = first;
    while (page.nextRecordsUrl) {
      page = await conn.queryMore<{ Id: string; Email: string }>(page.nextRecordsUrl);
      for (const record of page.records) ids.add(record.Id);
    }
    expect(page.done).toBe(true);
    expect(ids.size).toBe(5000);
    expect(standIn.calls.filter((call) => call.path.startsWith('/services/data/v62.0/query')).map((call) => call.status)).toEqual([200, 200, 200]);

    const all = await conn.query(soql, { autoFetch: true, maxFetch: 10_000, headers: { 'Sforce-Query-Options': 'batchSize=1000' } });
    expect(all.records).toHaveLength(5000);
    expect(standIn.calls.filter((call) => call.path.startsWith('/services/data/v62.0/query'))).toHaveLength(8);
    const raw = await conn.request<{ nextRecordsUrl: string }>(`/query?q=${encodeURIComponent(soql)}`);
    expect(raw.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-2000$/);
    expect(await conn.query(`SELECT COUNT() FROM Lead WHERE Company = 'before'`)).toMatchObject({ totalSize: 50, records: [] });
  });

  it('reads parent fields through relationships, null where the lookup is empty', async () => {
    const standIn = await start();
    const rep = standIn.org.addUser({ Email: 'rita.rep@acme.example', Name: 'Rita Rep' });
    const converted = standIn.org.addLead({ FirstName: 'Cora', LastName: 'Convert', Company: 'Convertia', Email: 'cora@convertia.example', OwnerId: rep });
    const open = standIn.org.addLead({ LastName: 'Open', Company: 'Openly', OwnerId: rep });
    standIn.org.addTask({ WhoId: open, Subject: 'Intro call', Status: 'Completed', TaskSubtype: 'Call' });
    const { opportunityId, contactId } = standIn.org.convertLead(converted);
    standIn.org.update(opportunityId ?? '', { StageName: 'Closed Won' });
    const conn = connect(standIn);

    const leads = await conn.query<Record<string, unknown>>(
      `SELECT Id, Name, Owner.Email, Owner.Name, ConvertedOpportunity.StageName, ConvertedOpportunity.IsWon, ConvertedContact.Email FROM Lead WHERE Owner.Email = 'RITA.REP@acme.example' ORDER BY IsConverted DESC`,
    );
    expect(leads.records.map(({ attributes: _a, ...rest }) => rest)).toEqual([
      {
        Id: converted,
        Name: 'Cora Convert',
        Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${rep}` }, Email: 'rita.rep@acme.example', Name: 'Rita Rep' },
        ConvertedOpportunity: { attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${opportunityId}` }, StageName: 'Closed Won', IsWon: true },
        ConvertedContact: { attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${contactId}` }, Email: 'cora@convertia.example' },
      },
      { Id: open, Name: 'Open', Owner: expect.objectContaining({ Email: 'rita.rep@acme.example' }) as unknown, ConvertedOpportunity: null, ConvertedContact: null },
    ]);
    const tasks = await conn.query<Record<string, unknown>>(`SELECT Subject, IsClosed, Who.Name, Who.Type FROM Task WHERE WhoId IN ('${open.slice(0, 15)}') AND (Status = 'Completed' OR Status = 'Deferred')`);
    expect(tasks.records[0]).toMatchObject({ Subject: 'Intro call', IsClosed: true, Who: { Name: 'Open', Type: 'Lead' } });
  });
});

describe('describe and writes', () => {
  function addHandshakeFields(standIn: SalesforceStandIn) {
    standIn.org.addField('Lead', { name: 'MQL_Date__c', type: 'datetime', label: 'MQL Date' });
    standIn.org.addField('Lead', { name: 'Handshake_Rejection_Reason__c', type: 'picklist', picklistValues: ['Bad fit', 'No budget', 'Duplicate'] });
    standIn.org.addField('Lead', { name: 'Handshake_Rejection_Note__c', type: 'textarea', length: 32768 });
    standIn.org.addField('Task', { name: 'Handshake_Touch_Id__c', type: 'string', length: 64, externalId: true, unique: true });
  }

  it('describes standard and custom fields with their picklist values, as the test changes them', async () => {
    const standIn = await start();
    addHandshakeFields(standIn);
    const conn = connect(standIn);
    const lead = await conn.describe('Lead');
    const field = (name: string) => lead.fields.find((f) => f.name === name);
    const picklist = (name: string, of = lead) => (of.fields.find((f) => f.name === name)?.picklistValues ?? []) as { value: string; defaultValue: boolean }[];
    expect(lead).toMatchObject({ name: 'Lead', keyPrefix: '00Q' });
    expect(field('Status')).toMatchObject({ type: 'picklist', restrictedPicklist: true, updateable: true });
    expect(picklist('Status').map((p) => [p.value, p.defaultValue])).toEqual([
      ['Open - Not Contacted', true],
      ['Working - Contacted', false],
      ['Closed - Converted', false],
      ['Closed - Not Converted', false],
    ]);
    expect(field('MQL_Date__c')).toMatchObject({ type: 'datetime', custom: true, label: 'MQL Date', createable: true });
    expect(field('Handshake_Rejection_Reason__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true, label: 'Handshake Rejection Reason' });
    expect(field('IsConverted')).toMatchObject({ type: 'boolean', updateable: false, createable: false });
    expect((await conn.describe('Task')).fields.find((f) => f.name === 'Handshake_Touch_Id__c')).toMatchObject({ externalId: true, unique: true, type: 'string' });

    standIn.org.setPicklistValues('Lead', 'Handshake_Rejection_Reason__c', ['Bad fit', 'Timing']);
    standIn.org.removeField('Lead', 'MQL_Date__c');
    const again = await conn.describe('Lead');
    expect(picklist('Handshake_Rejection_Reason__c', again).map((p) => p.value)).toEqual(['Bad fit', 'Timing']);
    expect(again.fields.some((f) => f.name === 'MQL_Date__c')).toBe(false);
  });

  it('updates one lead, then a collection where one record fails alone — or rolls all back with allOrNone', async () => {
    const standIn = await start();
    addHandshakeFields(standIn);
    const [a, b, c] = ['A', 'B', 'C'].map((name) => standIn.org.addLead({ LastName: name, Company: `${name} Inc` })) as [string, string, string];
    const conn = connect(standIn);
    clock += 5000;
    expect(await conn.sobject('Lead').update({ Id: a, MQL_Date__c: '2025-03-01T10:00:00.000Z', Status: 'Working - Contacted' })).toEqual({ id: a, success: true, errors: [] });
    expect(standIn.org.record(a)).toMatchObject({ MQL_Date__c: '2025-03-01T10:00:00.000+0000', Status: 'Working - Contacted', SystemModstamp: new Date(clock).toISOString().replace('Z', '+0000') });

    const rejected = { Handshake_Rejection_Reason__c: 'Bad fit', Handshake_Rejection_Note__c: 'Student project', Status: 'Closed - Not Converted' };
    const results = await conn.sobject('Lead').update([
      { Id: a, ...rejected },
      { Id: b, Status: 'Qualified' },
      { Id: c, Handshake_Rejection_Reason__c: 'Not a reason' },
    ]);
    expect(results).toEqual([
      { id: a, success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Status: bad value for restricted picklist field: Qualified', fields: ['Status'] }] },
      { success: false, errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Handshake Rejection Reason: bad value for restricted picklist field: Not a reason', fields: ['Handshake_Rejection_Reason__c'] }] },
    ]);
    expect(standIn.org.record(a)).toMatchObject(rejected);

    const rolledBack = await conn.sobject('Lead').update(
      [
        { Id: b, Status: 'Working - Contacted' },
        { Id: c, Email: 'not an email' },
      ],
      { allOrNone: true },
    );
    expect(rolledBack.map((r) => (r.errors[0] as { statusCode?: string } | undefined)?.statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'INVALID_EMAIL_ADDRESS']);
    expect(standIn.org.record(b)).toMatchObject({ Status: 'Open - Not Contacted' });
  });

  it('upserts a Task by its external id twice into one Task (201 then 200), and a collection by the same id', async () => {
    const standIn = await start();
    addHandshakeFields(standIn);
    const lead = standIn.org.addLead({ LastName: 'Touched', Company: 'Touchy' });
    const conn = connect(standIn);
    const touch = { Handshake_Touch_Id__c: 'touch-1', WhoId: lead, Subject: 'Email: hello', Status: 'Completed', ActivityDate: '2025-03-03' };

    const created = await conn.sobject('Task').upsert({ ...touch, TaskSubtype: 'Email' }, 'Handshake_Touch_Id__c');
    expect(created).toMatchObject({ success: true, errors: [], created: true });
    const updated = await conn.sobject('Task').upsert({ ...touch, Subject: 'Email: hello again' }, 'Handshake_Touch_Id__c');
    expect(updated).toEqual({ id: created.id, success: true, errors: [], created: false });
    const tasks = await conn.query<Record<string, unknown>>(`SELECT Id, Subject, TaskSubtype, CompletedDateTime FROM Task WHERE Handshake_Touch_Id__c = 'touch-1'`);
    expect(tasks.records).toEqual([expect.objectContaining({ Id: created.id, Subject: 'Email: hello again', TaskSubtype: 'Email', CompletedDateTime: '2025-03-03T09:00:00.000+0000' })]);

    const many = await conn.sobject('Task').upsert([touch, { ...touch, Handshake_Touch_Id__c: 'touch-2' }], 'Handshake_Touch_Id__c');
    expect(many.map((r) => [r.id === created.id, r.created])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(standIn.org.records('Task')).toHaveLength(2);
  });

  it('deletes a lead: gone from query, in queryAll with IsDeleted, ENTITY_IS_DELETED on read, listed by deleted()', async () => {
    const standIn = await start();
    const keep = standIn.org.addLead({ LastName: 'Keep', Company: 'K' });
    const gone = standIn.org.addLead({ LastName: 'Gone', Company: 'G' });
    const conn = connect(standIn);
    clock += 120_000;
    expect(await conn.sobject('Lead').destroy(gone)).toEqual({ id: gone, success: true, errors: [] });
    clock += 120_000;

    expect((await conn.query<{ Id: string }>('SELECT Id FROM Lead')).records.map((r) => r.Id)).toEqual([keep]);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>('SELECT Id, IsDeleted FROM Lead ORDER BY LastName', { scanAll: true });
    expect(all.records.map((r) => [r.Id, r.IsDeleted])).toEqual([
      [gone, true],
      [keep, false],
    ]);
    const read = await rejection(conn.sobject('Lead').retrieve(gone));
    expect([read.errorCode, read.message]).toEqual(['ENTITY_IS_DELETED', 'entity is deleted']);
    const deleted = await conn.sobject('Lead').deleted(new Date(START), new Date(clock));
    expect(deleted.deletedRecords.map((r) => r.id)).toEqual([gone]);
    await conn.sobject('Lead').update({ Id: keep, Title: 'CEO' });
    clock += 60_000;
    expect((await conn.sobject('Lead').updated(new Date(clock - 90_000), new Date(clock))).ids).toEqual([keep]);
  });
});

describe('errors and outages', () => {
  it('words bad queries, bad writes, lapsed sessions and the daily limit as Salesforce does', async () => {
    const standIn = await start();
    const conn = connect(standIn);
    const refused = async (promise: PromiseLike<unknown>) => {
      const error = await rejection(promise);
      return [error.errorCode, error.message];
    };
    expect(await refused(conn.query('SELECT Id, Foo__c FROM Lead'))).toEqual([
      'INVALID_FIELD',
      "\nSELECT Id, Foo__c FROM Lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    ]);
    expect(await refused(conn.query('SELECT Id FORM Lead'))).toEqual(['MALFORMED_QUERY', "\nSELECT Id FORM Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'"]);
    expect((await refused(conn.query("SELECT Id FROM Lead WHERE A__c = 1 AND B__c = 2 OR C__c = 3")))[0]).toBe('MALFORMED_QUERY');
    expect((await refused(conn.query("SELECT Id FROM Lead WHERE CreatedDate > '2025-01-01'")))[1]).toContain("value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes");
    expect((await refused(conn.query('SELECT Id FROM Leed')))[0]).toBe('INVALID_TYPE');
    expect(await refused(conn.sobject('Lead').create({ LastName: 'X', Company: 'Y', Nope__c: 1 }))).toEqual(['INVALID_FIELD', "No such column 'Nope__c' on sobject of type Lead"]);
    expect(await refused(conn.sobject('Lead').create({ LastName: 'X' }))).toEqual(['REQUIRED_FIELD_MISSING', 'Required fields are missing: [Company]']);
    const converted = standIn.org.addLead({ LastName: 'Won', Company: 'Winners' });
    standIn.org.convertLead(converted);
    expect(await refused(conn.sobject('Lead').update({ Id: converted, Status: 'Working - Contacted' }))).toEqual(['CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead']);
    const open = standIn.org.addLead({ LastName: 'Open', Company: 'Opens' });
    expect((await refused(conn.sobject('Lead').update({ Id: open, IsConverted: true })))[1]).toMatch(/^Unable to create\/update fields: IsConverted\. /);

    standIn.org.apiLimit = 100;
    standIn.org.setApiUsage(100);
    expect(await refused(conn.limits())).toEqual(['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.']);
    clock += 25 * 60 * 60 * 1000;
    expect(await refused(conn.query('SELECT Id FROM Lead'))).toEqual(['INVALID_SESSION_ID', 'Session expired or invalid']);
    const fresh = connect(standIn);
    const limits = await fresh.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 100, Remaining: 99 });
  });

  it('refuses calls during an outage (429, then 503 until a time) and answers again once the clock passes it', async () => {
    const standIn = await start();
    const lead = standIn.org.addLead({ LastName: 'Patient', Company: 'Waiting' });
    const conn = connect(standIn);
    const words = (error: { errorCode?: string; message: string }) => [error.errorCode, error.message];

    // jsforce retries a GET by itself after 429/5xx (0.5 s, then doubling); writes it does not.
    standIn.faults.outage({ status: 429, count: 1, retryAfterSeconds: 30 });
    expect(words(await rejection(conn.sobject('Lead').create({ LastName: 'Later', Company: 'Waiting' })))).toEqual(['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.']);
    standIn.faults.outage({ status: 503, until: clock + 60_000 });
    expect(words(await rejection(conn.sobject('Lead').update({ Id: lead, Title: 'CTO' })))).toEqual(['SERVER_UNAVAILABLE', 'Server is temporarily unavailable. Please try again later.']);
    const query = `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`;
    expect((await rejection(conn.request(query, { retry: { maxRetries: 0 } }))).errorCode).toBe('SERVER_UNAVAILABLE');

    clock += 60_001;
    expect(await conn.sobject('Lead').update({ Id: lead, Title: 'CTO' })).toMatchObject({ success: true });
    standIn.faults.outage({ status: 500, count: 1 });
    expect((await conn.query('SELECT Id, Title FROM Lead')).records).toEqual([expect.objectContaining({ Id: lead, Title: 'CTO' })]);
    expect(standIn.calls.map((call) => call.status)).toEqual([429, 503, 503, 204, 500, 200]);
  });
});
