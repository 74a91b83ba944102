import { TRPCClientError } from '@trpc/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { touches, users } from '../../server/db/schema';
import { runCli } from '../support/cli';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/** Retries what the server refused as busy (503), with the same idempotency key, as the extension does. */
async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const busy = error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus === 503;
      if (!busy || attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// The known libSQL hazard is two processes writing one file (after a SQLITE_BUSY a write can
// vanish). An admin's CLI beside the running server is exactly that: every write either side
// reports as done must be there afterwards.
describe('the server and the command line on one database', () => {
  let server: TestServer;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let leadId: string;

  beforeAll(async () => {
    server = await startTestServer();
    rep = await server.user({ ...PARIS_REP, email: 'busy.rep@example.com', name: 'Busy Rep' });
    leadId = await insertLead(server.database, { email: 'contended@acme.com', ownerId: rep.id });
    await insertHandover(server.database, { leadId, ownerId: rep.id, startedAt: '2026-11-23T08:30:00.000Z', warnAt: '2026-11-23T11:30:00.000Z', deadline: '2026-11-23T12:30:00.000Z' });
  });
  afterAll(() => server.close());

  it('loses no touch logged through the API while the CLI adds users', { timeout: 120_000 }, async () => {
    const cli = (async () => {
      for (let i = 0; i < 6; i += 1) {
        const env = server.instanceEnv();
        const added = await runCli(env.HANDSHAKE_DB_URL!, ['user', 'add', '--email', `cli${i}@example.com`, '--name', `CLI ${i}`, '--role', 'rep'], env);
        if (added.code !== 0) throw new Error(`user add exited with ${added.code}: ${added.stderr}`);
      }
    })();
    const logged: string[] = [];
    const api = (async () => {
      for (let i = 0; i < 150; i += 1) {
        const key = `contended-touch-${i}`;
        await withRetry(() => rep.api.touch.log.mutate({ leadId, channel: 'email', idempotencyKey: key }));
        logged.push(key);
      }
    })();
    await Promise.all([cli, api]);
    // What the command line wrote, as the server reads it (a replica's arrives with a sync).
    await server.database.sync();

    const stored = await server.database.db.select({ key: touches.idempotencyKey }).from(touches).where(eq(touches.leadId, leadId));
    expect(stored.map((t) => t.key).sort()).toEqual([...logged].sort());
    expect(logged).toHaveLength(150);
    const cliUsers = (await server.database.db.select({ email: users.email }).from(users)).filter((u) => u.email.startsWith('cli'));
    expect(cliUsers).toHaveLength(6);
  });
});
