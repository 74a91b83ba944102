import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../../shared/charter';
import type { Database, TDb } from '../db/client';
import { charterVersions, leads } from '../db/schema';
import { rescoreJobs, type TRescoreJob } from '../db/schema-rescore';
import { runBatch, type TQuery } from './batch-sql';
import { activeCharter } from './charter';
import { rescoreAfter, type TReadAhead, type TRescoreStep } from './rescore';
import { chunkScorerFor } from './rescore-workers';
import { newLeaseHolder } from '../db/lease-holder';
import { jobLeaseKeeper, releaseJobLease } from './rescore-job-lease';
import { nextTurn } from '../next-turn';

// A full re-score: every lead scored again under a charter version, chunk by chunk in lead
// id order (see `rescoreAfter`). A charter's activation queues one (`queueRescoreQueries`,
// in the activation's own batch); the server runs it in the background and resumes an
// unfinished one when it starts (`startRescoreJobs`); `npm run cli -- rescore` runs it by hand.

export interface TRescoreRunOptions {
  /** The instant leads are scored at, read at each chunk. */
  now: () => Date;
  /** Progress lines: the job's start, its chunks at most once a second, its end. */
  log: (line: string) => void;
  /** Leads per chunk: one read, one batch, one hold of the write lock. */
  chunkSize?: number;
  /** Leads a job must have left to be scored in a worker thread (see `chunkScorerFor`). */
  workerFromLeads?: number;
}

export const DEFAULT_RESCORE_CHUNK = 1000;
const LOG_EVERY_MS = 1000;

const number = (n: number) => n.toLocaleString('en-US');

/** A job's counts in words: `1,000 of 5,000 leads (20%), 950 changed, 3 handovers opened`. */
export function describeJob(job: TRescoreJob): string {
  const share = job.total > 0 ? ` (${Math.min(100, Math.floor((job.scored * 100) / job.total))}%)` : '';
  const waiting = job.awaitingRep > 0 ? `, ${number(job.awaitingRep)} awaiting a rep` : '';
  return `${number(job.scored)} of ${number(job.total)} leads${share}, ${number(job.changed)} changed, ${number(job.transitions)} stage changes, ${number(job.handoversOpened)} handovers opened${waiting}`;
}

/**
 * The statements that queue a full re-score under the active charter, for the caller's batch
 * (after an activation's own writes): the new job, and every unfinished older one marked
 * superseded by it. The active version is read in the batch: a version signed after a newer
 * one is active re-scores under the newer one, as scoring does.
 */
export function queueRescoreQueries(db: TDb, nowIso: string): [TQuery, TQuery] {
  const newest = sql`(select max(${rescoreJobs.id}) from ${rescoreJobs})`;
  const active = sql`coalesce((select max(${charterVersions.version}) from ${charterVersions} where ${charterVersions.activatedAt} is not null), ${DEFAULT_CHARTER.version})`;
  return [
    db.insert(rescoreJobs).values({ charterVersion: active, total: sql`(select count(*) from ${leads})`, startedAt: nowIso }),
    db
      .update(rescoreJobs)
      .set({ finishedAt: nowIso, supersededBy: newest, leaseHolder: null, leaseUntil: null })
      .where(and(isNull(rescoreJobs.finishedAt), lt(rescoreJobs.id, newest))),
  ];
}

/** The newest job not finished: the one to run (older unfinished ones were superseded by it). */
export async function unfinishedJob(database: Database): Promise<TRescoreJob | undefined> {
  const [job] = await database.db.select().from(rescoreJobs).where(isNull(rescoreJobs.finishedAt)).orderBy(desc(rescoreJobs.id)).limit(1);
  return job;
}

export async function jobById(database: Database, id: number): Promise<TRescoreJob | undefined> {
  const [job] = await database.db.select().from(rescoreJobs).where(eq(rescoreJobs.id, id));
  return job;
}

async function charterOfVersion(database: Database, version: number): Promise<TCharter> {
  const [row] = await database.db.select({ body: charterVersions.body }).from(charterVersions).where(and(eq(charterVersions.version, version), isNotNull(charterVersions.activatedAt)));
  return row ? ZCharter.parse(row.body) : activeCharter(database);
}

/** The job's progress after a chunk, in the chunk's own batch: stored exactly when its scores are. */
function progressQuery(db: TDb, jobId: number, step: TRescoreStep): TQuery {
  const plus = (column: SQLiteColumn, n: number) => sql`${column} + ${n}`;
  return db
    .update(rescoreJobs)
    .set({
      cursor: step.lastId,
      scored: plus(rescoreJobs.scored, step.rescored),
      changed: plus(rescoreJobs.changed, step.changed),
      transitions: plus(rescoreJobs.transitions, step.transitions),
      handoversOpened: plus(rescoreJobs.handoversOpened, step.handoversOpened),
      awaitingRep: plus(rescoreJobs.awaitingRep, step.awaitingRep),
    })
    .where(and(eq(rescoreJobs.id, jobId), isNull(rescoreJobs.finishedAt)));
}

export type TJobOutcome = { kind: 'done'; job: TRescoreJob; seconds: number } | { kind: 'superseded'; job: TRescoreJob } | { kind: 'held elsewhere'; job: TRescoreJob };

