import { TRPCClientError } from '@trpc/client';
import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { decisions } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { addUser } from '../../server/domain/users';
import { startChildServer, type TChildServer } from '../support/child-server';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { api } from '../support/server';
import { startSqld, type Sqld } from '../support/sqld';

// The libSQL server killed (SIGKILL) and started again while two app instances take
// decisions from twelve clients that retry with the same key, as the extension does: every
// decision acknowledged is stored, once; meanwhile clients are told in words to retry (503);
// and the instances serve again by themselves, without a restart of theirs.

const UNAVAILABLE = 'the database is unavailable; retry in a moment';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a libSQL server restarted under load', () => {
  let sqld: Sqld;
  let database: Database;
  const servers: TChildServer[] = [];
  const urls: string[] = [];
  let token: string;
  const leadIds: string[] = [];

  beforeAll(async () => {
    sqld = await startSqld();
    database = await openDatabase(sqld.url);
    await migrateDatabase(database);
    const settings = { HANDSHAKE_DEMO: '0', HANDSHAKE_SECRET_KEY: randomBytes(32).toString('base64'), HANDSHAKE_MAX_IN_FLIGHT: '1000', HANDSHAKE_DB_TIMEOUT_SECONDS: '2' };
    for (let i = 0; i < 2; i++) {
      const server = startChildServer(sqld.url, settings);
      servers.push(server);
      urls.push((await server.waitFor(/Handshake server on (http:\/\/\S+)/))[1]!);
    }
    const rep = await addUser(database, { ...roundTheClock(), email: 'rita@example.com', name: 'Rita Rep', role: 'rep', team: 'sales' }, SYSTEM);
    token = rep.token;
    const started = new Date().toISOString();
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    for (let i = 0; i < 240; i++) {
      const leadId = await insertLead(database, { email: `lead${i}@acme.example`, stage: 'sql', ownerId: rep.user.id });
      await insertHandover(database, { leadId, ownerId: rep.user.id, startedAt: started, warnAt: deadline, deadline });
      leadIds.push(leadId);
    }
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    database?.close();
    await sqld?.stop();
  });

  it('keeps every acknowledged decision, once; says 503 in words meanwhile; and serves again by itself', async () => {
    const clients = urls.map((url) => api(url, token));
    const acknowledged = new Map<string, string>(); // lead id → decision id
    const refusals: string[] = [];
    let next = 0;
    const worker = async (n: number) => {
      for (let i = next++; i < leadIds.length; i = next++) {
        const input = { leadId: leadIds[i]!, idempotencyKey: `restart-accept-${i}` };
        for (let attempt = 0; ; attempt++) {
          try {
            const { decision } = await clients[(n + attempt) % 2]!.decision.accept.mutate(input);
            acknowledged.set(input.leadId, decision.id);
            break;
          } catch (error) {
            const status = error instanceof TRPCClientError ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
            refusals.push(`${status} ${(error as Error).message}`);
            if (attempt > 200) throw error;
            await sleep(100);
          }
        }
      }
    };
    const load = Promise.all(Array.from({ length: 12 }, (_, n) => worker(n)));
    while (acknowledged.size < 60) await sleep(20);
    await sqld.kill();
    await sleep(1_500);
    await sqld.start();
    await load;

    expect(acknowledged.size).toBe(240);
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals)).toEqual(new Set([`503 ${UNAVAILABLE}`]));
    const stored = await database.db.select({ id: decisions.id, leadId: decisions.leadId }).from(decisions).where(inArray(decisions.leadId, leadIds));
    expect(stored).toHaveLength(240);
    expect(new Map(stored.map((d) => [d.leadId, d.id]))).toEqual(acknowledged);
    for (const url of urls) expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
  });
});
