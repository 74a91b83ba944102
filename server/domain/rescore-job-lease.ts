import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rescoreJobs } from '../db/schema-rescore';
import { heldByDeadProcess } from '../db/lease-holder';

// One process runs a re-score job, across processes and instances of a libSQL server: it
// holds the job's lease, renewed as it goes, as a CRM sync pass holds its CRM's (see
// ../connectors/sync.ts). A killed process's lease lapses after LEASE_MS, at once when the
// process was on this machine and is seen gone.

export const LEASE_MS = 30_000;

/** Takes or renews the lease of an unfinished job for `holder`; false when another runner holds it, or the job is over. */
export async function takeJobLease(database: Database, jobId: number, holder: string): Promise<boolean> {
  const { db } = database;
  const now = Date.now();
  const [current] = await db.select({ holder: rescoreJobs.leaseHolder }).from(rescoreJobs).where(eq(rescoreJobs.id, jobId));
  const orphaned = current?.holder && heldByDeadProcess(current.holder) ? current.holder : null;
  const taken = await db
    .update(rescoreJobs)
    .set({ leaseHolder: holder, leaseUntil: new Date(now + LEASE_MS).toISOString() })
    .where(
      and(
        eq(rescoreJobs.id, jobId),
        isNull(rescoreJobs.finishedAt),
        or(isNull(rescoreJobs.leaseUntil), lt(rescoreJobs.leaseUntil, new Date(now).toISOString()), eq(rescoreJobs.leaseHolder, holder), ...(orphaned ? [eq(rescoreJobs.leaseHolder, orphaned)] : [])),
      ),
    )
    .returning({ id: rescoreJobs.id });
  return taken.length > 0;
}

/** Lets go of the lease, when `holder` still has it. */
export async function releaseJobLease(database: Database, jobId: number, holder: string): Promise<void> {
  await database.db
    .update(rescoreJobs)
    .set({ leaseHolder: null, leaseUntil: null })
    .where(and(eq(rescoreJobs.id, jobId), eq(rescoreJobs.leaseHolder, holder)));
}

/**
 * Before each chunk: whether `holder` still runs the job. The lease is renewed (a write) once
 * a third of it has run, and only read in between: a chunk read ahead is used only when
 * nothing was written since (see `rescoreAfter`).
 */
export function jobLeaseKeeper(database: Database, jobId: number, holder: string): () => Promise<boolean> {
  let renewedAt = Number.NEGATIVE_INFINITY;
  return async () => {
    if (Date.now() - renewedAt >= LEASE_MS / 3) {
      const now = Date.now();
      if (!(await takeJobLease(database, jobId, holder))) return false;
      renewedAt = now;
      return true;
    }
    const [job] = await database.db.select({ holder: rescoreJobs.leaseHolder, finishedAt: rescoreJobs.finishedAt }).from(rescoreJobs).where(eq(rescoreJobs.id, jobId));
    return job?.holder === holder && job.finishedAt === null;
  };
}
