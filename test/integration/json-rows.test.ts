import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { accounts, events, leads } from '../../server/db/schema';
import { jsonRowOf, rowFromJson } from '../../server/domain/json-rows';
import { eventListOf, eventsFromJson } from '../../server/domain/lead-record';

// The rescore reads leads, accounts and events as JSON text (one value per row): what it
// reads must be exactly what an ordinary select returns.

let database: Database;
const at = '2026-11-20T10:00:00.000Z';

beforeAll(async () => {
  database = await openDatabase(':memory:');
  await migrateDatabase(database);
  const { db } = database;
  await db.insert(accounts).values({ id: 'acc-1', domain: 'acme.com', name: 'Acme "Analytics"', employees: 400, techStack: ['Salesforce', 'HubSpot'], targetAccount: true, updatedAt: at });
  await db.insert(leads).values([
    { id: 'lead-1', email: 'a@acme.com', firstName: 'Zoë', accountId: 'acc-1', company: { name: 'Acme', employees: 400 }, targetAccount: true, fitLevel: 'in_icp', charterVersion: 3, createdAt: at, updatedAt: at },
    { id: 'lead-2', email: 'b@gmail.com', title: null, createdAt: at, updatedAt: at },
  ]);
  await db.insert(events).values([
    { id: 'e-2', leadId: 'lead-1', type: 'pricing_view', at: '2026-11-19T09:00:00.000Z', properties: { url: '/pricing', n: 2.5 }, receivedAt: at },
    { id: 'e-1', leadId: 'lead-1', type: 'page_view', at: '2026-11-19T09:00:00.000Z', properties: {}, receivedAt: at },
    { id: 'e-0', leadId: 'lead-1', type: 'email_click', at: '2026-11-18T09:00:00.000Z', properties: { deep: { list: [1, 'two', null] } }, receivedAt: at },
  ]);
});

afterAll(() => database.close());

describe('rows read as JSON text', () => {
  it('reads each lead and its account as db.select() does: JSON columns, booleans, nulls, numbers and quotes', async () => {
    const { db } = database;
    const read = await db
      .select({ lead: jsonRowOf(leads), account: jsonRowOf(accounts) })
      .from(leads)
      .leftJoin(accounts, eq(leads.accountId, accounts.id))
      .where(inArray(leads.id, ['lead-1', 'lead-2']))
      .orderBy(leads.id);
    expect(read.map((row) => rowFromJson(leads, row.lead))).toEqual(await db.select().from(leads).orderBy(leads.id));
    expect(rowFromJson(accounts, read[0]!.account)).toEqual((await db.select().from(accounts))[0]);
  });

  it('reads a lead’s events as one list, in the order of the events index', async () => {
    const [row] = await database.db.select({ list: eventListOf }).from(events).where(eq(events.leadId, 'lead-1')).groupBy(events.leadId);
    const expected = (await database.db.select().from(events).where(eq(events.leadId, 'lead-1')).orderBy(events.at, events.id)).map(({ id, type, at: when, properties }) => ({ id, type, at: when, properties }));
    // Same instant: the one stored first comes first (e-2 was inserted before e-1).
    expect(eventsFromJson(row!.list).map((e) => e.id)).toEqual(['e-0', 'e-2', 'e-1']);
    expect(eventsFromJson(row!.list)).toEqual(expect.arrayContaining(expected));
  });
});
