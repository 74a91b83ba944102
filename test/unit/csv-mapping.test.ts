import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDayFirst, parseCrmDate } from '../../server/import/crm-dates';
import { CsvFileError, formatIssue, mapCsv, parseCsv } from '../../server/import/csv';
import { domainFromWebsite, enumToWords, parseEmployees } from '../../server/import/csv-values';
import { salesforceId18 } from '../../shared/salesforce-id';
import { HUBSPOT_FORMAT } from '../../server/import/hubspot';
import { SALESFORCE_FORMAT } from '../../server/import/salesforce';

/** `expect.stringContaining`, typed (vitest types it as any). */
const containing = (text: string) => expect.stringContaining(text) as string;

const NOW = new Date('2026-11-23T09:00:00Z');
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', name));

const HUBSPOT_HEADER =
  'Record ID,First Name,Last Name,Email,Job Title,Company Name,Company Domain Name,Number of Employees,Industry,Country/Region,Original Source,Campaign,Contact owner,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,Create Date';

describe('HubSpot contacts export', () => {
  const mapped = mapCsv(fixture('hubspot-contacts.csv'), HUBSPOT_FORMAT, { now: NOW });
  const byEmail = (email: string) => mapped.rows.find((r) => r.lead.email === email);

  it('maps every readable row to a lead, and skips the others with their line and column', () => {
    expect(mapped.total).toBe(9);
    expect(mapped.rows).toHaveLength(7);
    expect(mapped.skipped).toEqual([
      { line: 5, column: 'Email', message: 'expected an e-mail address, found "markus.weber(at)nordwind-logistik.de"' },
      { line: 9, column: 'Became a Sales Qualified Lead Date', message: containing('expected a date') },
    ]);
    expect(formatIssue(mapped.skipped[0]!)).toMatch(/^line 5: Email: expected an e-mail address/);
  });

  it('reads a full row: company, industry enum, employee range, source, campaign, owner, CRM id, lifecycle', () => {
    expect(byEmail('claire.dubois@lumen-analytics.fr')).toEqual({
      line: 2,
      lead: {
        email: 'claire.dubois@lumen-analytics.fr',
        firstName: 'Claire',
        lastName: 'Dubois',
        title: 'Directrice marketing',
        company: { name: 'Lumen Analytics', domain: 'lumen-analytics.fr', employees: 125, industry: 'Computer Software', country: 'France' },
        source: 'Organic Search',
        campaign: 'Q4 Pipeline Webinar',
        ownerEmail: 'ines.moreau@handshake-demo.test',
        crmIds: { hubspot: '51234001' },
        lifecycle: { mqlAt: '2026-11-02T14:05:00.000Z', sqlAt: '2026-11-06T09:12:00.000Z' },
      },
      events: [],
      owner: { column: 'Contact owner' },
      createdAt: '2026-10-28T08:44:00.000Z',
    });
  });

  it('turns opportunity and customer dates into funnel events with deterministic ids', () => {
    const row = byEmail('james.oconnor@brightpath.io')!;
    expect(row.events.map((e) => [e.id, e.type, e.at])).toEqual([
      ['hubspot:51234002:opportunity', 'opportunity_created', '2026-08-20T15:00:00.000Z'],
      ['hubspot:51234002:closed_won', 'closed_won', '2026-10-15T17:30:00.000Z'],
    ]);
    // Quoted fields with commas; an owner given by name is left for the caller to resolve.
    expect(row.lead.title).toBe('VP, Revenue Operations');
    expect(row.lead.company?.name).toBe('Brightpath, Inc.');
    expect(row.lead.source).toBe('Paid Search');
    expect(row.owner).toEqual({ name: 'Dan Whitaker', column: 'Contact owner' });
    expect(row.lead.ownerEmail).toBeUndefined();
  });

  it('reads doubled quotes, open employee ranges, the website when the domain is empty, and enum sources', () => {
    expect(byEmail('oliver.grant@ledgerly.co.uk')!.lead.title).toBe('Head of Growth, "Demand" EMEA');
    expect(byEmail('mei.tanaka@quantaforge.com')!.lead.company?.employees).toBe(10_001);
    const hannah = byEmail('hannah.becker@nordwind-logistik.de')!.lead;
    expect(hannah.company).toMatchObject({ domain: 'nordwind-logistik.de', employees: 3000, industry: 'Logistics and Supply Chain' });
    expect(hannah.source).toBe('Offline Sources');
    expect(hannah.lifecycle).toEqual({ mqlAt: '2026-10-20T11:00:00.000Z' });
  });

  it('reads wall-clock dates in the given time zone, across a DST change', () => {
    const paris = mapCsv(fixture('hubspot-contacts.csv'), HUBSPOT_FORMAT, { now: NOW, timeZone: 'Europe/Paris' });
    const claire = paris.rows.find((r) => r.lead.email === 'claire.dubois@lumen-analytics.fr')!;
    // 2026-11-02 14:05 in Paris is winter time (UTC+1); 2026-10-20 11:00 is still summer time (UTC+2).
    expect(claire.lead.lifecycle).toEqual({ mqlAt: '2026-11-02T13:05:00.000Z', sqlAt: '2026-11-06T08:12:00.000Z' });
    const hannah = paris.rows.find((r) => r.lead.email === 'hannah.becker@nordwind-logistik.de')!;
    expect(hannah.lead.lifecycle?.mqlAt).toBe('2026-10-20T09:00:00.000Z');
  });

  it('matches headers whatever their case, spacing and punctuation, and imports without optional columns', () => {
    const csv = ' EMAIL ,first name,COUNTRY / REGION,job-title\nana@cobalto.es,Ana,Spain,CEO\n';
    const result = mapCsv(csv, HUBSPOT_FORMAT, { now: NOW });
    expect(result.skipped).toEqual([]);
    expect(result.rows[0]!.lead).toEqual({ email: 'ana@cobalto.es', firstName: 'Ana', title: 'CEO', company: { country: 'Spain' } });
    expect(result.columns.used).toMatchObject({ email: [' EMAIL'.trim()], country: ['COUNTRY / REGION'], title: ['job-title'] });
  });

  it('refuses a file without an e-mail column, naming the columns it looked for', () => {
    expect(() => mapCsv('Record ID,First Name\n1,Ana\n', HUBSPOT_FORMAT, { now: NOW })).toThrow(CsvFileError);
    expect(() => mapCsv('Record ID,First Name\n1,Ana\n', HUBSPOT_FORMAT, { now: NOW })).toThrow(/no e-mail column \(expected "Email" or "E-mail"/);
    expect(() => mapCsv('', HUBSPOT_FORMAT, { now: NOW })).toThrow(/empty/);
  });

  it('reports the first line of a record that spans lines, and the right line after it', () => {
    const csv = `${HUBSPOT_HEADER}\n1,Ana,Ruiz,ana@cobalto.es,"Directora\ncomercial",Cobalto,,,,,,,,,,,,\n\n2,Bob,Li,not-an-email,CEO,,,,,,,,,,,,,\n`;
    const result = mapCsv(csv, HUBSPOT_FORMAT, { now: NOW });
    expect(result.rows[0]!.line).toBe(2);
    expect(result.rows[0]!.lead.title).toBe('Directora\ncomercial');
    expect(result.skipped).toEqual([{ line: 5, column: 'Email', message: 'expected an e-mail address, found "not-an-email"' }]);
  });

  it('accepts rows shorter than the header, and skips a row whose e-mail is empty', () => {
    const csv = `${HUBSPOT_HEADER}\n7,Ana,Ruiz,ana@cobalto.es\n8,Bob,Li,,CEO\n`;
    const result = mapCsv(csv, HUBSPOT_FORMAT, { now: NOW });
    expect(result.rows.map((r) => r.lead)).toEqual([{ email: 'ana@cobalto.es', firstName: 'Ana', lastName: 'Ruiz', crmIds: { hubspot: '7' } }]);
    expect(result.skipped).toEqual([{ line: 3, column: 'Email', message: 'expected an e-mail address, found an empty cell' }]);
  });

  it('skips a row with a date in the future, and warns on unreadable non-essential values', () => {
    const csv = `${HUBSPOT_HEADER}\n1,Ana,Ruiz,ana@cobalto.es,CEO,Cobalto,not a domain,lots,,,,,,2027-01-05 10:00,,,,\n2,Bob,Li,bob@li.com,CEO,,,a few,,,,,,,,,,\n`;
    const result = mapCsv(csv, HUBSPOT_FORMAT, { now: NOW });
    expect(result.skipped).toEqual([{ line: 2, column: 'Became a Marketing Qualified Lead Date', message: containing('in the future') }]);
    expect(result.rows[0]!.lead).toEqual({ email: 'bob@li.com', firstName: 'Bob', lastName: 'Li', title: 'CEO', crmIds: { hubspot: '2' } });
    expect(result.warnings).toEqual([{ line: 3, column: 'Number of Employees', message: containing('expected a number or a range') }]);
  });

  it('skips a row the ingest would refuse, naming the column (a job title over 300 characters)', () => {
    const result = mapCsv(`Email,Job Title\na@b.com,${'x'.repeat(301)}\n`, HUBSPOT_FORMAT, { now: NOW });
    expect(result.rows).toEqual([]);
    expect(result.skipped).toEqual([{ line: 2, column: 'Job Title', message: containing('300') }]);
  });

  it('warns when the same e-mail comes twice (the later row updates the lead)', () => {
    const csv = 'Email,First Name\nana@cobalto.es,Ana\nANA@cobalto.es,Anna\n';
    const result = mapCsv(csv, HUBSPOT_FORMAT, { now: NOW });
    expect(result.rows).toHaveLength(2);
    expect(result.warnings).toEqual([{ line: 3, column: 'Email', message: 'same e-mail as line 2: this row updates that lead' }]);
  });
});

describe('Salesforce leads report', () => {
  const mapped = mapCsv(fixture('salesforce-leads.csv'), SALESFORCE_FORMAT, { now: NOW, timeZone: 'America/New_York' });
  const byEmail = (email: string) => mapped.rows.find((r) => r.lead.email === email);

  it('reads a file with a byte-order mark and CRLF line ends', () => {
    const bytes = fixture('salesforce-leads.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    expect(mapped.total).toBe(5);
    expect(mapped.columns.used.email).toEqual(['Email']);
    expect(mapped.columns.used.recordId).toEqual(['Lead ID']);
    expect(mapped.skipped).toEqual([{ line: 5, column: 'Email', message: 'expected an e-mail address, found "noah.silva@@silvaconsulting.com"' }]);
  });

  it('maps a lead: 18-character id, translated industry, owner e-mail, M/D/YYYY h:mm AM dates in the zone', () => {
    expect(byEmail('rachel.nguyen@tidewater-analytics.com')).toEqual({
      line: 2,
      lead: {
        email: 'rachel.nguyen@tidewater-analytics.com',
        firstName: 'Rachel',
        lastName: 'Nguyen',
        title: 'VP Sales',
        company: {
          name: 'Tidewater Analytics, LLC',
          domain: 'tidewater-analytics.com',
          employees: 350,
          industry: 'Information Technology and Services',
          country: 'United States',
        },
        source: 'Webinar',
        campaign: 'Q4 Pipeline Webinar',
        ownerEmail: 'dan.whitaker@handshake-demo.test',
        crmIds: { salesforce: '00Q5g00000AbCdEEAV' },
        // 2:30 PM and 9:05 AM in New York, daylight time (UTC−4).
        lifecycle: { mqlAt: '2026-10-14T18:30:00.000Z', sqlAt: '2026-10-16T13:05:00.000Z' },
      },
      events: [],
      owner: { column: 'Owner Email' },
      createdAt: '2026-10-02T15:12:00.000Z',
    });
  });

  it('turns a conversion into an opportunity event, and keeps the owner name for resolution', () => {
    const amelia = byEmail('amelia.clarke@brightwave.com.au')!;
    expect(amelia.events).toEqual([
      {
        id: 'salesforce:00Q5g00000Qr7sTEAR:opportunity',
        email: 'amelia.clarke@brightwave.com.au',
        type: 'opportunity_created',
        at: '2026-09-21T15:30:00.000Z',
        properties: { crm: 'salesforce', column: 'Converted Date' },
      },
    ]);
    expect(amelia.owner).toEqual({ name: 'Dan Whitaker', column: 'Lead Owner' });
    expect(byEmail('tom.fischer@kestrelpay.com')!.owner).toEqual({ name: 'Ines Moreau', column: 'Lead Owner' });
  });

  it('reads quoted fields with doubled quotes and thousands separators, and date-only values as local midnight', () => {
    const chloe = byEmail('chloe.lambert@ondine-assurances.fr')!;
    expect(chloe.lead.campaign).toBe('Content Syndication - "State of RevOps" report');
    expect(chloe.lead.company?.employees).toBe(2400);
    expect(chloe.lead.lifecycle).toEqual({ mqlAt: '2026-11-09T05:00:00.000Z' });
    expect(chloe.events).toEqual([]);
  });

  it('reads day-first dates when the file shows them', () => {
    const csv = 'Lead ID,Email,MQL Date,SQL Date\n00Q5g00000AbCdE,a@b.com,03/10/2026 09:00,14/10/2026 16:30\n';
    const result = mapCsv(csv, SALESFORCE_FORMAT, { now: NOW });
    expect(result.dayFirst).toBe(true);
    expect(result.rows[0]!.lead.lifecycle).toEqual({ mqlAt: '2026-10-03T09:00:00.000Z', sqlAt: '2026-10-14T16:30:00.000Z' });
  });

  it('warns about a converted lead with no conversion date', () => {
    const csv = 'Lead ID,Email,Lead Status,Converted\n00Q5g00000AbCdE,a@b.com,Closed - Converted,1\n';
    const result = mapCsv(csv, SALESFORCE_FORMAT, { now: NOW });
    expect(result.rows[0]!.events).toEqual([]);
    expect(result.warnings).toEqual([{ line: 2, column: 'Converted', message: 'converted, but no conversion date: no opportunity date recorded' }]);
  });
});

describe('value readers', () => {
  it('reads employee counts and ranges (midpoint, open ranges at their lower bound)', () => {
    expect(parseEmployees('350')).toBe(350);
    expect(parseEmployees('2,400')).toBe(2400);
    expect(parseEmployees('1 200')).toBe(1200);
    expect(parseEmployees('51-200')).toBe(125);
    expect(parseEmployees('51 - 200')).toBe(125);
    expect(parseEmployees('1,001-5,000')).toBe(3000);
    expect(parseEmployees('11–50')).toBe(30);
    expect(parseEmployees('10,001+')).toBe(10_001);
    expect(parseEmployees('1000.0')).toBe(1000);
    expect(parseEmployees('lots')).toBeNull();
    expect(parseEmployees('200-51')).toBeNull();
  });

  it('reads HubSpot enum values as words', () => {
    expect(enumToWords('COMPUTER_SOFTWARE')).toBe('Computer Software');
    expect(enumToWords('INFORMATION_TECHNOLOGY_AND_SERVICES')).toBe('Information Technology and Services');
    expect(enumToWords('E_LEARNING')).toBe('E-Learning');
    expect(enumToWords('PAID_SEARCH')).toBe('Paid Search');
    expect(mapCsv('Email,Industry\na@b.com,HOSPITAL_HEALTH_CARE\n', HUBSPOT_FORMAT, { now: NOW }).rows[0]!.lead.company?.industry).toBe('Hospital & Health Care');
  });

  it('reads a web domain from a website', () => {
    expect(domainFromWebsite('https://www.Acme.com/about?x=1')).toBe('acme.com');
    expect(domainFromWebsite('acme.co.uk')).toBe('acme.co.uk');
    expect(domainFromWebsite('www2.acme.io')).toBe('acme.io');
    expect(domainFromWebsite('n/a')).toBeNull();
  });

  it('gives Salesforce ids their 18-character form', () => {
    expect(salesforceId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(salesforceId18('00Q5g00000AbCdE')).toBe('00Q5g00000AbCdEEAV');
    expect(salesforceId18('00Q5g00000AbCdEEAV')).toBe('00Q5g00000AbCdEEAV');
    expect(salesforceId18('not-an-id')).toBeNull();
  });

  it('reads dates: ISO with and without offset, HubSpot wall clock, US and day-first slashes, dotted, epoch ms', () => {
    const at = (text: string, zone = 'UTC', dayFirst = false) => parseCrmDate(text, zone, dayFirst)?.toISOString() ?? null;
    expect(at('2026-09-14 10:32')).toBe('2026-09-14T10:32:00.000Z');
    expect(at('2026-09-14 10:32', 'Europe/Paris')).toBe('2026-09-14T08:32:00.000Z');
    expect(at('2026-09-14T10:32:00Z', 'Europe/Paris')).toBe('2026-09-14T10:32:00.000Z');
    expect(at('2026-09-14T10:32:00+02:00')).toBe('2026-09-14T08:32:00.000Z');
    expect(at('2026-09-14', 'America/Chicago')).toBe('2026-09-14T05:00:00.000Z');
    expect(at('9/14/2026 12:05 AM')).toBe('2026-09-14T00:05:00.000Z');
    expect(at('9/14/2026 12:05 PM')).toBe('2026-09-14T12:05:00.000Z');
    expect(at('14/09/2026 17:00', 'UTC', true)).toBe('2026-09-14T17:00:00.000Z');
    expect(at('14.09.2026 17:00', 'Europe/Berlin')).toBe('2026-09-14T15:00:00.000Z');
    expect(at(String(Date.UTC(2026, 8, 14, 10, 32)))).toBe('2026-09-14T10:32:00.000Z');
    expect(at('2/30/2026')).toBeNull();
    expect(at('13/14/2026')).toBeNull();
    expect(at('yesterday')).toBeNull();
  });

  it('detects day-first files by a first part above 12', () => {
    expect(detectDayFirst(['3/10/2026', '10/14/2026'])).toBe(false);
    expect(detectDayFirst(['3/10/2026', '14/10/2026'])).toBe(true);
    expect(detectDayFirst(['2026-10-14'])).toBe(false);
  });

  it('parses CSV text into lines and cells', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,"x, y"\r\n')).toEqual({ headers: ['a', 'b'], rows: [{ line: 2, cells: ['1', 'x, y'] }] });
  });
});
