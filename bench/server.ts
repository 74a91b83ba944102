import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../server/domain/audit';
import { addIngestKey, addUser } from '../server/domain/users';
import { startServer } from '../server/server';
import { api } from '../test/support/server';
import { seededRandom } from './measure';

// The server over real HTTP on a real libSQL file, each figure next to a baseline measured
// in the same run: ingest against raw multi-row inserts of the same rows into a bare table,
// and packet.get against the cheapest round trip the server has (/healthz).

const LEADS = 500;
const EVENTS = 10_000;
const BATCH = 1_000;
const PACKETS = 200;

const types = ['page_view', 'pricing_view', 'content_download', 'email_click', 'webinar_attended', 'competitor_comparison', 'demo_request'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await run();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

export async function benchServer(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'handshake-bench-'));
  const random = seededRandom(3);
  const now = Date.now();
  const leads = Array.from({ length: LEADS }, (_, i) => ({
    email: `lead${i}@bench${i % 50}.com`,
    title: ['VP Sales', 'Marketing Manager', 'CEO', 'Analyst'][i % 4],
    company: { name: `Bench ${i % 50}`, domain: `bench${i % 50}.com`, employees: 100 + i, industry: 'Software', country: 'US' },
    source: ['webinar', 'paid search', 'partner', 'organic'][i % 4],
    crmIds: { hubspot: String(10_000 + i) },
  }));
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    id: `bench-${i}`,
    email: leads[Math.floor(random() * LEADS)]!.email,
    type: types[Math.floor(random() * types.length)]!,
    at: new Date(now - random() * 20 * 86_400_000).toISOString(),
    properties: { asset: 'Lead routing playbook' },
  }));

  // Baseline: the same event rows, multi-row inserts into a bare table on a fresh file.
  const raw = createClient({ url: `file:${join(dir, 'raw.db')}` });
  await raw.execute('PRAGMA journal_mode = WAL');
  await raw.execute('CREATE TABLE events (id TEXT PRIMARY KEY, email TEXT, type TEXT, at TEXT, properties TEXT)');
  const [, rawMs] = await timed(async () => {
    for (let i = 0; i < EVENTS; i += BATCH) {
      const chunk = events.slice(i, i + BATCH);
      const statements = [];
      for (let j = 0; j < chunk.length; j += 200) {
        const rows = chunk.slice(j, j + 200);
        statements.push({
          sql: `INSERT INTO events VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          args: rows.flatMap((e) => [e.id, e.email, e.type, e.at, JSON.stringify(e.properties)]),
        });
      }
      await raw.batch(statements, 'write');
    }
  });
  raw.close();

  const server = await startServer({ dbUrl: `file:${join(dir, 'handshake.db')}`, port: 0 });
  try {
    await addUser(server.database, { email: 'rep@bench.com', name: 'Bench Rep', role: 'rep', timeZone: 'America/New_York' }, SYSTEM);
    const { token } = await addUser(server.database, { email: 'rep2@bench.com', name: 'Bench Rep 2', role: 'rep' }, SYSTEM);
    const key = await addIngestKey(server.database, 'bench', SYSTEM);
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) }).then(async (r) => {
        if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
      });
    await post('/leads', { leads });
    const [, ingestMs] = await timed(async () => {
      for (let i = 0; i < EVENTS; i += BATCH) await post('/events', { events: events.slice(i, i + BATCH) });
    });

    const rep = api(server.url, token);
    const health: number[] = [];
    const packets: number[] = [];
    for (let i = 0; i < PACKETS; i += 1) {
      health.push((await timed(() => fetch(`${server.url}/healthz`).then((r) => r.json())))[1]);
      packets.push((await timed(() => rep.packet.get.query({ crm: 'hubspot', recordId: String(10_000 + (i % LEADS)) })))[1]);
    }
    health.sort((a, b) => a - b);
    packets.sort((a, b) => a - b);

    const rate = (ms: number) => Math.round((EVENTS / ms) * 1000).toLocaleString('en-US');
    console.log(`\nIngest ${EVENTS.toLocaleString('en-US')} events for ${LEADS} leads, ${BATCH} per request`);
    console.log(`  raw multi-row INSERT into a bare table (baseline): ${rate(rawMs)} events/s  (1.00×)`);
    console.log(`  POST /api/v1/events (validate, store, rescore, hand over): ${rate(ingestMs)} events/s  (${(ingestMs / rawMs).toFixed(1)}× the baseline's time)`);
    console.log(`\npacket.get over HTTP, ${PACKETS} sequential calls (leads with ~${Math.round(EVENTS / LEADS)} events)`);
    console.log(`  GET /healthz (baseline): median ${percentile(health, 0.5).toFixed(2)} ms, p95 ${percentile(health, 0.95).toFixed(2)} ms  (1.00×)`);
    console.log(
      `  packet.get by CRM id: median ${percentile(packets, 0.5).toFixed(2)} ms, p95 ${percentile(packets, 0.95).toFixed(2)} ms  (${(percentile(packets, 0.5) / percentile(health, 0.5)).toFixed(1)}× the baseline's median)`,
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
