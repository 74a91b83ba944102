import type { TSiteAdapter } from './types';

// HubSpot contact record: the record id is in the URL, in both the current
// (/record/0-1/{id}) and the older (/contact/{id}) layouts.
const RECORD_PATH = /^\/contacts\/\d+\/(?:record\/0-1|contact)\/(\d+)(?:\/|$)/;
// Portals live in several data centres, each its own app host: app (US), app-eu1,
// app-na2, app-na3, app-ap1, and more to come. A match pattern's wildcard can only be a
// whole leading label (`*.hubspot.com`), so the pattern takes every HubSpot host and this
// keeps the app's own.
const APP_HOST = /^app(?:-[a-z]{2}\d+)?\.hubspot\.com$/;

export const hubspot: TSiteAdapter = {
  id: 'hubspot',
  name: 'HubSpot',
  matches: ['https://*.hubspot.com/contacts/*'],
  claims: (url) => APP_HOST.test(url.hostname),
  detect(url) {
    const recordId = RECORD_PATH.exec(url.pathname)?.[1];
    return recordId ? { crm: 'hubspot', recordId } : null;
  },
  testUrls: {
    lead: [
      'https://app.hubspot.com/contacts/4471234/record/0-1/51234',
      'https://app.hubspot.com/contacts/4471234/record/0-1/51234/view/1',
      'https://app-eu1.hubspot.com/contacts/25998877/record/0-1/901',
      'https://app-na2.hubspot.com/contacts/243551234/record/0-1/73521',
      'https://app.hubspot.com/contacts/4471234/contact/51234/',
    ],
    noLead: [
      'https://app.hubspot.com/contacts/4471234/objects/0-1/views/all/list',
      'https://app.hubspot.com/contacts/4471234/record/0-2/777',
      'https://app.hubspot.com/contacts/4471234/company/777',
    ],
  },
};
