import { count, eq } from 'drizzle-orm';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { events, handovers, leads, users } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { ensureDefaultCharter } from '../../server/domain/charter';
import { addUser } from '../../server/domain/users';
import { AppError } from '../../server/errors';
import { formatSummary, runImport, type TImportSummary } from '../../server/import/run';

// Monday 23 November 2026, 09:00 UTC.
/** `expect.stringContaining`, typed (vitest types it as any). */
const containing = (text: string) => expect.stringContaining(text) as string;

const NOW = new Date('2026-11-23T09:00:00Z');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

const REP = { role: 'rep' as const, team: 'sales' as const, workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] };

describe('CRM CSV import into a real libSQL file', () => {
  let dir: string;
  let database: Database;
  let ines: string;
  let dan: string;
  let hubspot: TImportSummary;

  const lead = async (email: string) => (await database.db.query.leads.findFirst({ where: eq(leads.email, email) }))!;
  const handoversOf = async (email: string) => database.db.select().from(handovers).where(eq(handovers.leadId, (await lead(email)).id));
  const total = async (table: typeof leads | typeof events | typeof handovers) => (await database.db.select({ n: count() }).from(table))[0]!.n;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-import-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
    await ensureDefaultCharter(database, new Date('2026-06-01T00:00:00Z'));
    await addUser(database, { email: 'caroline.hughes@handshake-demo.test', name: 'Caroline Hughes', role: 'manager' }, SYSTEM);
    ines = (await addUser(database, { ...REP, email: 'ines.moreau@handshake-demo.test', name: 'Inès Moreau', timeZone: 'Europe/Paris' }, SYSTEM)).user.id;
    dan = (await addUser(database, { ...REP, email: 'dan.whitaker@handshake-demo.test', name: 'Dan Whitaker', timeZone: 'America/New_York' }, SYSTEM)).user.id;
    hubspot = await runImport({ database, file: join(FIXTURES, 'hubspot-contacts.csv'), format: 'hubspot', now: NOW, progress: false });
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('summarises a HubSpot export: created, skipped rows with line and column, warnings', () => {
    expect(hubspot).toMatchObject({ format: 'hubspot', timeZone: 'UTC', rows: 9, created: 7, updated: 0, events: { stored: 3, alreadyThere: 0 }, handoversOpened: 4 });
    expect(hubspot.skipped.map((s) => [s.line, s.column])).toEqual([
      [5, 'Email'],
      [9, 'Became a Sales Qualified Lead Date'],
    ]);
    expect(hubspot.warnings).toEqual([{ line: 8, column: 'Contact owner', message: '"Unknown Person": no Handshake user has that name; the lead goes to the round-robin' }]);
    const text = formatSummary(hubspot);
    expect(text).toContain('Imported 7 leads: 7 created, 0 updated.');
    expect(text).toContain('line 5: Email: expected an e-mail address, found "markus.weber(at)nordwind-logistik.de"');
    expect(text).toContain('line 9: Became a Sales Qualified Lead Date: expected a date');
    expect(text).toContain('Skipped 2 rows:');
  });

  it('stores each lead with its CRM id, company, source, campaign and owner (by e-mail or by name)', async () => {
    expect(await lead('claire.dubois@lumen-analytics.fr')).toMatchObject({
      hubspotId: '51234001',
      firstName: 'Claire',
      lastName: 'Dubois',
      title: 'Directrice marketing',
      source: 'Organic Search',
      campaign: 'Q4 Pipeline Webinar',
      ownerId: ines,
    });
    // "Contact owner" holds a name here: matched to the user with that name.
    expect(await lead('james.oconnor@brightpath.io')).toMatchObject({ hubspotId: '51234002', title: 'VP, Revenue Operations', ownerId: dan });
    expect(await lead('oliver.grant@ledgerly.co.uk')).toMatchObject({ title: 'Head of Growth, "Demand" EMEA', ownerId: dan });
  });

  it('lands the lifecycle dates exactly, and hands SQLs over at their SQL date', async () => {
    expect(await lead('claire.dubois@lumen-analytics.fr')).toMatchObject({ mqlAt: '2026-11-02T14:05:00.000Z', sqlAt: '2026-11-06T09:12:00.000Z' });
    expect(await lead('hannah.becker@nordwind-logistik.de')).toMatchObject({ mqlAt: '2026-10-20T11:00:00.000Z', sqlAt: null });
    const [claire] = await handoversOf('claire.dubois@lumen-analytics.fr');
    expect(claire).toMatchObject({ startedAt: '2026-11-06T09:12:00.000Z', originalOwnerId: ines });
    const [oliver] = await handoversOf('oliver.grant@ledgerly.co.uk');
    expect(oliver).toMatchObject({ startedAt: '2026-11-19T15:45:00.000Z', originalOwnerId: dan });
    expect(await handoversOf('hannah.becker@nordwind-logistik.de')).toEqual([]);
  });

  it('turns opportunity and customer dates into funnel dates', async () => {
    expect(await lead('james.oconnor@brightpath.io')).toMatchObject({
      mqlAt: '2026-08-11T16:20:00.000Z',
      sqlAt: '2026-08-12T10:03:00.000Z',
      opportunityAt: '2026-08-20T15:00:00.000Z',
      wonAt: '2026-10-15T17:30:00.000Z',
    });
    expect(await lead('mei.tanaka@quantaforge.com')).toMatchObject({ opportunityAt: '2026-09-15T16:00:00.000Z', wonAt: null });
    const ids = (await database.db.select({ id: events.id }).from(events)).map((e) => e.id).sort();
    expect(ids).toEqual(['hubspot:51234002:closed_won', 'hubspot:51234002:opportunity', 'hubspot:51234007:opportunity']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = { leads: await total(leads), events: await total(events), handovers: await total(handovers) };
    const again = await runImport({ database, file: join(FIXTURES, 'hubspot-contacts.csv'), format: 'hubspot', now: NOW, progress: false });
    expect(again).toMatchObject({ created: 0, updated: 7, events: { stored: 0, alreadyThere: 3 }, handoversOpened: 0 });
    expect({ leads: await total(leads), events: await total(events), handovers: await total(handovers) }).toEqual(before);
    expect(await lead('claire.dubois@lumen-analytics.fr')).toMatchObject({ sqlAt: '2026-11-06T09:12:00.000Z' });
  });

  it('imports a Salesforce report (BOM, CRLF, M/D/YYYY h:mm AM in the given zone) with 18-character ids', async () => {
    const summary = await runImport({ database, file: join(FIXTURES, 'salesforce-leads.csv'), format: 'salesforce', timezone: 'America/New_York', now: NOW, progress: false });
    expect(summary).toMatchObject({ rows: 5, created: 4, updated: 0, timeZone: 'America/New_York', events: { stored: 1 }, handoversOpened: 2 });
    expect(summary.skipped.map((s) => [s.line, s.column])).toEqual([[5, 'Email']]);
    expect(await lead('rachel.nguyen@tidewater-analytics.com')).toMatchObject({
      salesforceId: '00Q5g00000AbCdEEAV',
      ownerId: dan,
      mqlAt: '2026-10-14T18:30:00.000Z',
      sqlAt: '2026-10-16T13:05:00.000Z',
      campaign: 'Q4 Pipeline Webinar',
    });
    const [rachel] = await handoversOf('rachel.nguyen@tidewater-analytics.com');
    expect(rachel).toMatchObject({ startedAt: '2026-10-16T13:05:00.000Z', originalOwnerId: dan });
    // "Lead Owner" given by name, accents and all.
    expect(await lead('tom.fischer@kestrelpay.com')).toMatchObject({ salesforceId: '00Q5g00000XyZwVEAV', ownerId: ines, mqlAt: '2026-11-03T15:00:00.000Z' });
    expect(await lead('amelia.clarke@brightwave.com.au')).toMatchObject({ opportunityAt: '2026-09-21T15:30:00.000Z' });
    expect(await lead('chloe.lambert@ondine-assurances.fr')).toMatchObject({ campaign: 'Content Syndication - "State of RevOps" report', mqlAt: '2026-11-09T05:00:00.000Z' });
  });

  it('keeps an owner who is not a Handshake user on the lead, warns, and hands the lead to the round-robin', async () => {
    const file = join(dir, 'owners.csv');
    await writeFile(file, 'Lead ID,Email,Title,Owner Email,SQL Date\n00Q5g00000Own01,pat.lee@orbit-labs.io,CEO,pat@former-agency.com,11/20/2026 10:00 AM\n');
    const summary = await runImport({ database, file, format: 'salesforce', now: NOW, progress: false });
    expect(summary.warnings).toEqual([{ line: 2, column: 'Owner Email', message: 'pat@former-agency.com is not a Handshake user; the lead goes to the round-robin' }]);
    const pat = await lead('pat.lee@orbit-labs.io');
    expect(pat).toMatchObject({ ownerEmail: 'pat@former-agency.com', sqlAt: '2026-11-20T10:00:00.000Z' });
    const [handover] = await handoversOf('pat.lee@orbit-labs.io');
    expect([ines, dan]).toContain(handover!.originalOwnerId);
  });

  it('refuses a missing file, an unknown zone and a file without an e-mail column, naming the field', async () => {
    const fail = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return { field: (error as AppError).field, message: (error as AppError).message };
      }
      throw new Error('expected the import to fail');
    };
    const base = { database, format: 'hubspot' as const, now: NOW, progress: false };
    expect(await fail(runImport({ ...base, file: join(dir, 'nope.csv') }))).toMatchObject({ field: 'file', message: containing('cannot read') });
    expect(await fail(runImport({ ...base, file: join(FIXTURES, 'hubspot-contacts.csv'), timezone: 'Mars/Olympus' }))).toMatchObject({ field: 'timezone' });
    const noEmail = join(dir, 'no-email.csv');
    await writeFile(noEmail, 'Record ID,First Name\n1,Ana\n');
    expect(await fail(runImport({ ...base, file: noEmail }))).toMatchObject({ field: 'file', message: containing('no e-mail column') });
    expect(await database.db.select({ n: count() }).from(users)).toEqual([{ n: 3 }]);
  });
});
