import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { ingestKeys } from '../../server/db/schema';
import { hashSecret } from '../../server/domain/users';
import { lastLine, runCli, tableCells } from '../support/cli';
import { startTestServer } from '../support/server';

// Storage: an embedded file only (the command line writes the test folder's file before a server
// opens it; on a libSQL server the command line runs in two-processes.test.ts).
const ROOT = resolve(import.meta.dirname, '../..');
const MIGRATIONS = join(ROOT, 'server/db/migrations');

const cli = (dbUrl: string, ...args: string[]) => runCli(dbUrl, args);
/** `key list` as rows of cells, header first. */
const table = tableCells;

describe('ingest keys on the command line', () => {
  let dir: string;
  let dbUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-cli-keys-'));
    dbUrl = `file:${join(dir, 'handshake.db')}`;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a name already taken, naming the field; lists keys with created, last used and revoked, never the secret', { timeout: 120_000 }, async () => {
    expect(table((await cli(dbUrl, 'key', 'list')).stdout)).toEqual([['No ingest keys yet: npm run cli -- key add --name N']]);
    const added = await cli(dbUrl, 'key', 'add', '--name', 'segment');
    expect(added.code).toBe(0);
    const secret = lastLine(added.stdout);
    expect(secret).toMatch(/^hsk_/);

    for (const name of ['segment', '  segment ']) {
      const taken = await cli(dbUrl, 'key', 'add', '--name', name);
      expect([taken.code, taken.stderr.trim()]).toEqual([1, 'error: name: an ingest key named "segment" already exists (a revoked key keeps its name); choose another name']);
    }
    const crm = await cli(dbUrl, 'key', 'add', '--name', 'crm');
    expect(crm.code).toBe(0);

    // The key authenticates: its last use is recorded, at most once a minute.
    let clock = new Date('2026-11-23T09:00:00.000Z');
    const server = await startTestServer({ dir, now: () => clock });
    const lastUsed = async () => (await server.database.db.query.ingestKeys.findFirst({ where: eq(ingestKeys.name, 'segment') }))!.lastUsedAt;
    try {
      expect(await lastUsed()).toBeNull();
      expect((await server.post('/api/v1/events', { events: [] }, secret)).status).toBe(200);
      expect(await lastUsed()).toBe('2026-11-23T09:00:00.000Z');
      clock = new Date('2026-11-23T09:00:59.000Z');
      await server.post('/api/v1/events', { events: [] }, secret);
      expect(await lastUsed()).toBe('2026-11-23T09:00:00.000Z');
      clock = new Date('2026-11-23T09:01:00.000Z');
      await server.post('/api/v1/segment/track', { userId: 'a@b.io', event: 'Pricing Viewed' }, secret);
      expect(await lastUsed()).toBe('2026-11-23T09:01:00.000Z');
      // A refused key records nothing.
      expect((await server.post('/api/v1/events', { events: [] }, 'hsk_wrong')).status).toBe(401);
    } finally {
      await server.stop();
    }

    expect((await cli(dbUrl, 'key', 'revoke', '--name', 'crm')).code).toBe(0);
    const list = await cli(dbUrl, 'key', 'list');
    expect(list.code).toBe(0);
    const [header, ...rows] = table(list.stdout);
    expect(header).toEqual(['name', 'created', 'last used', 'revoked']);
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string;
    expect(rows).toEqual([
      ['crm', iso, 'never', iso],
      ['segment', iso, '2026-11-23T09:01:00.000Z', '—'],
    ]);
    for (const output of [list.stdout, list.stderr]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(hashSecret(secret));
    }
  });

  it('migrates a database whose keys share a name: the first keeps it, the others are suffixed with their id', { timeout: 60_000 }, async () => {
    // A database as the migrations before unique names left it.
    const oldDir = await mkdtemp(join(tmpdir(), 'handshake-old-keys-'));
    try {
      const oldMigrations = join(oldDir, 'migrations');
      await mkdir(join(oldMigrations, 'meta'), { recursive: true });
      const journal = JSON.parse(await readFile(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      const before = journal.entries.slice(0, 2);
      expect(before.map((e) => e.tag)).toEqual(['0000_initial', '0001_segment_identities']);
      await writeFile(join(oldMigrations, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
      for (const { tag } of before) await copyFile(join(MIGRATIONS, `${tag}.sql`), join(oldMigrations, `${tag}.sql`));
      const oldUrl = `file:${join(oldDir, 'handshake.db')}`;
      const old = await openDatabase(oldUrl);
      await migrate(old.db, { migrationsFolder: oldMigrations });
      await old.client.execute(`INSERT INTO ingest_keys (id, name, key_hash, created_at) VALUES
        ('11111111-aaaa', 'segment', 'h1', '2026-01-01T00:00:00.000Z'),
        ('22222222-bbbb', 'segment', 'h2', '2026-02-01T00:00:00.000Z'),
        ('33333333-cccc', 'crm', 'h3', '2026-03-01T00:00:00.000Z'),
        ('44444444-dddd', 'segment', 'h4', '2026-04-01T00:00:00.000Z')`);
      old.close();

      const list = await cli(oldUrl, 'key', 'list');
      expect(list.code).toBe(0);
      expect(table(list.stdout).slice(1).map((row) => row[0])).toEqual(['crm', 'segment', 'segment (22222222-bbbb)', 'segment (44444444-dddd)']);
      const taken = await cli(oldUrl, 'key', 'add', '--name', 'segment');
      expect(taken.code).toBe(1);
    } finally {
      await rm(oldDir, { recursive: true, force: true });
    }
  });
});
