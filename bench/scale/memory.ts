import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { printRow, serveInChild, type TScaleRow } from './harness';

// `npm start` (extension build, then the server: migrations, the demo seed, the sweeper and
// the CRM sync) on a fresh database, its memory once it prints that it serves, against the
// server alone (startServer on an empty file, nothing else) in the same run.

const ROOT = resolve(import.meta.dirname, '../..');
/** The goal: the server keeps only its own memory (within this factor of the server alone). */
const GOAL_TIMES_ALONE = 1.25;
const READY_TIMEOUT_MS = 5 * 60_000;

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) found.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return found;
}

/** The process tree under `pid`. */
function treeOf(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1) tree.push(...childrenOf(tree[i]!));
  return tree;
}

async function npmStartRss(dir: string): Promise<{ server: number; tree: number }> {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', HANDSHAKE_DB_URL: `file:${join(dir, 'start', 'handshake.db')}`, HANDSHAKE_SECRET_KEY_FILE: join(dir, 'start', 'secret.key') },
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-500)));
  try {
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((ready, failed) => {
      const timer = setTimeout(() => failed(new Error('npm start did not serve within 5 minutes')), READY_TIMEOUT_MS);
      lines.on('line', (line) => {
        if (line.includes('Handshake server on')) {
          clearTimeout(timer);
          ready();
        }
      });
      child.once('exit', (code) => failed(new Error(`npm start exited (${code}) before serving: ${errors.trim()}`)));
    });
    // Settled: the seed's garbage collected, the sweeper's first pass run.
    await sleep(3_000);
    // npm, its shell, tsx's command line and its esbuild service are small beside the server.
    const sizes = treeOf(child.pid!).map(rssMb);
    return { server: Math.max(...sizes), tree: sizes.reduce((sum, mb) => sum + mb, 0) };
  } finally {
    // Its process group: npm, the shell, tsx and the server (gone already if it failed).
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  }
}

export async function benchMemory(dir: string): Promise<TScaleRow[]> {
  const alone = await serveInChild(['alone', join(dir, 'alone.db')]);
  let baseline: number;
  try {
    await sleep(3_000);
    baseline = rssMb(alone.pid);
  } finally {
    await alone.stop();
  }
  const started = await npmStartRss(dir);
  return [
    printRow({
      figure: '`npm start` memory at ready',
      size: 'demo',
      value: `${Math.round(started.server)} MB RSS (its largest process, the server; ${Math.round(started.tree)} MB with npm, tsx and esbuild)`,
      baseline: `${Math.round(baseline)} MB RSS: the server alone on an empty file`,
      ratio: `${(started.server / baseline).toFixed(2)}× the baseline`,
      goal: `≤ ${GOAL_TIMES_ALONE}× the baseline`,
      met: started.server <= GOAL_TIMES_ALONE * baseline ? 'yes' : 'no',
      explanation: 'Resident memory of the process serving HTTP once `npm start` prints its address (extension built, demo seeded, sweeper and sync running), against startServer on an empty file with nothing else.',
    }),
  ];
}