/**
 * Runs one job from its cursor to its end, holding its lease: stops when a newer job
 * supersedes it, and does nothing when another process holds the lease.
 */
async function runJob(database: Database, job: TRescoreJob, options: TRescoreRunOptions): Promise<TJobOutcome> {
  const holder = newLeaseHolder();
  const stillHeld = jobLeaseKeeper(database, job.id, holder);
  if (!(await stillHeld())) return { kind: 'held elsewhere', job };
  const charter = await charterOfVersion(database, job.charterVersion);
  const label = `Re-score #${job.id} under charter v${job.charterVersion}`;
  options.log(`${label}: ${job.cursor ? `resumed at ${describeJob(job)}` : `started, ${number(job.total)} leads`}`);
  const started = Date.now();
  let loggedAt = 0;
  let cursor = job.cursor;
  const scorer = chunkScorerFor(database, job.total - job.scored, options.workerFromLeads);
  let readAhead: TReadAhead | null = null;
  try {
    for (;;) {
      if (!(await stillHeld())) {
        const current = (await jobById(database, job.id)) ?? job;
        return current.finishedAt ? { kind: 'superseded', job: current } : { kind: 'held elsewhere', job: current };
      }
      const step = await rescoreAfter(database, cursor, charter, options.now(), {
        alsoWrite: (s) => (s.lastId ? [progressQuery(database.db, job.id, s)] : []),
        limit: options.chunkSize ?? DEFAULT_RESCORE_CHUNK,
        scorer,
        readAhead,
      });
      readAhead = step.readAhead;
      if (step.lastId === null) {
        await database.db.update(rescoreJobs).set({ finishedAt: options.now().toISOString(), leaseHolder: null, leaseUntil: null }).where(and(eq(rescoreJobs.id, job.id), isNull(rescoreJobs.finishedAt)));
        const done = (await jobById(database, job.id)) ?? job;
        const seconds = (Date.now() - started) / 1000;
        options.log(`${label} done in ${seconds.toFixed(1)} s: ${describeJob(done)}`);
        return { kind: 'done', job: done, seconds };
      }
      cursor = step.lastId;
      if (Date.now() - loggedAt >= LOG_EVERY_MS) {
        loggedAt = Date.now();
        const current = await jobById(database, job.id);
        if (current) options.log(`${label}: ${describeJob(current)}`);
      }
      // Requests waiting for the write lock go first between two chunks.
      await nextTurn();
    }
  } finally {
    await scorer.close();
    await releaseJobLease(database, job.id, holder).catch(() => undefined);
  }
}

/**
 * Runs the unfinished job, then the one that superseded it if any, until none is left or
 * another process holds the one to run. Returns the last outcome, undefined when there was
 * nothing to run.
 */
export async function runRescoreJobs(database: Database, options: TRescoreRunOptions): Promise<TJobOutcome | undefined> {
  let outcome: TJobOutcome | undefined;
  for (;;) {
    const job = await unfinishedJob(database);
    if (!job) return outcome;
    outcome = await runJob(database, job, options);
    if (outcome.kind === 'held elsewhere') return outcome;
    if (outcome.kind === 'superseded') options.log(`Re-score #${job.id} under charter v${job.charterVersion} superseded at ${describeJob(outcome.job)}`);
  }
}

/** Queues a full re-score under the active charter (by hand), unless one is unfinished already; returns the job to run. */
export async function queueRescoreOfActive(database: Database, now: Date): Promise<TRescoreJob> {
  return database.writeLock.runExclusive(async () => {
    const pending = await unfinishedJob(database);
    if (pending) return pending;
    const [insert] = queueRescoreQueries(database.db, now.toISOString());
    await runBatch(database.db, [insert]);
    return (await unfinishedJob(database))!;
  });
}

interface TBackgroundRunner {
  kick: () => void;
  /** Settles once no run is going on in this process. */
  idle: () => Promise<void>;
}

const runners = new WeakMap<Database, TBackgroundRunner>();

/** Wakes this process's background runner on `database`, if it has one: an activation just queued a job. */
export function requestRescore(database: Database): void {
  runners.get(database)?.kick();
}

/** Settles once this process's background runner on `database` has nothing left to do. */
export function rescoreIdle(database: Database): Promise<void> {
  return runners.get(database)?.idle() ?? Promise.resolve();
}

/**
 * Runs re-score jobs in the background of the server: an unfinished one at once (a restart
 * resumes it), one an activation queues as soon as it is queued, and every `pollMs` one left
 * by an instance that stopped. Returns what stops it.
 */
export function startRescoreJobs(database: Database, options: TRescoreRunOptions & { pollMs?: number }): () => void {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = async () => {
    do {
      again = false;
      await runRescoreJobs(database, options).catch((error: unknown) => {
        if (!stopped) options.log(`Re-score stopped by an error, to be resumed: ${(error as Error).message}`);
      });
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = nextTurn().then(run).finally(() => {
      running = null;
    });
  };
  runners.set(database, { kick, idle: async () => void (await running) });
  kick();
  const poll = setInterval(kick, options.pollMs ?? 30_000);
  poll.unref();
  return () => {
    stopped = true;
    clearInterval(poll);
    runners.delete(database);
  };
}
