import { describe, expect, it } from 'vitest';
import { crmSettings, loadConfig } from '../../server/config';
import { isHostName, recordUrl, type TRecordLinkSettings } from '../../shared/record-links';

const ALL: TRecordLinkSettings = {
  hubspotPortal: '2468013',
  salesforceDomain: 'acme.lightning.force.com',
  pipedriveDomain: 'acme.pipedrive.com',
  demo: false,
};
const LEAD = { email: 'camille.durand@northwind.fr' };
const SF_LEAD = '00Q5g00000AbCdEFGH';
const SF_CONTACT = '0035g00000XyZaBCDE';

describe('recordUrl', () => {
  it('opens a HubSpot contact record in the portal', () => {
    expect(recordUrl({ demo: false, hubspotPortal: '2468013' }, { ...LEAD, hubspotId: '51234' })).toBe('https://app.hubspot.com/contacts/2468013/record/0-1/51234');
  });

  it('opens a Salesforce lead (00Q) or contact (003) in Lightning, and skips any other object', () => {
    const salesforce = { demo: false, salesforceDomain: 'acme.lightning.force.com' };
    expect(recordUrl(salesforce, { ...LEAD, salesforceId: SF_LEAD })).toBe(`https://acme.lightning.force.com/lightning/r/Lead/${SF_LEAD}/view`);
    expect(recordUrl(salesforce, { ...LEAD, salesforceId: SF_CONTACT })).toBe(`https://acme.lightning.force.com/lightning/r/Contact/${SF_CONTACT}/view`);
    expect(recordUrl(salesforce, { ...LEAD, salesforceId: '0015g00000AccountX' })).toBeNull();
    expect(recordUrl(salesforce, { ...LEAD, salesforceId: '00q5g00000AbCdEFGH' })).toBeNull();
  });

  it('opens a Pipedrive person', () => {
    expect(recordUrl({ demo: false, pipedriveDomain: 'acme.pipedrive.com' }, { ...LEAD, pipedriveId: '778' })).toBe('https://acme.pipedrive.com/person/778');
  });

  it('encodes the ids', () => {
    const odd = 'a/b?c=d#e f';
    const encoded = 'a%2Fb%3Fc%3Dd%23e%20f';
    expect(recordUrl(ALL, { ...LEAD, hubspotId: odd })).toBe(`https://app.hubspot.com/contacts/2468013/record/0-1/${encoded}`);
    expect(recordUrl(ALL, { ...LEAD, salesforceId: `00Q${odd}` })).toBe(`https://acme.lightning.force.com/lightning/r/Lead/00Q${encoded}/view`);
    expect(recordUrl(ALL, { ...LEAD, pipedriveId: odd })).toBe(`https://acme.pipedrive.com/person/${encoded}`);
    expect(recordUrl({ demo: true }, { email: 'o’brien+q4@example.com' })).toBe('/demo/mail/o%E2%80%99brien%2Bq4%40example.com');
  });

  it('prefers HubSpot, then Salesforce, then Pipedrive, among the configured CRMs the lead has an id in', () => {
    const ids = { hubspotId: '51234', salesforceId: SF_LEAD, pipedriveId: '778' };
    expect(recordUrl(ALL, { ...LEAD, ...ids })).toMatch(/^https:\/\/app\.hubspot\.com\//);
    expect(recordUrl(ALL, { ...LEAD, ...ids, hubspotId: null })).toMatch(/^https:\/\/acme\.lightning\.force\.com\//);
    expect(recordUrl(ALL, { ...LEAD, ...ids, hubspotId: null, salesforceId: null })).toBe('https://acme.pipedrive.com/person/778');
    expect(recordUrl({ ...ALL, hubspotPortal: undefined }, { ...LEAD, ...ids })).toMatch(/^https:\/\/acme\.lightning\.force\.com\//);
    expect(recordUrl(ALL, { ...LEAD, ...ids, hubspotId: '', salesforceId: '0015g00000AccountX' })).toBe('https://acme.pipedrive.com/person/778');
  });

  it('answers null when no configured CRM has an id for the lead, or nothing is configured', () => {
    expect(recordUrl(ALL, LEAD)).toBeNull();
    expect(recordUrl({ demo: false, hubspotPortal: '2468013' }, { ...LEAD, salesforceId: SF_LEAD, pipedriveId: '778' })).toBeNull();
    expect(recordUrl({ demo: false }, { ...LEAD, hubspotId: '51234', salesforceId: SF_LEAD, pipedriveId: '778' })).toBeNull();
  });

  it('on a demo server with no CRM configured, links to its demo pages as paths, in the same order, else the mail page', () => {
    const demo = { demo: true };
    expect(recordUrl(demo, { ...LEAD, hubspotId: '51234', salesforceId: SF_LEAD, pipedriveId: '778' })).toBe('/demo/hubspot/51234');
    expect(recordUrl(demo, { ...LEAD, salesforceId: SF_LEAD, pipedriveId: '778' })).toBe(`/demo/salesforce/${SF_LEAD}`);
    expect(recordUrl(demo, { ...LEAD, pipedriveId: '7/8' })).toBe('/demo/pipedrive/7%2F8');
    expect(recordUrl(demo, LEAD)).toBe('/demo/mail/camille.durand%40northwind.fr');
  });

  it('on a demo server with a CRM configured, links only to that CRM', () => {
    const demoWithHubspot = { demo: true, hubspotPortal: '2468013' };
    expect(recordUrl(demoWithHubspot, { ...LEAD, hubspotId: '51234' })).toBe('https://app.hubspot.com/contacts/2468013/record/0-1/51234');
    expect(recordUrl(demoWithHubspot, { ...LEAD, pipedriveId: '778' })).toBeNull();
  });
});

describe('isHostName', () => {
  it('takes a bare host name of two labels or more, in any case', () => {
    for (const host of ['acme.lightning.force.com', 'acme.pipedrive.com', 'ACME-eu.my.salesforce.com', 'x1.io']) expect([host, isHostName(host)]).toEqual([host, true]);
  });

  it('refuses schemes, paths, ports, credentials, spaces and malformed labels', () => {
    for (const value of [
      '',
      'acme',
      'https://acme.lightning.force.com',
      'acme.pipedrive.com/',
      'acme.pipedrive.com:443',
      'user@acme.pipedrive.com',
      'acme pipedrive.com',
      '-acme.pipedrive.com',
      'acme-.pipedrive.com',
      'acme..pipedrive.com',
      'acme.pipedrive.com.',
      `${'a'.repeat(64)}.com`,
    ]) {
      expect([value, isHostName(value)]).toEqual([value, false]);
    }
  });
});

describe('the CRM settings in loadConfig', () => {
  it('are optional, and an empty variable counts as unset', () => {
    expect(crmSettings(loadConfig({}))).toEqual({ hubspotPortal: undefined, salesforceDomain: undefined, pipedriveDomain: undefined });
    expect(crmSettings(loadConfig({ HANDSHAKE_HUBSPOT_PORTAL: '', HANDSHAKE_SALESFORCE_DOMAIN: '', HANDSHAKE_PIPEDRIVE_DOMAIN: '' }))).toEqual({
      hubspotPortal: undefined,
      salesforceDomain: undefined,
      pipedriveDomain: undefined,
    });
  });

  it('read the portal id and the two host names, trimmed and lower-cased', () => {
    const config = loadConfig({
      HANDSHAKE_HUBSPOT_PORTAL: ' 2468013 ',
      HANDSHAKE_SALESFORCE_DOMAIN: 'Acme.Lightning.Force.com',
      HANDSHAKE_PIPEDRIVE_DOMAIN: 'acme.pipedrive.com ',
    });
    expect(crmSettings(config)).toEqual({ hubspotPortal: '2468013', salesforceDomain: 'acme.lightning.force.com', pipedriveDomain: 'acme.pipedrive.com' });
  });

  it('refuse bad values with a message naming the variable', () => {
    expect(() => loadConfig({ HANDSHAKE_HUBSPOT_PORTAL: 'acme' })).toThrow('HANDSHAKE_HUBSPOT_PORTAL: expected the numeric HubSpot portal id, such as 1234567');
    expect(() => loadConfig({ HANDSHAKE_HUBSPOT_PORTAL: '-12' })).toThrow(/^HANDSHAKE_HUBSPOT_PORTAL: /);
    expect(() => loadConfig({ HANDSHAKE_SALESFORCE_DOMAIN: 'https://acme.lightning.force.com/' })).toThrow(
      'HANDSHAKE_SALESFORCE_DOMAIN: expected a host name such as acme.lightning.force.com, without https:// or a path',
    );
    expect(() => loadConfig({ HANDSHAKE_PIPEDRIVE_DOMAIN: 'acme.pipedrive.com/person' })).toThrow(
      'HANDSHAKE_PIPEDRIVE_DOMAIN: expected a host name such as acme.pipedrive.com, without https:// or a path',
    );
  });
});
