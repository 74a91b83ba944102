import { desc, eq } from 'drizzle-orm';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { migrateDatabase, openDatabase, type Database as TDatabase } from '../../server/db/client';
import { accounts, charterVersions, events, leads } from '../../server/db/schema';
import type { TRescoreJob } from '../../server/db/schema-rescore';
import { eventForScoring, leadForScoring } from '../../server/domain/lead-record';
import { queueRescoreOfActive } from '../../server/domain/rescore-job';
import { windowStartOf } from '../../server/domain/rescore-reads';
import { SCALE_NOW, type TScaleDatabase } from './generate';
import { costRatio, printRow, type TScaleRow } from './harness';

const run = promisify(execFile);

// A full re-score: a new charter version becomes active and every lead is scored again
// under it, as the job an activation queues runs it (server/domain/rescore-job.ts): chunk
// by chunk in lead id order, each chunk one read and one batch of writes, the job's cursor
// in the same batch, its scoring in a worker thread. Against evaluateLead alone, on one
// thread, on the same leads and events already in memory.

/** The issue's goal: at most this many times pure scoring in memory. */
const GOAL_TIMES_PURE = 2;

/**
 * Seconds evaluateLead takes over every lead and its events in the charter's scoring window
 * (the events the job reads), all read into memory first.
 */
async function pureScoringSeconds(database: TDatabase, charter: TCharter, at: Date): Promise<{ seconds: number; leads: number }> {
  const since = windowStartOf(charter, at);
  // Every lead, the ingest figure's too: the job re-scores them all.
  const leadRows = await database.db.select().from(leads).leftJoin(accounts, eq(accounts.id, leads.accountId));
  const eventRows = await database.db.select({ id: events.id, leadId: events.leadId, type: events.type, at: events.at, properties: events.properties }).from(events);
  const byLead = new Map<string, typeof eventRows>();
  for (const e of eventRows) if (e.at >= since) (byLead.get(e.leadId) ?? byLead.set(e.leadId, []).get(e.leadId)!).push(e);
  const inputs = leadRows.map(({ leads: lead, accounts: account }) => ({
    lead: leadForScoring(lead, account),
    events: (byLead.get(lead.id) ?? []).map((e) => eventForScoring(e, lead.email)),
  }));
  const start = process.hrtime.bigint();
  for (const input of inputs) evaluateLead({ ...input, charter, at });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, leads: leadRows.length };
}

const CHILD = fileURLToPath(new URL('./rescore-child.ts', import.meta.url));

/** The queued job run to its end in a process of its own, as the server runs it: not on this one's heap, which held every event. */
async function jobInChild(file: string, at: Date): Promise<{ seconds: number; job: TRescoreJob | null }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, file, String(at.getTime())], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number; job: TRescoreJob | null };
}

/**
 * A new version of the default charter, signed by both sides at SCALE_NOW, and its full re-score
 * queued: every lead's charter version changes, so every lead is written. As an activation on
 * another instance leaves the database; `note` says which figure it is for.
 */
export async function queueNewCharterRescore(database: TDatabase, note: string): Promise<{ charter: TCharter; jobId: number }> {
  const at = new Date(SCALE_NOW).toISOString();
  const [latest] = await database.db.select({ version: charterVersions.version }).from(charterVersions).orderBy(desc(charterVersions.version)).limit(1);
  const charter = { ...DEFAULT_CHARTER, version: (latest?.version ?? 0) + 1 };
  await database.db.insert(charterVersions).values({ version: charter.version, body: charter, note, proposedAt: at, activatedAt: at });
  return { charter, jobId: (await queueRescoreOfActive(database, new Date(SCALE_NOW))).id };
}

export async function benchRescore(data: TScaleDatabase, file: string): Promise<TScaleRow[]> {
  const database = await openDatabase(`file:${file}`);
  try {
    await migrateDatabase(database);
    const at = new Date(SCALE_NOW);
    const { charter } = await queueNewCharterRescore(database, 'bench: full re-score');
    const { seconds: inMemory, leads: leadCount } = await pureScoringSeconds(database, charter, at);
    const { seconds, job } = await jobInChild(file, at);
    const ratio = seconds / inMemory;
    return [
      printRow({
        figure: `full re-score of ${leadCount.toLocaleString('en-US')} leads`,
        size: data.size.name,
        value: `${seconds.toFixed(1)} s (${job ? `${job.changed.toLocaleString('en-US')} leads rewritten, ${job.handoversOpened.toLocaleString('en-US')} handovers opened` : 'no job'})`,
        baseline: `${inMemory.toFixed(2)} s: evaluateLead in memory`,
        ratio: costRatio(seconds, inMemory),
        goal: `≤ ${GOAL_TIMES_PURE}× the baseline`,
        met: job?.scored === leadCount && ratio <= GOAL_TIMES_PURE ? 'yes' : 'no',
        explanation:
          'The job a charter activation queues, run to its end in a process of its own (as the server runs it): chunks of 1,000 leads in id order, each read on the request thread (leads, accounts, events in the window, as JSON text SQLite builds) and scored in a worker thread (with one probe per lead of the handovers and decisions of those that may be due) while the request thread writes the chunk before in one batch (the rewritten leads, stage changes, due handovers, the job\'s cursor) and reads the chunk after.',
      }),
    ];
  } finally {
    database.close();
  }
}
