import { Worker } from 'node:worker_threads';
import type { TCharter } from '../../shared/charter';
import type { Database } from '../db/client';
import { errorFromWire, type TWireError } from '../reports/report-wire';
import { noChanges, scoreChunkOn, type TScoredChunk } from './rescore-plan';
import { contextsFromText, inIdOrder, loadChunk, readChunkText, windowStartOf } from './rescore-reads';

// Where a full re-score scores its chunks. On an embedded file, the request thread reads a
// chunk (SQLite builds it as JSON text) and a worker thread parses and scores it: while the
// worker scores one chunk, the request thread writes the one before and reads the one after
// (see `rescoreAfter`), and between its statements it serves requests. The worker reads the
// handover facts of the leads that may be due on a connection of its own (WAL lets it read
// while the server writes). Over HTTP (a libSQL server, a replica) a chunk is read and scored
// in place: there a statement does not hold the thread.

/** A chunk read: where it ends (null when there were no leads left) and its scoring, which may still be going on. */
export interface TChunkRead {
  lastId: string | null;
  /** Settles once scored; a rejection is handled, so a chunk read ahead may be dropped unawaited. */
  scored: Promise<TScoredChunk>;
}

export interface TChunkScorer {
  /** Reads the `limit` leads after `afterId` in id order (from the first when null), to be scored at `now`. */
  read(afterId: string | null, limit: number, charter: TCharter, now: Date): Promise<TChunkRead>;
  /** Whether reading the next chunk while one is scored saves time: it does when scoring runs in another thread. */
  readsAhead: boolean;
  /** Settles once chunks are scored where this scorer scores them (a worker takes a moment to start). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const handled = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};

/** Reads and scores in this thread, on the server's connection. */
export function scoreInPlace(database: Database): TChunkScorer {
  return {
    async read(afterId, limit, charter, now) {
      const { contexts, lastId } = await loadChunk(database.db, { afterId, limit }, windowStartOf(charter, now));
      return { lastId, scored: Promise.resolve(await scoreChunkOn(database.db, contexts, charter, now, false)) };
    },
    readsAhead: false,
    ready: Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

export interface TScorerWorkerData {
  url: string;
}

/** A chunk to score: the JSON texts `readChunkText` read. */
export interface TScoreRequest {
  id: number;
  texts: string[];
  charter: TCharter;
  nowIso: string;
}

export type TScoreReply = { id: number; ok: true; value: TScoredChunk } | { id: number; ok: false; error: TWireError };

/** The worker's first message: its modules loaded and its connection open. */
export interface TWorkerReady {
  ready: true;
}

const WORKER_ENTRY = new URL('./rescore-worker-entry.mjs', import.meta.url);

interface TScoringWorker {
  worker: Worker;
  ready: boolean;
  pending: Map<number, { resolve(scored: TScoredChunk): void; reject(error: Error): void }>;
}

/**
 * Reads in this thread and scores in a worker thread with its own connection to `database`'s
 * file. The worker starts at once and takes about half a second to load: until it is ready,
 * chunks are scored in place. A worker that stops is replaced at the next chunk.
 */
export function scoreInWorker(database: Database): TChunkScorer {
  let current: TScoringWorker | null = null;
  let nextId = 1;
  let closed = false;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const started = (): TScoringWorker => {
    if (current) return current;
    const data: TScorerWorkerData = { url: database.url };
    const worker = new Worker(WORKER_ENTRY, { workerData: data, execArgv: [] });
    worker.unref();
    const entry: TScoringWorker = { worker, ready: false, pending: new Map() };
    const failAll = (error: Error) => {
      if (current === entry) current = null;
      for (const p of entry.pending.values()) p.reject(error);
      entry.pending.clear();
    };
    worker.on('message', (reply: TScoreReply | TWorkerReady) => {
      if ('ready' in reply) {
        entry.ready = true;
        markReady();
        return;
      }
      const p = entry.pending.get(reply.id);
      if (!p) return;
      entry.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(errorFromWire(reply.error, 'a re-score chunk'));
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the re-score worker stopped (exit code ${code})`)));
    return (current = entry);
  };

  const scoredInWorker = (entry: TScoringWorker, request: Omit<TScoreRequest, 'id'>): Promise<TScoredChunk> => {
    const id = nextId++;
    return new Promise<TScoredChunk>((resolve, reject) => {
      entry.pending.set(id, { resolve, reject });
      entry.worker.postMessage({ ...request, id } satisfies TScoreRequest);
    });
  };

  started();
  return {
    async read(afterId, limit, charter, now) {
      if (closed) throw new Error('the re-score worker is closed');
      const { texts, lastId } = await readChunkText(database.db, afterId, limit, windowStartOf(charter, now));
      if (lastId === null) return { lastId, scored: Promise.resolve(emptyChunk()) };
      const entry = started();
      if (entry.ready) return { lastId, scored: handled(scoredInWorker(entry, { texts, charter, nowIso: now.toISOString() })) };
      return { lastId, scored: Promise.resolve(await scoreChunkOn(database.db, inIdOrder(contextsFromText(texts)), charter, now, false)) };
    },
    readsAhead: true,
    ready,
    async close() {
      closed = true;
      const entry = current;
      current = null;
      if (entry) await entry.worker.terminate();
    },
  };
}

const emptyChunk = (): TScoredChunk => ({ counts: noChanges(), rows: [], unchangedIds: [], transitions: [], due: [] });

/**
 * Leads a job must have left for a scoring worker to pay: it takes about half a second of a
 * core to start. On two cores a job of 26,000 leads took longer with it, one of 50,000 about
 * as long, one of 100,000 a fifth less.
 */
export const WORKER_FROM_LEADS = 50_000;

/**
 * Where a job's chunks are scored: in a worker thread on an embedded file, when `leadsLeft`
 * reaches `workerFrom` (see WORKER_FROM_LEADS); else in place.
 */
export function chunkScorerFor(database: Database, leadsLeft: number, workerFrom = WORKER_FROM_LEADS): TChunkScorer {
  return database.embedded && database.url.startsWith('file:') && leadsLeft >= workerFrom ? scoreInWorker(database) : scoreInPlace(database);
}
