import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { auditLog, decisions, events, handovers, leads, touches } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { addIngestKey, addUser } from '../../server/domain/users';
import { startChildServer, type TChildServer } from '../support/child-server';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { api } from '../support/server';
import { startSqld, type Sqld } from '../support/sqld';

// Two app instances on one libSQL server (sqld), each its own process with its own write lock,
// group commit and SLA sweeper (every second), as a team that has outgrown one machine runs
// them: each calling the server over HTTP, or each on its own embedded replica of it (reads
// from a local file synced every half second, writes to the server). What a single process
// guarantees through its lock must hold across them through the database: a replay answers
// the first decision whichever instance it reaches, a breach is escalated once, and never
// once the owner has accepted or touched the handover; an instance reads its own writes.

type TApi = ReturnType<typeof api>;

interface TInstance {
  server: TChildServer;
  url: string;
}

const SYNC_SECONDS = 0.5;

/** An instance on the libSQL server at `serverUrl`: over HTTP, or on an embedded replica in the file `replicaFile`. */
async function startInstance(serverUrl: string, secretKey: string, replicaFile?: string): Promise<TInstance> {
  const settings = { HANDSHAKE_DEMO: '0', HANDSHAKE_SECRET_KEY: secretKey, HANDSHAKE_SWEEP_SECONDS: '1', HANDSHAKE_MAX_IN_FLIGHT: '1000' };
  const server = replicaFile
    ? startChildServer(`file:${replicaFile}`, { ...settings, HANDSHAKE_DB_SYNC_URL: serverUrl, HANDSHAKE_DB_SYNC_SECONDS: String(SYNC_SECONDS) })
    : startChildServer(serverUrl, settings);
  const [, url] = await server.waitFor(/Handshake server on (http:\/\/\S+)/);
  return { server, url: url! };
}

