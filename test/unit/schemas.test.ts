import { describe, expect, it } from 'vitest';
import { ZEvent, ZLead } from '../../shared/schemas';
import { toCountryCode } from '../../shared/country';

describe('ingest schemas', () => {
  it('accepts a full lead and normalises the e-mail', () => {
    const lead = ZLead.parse({
      email: '  Camille.Durand@Northwind.FR ',
      title: 'Directrice commerciale',
      company: { name: 'Northwind', domain: 'Northwind.fr', employees: 420, industry: 'Software', country: 'FR', techStack: ['HubSpot'] },
      crmIds: { hubspot: '51234' },
      lifecycle: { sqlAt: '2026-09-01T10:00:00+02:00' },
      targetAccount: true,
    });
    expect(lead.email).toBe('camille.durand@northwind.fr');
    expect(lead.company!.domain).toBe('northwind.fr');
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ email: 'a@b.co', company: { employees: -3 } }, 'company.employees'],
    [{ email: 'a@b.co', company: { employees: 12.5 } }, 'company.employees'],
    [{ email: 'a@b.co', company: { domain: 'not a domain' } }, 'company.domain'],
    [{ email: 'a@b.co', lifecycle: { mqlAt: 'yesterday' } }, 'lifecycle.mqlAt'],
    [{ email: 'a@b.co', targetAccount: 'yes' }, 'targetAccount'],
  ])('rejects %j, naming %s', (input, path) => {
    const result = ZLead.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path.join('.')).toBe(path);
  });

  it('accepts events with extra properties and rejects unknown types', () => {
    const ok = ZEvent.parse({ id: 'e1', email: 'a@b.co', type: 'pricing_view', at: '2026-11-20T10:00:00Z', properties: { url: '/pricing', utm_source: 'g' } });
    expect(ok.properties).toEqual({ url: '/pricing', utm_source: 'g' });
    expect(ZEvent.parse({ id: 'e2', email: 'a@b.co', type: 'page_view', at: '2026-11-20T10:00:00Z' }).properties).toEqual({});
    const bad = ZEvent.safeParse({ id: 'e3', email: 'a@b.co', type: 'tweet', at: '2026-11-20T10:00:00Z' });
    expect(bad.error!.issues[0]!.path).toEqual(['type']);
    const noZone = ZEvent.safeParse({ id: 'e4', email: 'a@b.co', type: 'page_view', at: '2026-11-20 10:00' });
    expect(noZone.error!.issues[0]!.path).toEqual(['at']);
  });
});

describe('country names', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['France', 'FR'],
    ['Deutschland', 'DE'],
    ['Allemagne', 'DE'],
    ['United States of America', 'US'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['España', 'ES'],
    ['Espana', 'ES'],
    ['the Netherlands', 'NL'],
    ['Österreich', 'AT'],
    ['Kosovo', 'XK'],
    ['Narnia', null],
    ['XX', null],
    ['DD', null],
    ['', null],
  ])('%s → %s', (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });
});
