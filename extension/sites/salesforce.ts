import { firstEmail } from './email';
import type { TSiteAdapter } from './types';

// Salesforce Lightning: /lightning/r/Lead/{id}/view and /lightning/r/Contact/{id}/view.
// A lead is found by its record id; a contact (converted lead, 003… id) by the e-mail on
// its record page, since ingest knows leads, not contacts.
const RECORD_PATH = /^\/lightning\/r\/(Lead|Contact)\/([a-zA-Z0-9]{15,18})\/view/;

/** The e-mail field of the record's detail panel, newest Lightning markup first. */
export const SALESFORCE_EMAIL_SELECTORS = [
  'records-record-layout-item[field-label="Email"] a[href^="mailto:"]',
  'force-record-layout-item [data-output-element-id="output-field"] a[href^="mailto:"]',
  'lightning-formatted-email a[href^="mailto:"]',
] as const;

export const salesforce: TSiteAdapter = {
  id: 'salesforce',
  name: 'Salesforce',
  // The whole Lightning app: a rep reaches a record from a list or a search without a page load.
  matches: ['https://*.lightning.force.com/lightning/*'],
  detect(url, document) {
    const match = RECORD_PATH.exec(url.pathname);
    if (!match) return null;
    const [, object, recordId] = match;
    const email = firstEmail(document, SALESFORCE_EMAIL_SELECTORS, ['href']);
    if (object === 'Lead') return { crm: 'salesforce', recordId, email };
    return email ? { email } : null;
  },
  testUrls: {
    lead: [
      'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view',
      'https://acme--sandbox.sandbox.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdE/view',
    ],
    noLead: [
      'https://acme.lightning.force.com/lightning/o/Lead/list',
      'https://acme.lightning.force.com/lightning/r/Account/0015g00000XyZabCDE/view',
      'https://acme.lightning.force.com/lightning/page/home',
    ],
  },
};
