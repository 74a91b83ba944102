import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase, type Database } from '../server/db/client';
import { events, handovers, leads } from '../server/db/schema';
import { SYSTEM } from '../server/domain/audit';
import { insertsOf, runBatch } from '../server/domain/batch-sql';
import { addUser } from '../server/domain/users';
import { roundTheClock } from '../test/support/fixtures';
import { startSqld } from '../test/support/sqld';
import { seededRandom } from './measure';
import { cannon, perSecond, rateRatio, serveInChild, type TCannonRequest, type TServedProcess } from './scale/harness';

// `npm run bench -- --modes`: packet.get and decision.accept from 10 connections on each way
// the server can store its data — an embedded file (one instance), a libSQL server (sqld) with
// one and two instances, and two instances each on an embedded replica of it — as ratios of
// the embedded file's figures, measured in the same run on the same data.

const REPS = 10;
const LEADS = 600;
const EVENTS_PER_LEAD = 12;
const CONNECTIONS = 10;
const PACKETS = 3_000;
const TYPES = ['page_view', 'pricing_view', 'content_download', 'email_click', 'webinar_attended'];

interface TTeam {
  reps: { token: string; leadIds: string[] }[];
  emails: string[];
}

/** Reps, leads with events and an open handover each, written straight to the database. */
async function prepare(database: Database): Promise<TTeam> {
  await migrateDatabase(database);
  const random = seededRandom(11);
  const now = Date.now();
  const team: TTeam = { reps: [], emails: [] };
  const ids: string[] = [];
  for (let r = 0; r < REPS; r++) {
    const { user, token } = await addUser(database, { ...roundTheClock(), email: `rep${r}@bench.example`, name: `Rep ${r}`, role: 'rep', team: 'sales' }, SYSTEM);
    ids.push(user.id);
    team.reps.push({ token, leadIds: [] });
  }
  const leadRows = Array.from({ length: LEADS }, (_, i) => ({
    id: `lead-${i}`,
    email: `lead${i}@company${i % 60}.example`,
    firstName: 'Lead',
    lastName: String(i),
    title: ['VP Sales', 'Head of Marketing', 'CFO', 'Analyst'][i % 4]!,
    company: { name: `Company ${i % 60}`, employees: 100 + i, industry: 'Software', country: 'US' },
    source: ['webinar', 'paid search', 'partner'][i % 3]!,
    stage: 'sql' as const,
    ownerId: ids[i % REPS]!,
    updatedAt: new Date(now).toISOString(),
  }));
  const started = new Date(now - 3_600_000).toISOString();
  const deadline = new Date(now + 6 * 3_600_000).toISOString();
  const handoverRows = leadRows.map((lead, i) => ({
    id: `handover-${i}`,
    leadId: lead.id,
    ownerId: lead.ownerId,
    originalOwnerId: lead.ownerId,
    stage: 'sql' as const,
    tier: 'high' as const,
    businessHours: 4,
    charterVersion: 1,
    startedAt: started,
    warnAt: deadline,
    deadline,
    createdAt: started,
  }));
  const eventRows = leadRows.flatMap((lead, i) =>
    Array.from({ length: EVENTS_PER_LEAD }, (_, j) => ({
      id: `event-${i}-${j}`,
      leadId: lead.id,
      type: TYPES[Math.floor(random() * TYPES.length)]!,
      at: new Date(now - random() * 20 * 86_400_000).toISOString(),
      properties: { asset: 'Lead routing playbook' },
      receivedAt: started,
    })),
  );
  await runBatch(database.db, [...insertsOf(leads, leadRows), ...insertsOf(handovers, handoverRows), ...insertsOf(events, eventRows)]);
  leadRows.forEach((lead, i) => team.reps[i % REPS]!.leadIds.push(lead.id));
  team.emails = leadRows.map((l) => l.email);
  return team;
}

