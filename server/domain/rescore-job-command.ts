import type { Database } from '../db/client';
import { describeJob, jobById, queueRescoreOfActive, runRescoreJobs, type TRescoreRunOptions } from './rescore-job';
import { LEASE_MS } from './rescore-job-lease';

const WAIT_MS = 1000;

/**
 * `npm run cli -- rescore`: runs the unfinished re-score, or queues one of every lead under
 * the active charter, and prints its progress until it is done. While another process runs
 * it (a server), follows its progress, and takes it over should that process stop.
 */
export async function rescoreCommand(database: Database, log: (line: string) => void, options: Partial<TRescoreRunOptions> = {}): Promise<void> {
  const run: TRescoreRunOptions = { now: options.now ?? (() => new Date()), log, chunkSize: options.chunkSize };
  await queueRescoreOfActive(database, run.now());
  let followed: number | null = null;
  for (;;) {
    const outcome = await runRescoreJobs(database, run);
    if (!outcome || outcome.kind !== 'held elsewhere') return;
    if (followed !== outcome.job.id) {
      followed = outcome.job.id;
      log(`Re-score #${outcome.job.id} under charter v${outcome.job.charterVersion} is running in another process (taken over if it stops for ${LEASE_MS / 1000} s): ${describeJob(outcome.job)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    const current = await jobById(database, outcome.job.id);
    if (current) log(`Re-score #${current.id} under charter v${current.charterVersion}: ${describeJob(current)}${current.finishedAt ? ' — done' : ''}`);
  }
}
