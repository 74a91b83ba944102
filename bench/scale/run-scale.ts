import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { benchDecisions } from './decisions';
import { scaleDatabase, SCALE_NOW } from './generate';
import { printRow, serveInChild, type TScaleRow } from './harness';
import { benchIngest } from './ingest';
import { benchMemory } from './memory';
import { benchPacket } from './packet';
import { capturePlans, plansReport, type TStatementPlan } from './plans';
import { scaleReport, writeScaleReport } from './report';
import { benchRescore } from './rescore';
import { benchStats } from './stats';
import { benchWaits } from './waits';
import { SYSTEM } from '../../server/domain/audit';
import { addIngestKey } from '../../server/domain/users';
import { count, scaleSize } from './sizes';

// `npm run bench -- --scale [--sizes 10k,100k,1m] [--out docs/bench-scale.md] [--seed N] [--only packet,stats,...]`:
// every figure of the scale table at each size, on a copy of the cached database (the
// figures write to it), then the report; the query plans (figure `plans`) go to query-plans.md
// beside it. `--only` measures some figures and writes no figures report.

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
}

const FIGURES = ['packet', 'stats', 'decisions', 'ingest', 'waits', 'rescore', 'memory', 'plans'] as const;
type TFigureName = (typeof FIGURES)[number];

function chosenFigures(args: string[]): Set<TFigureName> | null {
  if (!args.includes('--only')) return null;
  const names = option(args, '--only', '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(FIGURES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--only: expected some of ${FIGURES.join(', ')} (got "${unknown.join(',')}")`);
  return new Set(names as TFigureName[]);
}

/** A figure that failed is reported as failed, and the run goes on to the next. */
async function figure(name: string, size: string, run: () => Promise<TScaleRow[]>): Promise<TScaleRow[]> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
    return [printRow({ figure: name, size, value: `failed: ${message}`, baseline: '—', ratio: '—', goal: '—', met: 'no', explanation: 'The measurement failed; the value says why.' })];
  }
}

export async function runScale(args: string[]): Promise<void> {
  const sizes = option(args, '--sizes', '10k,100k').split(',').map(scaleSize);
  const out = resolve(option(args, '--out', 'docs/bench-scale.md'));
  const seed = Number(option(args, '--seed', '1'));
  const only = chosenFigures(args);
  const wanted = (name: TFigureName) => only === null || only.has(name);
  const rows: TScaleRow[] = [];
  let lastPlans: { size: string; plans: TStatementPlan[] } | null = null;
  const notes: string[] = [];
  const started = Date.now();
  const commitAtStart = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

  for (const size of sizes) {
    console.log(`\nScale ${size.name}: ${count(size.leads)} leads, ${count(size.events)} events over 60 days, ${count(size.handovers)} handovers over a year`);
    const data = await scaleDatabase(size, seed);
    notes.push(
      `${size.name}: ${count(size.leads)} leads at ${count(size.companies)} companies, ${count(size.events)} events over 60 days, ${count(size.handovers)} handovers over a year with a decision each but the recent open ones; ` +
        (data.generatedSeconds === null ? 'the database came from the cache.' : `generated in ${data.generatedSeconds.toFixed(0)} s.`),
    );
    const dir = await mkdtemp(join(tmpdir(), `handshake-bench-scale-${size.name}-`));
    try {
      const file = join(dir, 'handshake.db');
      await copyFile(data.file, file);
      const measuredAt = Date.now();
      const server = await serveInChild(['handshake', file, String(SCALE_NOW)]);
      try {
        if (wanted('packet')) rows.push(...(await figure('packet.get', size.name, () => benchPacket(data, server))));
        if (wanted('stats')) rows.push(...(await figure('stats.reps', size.name, () => benchStats(data, file, server))));
        if (wanted('decisions')) rows.push(...(await figure('decision.accept', size.name, () => benchDecisions(data, file, dir, server))));
        if (wanted('ingest')) rows.push(...(await figure('REST ingest', size.name, () => benchIngest(data, file, dir, server))));
        if (wanted('waits')) rows.push(...(await figure('/healthz waits', size.name, () => benchWaits(data, file, server))));
      } finally {
        await server.stop();
      }
      if (wanted('rescore')) rows.push(...(await figure('full re-score', size.name, () => benchRescore(data, file))));
      if (wanted('plans')) {
        const plans = await capturePlans(data, file, (server) => addIngestKey(server.database, `plans ${Date.now()}`, SYSTEM));
        lastPlans = { size: size.name, plans };
        const scans = plans.filter((p) => p.fullScans.length > 0);
        notes.push(`${size.name}: ${plans.length} statements caught doing one of everything; ${scans.length} read a large table from end to end${scans.length ? ` (${scans.map((p) => p.fullScans.join('; ')).join(' | ')})` : ''}.`);
        console.log(`  query plans [${size.name}]: ${plans.length} statements, ${scans.length} with a full scan of a large table`);
      }
      notes.push(`${size.name}: measured in ${((Date.now() - measuredAt) / 1000).toFixed(0)} s.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  if (wanted('memory')) {
    console.log('\nMemory');
    const dir = await mkdtemp(join(tmpdir(), 'handshake-bench-memory-'));
    try {
      rows.push(...(await figure('`npm start` memory', 'demo', () => benchMemory(dir))));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const command = `npm run bench -- --scale --sizes ${sizes.map((s) => s.name).join(',')}${only ? ` --only ${[...only].join(',')}` : ''}`;
  if (lastPlans) {
    for (const p of lastPlans.plans.filter((p) => p.fullScans.length > 0)) console.log(`\n${p.sql}\n  ${p.plan.join('\n  ')}`);
    const plansOut = resolve(dirname(out), 'query-plans.md');
    await writeScaleReport(plansOut, plansReport(lastPlans.size, command, lastPlans.plans));
    console.log(`Query plans at ${lastPlans.size} written to ${plansOut}`);
  }
  if (only !== null) {
    console.log('\n--only: no figures report written.');
    return;
  }

  notes.push(
    'The measured server runs in its own process, autocannon in this one; its per-address bounds (requests in flight, ingest requests a minute) are raised, since every simulated rep connects from 127.0.0.1.',
    'The goals are the issue\'s (performance at scale); each is a constant in its figure\'s file under bench/scale/.',
    `Whole run: ${((Date.now() - started) / 60_000).toFixed(1)} minutes.`,
  );
  const machine = `commit ${commitAtStart} (as it was when the run started), Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores`;
  await writeScaleReport(out, scaleReport(rows, { command, machine, notes }));
  console.log(`\nReport written to ${out}`);
}
