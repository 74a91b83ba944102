import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { addSalesforceVerdictFields } from '../support/connectors';
import { runCli, type TCliRun } from '../support/cli';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { startPipedriveStandIn } from '../support/crm/pipedrive-stand-in';
import { startSalesforceStandIn } from '../support/crm/salesforce-stand-in';

// The connectors as a RevOps person runs them: `connect`, `connect status`, `sync`,
// `connect disconnect`, on a real database file, against the HubSpot stand-in.


describe('connect and sync on the command line', () => {
  let dir: string;
  let dbUrl: string;
  let hubspot: HubSpotStandIn;

  const cli = (...args: string[]): Promise<TCliRun> => runCli(dbUrl, args, { HANDSHAKE_SECRET_KEY: '' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-cli-connect-'));
    dbUrl = `file:${join(dir, 'handshake.db')}`;
    hubspot = await startHubSpotStandIn();
    hubspot.portal.addContact({ email: 'camille.durand@northwind-analytics.fr', firstname: 'Camille', jobtitle: 'VP Sales' });
  });
  afterAll(async () => {
    await hubspot?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says in words what is wrong with the credentials and stores nothing', async () => {
    const wrong = await cli('connect', 'hubspot', '--token', 'pat-na1-not-the-token', '--api-url', hubspot.url);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: connect hubspot: HubSpot refused the token \(401\)/);
    expect(wrong.stderr).not.toContain('pat-na1-not-the-token');

    const unreachable = await cli('connect', 'hubspot', '--token', hubspot.token, '--api-url', 'http://127.0.0.1:9');
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/HubSpot cannot be reached/);

    const missing = await cli('connect', 'salesforce', '--token', 'x');
    expect(missing.stderr).toMatch(/--instance-url is required/);
    expect((await cli('connect', 'status')).stdout).toMatch(/^No CRM connected/);
  });

  it('connects, syncs and shows the status without ever printing the token; the key file is the server user’s only', async () => {
    const connected = await cli('connect', 'hubspot', '--token', hubspot.token, '--api-url', hubspot.url);
    expect(connected.code).toBe(0);
    expect(connected.stdout).toMatch(/^Connected hubspot: HubSpot portal \d+\./);
    expect(connected.stdout).toContain('created the contact property handshake_rejection_reason');

    const synced = await cli('sync', 'hubspot');
    expect(synced.stdout).toMatch(/hubspot: pulled 1 record\(s\) and 0 activities in \d+ page\(s\) — 1 lead\(s\) created/);

    const status = await cli('connect', 'status');
    expect(status.stdout).toMatch(/hubspot: HubSpot portal \d+ \(http:\/\/127\.0\.0\.1:\d+\), connected /);
    expect(status.stdout).toMatch(/last pull: {2}\d{4}-.* — 1 records, 0 activities/);
    // The lead's verdict (its stage, criteria and SLA) went to its contact.
    expect(synced.stdout).toMatch(/hubspot: pushed 1 write\(s\)/);
    expect(status.stdout).toMatch(/writes: {5}0 waiting, 1 delivered, 0 failed/);
    expect(status.stdout).toMatch(/API calls: {2}\d+ of 650,000 daily/);

    for (const output of [connected, synced, status]) expect(output.stdout + output.stderr).not.toContain(hubspot.token);
    const database = await readFile(join(dir, 'handshake.db'));
    expect(database.includes(Buffer.from(hubspot.token))).toBe(false);
    expect((await stat(join(dir, 'handshake.key'))).mode & 0o777).toBe(0o600);

    const disconnected = await cli('connect', 'disconnect', 'hubspot');
    expect(disconnected.stdout).toBe('Disconnected hubspot: credentials and cursor forgotten.\n');
    expect((await cli('sync', 'hubspot')).stderr).toMatch(/hubspot is not connected/);
  });

  it('connects Salesforce with the JWT bearer flow, printing the Setup steps for the missing fields, then ready', async () => {
    const salesforce = await startSalesforceStandIn();
    try {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const keyFile = join(dir, 'server.key');
      await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
      salesforce.org.addUser({ Email: 'integration@acme.example', Name: 'Handshake Integration' });
      salesforce.org.registerConnectedApp({ clientId: '3MVG9-cli', certificate: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), usernames: ['integration@acme.example'] });
      const flags = ['connect', 'salesforce', '--instance-url', salesforce.url, '--login-url', salesforce.url, '--client-id', '3MVG9-cli', '--username', 'integration@acme.example', '--private-key', keyFile];

      const first = await cli(...flags);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Connected salesforce: Salesforce org /);
      expect(first.stdout).toMatch(/Write-back needs these steps in the CRM[\s\S]*Handshake_Rejection_Reason__c[\s\S]*Handshake_Touch_Id__c/);

      salesforce.org.addField('Lead', { name: 'Handshake_Rejection_Reason__c', type: 'picklist', picklistValues: DEFAULT_CHARTER.rejectionReasons.map((r) => r.id) });
      salesforce.org.addField('Lead', { name: 'Handshake_Rejection_Note__c', type: 'textarea' });
      salesforce.org.addField('Task', { name: 'Handshake_Touch_Id__c', type: 'string', length: 64, externalId: true, unique: true });
      addSalesforceVerdictFields(salesforce.org);
      const again = await cli(...flags);
      expect(again.stdout).not.toMatch(/Write-back needs these steps/);
      expect((await cli('sync', 'salesforce')).stdout).toMatch(/^salesforce: pulled 0 record\(s\)/);
      const database = await readFile(join(dir, 'handshake.db'));
      expect(database.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    } finally {
      await cli('connect', 'disconnect', 'salesforce');
      await salesforce.close();
    }
  });

  it('connects Pipedrive by its domain and token, creating the person fields', async () => {
    const pipedrive = await startPipedriveStandIn({ companyDomain: 'acme' });
    try {
      const connected = await cli('connect', 'pipedrive', '--domain', 'acme.pipedrive.com', '--api-url', pipedrive.url, '--token', pipedrive.token);
      expect(connected.code).toBe(0);
      expect(connected.stdout).toMatch(/^Connected pipedrive: Pipedrive company acme\./);
      expect([...pipedrive.company.personFields.values()].map((f) => f.name)).toEqual(expect.arrayContaining(['Handshake status', 'Handshake rejection reason', 'Handshake rejection note']));
      expect(connected.stdout + connected.stderr).not.toContain(pipedrive.token);
    } finally {
      await pipedrive.close();
    }
  });
});
