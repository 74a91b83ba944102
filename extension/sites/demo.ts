import { decodedOrAsIs, normaliseEmail } from './email';
import type { TSiteAdapter } from './types';

// The demo pages `npm start` serves (server/demo/pages.ts), read like the real sites: a
// record id for the CRMs, the sender's address for mail.
const RECORD_PATH = /^\/demo\/(hubspot|salesforce|pipedrive)\/([A-Za-z0-9]+)$/;
const MAIL_PATH = /^\/demo\/mail\/([^/]+)$/;

export const demo: TSiteAdapter = {
  id: 'demo',
  name: 'Handshake demo pages',
  matches: ['http://127.0.0.1/demo/*', 'http://localhost/demo/*'],
  detect(url) {
    const record = RECORD_PATH.exec(url.pathname);
    if (record) return { crm: record[1] as 'hubspot' | 'salesforce' | 'pipedrive', recordId: record[2]! };
    const mail = MAIL_PATH.exec(url.pathname);
    const email = mail ? normaliseEmail(decodedOrAsIs(mail[1]!)) : undefined;
    return email ? { email } : null;
  },
  testUrls: {
    lead: ['http://127.0.0.1:8787/demo/hubspot/51234', 'http://localhost:8787/demo/mail/camille.durand%40northwind-analytics.fr'],
    noLead: ['http://127.0.0.1:8787/demo', 'http://127.0.0.1:8787/demo/zoho/1', 'http://127.0.0.1:8787/demo/mail/%zz'],
  },
};
