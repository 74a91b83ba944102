import { createClient } from '@libsql/client';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../server/db/client';
import { SCALE_NOW, type TScaleDatabase } from './generate';
import { costRatio, median, ms, printRow, type TScaleRow } from './harness';
import { queueNewCharterRescore } from './rescore';

// How long one heavy call holds everyone else up: /healthz (the cheapest request) sent again
// and again, each as soon as the last was answered, while a year of stats.reps, an ingest of
// 1,000 leads or of 1,000 events, or a full re-score runs; the figure is the longest any of
// them waited. The server has one thread, and the embedded file answers each statement on
// it, so only the turns a long call gives the others keep them from waiting for all of it.
// The probes come from a process of their own (prober.ts).

/** The goal: no request waits more than this behind any other. */
const GOAL_MS = 50;
/** Calls of each kind measured; the worst wait over all of them counts. */
const RUNS = 3;
const DAY_MS = 86_400_000;

interface TWaits {
  probes: number;
  p50: number;
  p99: number;
  worst: number;
}

function summary(waits: number[]): TWaits {
  const sorted = [...waits].sort((a, b) => a - b);
  return { probes: sorted.length, p50: median(sorted), p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, worst: sorted[sorted.length - 1] ?? 0 };
}

const PROBER = fileURLToPath(new URL('./prober.ts', import.meta.url));

/** The prober's process (prober.ts), started once ready. */
async function startProber(url: string): Promise<ChildProcess> {
  const child = fork(PROBER, [url], { execArgv: ['--import', 'tsx'] });
  const [message] = (await once(child, 'message')) as [unknown];
  if (message !== 'ready') throw new Error(`prober: expected ready, got ${JSON.stringify(message)}`);
  return child;
}

/** Every /healthz wait while `work` runs, probes sent back to back from the start to the end. */
async function waitsWhile(prober: ChildProcess, work: () => Promise<unknown>): Promise<number[]> {
  const started = once(prober, 'message');
  prober.send('start');
  await started;
  try {
    await work();
  } finally {
    prober.send('stop');
  }
  const [{ waits }] = (await once(prober, 'message')) as [{ waits: number[] }];
  return waits;
}

async function ok(response: Response): Promise<void> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** A new charter version's re-score queued on the file, through a connection of its own; the server's runner picks it up. */
async function queueFullRescore(file: string): Promise<number> {
  const database = await openDatabase(`file:${file}`);
  try {
    return (await queueNewCharterRescore(database, 'bench: waits behind a re-score')).jobId;
  } finally {
    database.close();
  }
}

/** Until the job is finished, read from the file every 100 ms. */
async function jobFinished(file: string, id: number): Promise<void> {
  const client = createClient({ url: `file:${file}` });
  try {
    for (;;) {
      const { rows } = await client.execute({ sql: 'SELECT finished_at FROM rescore_jobs WHERE id = ?', args: [id] });
      if (rows[0]?.finished_at) return;
      await sleep(100);
    }
  } finally {
    client.close();
  }
}

export async function benchWaits(data: TScaleDatabase, file: string, server: { url: string; ingestKey?: string }): Promise<TScaleRow[]> {
  const prober = await startProber(server.url);
  try {
    return await measureWaits(data, file, server, prober);
  } finally {
    prober.send('exit');
  }
}

async function measureWaits(data: TScaleDatabase, file: string, server: { url: string; ingestKey?: string }, prober: ChildProcess): Promise<TScaleRow[]> {
  const admin = data.users.find((u) => u.role === 'admin')!;
  await waitsWhile(prober, () => sleep(200));
  const alone = summary(await waitsWhile(prober, () => sleep(2000)));
  const year = { from: new Date(SCALE_NOW - 365 * DAY_MS).toISOString(), to: new Date(SCALE_NOW).toISOString() };
  const statsUrl = `${server.url}/trpc/stats.reps?input=${encodeURIComponent(JSON.stringify(year))}`;
  const ingest = (kind: 'leads' | 'events', items: unknown[]) =>
    fetch(`${server.url}/api/v1/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
      body: JSON.stringify({ [kind]: items }),
    }).then(ok);
  const newLeads = (run: number) =>
    Array.from({ length: 1000 }, (_, i) => ({
      email: `waits.${run}.${i}@waits${i % 300}.example.com`,
      title: ['VP Sales', 'Head of Marketing', 'Analyst'][i % 3],
      company: { name: `Waits ${i % 300}`, domain: `waits${i % 300}.example.com`, employees: 80 + i, industry: 'Computer Software', country: 'Germany' },
      source: 'Webinar',
    }));
  const newEvents = (run: number) =>
    Array.from({ length: 1000 }, (_, i) => ({
      id: `waits-${run}-${i}`,
      email: `waits.${run}.${i}@waits${i % 300}.example.com`,
      type: ['pricing_view', 'content_download', 'demo_request'][i % 3],
      at: new Date(SCALE_NOW - i * 60_000).toISOString(),
      properties: { url: 'https://handshake.example/pricing' },
    }));

  const calls: { figure: string; explanation: string; runs: number; call: (run: number) => Promise<unknown> }[] = [
    {
      figure: '/healthz while a year of stats.reps runs',
      explanation: "The manager's rep table over a year (stats run off the request thread, in the report worker).",
      runs: RUNS,
      call: () => fetch(statsUrl, { headers: { authorization: `Bearer ${admin.token}` } }).then(ok),
    },
    {
      figure: '/healthz while an ingest of 1,000 leads runs',
      explanation: 'POST /api/v1/leads with 1,000 new leads at 300 new companies: validated, stored, scored, handed over, in one request.',
      runs: RUNS,
      call: (run) => ingest('leads', newLeads(run)),
    },
    {
      figure: '/healthz while an ingest of 1,000 events runs',
      explanation: 'POST /api/v1/events with 1,000 events of those leads: stored, and each lead re-scored with its events.',
      runs: RUNS,
      call: (run) => ingest('events', newEvents(run)),
    },
    {
      figure: '/healthz while a full re-score runs',
      explanation: "Every lead scored again under a new charter version by the server's background runner, 1,000 leads a chunk, from the job queued to its end.",
      runs: 1,
      call: async () => jobFinished(file, await queueFullRescore(file)),
    },
  ];

  const rows: TScaleRow[] = [];
  for (const call of calls) {
    const all: number[] = [];
    for (let run = 0; run < call.runs; run += 1) all.push(...(await waitsWhile(prober, () => call.call(run))));
    const waits = summary(all);
    rows.push(
      printRow({
        figure: call.figure,
        size: data.size.name,
        value: `worst ${ms(waits.worst)}, p99 ${ms(waits.p99)} (${waits.probes.toLocaleString('en-US')} probes)`,
        baseline: `/healthz alone: p50 ${ms(alone.p50)}, worst ${ms(alone.worst)} (${alone.probes.toLocaleString('en-US')} probes in 2 s)`,
        ratio: costRatio(waits.worst, alone.p50),
        goal: `worst ≤ ${ms(GOAL_MS)}`,
        met: waits.probes > 0 && waits.worst <= GOAL_MS ? 'yes' : 'no',
        explanation: `${call.explanation} /healthz sent back to back from its start to its end; the worst wait of any of them.`,
      }),
    );
  }
  return rows;
}
