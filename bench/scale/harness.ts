import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// What the scale figures share: a server in its own process, autocannon against it, timing,
// and the row each figure hands to the Markdown report.

export interface TScaleRow {
  figure: string;
  size: string;
  value: string;
  baseline: string;
  /** The figure as a multiple of its baseline, in words ("3.1× the baseline's time"). */
  ratio: string;
  goal: string;
  met: 'yes' | 'no' | '—';
  explanation: string;
}

export interface TServedProcess {
  url: string;
  ingestKey?: string;
  pid: number;
  stop(): Promise<void>;
}

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

/** Starts serve.ts in a child process (see there) and waits for its first line. */
export async function serveInChild(args: string[]): Promise<TServedProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve.ts ${args.join(' ')} exited (${code}) before serving`)));
  });
  lines.on('line', () => undefined);
  const { url, ingestKey } = JSON.parse(first) as { url: string; ingestKey?: string };
  return {
    url,
    ingestKey,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface TLoad {
  requestsPerSecond: number;
  p50Ms: number;
  meanMs: number;
  p99Ms: number;
  requests: number;
  /** Answers that were not 2xx, and connection errors and timeouts. */
  failures: number;
}

export type TCannonRequest = NonNullable<autocannon.Options['requests']>[number];

/** autocannon against `url`: `durationSeconds` of load, or `amount` requests, on `connections` connections. */
export async function cannon(options: { url: string; connections: number; durationSeconds?: number; amount?: number; requests?: TCannonRequest[]; headers?: Record<string, string> }): Promise<TLoad> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    requests: options.requests,
    headers: options.headers,
    timeout: 60,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    meanMs: result.latency.mean,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export async function secondsOf(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US')} ms`;
export const perSecond = (value: number, unit: string) => `${Math.round(value).toLocaleString('en-US')} ${unit}/s`;
/** A cost (time, latency, memory) against its baseline's. */
export const costRatio = (value: number, baseline: number) => `${(value / baseline).toFixed(value / baseline < 10 ? 2 : 1)}× the baseline`;
/** A rate against its baseline's. */
export const rateRatio = (value: number, baseline: number) => (value >= baseline ? `${(value / baseline).toFixed(2)}× the baseline` : `1/${(baseline / value).toFixed(1)} of the baseline`);

/** Prints a figure as it is measured; the report gets the same row. */
export function printRow(row: TScaleRow): TScaleRow {
  console.log(`  ${row.figure} [${row.size}]: ${row.value}  — baseline ${row.baseline}  (${row.ratio}); goal ${row.goal}: ${row.met === 'yes' ? 'met' : row.met === 'no' ? 'NOT met' : '—'}`);
  return row;
}
