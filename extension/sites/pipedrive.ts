import type { TSiteAdapter } from './types';

// Pipedrive person: https://{company}.pipedrive.com/person/{id}
const PERSON_PATH = /^\/person\/(\d+)(?:\/|$)/;

export const pipedrive: TSiteAdapter = {
  id: 'pipedrive',
  name: 'Pipedrive',
  // The app's sections a rep reaches a person from without a page load; not the marketing site.
  matches: ['https://*.pipedrive.com/person/*', 'https://*.pipedrive.com/persons/*', 'https://*.pipedrive.com/deal/*', 'https://*.pipedrive.com/pipeline/*', 'https://*.pipedrive.com/leads/*', 'https://*.pipedrive.com/organization/*', 'https://*.pipedrive.com/activities/*'],
  detect(url) {
    const recordId = PERSON_PATH.exec(url.pathname)?.[1];
    return recordId ? { crm: 'pipedrive', recordId } : null;
  },
  testUrls: {
    lead: ['https://acme.pipedrive.com/person/778', 'https://acme-sales.pipedrive.com/person/12/'],
    noLead: ['https://acme.pipedrive.com/persons/list/all', 'https://acme.pipedrive.com/deal/55', 'https://acme.pipedrive.com/organization/9'],
  },
};
