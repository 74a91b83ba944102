import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { accounts, auditLog, events, leads, stageTransitions } from '../../server/db/schema';
import { insertRows, rowAsInserted } from '../../server/domain/insert-rows';

// The set-based writes build their multi-row INSERTs as text (insert-rows.ts): each must be
// the statement drizzle's insert builder makes of the same rows, text and arguments alike.

let database: Database;
const at = '2026-11-20T10:00:00.000Z';

beforeAll(async () => {
  database = await openDatabase(':memory:');
  await migrateDatabase(database);
});

afterAll(() => database.close());

describe('multi-row INSERTs written as text', () => {
  it('are the statements drizzle writes: every column, JSON and boolean mappings, nulls, and the defaults of omitted values', () => {
    const { db } = database;
    const cases = [
      [
        accounts,
        [
          { id: 'acc-1', domain: 'acme.com', name: 'Acme "Analytics"', employees: 400, techStack: ['Salesforce', 'HubSpot'], targetAccount: true, updatedAt: at },
          { id: 'acc-2', domain: 'umbrella.io', industry: 'SaaS', updatedAt: at },
        ],
      ],
      [
        leads,
        [
          { id: 'lead-1', email: 'a@acme.com', firstName: 'Zoë', accountId: 'acc-1', company: { name: 'Acme', employees: 400 }, targetAccount: true, createdAt: at, updatedAt: at },
          { id: 'lead-2', email: 'b@gmail.com', title: null, stage: 'mql' as const, stagePath: 'import' as const, updatedAt: at },
        ],
      ],
      [
        events,
        [
          { id: 'e-1', leadId: 'lead-1', type: 'page_view', at, properties: { url: '/pricing', deep: { list: [1, 'two', null] } }, receivedAt: at },
          { id: 'e-2', leadId: 'lead-1', type: 'email_open', at, properties: {} },
        ],
      ],
      [
        auditLog,
        [
          { at, actorKind: 'ingest' as const, actorId: 'key-1', action: 'lead.create', entity: 'lead', entityId: 'lead-1' },
          { at, actorKind: 'system' as const, actorId: null, action: 'handover.open', entity: 'lead', entityId: 'lead-2', details: { ownerId: 'u-1', tier: 'high' } },
        ],
      ],
      [stageTransitions, [{ leadId: 'lead-1', fromStage: 'lead' as const, toStage: 'mql' as const, path: 'standard', at, charterVersion: 1, cause: 'scoring' as const }]],
    ] as const;
    for (const [table, rows] of cases) {
      const drizzle = db.insert(table).values([...rows] as never).toSQL();
      expect(insertRows(table, rows as never)).toEqual({ sql: drizzle.sql, args: drizzle.params });
    }
    const conflict = db.insert(events).values([...cases[2][1]]).onConflictDoNothing().toSQL();
    expect(insertRows(events, cases[2][1], { onConflictDoNothing: true })).toEqual({ sql: conflict.sql, args: conflict.params });
  });

  it('store what drizzle stores', async () => {
    const rows = [
      { id: 'acc-3', domain: 'wayne.example', name: 'Wayne', techStack: ['Segment'], targetAccount: false, updatedAt: at },
      { id: 'acc-4', domain: 'stark.example', employees: 5000, updatedAt: at },
    ];
    await database.client.execute(insertRows(accounts, rows));
    const stored = await database.db.select().from(accounts);
    expect(stored.map(({ createdAt, ...rest }) => [rest, typeof createdAt])).toEqual([
      [{ id: 'acc-3', domain: 'wayne.example', name: 'Wayne', employees: null, industry: null, country: null, techStack: ['Segment'], targetAccount: false, ownerEmail: null, updatedAt: at }, 'string'],
      [{ id: 'acc-4', domain: 'stark.example', name: null, employees: 5000, industry: null, country: null, techStack: null, targetAccount: false, ownerEmail: null, updatedAt: at }, 'string'],
    ]);
  });

  it('know the row they store: what a read returns, defaults and nulls included', async () => {
    const rows = [
      { id: 'lead-9', email: 'z@wayne.example', firstName: 'Zed', accountId: 'acc-3', company: { name: 'Wayne' }, fitLevel: 'high', charterVersion: 2, createdAt: at, updatedAt: at },
      { id: 'lead-10', email: 'y@gmail.com', stage: 'sql' as const, stagePath: 'direct' as const, status: 'nurture' as const, targetAccount: true, createdAt: at, updatedAt: at },
    ];
    await database.client.execute(insertRows(leads, rows));
    const stored = await database.db.select().from(leads).where(inArray(leads.id, ['lead-9', 'lead-10'])).orderBy(leads.id);
    expect(rows.map((row) => rowAsInserted(leads, row)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(stored);
    expect(() => rowAsInserted(leads, { id: 'lead-11', email: 'x@gmail.com', updatedAt: at })).toThrow(/createdAt has an SQL default/);
  });
});
