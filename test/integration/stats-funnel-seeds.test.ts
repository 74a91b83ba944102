import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { leads } from '../../server/db/schema';
import { computeFunnel } from '../../server/domain/stats';

// The funnel's overall rates, on the figures the product's source articles state: three
// sources' MQLs, SQLs and closed deals (MQL → customer 4.8 %, 4.0 %, 3.0 %), and a team's SQL
// → deal rate before and after a shared definition (3 of 75, 4 %; 6 of 58, 10.3 %).

const RANGE = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

interface TCohort {
  source: string;
  /** MQLs that never became SQLs, SQLs that were never won, SQLs won. */
  mqlsOnly: number;
  sqlsNotWon: number;
  sqlsWon: number;
  /** Leads that never reached MQL. */
  others?: number;
}

describe('stats.funnel overall rates', () => {
  let dir: string;
  let database: Database;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-funnel-seeds-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
  });
  afterEach(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function insertCohorts(cohorts: TCohort[]): Promise<void> {
    let n = 0;
    const row = (source: string, stages: { mql?: boolean; sql?: boolean; won?: boolean }) => {
      n += 1;
      return {
        id: `lead-${n}`,
        email: `lead-${n}@example.com`,
        source,
        createdAt: '2026-02-01T10:00:00.000Z',
        updatedAt: '2026-02-01T10:00:00.000Z',
        mqlAt: stages.mql ? '2026-02-02T10:00:00.000Z' : null,
        sqlAt: stages.sql ? '2026-02-05T10:00:00.000Z' : null,
        wonAt: stages.won ? '2026-03-20T10:00:00.000Z' : null,
      };
    };
    const rows = cohorts.flatMap((c) => [
      ...Array.from({ length: c.mqlsOnly }, () => row(c.source, { mql: true })),
      ...Array.from({ length: c.sqlsNotWon }, () => row(c.source, { mql: true, sql: true })),
      ...Array.from({ length: c.sqlsWon }, () => row(c.source, { mql: true, sql: true, won: true })),
      ...Array.from({ length: c.others ?? 0 }, () => row(c.source, {})),
    ]);
    for (let i = 0; i < rows.length; i += 100) await database.db.insert(leads).values(rows.slice(i, i + 100));
  }

  it("gives each source's MQL → customer rate as the articles state it (250 MQLs, 80 SQLs, 12 closed: 4.8 %)", async () => {
    await insertCohorts([
      { source: 'Source A', mqlsOnly: 250 - 80, sqlsNotWon: 80 - 12, sqlsWon: 12, others: 400 },
      { source: 'Source B', mqlsOnly: 150 - 30, sqlsNotWon: 30 - 6, sqlsWon: 6, others: 300 },
      { source: 'Source C', mqlsOnly: 100 - 15, sqlsNotWon: 15 - 3, sqlsWon: 3, others: 200 },
    ]);
    const funnel = await computeFunnel(database, 'source', RANGE);
    const bySource = Object.fromEntries(funnel.groups.map((g) => [g.key, { mqls: g.mqls, sqls: g.sqls, won: g.won, mqlToWon: g.rates.mqlToWon, sqlToWon: g.rates.sqlToWon }]));
    expect(bySource).toEqual({
      'Source A': { mqls: 250, sqls: 80, won: 12, mqlToWon: 12 / 250, sqlToWon: 12 / 80 },
      'Source B': { mqls: 150, sqls: 30, won: 6, mqlToWon: 6 / 150, sqlToWon: 6 / 30 },
      'Source C': { mqls: 100, sqls: 15, won: 3, mqlToWon: 3 / 100, sqlToWon: 3 / 15 },
    });
    expect(funnel.groups.map((g) => `${g.key} ${(100 * g.rates.mqlToWon!).toFixed(1)} %`)).toEqual(['Source A 4.8 %', 'Source B 4.0 %', 'Source C 3.0 %']);
    expect(funnel.total.rates.mqlToWon).toBe(21 / 500);
  });

  it("gives the SQL → deal rate the articles state (3 deals of 75 SQLs, 4 %; 6 of 58, 10.3 %)", async () => {
    await insertCohorts([
      { source: 'before', mqlsOnly: 180 - 75, sqlsNotWon: 75 - 3, sqlsWon: 3 },
      { source: 'after', mqlsOnly: 145 - 58, sqlsNotWon: 58 - 6, sqlsWon: 6 },
    ]);
    const funnel = await computeFunnel(database, 'source', RANGE);
    const rates = Object.fromEntries(funnel.groups.map((g) => [g.key, (100 * g.rates.sqlToWon!).toFixed(1)]));
    expect(rates).toEqual({ before: '4.0', after: '10.3' });
  });

  it('counts a won lead that never reached MQL (a deal sales sourced) in neither overall rate', async () => {
    await insertCohorts([{ source: 'Source A', mqlsOnly: 9, sqlsNotWon: 0, sqlsWon: 1 }]);
    await database.db.insert(leads).values({ id: 'direct', email: 'direct@example.com', source: 'Source A', createdAt: '2026-02-01T10:00:00.000Z', updatedAt: '2026-02-01T10:00:00.000Z', wonAt: '2026-03-01T10:00:00.000Z' });
    const [group] = (await computeFunnel(database, 'source', RANGE)).groups;
    expect({ won: group!.won, mqlToWon: group!.rates.mqlToWon, sqlToWon: group!.rates.sqlToWon }).toEqual({ won: 2, mqlToWon: 1 / 10, sqlToWon: 1 / 1 });
  });
});
