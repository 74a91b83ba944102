import { createClient, type Client } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { touchMeetsDeadlineSql } from '../../server/domain/sla-sql';
import { touchMeetsDeadline } from '../../shared/sla';

// The SLA "met" rule is written once (shared/sla.ts); the stats run it as SQL. Here the SQL is
// evaluated by libSQL on a real file, over text columns holding instants as the schema stores
// them (`toISOString()`), and must agree with the TypeScript rule.

const cases = sqliteTable('cases', {
  id: integer('id').primaryKey(),
  firstTouchAt: text('first_touch_at').notNull(),
  deadline: text('deadline').notNull(),
});

const MS = 1;
const SECOND = 1000 * MS;
const DAY = 86_400 * SECOND;

/** [first touch, deadline, met?]: the boundary, one millisecond either side, and text-order traps. */
const BOUNDARY: [string, string, boolean][] = [
  ['2026-03-02T14:00:00.000Z', '2026-03-02T14:00:00.000Z', true],
  ['2026-03-02T13:59:59.999Z', '2026-03-02T14:00:00.000Z', true],
  ['2026-03-02T14:00:00.001Z', '2026-03-02T14:00:00.000Z', false],
  ['2026-03-02T14:00:01.000Z', '2026-03-02T14:00:00.999Z', false],
  ['2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00.000Z', true],
  ['2027-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z', false],
  ['2026-03-09T09:00:00.000Z', '2026-03-10T08:59:59.999Z', true],
];

describe('the SLA met rule, in TypeScript and in SQL', () => {
  let dir: string;
  let client: Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-sla-met-'));
    client = createClient({ url: `file:${join(dir, 'rule.db')}` });
    await client.execute('create table cases (id integer primary key, first_touch_at text not null, deadline text not null)');
  });
  afterAll(async () => {
    client.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The SQL rule's verdict on each [first touch, deadline] pair, read from the database file. */
  async function sqlVerdicts(pairs: [string, string][]): Promise<boolean[]> {
    const db = drizzle(client);
    await db.delete(cases);
    await db.insert(cases).values(pairs.map(([firstTouchAt, deadline], id) => ({ id, firstTouchAt, deadline })));
    const rows = await db
      .select({ id: cases.id, met: sql<number>`${touchMeetsDeadlineSql(cases.firstTouchAt, cases.deadline)}`.mapWith(Number) })
      .from(cases)
      .orderBy(cases.id);
    return rows.map((r) => r.met === 1);
  }

  const tsVerdict = ([touch, deadline]: [string, string]) => touchMeetsDeadline(new Date(touch), new Date(deadline));

  it('meets the deadline with a touch at or before it, in both, on the boundary cases', async () => {
    const pairs = BOUNDARY.map(([touch, deadline]): [string, string] => [touch, deadline]);
    const expected = BOUNDARY.map(([, , met]) => met);
    expect(pairs.map(tsVerdict)).toEqual(expected);
    expect(await sqlVerdicts(pairs)).toEqual(expected);
  });

  it('agrees on instants a few milliseconds to days apart', async () => {
    const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') });
    const gap = fc.oneof(fc.integer({ min: -2 * MS, max: 2 * MS }), fc.integer({ min: -SECOND, max: SECOND }), fc.integer({ min: -3 * DAY, max: 3 * DAY }));
    const pairs = fc
      .sample(fc.tuple(instant, gap), { numRuns: 500, seed: 20260302 })
      .map(([deadline, delta]): [string, string] => [new Date(deadline + delta).toISOString(), new Date(deadline).toISOString()]);
    expect(await sqlVerdicts(pairs)).toEqual(pairs.map(tsVerdict));
  });
});
