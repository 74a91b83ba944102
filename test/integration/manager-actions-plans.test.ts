import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { earlierActionQuery } from '../../server/domain/handover-actions';
import { encodeCursor } from '../../server/domain/page-cursor';
import { handoverPageQuery } from '../../server/domain/team-handovers';

// The dashboard's drill-down and the managers' actions read through an index, whatever the
// size of the handovers and the audit log: SQLite's plan for each, on the migrated schema.

describe("query plans of the managers' drill-down and actions", () => {
  let dir: string;
  let database: Database;
  const plan = async (query: { toSQL(): { sql: string; params: unknown[] } }) => {
    const { sql, params } = query.toSQL();
    return (await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never })).rows.map((row) => row.detail as string).join('\n');
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-plans-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  const range = { from: new Date('2026-10-24T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
  const now = new Date('2026-11-23T12:00:00Z');

  it("a rep's handovers come from (original_owner_id, started_at), a later page starting at its cursor", async () => {
    for (const cursor of [undefined, encodeCursor({ at: '2026-11-20T09:00:00.000Z', id: 'h-1' })]) {
      const detail = await plan(handoverPageQuery(database, 'rep-1', range, cursor, 100, now));
      expect(detail).toMatch(/SEARCH handovers USING INDEX handovers_original_owner \(original_owner_id=\? AND started_at>\? AND started_at<\?\)/);
      expect(detail).not.toMatch(/SCAN handovers|USE TEMP B-TREE FOR ORDER BY/);
    }
  });

  it('an idempotency key finds its earlier request without reading the whole audit log', async () => {
    const detail = await plan(earlierActionQuery(database, 'key-12345678'));
    expect(detail).toMatch(/SEARCH audit_log USING INDEX audit_idempotency_key/);
    expect(detail).not.toMatch(/SCAN audit_log/);
  });
});
