import { createClient, type Client } from '@libsql/client';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../../server/db/client';
import { makeRng } from '../../server/demo/seed/common';
import { SYSTEM } from '../../server/domain/audit';
import { ensureDefaultCharter } from '../../server/domain/charter';
import { addUser, type TNewUser } from '../../server/domain/users';
import { accountsTable, eventsTable, handoverTables, leadsTable, type TTable } from './rows';
import { count, type TScaleSize } from './sizes';

// A realistic Handshake database at a given size, written straight into a libSQL file with
// multi-row INSERTs, and kept under the system's temporary folder by size and seed so the
// next run reuses it. Users come through addUser (real tokens, kept beside the file: the
// database holds only their hashes); every other row is written raw.

/** Bump when the rows change: older cached files are then ignored. */
const GENERATOR_VERSION = 1;
/** The instant the data is generated around; the servers measured run on a clock that starts there. */
export const SCALE_NOW = Date.parse('2026-11-23T10:30:00.000Z');
const ROWS_PER_STATEMENT = 400;
const STATEMENTS_PER_BATCH = 50;
const TEAMS = [
  { manager: 'Avery Stone', timeZone: 'America/New_York' },
  { manager: 'Blake Moreau', timeZone: 'Europe/Paris' },
  { manager: 'Casey Hart', timeZone: 'Europe/London' },
  { manager: 'Drew Lachlan', timeZone: 'Australia/Sydney' },
];
const REPS_PER_TEAM = 10;

export interface TScaleUser {
  id: string;
  email: string;
  role: 'rep' | 'manager' | 'admin';
  token: string;
}

export interface TScaleDatabase {
  size: TScaleSize;
  /** The cached file: copy it before writing to it (see `workingCopy`). */
  file: string;
  users: TScaleUser[];
  /** Seconds spent generating it; null when it came from the cache. */
  generatedSeconds: number | null;
}

export function scaleCacheDir(): string {
  return join(tmpdir(), 'handshake-bench-scale');
}

async function addUsers(file: string): Promise<TScaleUser[]> {
  const database = await openDatabase(`file:${file}`);
  try {
    await migrateDatabase(database);
    await ensureDefaultCharter(database);
    const users: TScaleUser[] = [];
    const add = async (input: TNewUser & { role: TScaleUser['role'] }) => {
      const { user, token } = await addUser(database, input, SYSTEM);
      users.push({ id: user.id, email: user.email, role: input.role, token });
    };
    await add({ email: 'admin@scale.example', name: 'Scale Admin', role: 'admin', team: 'revops' });
    for (const [t, team] of TEAMS.entries()) {
      const managerEmail = `manager${t}@scale.example`;
      await add({ email: managerEmail, name: team.manager, role: 'manager', timeZone: team.timeZone });
      for (let r = 0; r < REPS_PER_TEAM; r += 1) {
        await add({ email: `rep${t}-${r}@scale.example`, name: `Rep ${t}-${r}`, role: 'rep', timeZone: team.timeZone, managerEmail });
      }
    }
    return users;
  } finally {
    database.close();
  }
}

async function insertTable(client: Client, table: TTable): Promise<void> {
  const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES `;
  let statements: { sql: string; args: TTable['rows'][number] }[] = [];
  for (let i = 0; i < table.rows.length; i += ROWS_PER_STATEMENT) {
    const rows = table.rows.slice(i, i + ROWS_PER_STATEMENT);
    statements.push({ sql: head + rows.map(() => placeholders).join(', '), args: rows.flat() });
    if (statements.length === STATEMENTS_PER_BATCH) {
      await client.batch(statements, 'write');
      statements = [];
    }
  }
  if (statements.length > 0) await client.batch(statements, 'write');
}

/**
 * Brings a cached file to the current migrations and stats aggregates, once: otherwise every
 * run's working copy would rebuild them at the server's open (a minute at 1M handovers), just
 * before its first figures are taken.
 */
async function migrateInPlace(file: string, log: (line: string) => void): Promise<void> {
  const started = process.hrtime.bigint();
  const database = await openDatabase(`file:${file}`);
  try {
    await migrateDatabase(database);
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    database.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (seconds > 1) log(`  brought the cached ${file} to the current schema and aggregates in ${seconds.toFixed(0)} s`);
}

/** The database at `size`, from the cache or generated now (deterministic by `seed`, users' ids and tokens aside). */
export async function scaleDatabase(size: TScaleSize, seed = 1, log: (line: string) => void = console.log): Promise<TScaleDatabase> {
  const dir = scaleCacheDir();
  const file = join(dir, `${size.name}-seed${seed}-v${GENERATOR_VERSION}.db`);
  const usersFile = `${file}.users.json`;
  if (existsSync(file) && existsSync(usersFile)) {
    await migrateInPlace(file, log);
    return { size, file, users: JSON.parse(await readFile(usersFile, 'utf8')) as TScaleUser[], generatedSeconds: null };
  }
  await mkdir(dir, { recursive: true });
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) await rm(partial + suffix, { force: true });
  const started = process.hrtime.bigint();
  log(`Generating the ${size.name} database (${count(size.leads)} leads, ${count(size.events)} events, ${count(size.handovers)} handovers) into ${file} …`);

  const users = await addUsers(partial);
  const reps = users.filter((u) => u.role === 'rep').map((u) => u.id);
  const rng = makeRng(seed);
  const accounts = accountsTable(rng, size, SCALE_NOW);
  const { handovers, decisions, outcomes } = handoverTables(rng, size, { reps }, SCALE_NOW);
  const leads = leadsTable(rng, size, accounts, outcomes, SCALE_NOW);
  const events = eventsTable(rng, size, SCALE_NOW);

  const client = createClient({ url: `file:${partial}` });
  try {
    // A throwaway file until it is renamed: no need to be durable while it is written.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = OFF');
    await client.execute('PRAGMA foreign_keys = OFF');
    for (const table of [accounts, leads, events, handovers, decisions]) {
      const t = process.hrtime.bigint();
      await insertTable(client, table);
      log(`  ${table.name}: ${count(table.rows.length)} rows in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`);
    }
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    client.close();
  }
  await writeFile(usersFile, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
  for (const suffix of ['-wal', '-shm']) await rm(partial + suffix, { force: true });
  const generatedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`  generated in ${generatedSeconds.toFixed(1)} s`);
  return { size, file, users, generatedSeconds };
}
