import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../extension/sites';
import { hubspot } from '../../extension/sites/hubspot';
import { savedPage } from '../support/saved-pages';

describe('HubSpot, on every data centre it serves portals from', () => {
  it.each([
    'https://app.hubspot.com/contacts/4471234/record/0-1/51234',
    'https://app-eu1.hubspot.com/contacts/25998877/record/0-1/901',
    'https://app-na2.hubspot.com/contacts/243551234/record/0-1/73521',
    'https://app-na3.hubspot.com/contacts/48213377/record/0-1/11',
    'https://app-ap1.hubspot.com/contacts/45667788/record/0-1/8801',
  ])('reads the contact record at %s', (url) => {
    const { url: at, document } = savedPage('hubspot-contact.html', url);
    expect(adapterFor(at)?.id).toBe('hubspot');
    expect(adapterFor(at)!.detect(at, document)).toEqual({ crm: 'hubspot', recordId: /\/(\d+)$/.exec(url)![1] });
  });

  it.each([
    'https://www.hubspot.com/contacts/1/record/0-1/2',
    'https://knowledge.hubspot.com/contacts/1/record/0-1/2',
    'https://app-na2.hubspot.com.evil.example/contacts/1/record/0-1/2',
    'https://evil-app-na2.hubspot.com/contacts/1/record/0-1/2',
    'https://app-.hubspot.com/contacts/1/record/0-1/2',
    'https://hubspot.com/contacts/1/record/0-1/2',
    'http://app.hubspot.com/contacts/1/record/0-1/2',
  ])('claims no page at %s', (url) => {
    expect(adapterFor(new URL(url))).toBeUndefined();
  });

  it('asks for HubSpot hosts only, not for all sites', () => {
    for (const pattern of hubspot.matches) expect(pattern).toMatch(/^https:\/\/(?:\*\.|app\.|app-[a-z0-9]+\.)hubspot\.com\/contacts\/\*$/);
  });
});
