import { eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { leads, users } from '../../server/db/schema';
import { DEFAULT_DEMO_LEADS, DEMO_TEAM } from '../../server/demo/seed';
import { userForToken } from '../../server/domain/users';
import { startChildServer } from '../support/child-server';

// `npm start` stopped while it seeds the demo (a kill, a closed terminal) must not leave a
// half-seeded database that the next start neither seeds nor prints tokens for. Real
// processes on a real libSQL file, one at a time (one process per database file).

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
    const first = startChildServer(dbUrl);
    await first.waitFor(/Seeding the demo: day \d+ of \d+, [1-9][\d,]* leads/);
    first.child.kill('SIGKILL');
    await first.exited;
    firstOutput = first.output();
    const killed = await openDatabase(dbUrl);
    usersAfterKill = (await killed.db.select({ id: users.id }).from(users)).length;
    killed.close();

    // The start prints its whole block at once, once the server listens.
    const second = startChildServer(dbUrl);
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
