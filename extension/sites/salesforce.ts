import { normaliseEmail } from './email';
import type { TSelectorGroup, TSiteAdapter } from './types';

// Salesforce Lightning: /lightning/r/Lead/{id}/view and /lightning/r/Contact/{id}/view.
// A lead is found by its record id; a contact (converted lead, 003… id) by the e-mail on
// its record page, since ingest knows leads, not contacts.
const RECORD_PATH = /^\/lightning\/r\/(Lead|Contact)\/([a-zA-Z0-9]{15,18})\/view/;

/**
 * The record on screen. Lightning keeps records seen before in the page, hidden, and the
 * console keeps one per workspace tab: only the active one is read. Neither container (a
 * page without them): the whole page.
 */
export const SALESFORCE_RECORD: TSelectorGroup = {
  finds: 'the record on screen',
  alternatives: [
    // The console's active workspace tab (its tab aria-selected, the others' panels collapsed).
    { selector: 'section.tabContent.oneConsoleTab.active', pages: ['salesforce-console-two-leads.html'] },
    // Standard navigation: the page host shown, beside the hidden ones of records seen before.
    { selector: '.windowViewMode-normal.oneContent.active', pages: ['salesforce-lead-dynamic-forms.html'] },
  ],
  select: (document, selector) => [...document.querySelectorAll(selector)],
};

function recordOnScreen(document: Document): ParentNode {
  for (const { selector } of SALESFORCE_RECORD.alternatives) {
    const found = document.querySelector(selector);
    if (found) return found;
  }
  return document;
}

/** The record's e-mail field, in the record on screen. */
export const SALESFORCE_EMAIL: TSelectorGroup = {
  finds: "the record's e-mail field",
  alternatives: [
    // The field by its API name (Lead.Email, Contact.Email), in any language: Dynamic Forms
    // pages (flexipage-field > record_flexipage-record-field) carry no records-record-layout-item.
    {
      selector: '[data-target-selection-name^="sfdc:RecordField."][data-target-selection-name$=".Email"] a[href^="mailto:" i]',
      pages: ['salesforce-lead-dynamic-forms.html'],
    },
    // A page layout's item, by its label in English.
    { selector: 'records-record-layout-item[field-label="Email"] a[href^="mailto:" i]', pages: ['salesforce-lead.html', 'salesforce-contact.html', 'salesforce-console-two-leads.html'] },
    // Any e-mail field of the record: a page layout in another language (field-label="E-Mail").
    { selector: 'lightning-formatted-email a[href^="mailto:" i]', pages: ['salesforce-contact-de.html'] },
  ],
  select: (document, selector) => [...recordOnScreen(document).querySelectorAll(selector)],
};

function emailOnRecord(document: Document): string | undefined {
  for (const { selector } of SALESFORCE_EMAIL.alternatives) {
    for (const link of SALESFORCE_EMAIL.select(document, selector)) {
      const email = normaliseEmail(link.getAttribute('href')?.replace(/^mailto:/i, ''));
      if (email) return email;
    }
  }
  return undefined;
}

export const salesforce: TSiteAdapter = {
  id: 'salesforce',
  name: 'Salesforce',
  // The whole Lightning app: a rep reaches a record from a list or a search without a page load.
  matches: ['https://*.lightning.force.com/lightning/*'],
  readsPage: (url) => RECORD_PATH.test(url.pathname),
  detect(url, document) {
    const match = RECORD_PATH.exec(url.pathname);
    if (!match) return null;
    const [, object, recordId] = match;
    const email = emailOnRecord(document);
    if (object === 'Lead') return { crm: 'salesforce', recordId, email };
    return email ? { email } : null;
  },
  selectors: [SALESFORCE_RECORD, SALESFORCE_EMAIL],
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