async function stopInstance(instance: TInstance | undefined): Promise<void> {
  if (!instance || instance.server.child.exitCode !== null) return;
  instance.server.child.kill('SIGTERM');
  await instance.server.exited;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  { mode: 'calling it over HTTP', replicas: false },
  { mode: 'each on its embedded replica', replicas: true },
])('two app instances on one libSQL server, $mode', ({ replicas }) => {
  let sqld: Sqld;
  let replicaDir: string;
  let database: Database;
  let instances: [TInstance, TInstance];
  let team: { repId: string; backupId: string; rep: [TApi, TApi] };
  let leadNumber = 0;

  /** Open handovers of the team's rep (its backup and manager at work round the clock), due at `deadline`. */
  async function openHandovers(count: number, deadline: Date): Promise<{ leadId: string; handoverId: string }[]> {
    const created: { leadId: string; handoverId: string }[] = [];
    for (let i = 0; i < count; i++) {
      leadNumber += 1;
      const leadId = await insertLead(database, { email: `lead${leadNumber}@acme.example`, firstName: 'Lead', lastName: `${leadNumber}`, stage: 'sql', ownerId: team.repId });
      const started = new Date(deadline.getTime() - 4 * 3_600_000).toISOString();
      const handoverId = await insertHandover(database, { leadId, ownerId: team.repId, startedAt: started, warnAt: started, warnedAt: started, deadline: deadline.toISOString() });
      created.push({ leadId, handoverId });
    }
    await reachInstances();
    return created;
  }

  /** Until what the test wrote to the server has reached the instances' replicas, if they have them. */
  const reachInstances = () => (replicas ? sleep(SYNC_SECONDS * 1000 + 700) : Promise.resolve());

  beforeAll(async () => {
    sqld = await startSqld();
    database = await openDatabase(sqld.url);
    await migrateDatabase(database);
    replicaDir = await mkdtemp(join(tmpdir(), 'handshake-replicas-'));
    const secretKey = randomBytes(32).toString('base64');
    const replicaFile = (name: string) => (replicas ? join(replicaDir, `${name}.db`) : undefined);
    const first = await startInstance(sqld.url, secretKey, replicaFile('first'));
    instances = [first, await startInstance(sqld.url, secretKey, replicaFile('second'))];
    const clock = roundTheClock();
    await addUser(database, { ...clock, email: 'maria@example.com', name: 'Maria Manager', role: 'manager', team: 'sales' }, SYSTEM);
    const backup = await addUser(database, { ...clock, email: 'bo@example.com', name: 'Bo Backup', role: 'rep', team: 'sales', managerEmail: 'maria@example.com' }, SYSTEM);
    const rep = await addUser(
      database,
      { ...clock, email: 'rita@example.com', name: 'Rita Rep', role: 'rep', team: 'sales', managerEmail: 'maria@example.com', backupEmail: 'bo@example.com' },
      SYSTEM,
    );
    team = { repId: rep.user.id, backupId: backup.user.id, rep: [api(first.url, rep.token), api(instances[1].url, rep.token)] };
    await reachInstances();
  }, 120_000);
  afterAll(async () => {
    await Promise.all((instances ?? []).map(stopInstance));
    database?.close();
    await sqld?.stop();
    if (replicaDir) await rm(replicaDir, { recursive: true, force: true });
  });

  it('shows a rep their own touch at once through the instance they logged it on', async () => {
    const [opened] = await openHandovers(1, new Date(Date.now() + 3_600_000));
    for (const [i, rep] of team.rep.entries()) {
      await rep.touch.log.mutate({ leadId: opened!.leadId, channel: 'call', idempotencyKey: `own-touch-${i}` });
      const packet = await rep.packet.get.query({ email: `lead${leadNumber}@acme.example` });
      expect(packet.touches).toHaveLength(i + 1);
    }
  });

  it('stores the same new leads and events sent through both at once once each, answering 200 to both', async () => {
    const key = await addIngestKey(database, 'both instances', SYSTEM);
    await reachInstances();
    const post = (url: string, path: string, body: unknown) =>
      fetch(`${url}/api/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { created: number; updated: number; duplicates: number } }),
      );
    for (let round = 0; round < 3; round++) {
      const sent = Array.from({ length: 20 }, (_, i) => ({ email: `both${round}-${i}@beta.example`, title: 'VP Sales', company: { name: 'Beta', domain: 'beta.example' } }));
      const answers = await Promise.all(instances.map((instance) => post(instance.url, 'leads', { leads: sent })));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => a.body.created + a.body.updated)).toEqual([20, 20]);
      const stored = await database.db.select({ id: leads.id }).from(leads).where(inArray(leads.email, sent.map((l) => l.email)));
      expect(stored).toHaveLength(20);

      const newcomers = Array.from({ length: 10 }, (_, i) => ({ id: `both-${round}-${i}`, email: `newcomer${round}-${i}@gamma.example`, type: 'page_view', at: new Date().toISOString() }));
      const eventAnswers = await Promise.all(instances.map((instance) => post(instance.url, 'events', { events: newcomers })));
      expect(eventAnswers.map((a) => a.status)).toEqual([200, 200]);
      expect(await database.db.select({ id: events.id }).from(events).where(inArray(events.id, newcomers.map((e) => e.id)))).toHaveLength(10);
      expect(await database.db.select({ id: leads.id }).from(leads).where(inArray(leads.email, newcomers.map((e) => e.email)))).toHaveLength(10);
    }
  });

  it('answers a decision sent through both at once with one decision, replayed on the other side', async () => {
    // Due in an hour: no sweeper touches them meanwhile.
    const open = await openHandovers(150, new Date(Date.now() + 3_600_000));
    const answers = await Promise.all(
      open.map(({ leadId }, i) => {
        const input = { leadId, idempotencyKey: `accept-twice-${i}` };
        return Promise.allSettled([team.rep[0].decision.accept.mutate(input), team.rep[1].decision.accept.mutate(input)]);
      }),
    );
    const refused = answers.flat().filter((a) => a.status === 'rejected');
    expect(refused.map((r) => String((r).reason))).toEqual([]);
    for (const pair of answers) {
      const [a, b] = pair.map((p) => (p as PromiseFulfilledResult<Awaited<ReturnType<TApi['decision']['accept']['mutate']>>>).value);
      expect(a!.decision.id).toBe(b!.decision.id);
      expect([a!.replayed, b!.replayed].sort()).toEqual([false, true]);
    }
    const stored = await database.db.select({ handoverId: decisions.handoverId }).from(decisions).where(inArray(decisions.leadId, open.map((o) => o.leadId)));
    expect(stored).toHaveLength(150);
  });

  it('answers a touch sent through both at once with one touch', async () => {
    const open = await openHandovers(30, new Date(Date.now() + 3_600_000));
    const answers = await Promise.all(
      open.map(({ leadId }, i) => {
        const input = { leadId, channel: 'call' as const, idempotencyKey: `touch-twice-${i}` };
        return Promise.allSettled([team.rep[0].touch.log.mutate(input), team.rep[1].touch.log.mutate(input)]);
      }),
    );
    const refused = answers.flat().filter((a) => a.status === 'rejected');
    expect(refused.map((r) => String((r).reason))).toEqual([]);
    const leadIds = open.map((o) => o.leadId);
    const stored = await database.db.select({ leadId: touches.leadId }).from(touches).where(inArray(touches.leadId, leadIds));
    expect(stored).toHaveLength(30);
    // Recorded once: one audit row each, as the CRM outbox would get one write.
    const audits = await database.db.select({ leadId: auditLog.entityId }).from(auditLog).where(and(eq(auditLog.action, 'touch.log'), inArray(auditLog.entityId, leadIds)));
    expect(audits).toHaveLength(30);
  });

  it('escalates each breach once, with both sweepers running', async () => {
    const due = await openHandovers(40, new Date(Date.now() + 1_500));
    const ids = due.map((d) => d.handoverId);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const escalated = await database.db.select({ id: handovers.id }).from(handovers).where(and(inArray(handovers.id, ids), eq(handovers.ownerId, team.backupId)));
      if (escalated.length === ids.length) break;
      if (Date.now() > deadline) throw new Error(`${escalated.length} of ${ids.length} escalated after 30 s`);
      await sleep(200);
    }
    await sleep(2_500); // both sweepers pass again
    const audits = await database.db
      .select({ handoverId: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'handover.escalate'), inArray(auditLog.entityId, ids)));
    const twice = ids.filter((id) => audits.filter((a) => a.handoverId === id).length !== 1);
    expect(twice).toEqual([]);
  });

  it('never escalates a handover its owner accepted or touched around the deadline', async () => {
    const due = await openHandovers(120, new Date(Date.now() + 3_600_000));
    // All due in a second and a half; the owner acts on each between just before and a second
    // after its deadline, through either instance, while both sweepers run.
    const ids = due.map((d) => d.handoverId);
    await database.db
      .update(handovers)
      .set({ deadline: new Date(Date.now() + 1_500).toISOString() })
      .where(inArray(handovers.id, ids));
    const acted = await Promise.allSettled(
      due.map(async ({ leadId }, i) => {
        await sleep(1_300 + ((i * 37) % 1_300));
        const rep = team.rep[i % 2]!;
        if (i % 3 === 0) await rep.touch.log.mutate({ leadId, channel: 'email', idempotencyKey: `late-touch-${i}` });
        else await rep.decision.accept.mutate({ leadId, idempotencyKey: `late-accept-${i}` });
      }),
    );
    await sleep(2_500); // both sweepers pass again
    const rows = await database.db.select().from(handovers).where(inArray(handovers.id, ids));
    const accepted = new Set(
      (await database.db.select({ handoverId: decisions.handoverId }).from(decisions).where(and(inArray(decisions.handoverId, ids), eq(decisions.decidedById, team.repId)))).map(
        (d) => d.handoverId,
      ),
    );
    const touched = new Set(
      (await database.db.select({ handoverId: touches.handoverId }).from(touches).where(and(inArray(touches.leadId, due.map((d) => d.leadId)), eq(touches.userId, team.repId)))).map(
        (t) => t.handoverId,
      ),
    );
    const escalatedAfterActing = rows.filter((h) => (accepted.has(h.id) || touched.has(h.id)) && h.escalatedAt !== null).map((h) => h.id);
    expect(escalatedAfterActing).toEqual([]);
    // Each handover either stayed with its owner, who acted in time, or went to the backup, and the owner was then told no.
    expect(acted.filter((a) => a.status === 'fulfilled').length + rows.filter((h) => h.escalatedAt !== null).length).toBeGreaterThanOrEqual(120);
  });
});
