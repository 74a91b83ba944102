import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, checkpointInBackground } from '../../server/db/background-checkpoints';
import { openDatabase, type Database } from '../../server/db/client';
import { startServer } from '../../server/server';

// The server's request connection never copies the WAL into the database file itself (a
// COMMIT that did waited for the copy and its fsync); a worker thread does it beside it.

const CHECKPOINT_THEN_EXIT = resolve(import.meta.dirname, '../support/checkpoint-then-exit.ts');

const MB = 1024 * 1024;
const sizeOf = async (file: string) => (await stat(file).catch(() => ({ size: 0 }))).size;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

const autocheckpoint = async (database: Database) => Number((await database.client.execute('PRAGMA wal_autocheckpoint')).rows[0]![0]);

describe('background checkpoints', () => {
  let dir: string;
  let file: string;
  let database: Database;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-checkpoints-'));
    file = join(dir, 'handshake.db');
    database = await openDatabase(`file:${file}`);
    await database.client.execute('CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  });
  afterEach(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** About `megabytes` of rows, committed in small transactions as requests commit. */
  async function write(megabytes: number, from: number): Promise<void> {
    for (let i = 0; i < megabytes * 64; i += 1) {
      await database.client.batch(Array.from({ length: 4 }, (_, j) => ({ sql: 'INSERT INTO pages (id, body) VALUES (?, zeroblob(4000))', args: [from + i * 4 + j] })), 'write');
    }
  }

  it("the server's connection leaves checkpoints to a worker, which moves every commit into the file", async () => {
    const server = await startServer({ dbUrl: `file:${file}`, port: 0 });
    try {
      expect(await autocheckpoint(server.database)).toBe(BACKSTOP_PAGES);
    } finally {
      await server.close();
    }
    // A backstop out of reach: any page in the file got there through the worker.
    const checkpoints = await checkpointInBackground(database, { everyMs: 20, backstopPages: 1_000_000 });
    try {
      const before = await sizeOf(file);
      await write(8, 0);
      await until(async () => (await sizeOf(file)) - before >= 8 * MB, 'the pages written reach the database file');
      await write(8, 100_000);
      await until(async () => (await sizeOf(file)) - before >= 16 * MB, 'the second round reaches the file');
    } finally {
      await checkpoints.stop();
    }
    // Stopped, it hands checkpoints back to the connection.
    expect(await autocheckpoint(database)).toBe(1000);
    expect(Number((await database.client.execute('SELECT count(*) FROM pages')).rows[0]![0])).toBe(8 * 64 * 4 * 2);
  });

  // A WAL starts over only once a checkpoint has caught up between two writes: under writes
  // that never pause, or a worker far behind, the connection's own backstop bounds it.
  it('keeps the WAL bounded when the worker falls behind', async () => {
    const checkpoints = await checkpointInBackground(database, { everyMs: 600_000, backstopPages: 1000 });
    try {
      let longest = 0;
      for (let round = 0; round < 4; round += 1) {
        await write(4, round * 10_000);
        longest = Math.max(longest, await sizeOf(`${file}-wal`));
      }
      // 16 MB written; the WAL never much past the backstop's 1,000 pages (4 MB) and a batch.
      expect(longest).toBeLessThan(6 * MB);
    } finally {
      await checkpoints.stop();
    }
  });

  // Stopping waits for the worker's last checkpoint: a process left with nothing else to do
  // ended first, stopping the thread inside the driver, which aborts the whole process.
  it('lets a process that closed the server end by itself, after the last checkpoint', async () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CHECKPOINT_THEN_EXIT, join(dir, 'exiting.db')], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() }).toEqual({ status: 0, stdout: 'closed', stderr: '' });
    expect(await sizeOf(join(dir, 'exiting.db-wal'))).toBe(0);
  });

  it('does nothing for a database that is not a file', async () => {
    const memory = await openDatabase(':memory:');
    try {
      const checkpoints = await checkpointInBackground(memory);
      expect(await autocheckpoint(memory)).toBe(1000);
      await checkpoints.stop();
    } finally {
      memory.close();
    }
  });
});
