import type { TCharter } from '../../shared/charter';
import type { Database, TDb } from '../db/client';
import { stageTransitions } from '../db/schema';
import { SYSTEM, type TActor } from './audit';
import { insertsOf, runBatch, type TStatement } from './batch-sql';
import { activeCharter } from './charter';
import { retryOnConflict } from './handover';
import { handedOverQueries, scoreQueries } from './lead-scores';
import { Router } from './routing/router';
import { addInto, noChanges, openedStatements, routeDue, scoreChunkOn, type TRescoreResult, type TScoredChunk } from './rescore-plan';
import { loadChunk, windowStartOf } from './rescore-reads';
import { scoreInPlace, type TChunkRead, type TChunkScorer } from './rescore-workers';

/** Leads per chunk: one read of their events, one batch of writes. */
const CHUNK = 1000;
/** Leads per chunk of a full re-score. */
const FULL_CHUNK = 1000;

/**
 * A scored chunk, its due leads routed, written in one batch with `alsoWrite`'s statements
 * given the chunk's counts (a job's progress).
 */
async function writeScored(db: TDb, scored: TScoredChunk, charter: TCharter, actor: TActor, now: Date, alsoWrite?: (counts: TRescoreResult) => TStatement[]): Promise<TRescoreResult> {
  const nowIso = now.toISOString();
  const router = new Router(db, charter, now);
  const plan = await routeDue(scored, charter, actor, now, router);
  // The scores before the handovers, whose writes update the same leads (owner, status).
  await runBatch(db, [
    ...scoreQueries(plan.rows, plan.unchangedIds, charter.version, nowIso),
    ...insertsOf(stageTransitions, plan.transitions),
    ...openedStatements(plan),
    ...handedOverQueries(plan.owners, nowIso),
    ...router.writes(),
    ...(alsoWrite?.(plan.counts) ?? []),
  ]);
  return plan.counts;
}

/**
 * Re-scores the given leads under the active charter at `now`, and only them: stores
 * their levels, moves their stage forward — never back: an SQL whose engagement decays
 * stays an SQL, only a rep's rejection returns a lead to nurture — records each change
 * with its path and charter version, dates the lead's first MQL and SQL, and opens the
 * handovers that are due (see `dueForHandover` in ./rescore-plan). A direct SQL leaves
 * `mqlAt` empty: the funnel counts it by its stage path. `actor` is who the handover audit
 * rows name; `charter`, when the caller has just read the active one, saves reading it again.
 */
export async function rescoreLeads(database: Database, leadIds: readonly string[], now: Date, actor: TActor = SYSTEM, charter?: TCharter): Promise<TRescoreResult> {
  const result = noChanges();
  const ids = [...new Set(leadIds)];
  if (ids.length === 0) return result;
  const scoring = charter ?? (await activeCharter(database));
  const { db } = database;
  await database.writeLock.runExclusive(async () => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const written = await retryOnConflict(async () => {
        const { contexts } = await loadChunk(db, { ids: chunk }, windowStartOf(scoring, now));
        return writeScored(db, await scoreChunkOn(db, contexts, scoring, now, true), scoring, actor, now);
      });
      addInto(result, written);
    }
  });
  return result;
}

export interface TRescoreStep extends TRescoreResult {
  /** The last lead id of the chunk, where the next one starts; null when there were no leads left. */
  lastId: string | null;
}

/**
 * The chunk after a full re-score's last one, read while that one was written (its scoring
 * going on in a worker), and the database's change stamp when the write lock was let go (see
 * `changeStamp`).
 */
export interface TReadAhead {
  afterId: string;
  now: Date;
  chunk: TChunkRead;
  stamp: string;
}

export interface TRescoreAfterOptions {
  /** Statements added to the chunk's batch (the job's progress), so they are stored exactly when its scores are. */
  alsoWrite?: (step: TRescoreStep) => TStatement[];
  actor?: TActor;
  /** Leads in the chunk. */
  limit?: number;
  /** Where the chunk is scored (see ./rescore-workers); in place when not given. */
  scorer?: TChunkScorer;
  /** The chunk as the step before read it ahead: used when nothing was written since. */
  readAhead?: TReadAhead | null;
}

/**
 * A stamp that changes with any write: the rows this process's connection changed (every
 * write of this process) and the database's data version (moved by a commit of any other
 * connection).
 */
async function changeStamp(database: Database): Promise<string> {
  const { rows } = await database.client.execute('select total_changes() as changes, data_version as version from pragma_data_version');
  const { changes, version } = rows[0] as unknown as { changes: number; version: number };
  return `${changes}:${version}`;
}

/**
 * One chunk of a full re-score: the leads after `afterId` in id order (from the first when
 * null), scored as `rescoreLeads` scores them, read and written under the write lock. Only
 * the leads whose scores change are written, in one batch.
 *
 * When the scorer scores in another thread, the next chunk is read before this one is
 * written, its scoring starts at once, and it is returned as `readAhead`: the next step uses
 * it only when the change stamp says nothing was written since this step let go of the lock
 * (the worker's own reads of it, the handover facts, may come later than the lock's release:
 * the stamp covers them too). While the lock is held, the only write of this process is this
 * chunk's, which changes only its own leads and the rotation (which routing reads when a
 * chunk is written): it does not change what the next chunk read.
 */
export async function rescoreAfter(
  database: Database,
  afterId: string | null,
  charter: TCharter,
  now: Date,
  options: TRescoreAfterOptions = {},
): Promise<TRescoreStep & { readAhead: TReadAhead | null }> {
  const { alsoWrite, actor = SYSTEM, limit = FULL_CHUNK, scorer = scoreInPlace(database), readAhead } = options;
  return database.writeLock.runExclusive(() =>
    retryOnConflict(async () => {
      const ahead = readAhead?.afterId === afterId && (await changeStamp(database)) === readAhead.stamp ? readAhead : null;
      const chunk = ahead?.chunk ?? (await scorer.read(afterId, limit, charter, now));
      const { lastId } = chunk;
      if (lastId === null) return { ...noChanges(), lastId, readAhead: null };
      const next = scorer.readsAhead ? await scorer.read(lastId, limit, charter, now) : null;
      const counts = await writeScored(database.db, await chunk.scored, charter, actor, ahead?.now ?? now, alsoWrite && ((c) => alsoWrite({ ...c, lastId })));
      return { ...counts, lastId, readAhead: next && { afterId: lastId, now, chunk: next, stamp: await changeStamp(database) } };
    }),
  );
}
