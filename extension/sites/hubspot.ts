import type { TSiteAdapter } from './types';

// HubSpot contact record: the record id is in the URL, in both the current
// (/record/0-1/{id}) and the older (/contact/{id}) layouts; EU portals use app-eu1.
const RECORD_PATH = /^\/contacts\/\d+\/(?:record\/0-1|contact)\/(\d+)(?:\/|$)/;

export const hubspot: TSiteAdapter = {
  id: 'hubspot',
  name: 'HubSpot',
  matches: ['https://app.hubspot.com/contacts/*', 'https://app-eu1.hubspot.com/contacts/*'],
  detect(url) {
    const recordId = RECORD_PATH.exec(url.pathname)?.[1];
    return recordId ? { crm: 'hubspot', recordId } : null;
  },
  testUrls: {
    lead: [
      'https://app.hubspot.com/contacts/4471234/record/0-1/51234',
      'https://app.hubspot.com/contacts/4471234/record/0-1/51234/view/1',
      'https://app-eu1.hubspot.com/contacts/25998877/record/0-1/901',
      'https://app.hubspot.com/contacts/4471234/contact/51234/',
    ],
    noLead: [
      'https://app.hubspot.com/contacts/4471234/objects/0-1/views/all/list',
      'https://app.hubspot.com/contacts/4471234/record/0-2/777',
      'https://app.hubspot.com/contacts/4471234/company/777',
    ],
  },
};
