import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { KEPT_PER_CONNECTION, LONGEST_KEPT } from '../../server/db/statement-cache';

// An embedded connection keeps the statements it runs again (server/db/statement-cache.ts).
// SQLite lists a connection's prepared statements, with how often each ran, in sqlite_stmt.

describe('prepared statements kept by an embedded connection', () => {
  let dir: string;
  let database: Database;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-statements-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
  });
  afterEach(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The connection's prepared statements of this text, with how many times each ran. */
  const preparedOf = async (sql: string) =>
    (await database.client.execute({ sql: 'select run from sqlite_stmt where sql = ?', args: [sql] })).rows.map((row) => Number(row.run));

  it('a statement run five times is prepared twice (kept from its second use) and its last four runs share one statement', async () => {
    const sql = 'select count(*) as n from leads where email = ?';
    for (let i = 0; i < 5; i += 1) await database.client.execute({ sql, args: [`lead-${i}@example.com`] });
    expect(await preparedOf(sql)).toContain(4);
  });

  it('a write the stats triggers are compiled into is kept, and what the triggers count stays right', async () => {
    await database.client.execute({
      sql: `insert into users (id, email, name, role, team, time_zone, working_days, day_start, day_end, holidays, created_at) values ('u1', 'rep@example.com', 'Rep', 'rep', 'Team', 'UTC', '[1,2,3,4,5]', '09:00', '17:00', '[]', '2026-01-01T00:00:00.000Z')`,
    });
    const insertLead = `insert into leads (id, email, created_at, updated_at) values (?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`;
    const insertHandover = `insert into handovers (id, lead_id, owner_id, original_owner_id, stage, started_at, deadline, warn_at, tier, business_hours, state, charter_version) values (?, ?, 'u1', 'u1', 'sql', '2026-01-05T10:00:00.000Z', '2026-01-05T12:00:00.000Z', '2026-01-05T11:00:00.000Z', 'standard', 2, 'open', 1)`;
    for (let i = 0; i < 5; i += 1) {
      await database.client.batch(
        [
          { sql: insertLead, args: [`l${i}`, `lead-${i}@example.com`] },
          { sql: insertHandover, args: [`h${i}`, `l${i}`] },
        ],
        'write',
      );
    }
    // The first statement and the one kept from the second use (the client steps a write twice, so its run count says less).
    expect((await preparedOf(insertHandover)).length).toBeLessThanOrEqual(2);
    const counted = await database.client.execute(`select sum(handovers) as n from rep_stats where grain = 'd' and owner_id = 'u1'`);
    expect(Number(counted.rows[0]!.n)).toBe(5);
  });

  it('a kept statement stopped by an error runs again, and sees rows written since by another connection', async () => {
    const sql = `select case when email like 'bad%' then json('{') else email end as email from leads order by email`;
    const insert = (email: string) => database.client.execute({ sql: `insert into leads (id, email, created_at, updated_at) values (?, ?, 'x', 'x')`, args: [email, email] });
    await insert('a@example.com');
    await database.client.execute(sql);
    await database.client.execute(sql);
    await insert('bad@example.com');
    await expect(database.client.execute(sql)).rejects.toThrow(/malformed JSON/);
    await database.client.execute({ sql: 'delete from leads where email = ?', args: ['bad@example.com'] });

    const other = await openDatabase(database.url);
    try {
      await other.client.execute({ sql: `insert into leads (id, email, created_at, updated_at) values ('b', 'b@example.com', 'x', 'x')`, args: [] });
    } finally {
      other.close();
    }
    const rows = (await database.client.execute(sql)).rows.map((row) => row.email);
    expect(rows).toEqual(['a@example.com', 'b@example.com']);
  });

  it('a kept statement follows a change of its table', async () => {
    const sql = 'select * from accounts where id = ?';
    await database.client.execute({ sql: `insert into accounts (id, domain, name, created_at, updated_at) values ('a1', 'a.example', 'A', 'x', 'x')`, args: [] });
    await database.client.execute({ sql, args: ['a1'] });
    const before = await database.client.execute({ sql, args: ['a1'] });
    await database.client.execute('alter table accounts add column note text');
    const after = await database.client.execute({ sql, args: ['a1'] });
    expect(after.columns).toEqual([...before.columns, 'note']);
  });

  it('keeps at most KEPT_PER_CONNECTION statements, the most recently used', async () => {
    const texts = Array.from({ length: KEPT_PER_CONNECTION + 20 }, (_, i) => `select ${i} as n`);
    for (const sql of texts) {
      await database.client.execute(sql);
      await database.client.execute(sql);
    }
    await database.client.execute(texts.at(-1)!);
    // Statements dropped from the cache are finalized when collected: count only those run more than once.
    const kept = await database.client.execute(`select count(*) as n from sqlite_stmt where sql like 'select % as n' and run > 1`);
    expect(Number(kept.rows[0]!.n)).toBeLessThanOrEqual(KEPT_PER_CONNECTION);
    expect(await preparedOf(texts.at(-1)!)).toContain(2);
    expect(await preparedOf(texts[0]!)).not.toContain(2);
  });

  it('a text longer than LONGEST_KEPT is prepared anew each time (a big multi-row INSERT comes in many sizes)', async () => {
    const sql = `select ? as n, '${'x'.repeat(LONGEST_KEPT)}' as padding`;
    for (let i = 0; i < 3; i += 1) expect(Number((await database.client.execute({ sql, args: [i] })).rows[0]!.n)).toBe(i);
    expect(await preparedOf(sql)).not.toContain(2);
  });

  it('an EXPLAIN is prepared anew each time (its plan is fixed when prepared)', async () => {
    const sql = 'explain query plan select * from leads where email = ?';
    for (let i = 0; i < 3; i += 1) await database.client.execute({ sql, args: ['x'] });
    expect(await preparedOf(sql)).not.toContain(2);
  });
});
