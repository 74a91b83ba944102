import { migrate } from 'drizzle-orm/libsql/migrator';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';

// drizzle applies the migrations whose journal time is later than the last one a database
// recorded. A database upgraded from any earlier version must end with every table: each
// migration's time must come after the ones before it.

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../server/db/migrations');

interface TJournal {
  entries: { idx: number; when: number; tag: string }[];
}

const journal = async (): Promise<TJournal> => JSON.parse(await readFile(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as TJournal;

describe('migration order', () => {
  let dir: string;
  let database: Database;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-migrations-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
  });
  afterEach(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('each migration is dated after the one before it', async () => {
    const { entries } = await journal();
    for (let i = 1; i < entries.length; i += 1) expect(entries[i]!.when, entries[i]!.tag).toBeGreaterThan(entries[i - 1]!.when);
  });

  /** The schema's tables, indexes and triggers, by name. */
  const schemaOf = async (db: Database) =>
    (await db.client.execute("select type, name from sqlite_master where type in ('table', 'index', 'trigger') and name not like 'sqlite_%' order by type, name")).rows.map(
      (r) => `${r.type as string} ${r.name as string}`,
    );

  /**
   * The schema of a database first migrated with `entries` as the journal (the migrations as they
   * stood then: the same files), then by the server as it is now.
   */
  async function schemaAfterUpgrade(name: string, entries: TJournal['entries']): Promise<string[]> {
    const past = join(dir, `migrations-${name}`);
    await cp(MIGRATIONS, past, { recursive: true });
    await writeFile(join(past, 'meta/_journal.json'), JSON.stringify({ ...(await journal()), entries }));
    const old = await openDatabase(`file:${join(dir, `${name}.db`)}`);
    try {
      await migrate(old.db, { migrationsFolder: past });
      await migrateDatabase(old);
      return await schemaOf(old);
    } finally {
      old.close();
    }
  }

  it('a database at any earlier version ends with the schema of a new one when it is migrated', async () => {
    await migrateDatabase(database);
    const current = await schemaOf(database);
    const { entries } = await journal();
    for (let upTo = 0; upTo < entries.length - 1; upTo += 1) {
      const schema = await schemaAfterUpgrade(`at-${upTo}`, entries.slice(0, upTo + 1));
      expect({ from: entries[upTo]!.tag, schema }).toEqual({ from: entries[upTo]!.tag, schema: current });
    }
  });

  it('a database migrated while 0006 was dated before 0005 gets 0006 (once more, harmlessly) and what follows', async () => {
    await migrateDatabase(database);
    const current = await schemaOf(database);
    const { entries } = await journal();
    const upTo = entries.findIndex((e) => e.tag === '0006_rescore_jobs');
    for (const applied of [upTo - 1, upTo]) {
      const misdated = entries.slice(0, applied + 1).map((e) => (e.tag === '0006_rescore_jobs' ? { ...e, when: 1796440904298 } : e));
      const schema = await schemaAfterUpgrade(`misdated-${applied}`, misdated);
      expect({ applied: entries[applied]!.tag, schema }).toEqual({ applied: entries[applied]!.tag, schema: current });
    }
  });
});
