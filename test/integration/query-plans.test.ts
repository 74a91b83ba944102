import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';

// The hot look-ups read through an index, whatever the table's size: SQLite's plan for
// each, on the migrated schema.

describe('query plans', () => {
  let dir: string;
  let database: Database;
  const plan = async (sql: string, args: unknown[] = []) => (await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never })).rows.map((row) => row.detail as string).join('\n');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-plans-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a lead's latest handover is found through (lead_id, started_at), not by walking every handover", async () => {
    const detail = await plan('SELECT * FROM handovers WHERE lead_id = ? ORDER BY started_at DESC LIMIT 1', ['lead-1']);
    expect(detail).toMatch(/SEARCH handovers USING INDEX handovers_lead_started \(lead_id=\?\)/);
    expect(detail).not.toMatch(/SCAN handovers/);
  });

  it("a lead's handovers, any state, are found by lead", async () => {
    const detail = await plan('SELECT id FROM handovers WHERE lead_id = ?', ['lead-1']);
    expect(detail).toMatch(/SEARCH handovers USING (COVERING )?INDEX handovers_lead_started/);
  });
});