/** autocannon on every instance at once, the connections shared out; the rate is the sum of theirs. */
async function load(instances: TServedProcess[], amount: number, requestFor: (n: number) => TCannonRequest): Promise<{ rate: number; p99: number; failures: number }> {
  const per = CONNECTIONS / instances.length;
  const results = await Promise.all(
    instances.map((instance, i) => cannon({ url: instance.url, connections: per, amount: Math.floor(amount / instances.length), requests: [requestFor(i)] })),
  );
  // Every connection always has one request out: its rate is connections over the mean latency.
  return {
    rate: results.reduce((sum, r) => sum + (per * 1000) / r.meanMs, 0),
    p99: Math.max(...results.map((r) => r.p99Ms)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  };
}

async function measure(team: TTeam, instances: TServedProcess[]) {
  let nextPacket = 0;
  const packets = await load(instances, PACKETS, () => ({
    method: 'GET',
    setupRequest: (request) => {
      const i = nextPacket++;
      const input = encodeURIComponent(JSON.stringify({ email: team.emails[i % team.emails.length] }));
      return { ...request, path: `/trpc/packet.get?input=${input}`, headers: { authorization: `Bearer ${team.reps[i % REPS]!.token}` } };
    },
  }));
  const pending = team.reps.flatMap((rep) => rep.leadIds.map((leadId) => ({ leadId, token: rep.token })));
  let nextDecision = 0;
  const decisions = await load(instances, pending.length, () => ({
    method: 'POST',
    path: '/trpc/decision.accept',
    setupRequest: (request) => {
      const item = pending[nextDecision++ % pending.length]!;
      return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${item.token}` }, body: JSON.stringify({ leadId: item.leadId, idempotencyKey: `bench-${item.leadId}` }) };
    },
  }));
  return { packets, decisions };
}

export async function benchModes(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'handshake-bench-modes-'));
  const rows: { mode: string; packets: Awaited<ReturnType<typeof measure>>['packets']; decisions: Awaited<ReturnType<typeof measure>>['decisions'] }[] = [];
  const run = async (mode: string, dbUrl: string, instanceArgs: string[][]) => {
    const database = await openDatabase(dbUrl);
    const team = await prepare(database);
    database.close();
    const instances: TServedProcess[] = [];
    try {
      for (const args of instanceArgs) instances.push(await serveInChild(['url', ...args]));
      rows.push({ mode, ...(await measure(team, instances)) });
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }
  };
  try {
    const file = `file:${join(dir, 'embedded.db')}`;
    await run('an embedded file, 1 instance', file, [[file]]);
    for (const [mode, count, replicas] of [
      ['sqld, 1 instance over HTTP', 1, false],
      ['sqld, 2 instances over HTTP', 2, false],
      ['sqld, 2 instances on embedded replicas', 2, true],
    ] as const) {
      const sqld = await startSqld();
      try {
        await run(
          mode,
          sqld.url,
          Array.from({ length: count }, (_, i) => (replicas ? [`file:${join(dir, `${mode.length}-${i}.db`)}`, sqld.url] : [sqld.url])),
        );
      } finally {
        await sqld.stop();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const [file] = rows;
  console.log(`\nStorage modes: ${CONNECTIONS} connections; ${LEADS} leads with ${EVENTS_PER_LEAD} events and an open handover each, ${REPS} reps`);
  for (const row of rows) {
    const failures = row.packets.failures + row.decisions.failures;
    console.log(
      `  ${row.mode}: packet.get ${perSecond(row.packets.rate, 'req')} (p99 ${row.packets.p99} ms, ${rateRatio(row.packets.rate, file!.packets.rate).replace('the baseline', 'the file')}); ` +
        `decision.accept ${perSecond(row.decisions.rate, 'req')} (p99 ${row.decisions.p99} ms, ${rateRatio(row.decisions.rate, file!.decisions.rate).replace('the baseline', 'the file')})${failures ? `; ${failures} failed` : ''}`,
    );
  }
}
