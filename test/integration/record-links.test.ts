import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

const CRM = { hubspotPortal: '2468013', salesforceDomain: 'acme.lightning.force.com', pipedriveDomain: 'acme.pipedrive.com' };

const LEADS = [
  { email: 'all.three@northwind.fr', hubspotId: '51234', salesforceId: '00Q5g00000AbCdEFGH', pipedriveId: '778' },
  { email: 'sf.lead@northwind.fr', salesforceId: '00Q5g00000LeadAAAA', pipedriveId: '779' },
  { email: 'sf.contact@northwind.fr', salesforceId: '0035g00000ContactB' },
  { email: 'sf.account@northwind.fr', salesforceId: '0015g00000AccountC', pipedriveId: '780' },
  { email: 'odd.ids@northwind.fr', pipedriveId: '7 8/9' },
  { email: 'no.ids@northwind.fr' },
] as const;

async function handOver(server: TestServer, ownerId: string, lead: (typeof LEADS)[number], index: number): Promise<string> {
  const leadId = await insertLead(server.database, { ...lead, ownerId, stage: 'sql' });
  await insertHandover(server.database, {
    leadId,
    ownerId,
    startedAt: '2026-11-23T08:30:00.000Z',
    warnAt: '2026-11-23T11:30:00.000Z',
    deadline: `2026-11-23T12:3${index}:00.000Z`,
  });
  return leadId;
}

describe('recordUrl: where the queue and the packet open a lead', () => {
  describe('with the three CRMs configured', () => {
    let server: TestServer;
    let rep: Awaited<ReturnType<TestServer['user']>>;

    beforeAll(async () => {
      server = await startTestServer({ now: () => NOW, crm: CRM });
      rep = await server.user({ ...PARIS_REP, email: 'lea.martin@example.com', name: 'Léa Martin' });
      for (const [index, lead] of LEADS.entries()) await handOver(server, rep.id, lead, index);
    });
    afterAll(() => server.close());

    it('gives every queue.mine item the link of the first configured CRM the lead has an id in', async () => {
      const items = await rep.api.queue.mine.query();
      expect(items.map((item) => [item.email, item.recordUrl])).toEqual([
        ['all.three@northwind.fr', 'https://app.hubspot.com/contacts/2468013/record/0-1/51234'],
        ['sf.lead@northwind.fr', 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000LeadAAAA/view'],
        ['sf.contact@northwind.fr', 'https://acme.lightning.force.com/lightning/r/Contact/0035g00000ContactB/view'],
        ['sf.account@northwind.fr', 'https://acme.pipedrive.com/person/780'],
        ['odd.ids@northwind.fr', 'https://acme.pipedrive.com/person/7%208%2F9'],
        ['no.ids@northwind.fr', null],
      ]);
    });

    it('puts the same link in the packet', async () => {
      const packet = await rep.api.packet.get.query({ crm: 'salesforce', recordId: '0035g00000ContactB' });
      expect(packet.lead.recordUrl).toBe('https://acme.lightning.force.com/lightning/r/Contact/0035g00000ContactB/view');
    });
  });

  describe('on a demo server with no CRM configured', () => {
    let server: TestServer;
    let rep: Awaited<ReturnType<TestServer['user']>>;

    beforeAll(async () => {
      server = await startTestServer({ now: () => NOW, demoPages: true });
      rep = await server.user({ ...PARIS_REP, email: 'lea.martin@example.com', name: 'Léa Martin' });
      for (const [index, lead] of LEADS.entries()) await handOver(server, rep.id, lead, index);
    });
    afterAll(() => server.close());

    it('links to the demo pages by path, and each path opens that lead on the server', async () => {
      const items = await rep.api.queue.mine.query();
      expect(items.map((item) => item.recordUrl)).toEqual([
        '/demo/hubspot/51234',
        '/demo/salesforce/00Q5g00000LeadAAAA',
        '/demo/salesforce/0035g00000ContactB',
        '/demo/salesforce/0015g00000AccountC',
        '/demo/pipedrive/7%208%2F9',
        '/demo/mail/no.ids%40northwind.fr',
      ]);
      for (const item of items) {
        const response = await fetch(new URL(item.recordUrl!, server.url));
        expect([item.recordUrl, response.status]).toEqual([item.recordUrl, 200]);
        expect(await response.text()).toContain(item.email);
      }
    });
  });

  describe('with no CRM configured and no demo pages', () => {
    let server: TestServer;
    let rep: Awaited<ReturnType<TestServer['user']>>;

    beforeAll(async () => {
      server = await startTestServer({ now: () => NOW });
      rep = await server.user({ ...PARIS_REP, email: 'lea.martin@example.com', name: 'Léa Martin' });
      await handOver(server, rep.id, LEADS[0], 0);
    });
    afterAll(() => server.close());

    it('has no link to give', async () => {
      const [item] = await rep.api.queue.mine.query();
      expect(item!.recordUrl).toBeNull();
      expect((await rep.api.packet.get.query({ email: item!.email })).lead.recordUrl).toBeNull();
    });
  });
});
