import { eq } from 'drizzle-orm';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../../server/db/schema';
import { insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

const NOW = new Date('2026-11-23T09:00:00Z');
// One Salesforce record, in its 15-character (reports, APIs) and 18-character (Lightning pages) forms.
const ID15 = '00Q5g000001AbCd';
const ID18 = '00Q5g000001AbCdEAK';
const OTHER15 = '00Q5g00000XyZwV';
const OTHER18 = '00Q5g00000XyZwVEAV';
const LEGACY15 = '00Q5g00000LgCyA';
const LEGACY18 = '00Q5g00000LgCyAEAV';

describe('Salesforce record ids: stored in the 18-character form, found by either', () => {
  let server: TestServer;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    rep = await server.user({ ...PARIS_REP, email: 'ana@example.com', name: 'Ana Silva' });
    key = await server.ingestKey();
  });
  afterAll(() => server.close());

  const stored = async (email: string) => (await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) }))?.salesforceId;

  it('stores a 15-character id sent through REST ingest as its 18-character form, which the sidebar finds', async () => {
    const reply = await server.post('/api/v1/leads', { leads: [{ email: 'short@id.io', crmIds: { salesforce: ID15 } }] }, key);
    expect(reply).toMatchObject({ status: 200, body: { accepted: 1, rejected: [] } });
    expect(await stored('short@id.io')).toBe(ID18);
    expect((await rep.api.packet.get.query({ crm: 'salesforce', recordId: ID18 })).lead.email).toBe('short@id.io');
    expect((await rep.api.packet.get.query({ crm: 'salesforce', recordId: ID15 })).lead.email).toBe('short@id.io');
  });

  it('finds a lead ingested with the 18-character id by the 15-character one too', async () => {
    const reply = await server.post('/api/v1/leads', { leads: [{ email: 'long@id.io', crmIds: { salesforce: OTHER18 } }] }, key);
    expect(reply).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect((await rep.api.packet.get.query({ crm: 'salesforce', recordId: OTHER15 })).lead.email).toBe('long@id.io');
  });

  it('refuses an id that is neither form, naming the field, and stores the rest', async () => {
    const reply = await server.post(
      '/api/v1/leads',
      { leads: [{ email: 'ok@id.io' }, { email: 'bad@id.io', crmIds: { salesforce: '00Q-not-an-id' } }] },
      key,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([expect.objectContaining({ index: 1, field: 'leads.1.crmIds.salesforce' })]);
    expect(await stored('bad@id.io')).toBeUndefined();
  });

  it('converts 15-character ids stored before this rule at the next start', async () => {
    const before = await startTestServer({ now: () => NOW });
    await insertLead(before.database, { email: 'legacy@id.io', salesforceId: LEGACY15 });
    await before.stop();
    // The same database file, started again (on a port of its own: no connection outlives the first server).
    const after = await startTestServer({ now: () => NOW, dir: before.dir });
    try {
      const legacy = await after.database.db.query.leads.findFirst({ where: eq(leads.email, 'legacy@id.io') });
      expect(legacy?.salesforceId).toBe(LEGACY18);
      const { api } = await after.user({ ...PARIS_REP, email: 'bo@example.com', name: 'Bo Lind' });
      expect((await api.packet.get.query({ crm: 'salesforce', recordId: LEGACY18 })).lead.email).toBe('legacy@id.io');
    } finally {
      await after.close();
      await rm(before.dir, { recursive: true, force: true });
    }
  });
});
