import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The demo CRM and mail pages over real HTTP: a malformed or hostile URL is a 4xx page, never
// a 5xx, and what a lead wrote is shown as text, without bidirectional overrides.

const RLO = '\u202E';

describe('the demo pages', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ demoPages: true });
    await insertLead(server.database, {
      email: 'mallory@example.com',
      firstName: `<script>alert(1)</script> invoice${RLO}gnp`,
      lastName: `.exe <img src=x onerror=alert(1)>`,
      title: `Chief ${RLO}Officer\u2066`,
      company: { name: 'Evil Corp' },
      source: `paid${RLO}_search`,
      hubspotId: '66601',
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string) => fetch(`${server.url}${path}`);

  it.each([
    '/demo/mail/%ff',
    '/demo/mail/%E0%A4%A',
    '/demo/mail/mallory%40example.com%',
    '/demo/mail/%zz',
    '/demo/mail/not-an-address',
    '/demo/mail/a%2540example.com',
    '/demo/hubspot/%ff',
    '/demo/salesforce/%E0%A4%A',
    '/demo/pipedrive/%',
    '/demo/%ff',
    '/demo/%ff/%ff',
  ])('answers %s with a 4xx page, not a server error', async (path) => {
    const response = await get(path);
    expect(response.status, path).toBeGreaterThanOrEqual(400);
    expect(response.status, path).toBeLessThan(500);
  });

  it('names what is wrong with a mail path that is not an e-mail address', async () => {
    const response = await get('/demo/mail/%ff');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('not an e-mail address');
  });

  it('still opens the mail page of a well-formed address, known or not', async () => {
    const known = await get('/demo/mail/mallory%40example.com');
    expect(known.status).toBe(200);
    expect(await known.text()).toContain('data-email="mallory@example.com"');
    const unknown = await get('/demo/mail/nobody%40example.com');
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('nobody@example.com');
  });

  it.each(['/demo/hubspot/66601', '/demo/mail/mallory%40example.com'])('shows the lead on %s as text, with no bidirectional override', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; invoicegnp .exe &lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the title and source without overrides on the CRM page', async () => {
    const body = await (await get('/demo/hubspot/66601')).text();
    expect(body).toContain('<dd>Chief Officer</dd>');
    expect(body).toContain('<dd>paid_search</dd>');
  });
});
