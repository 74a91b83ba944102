import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase, type Database } from '../server/db/client';
import { seedDemo } from '../server/demo/seed';
import { copyStatements } from '../server/demo/seed/copy';
import { report, type TMeasurement } from './measure';

// The `npm start` demo seed (2,500 leads, ~37,000 events) onto a fresh libSQL file, next to
// a baseline measured in the same run: the same rows written into another fresh file in
// one batch of multi-row INSERTs, what storing them costs with no history to replay (the
// seed's own copy into an embedded file is cheaper still: see server/demo/seed/copy.ts).

const NOW = new Date('2026-11-23T10:30:00Z');

async function fresh(dir: string, name: string): Promise<Database> {
  const database = await openDatabase(`file:${join(dir, name)}`);
  await migrateDatabase(database);
  return database;
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function benchSeed(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'handshake-bench-seed-'));
  try {
    // Three runs of each, alternating (seed, copy, seed, copy…), each into a fresh file, the
    // median of each kept: the files written so far slow the next syncs to disk, and both sides
    // should meet the same disk. The copy's rows are those of the first seed.
    const seedTimes: number[] = [];
    const times: number[] = [];
    let counts = { leads: 0, events: 0 };
    let copy: Awaited<ReturnType<typeof copyStatements>> | undefined;
    for (let i = 0; i < 3; i += 1) {
      const seeded = await fresh(dir, `seeded-${i}.db`);
      seedTimes.push(
        await seconds(async () => {
          counts = (await seedDemo(seeded, { now: NOW })).counts;
        }),
      );
      copy ??= await copyStatements(seeded, { keepExisting: ['charter_versions'] });
      seeded.close();
      const target = await fresh(dir, `copy-${i}.db`);
      times.push(await seconds(() => target.client.batch(copy!.statements, 'write')));
      target.close();
    }
    seedTimes.sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    const seedSeconds = seedTimes[1]!;
    const { rows } = copy!;

    const baseline: TMeasurement = { label: 'the seeded rows into a fresh file, one batch of multi-row INSERTs (baseline)', seconds: times[1]!, itemsPerRun: rows };
    const seed: TMeasurement = { label: 'seedDemo: the quarter through the domain functions, then its copy into the file', seconds: seedSeconds, itemsPerRun: rows };
    report(`Demo seed: ${counts.leads.toLocaleString('en-US')} leads, ${counts.events.toLocaleString('en-US')} events, ${rows.toLocaleString('en-US')} rows (median of 3 runs: ${seedSeconds.toFixed(1)} s; runs ${seedTimes.map((t) => t.toFixed(1)).join(', ')} s)`, baseline, [seed], 'rows');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
