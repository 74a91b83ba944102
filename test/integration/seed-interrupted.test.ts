import { eq } from 'drizzle-orm';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { leads, users } from '../../server/db/schema';
import { DEFAULT_DEMO_LEADS, DEMO_TEAM } from '../../server/demo/seed';
import { userForToken } from '../../server/domain/users';

// `npm start` stopped while it seeds the demo (a kill, a closed terminal) must not leave a
// half-seeded database that the next start neither seeds nor prints tokens for. Real
// processes on a real libSQL file, one at a time (one process per database file).

const SERVE = resolve(import.meta.dirname, '../support/serve-main.ts');

interface TStart {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the output matches. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

function start(dbUrl: string): TStart {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, HANDSHAKE_DB_URL: dbUrl, HANDSHAKE_DEMO: '1', PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const waitFor = (pattern: RegExp) =>
    Promise.race([
      new Promise<RegExpMatchArray>((done) => {
        waiters.push({ pattern, resolve: done });
        check();
      }),
      exited.then((code): never => {
        throw new Error(`the start exited (${code}) before ${pattern}:\n${output}`);
      }),
    ]);
  return { child, output: () => output, exited, waitFor };
}

describe('a demo seed stopped partway', () => {
  let dir: string;
  let dbUrl: string;
  let firstOutput: string;
  let secondOutput: string;
  let usersAfterKill: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-interrupted-'));
    dbUrl = `file:${join(dir, 'handshake.db')}`;

    // The first start is killed once its progress shows leads written.
    const first = start(dbUrl);
    await first.waitFor(/Seeding the demo: day \d+ of \d+, [1-9][\d,]* leads/);
    first.child.kill('SIGKILL');
    await first.exited;
    firstOutput = first.output();
    const killed = await openDatabase(dbUrl);
    usersAfterKill = (await killed.db.select({ id: users.id }).from(users)).length;
    killed.close();

    // The start prints its whole block at once, once the server listens.
    const second = start(dbUrl);
    await second.waitFor(/Handshake server on/);
    second.child.kill('SIGTERM');
    await second.exited;
    secondOutput = second.output();
  }, 600_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the database as it was: nothing written', () => {
    expect(usersAfterKill).toBe(0);
  });

  it('is seeded in full by the next start, which prints the tokens', async () => {
    expect(firstOutput).not.toMatch(/Seeded in/);
    expect(secondOutput).toMatch(/Seeded in [\d.]+ s/);
    const database: Database = await openDatabase(dbUrl);
    try {
      expect((await database.db.select({ id: users.id }).from(users)).length).toBe(DEMO_TEAM.length);
      expect((await database.db.select({ id: leads.id }).from(leads)).length).toBe(DEFAULT_DEMO_LEADS);
      // Every demo user's printed token signs them in.
      for (const member of DEMO_TEAM) {
        const line = secondOutput.split('\n').find((l) => l.includes(member.email));
        const token = line?.trim().split(/\s+/).at(-1);
        expect([member.email, (await userForToken(database, token ?? ''))?.email]).toEqual([member.email, member.email]);
      }
      const ines = await database.db.query.users.findFirst({ where: eq(users.name, 'Inès Moreau') });
      expect(ines?.role).toBe('rep');
    } finally {
      database.close();
    }
  });
});
