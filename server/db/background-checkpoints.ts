import { Worker } from 'node:worker_threads';
import type { Database } from './client';

// SQLite copies the WAL back into the database file (a checkpoint) inside the COMMIT that
// pushes the WAL past 1,000 pages, on the connection that commits: on the server that is
// the thread serving requests, and a decision's commit that happens to checkpoint waits for
// the copy and its fsync. The server hands the job to a worker thread with its own
// connection instead: it checkpoints every few hundred milliseconds beside the writer (WAL
// lets a checkpoint run while the writer appends). The request connection keeps a backstop:
// it checkpoints itself only when the WAL is 10,000 pages long, which the worker prevents
// unless it falls far behind. A WAL only starts over once a checkpoint has caught up between
// two writes, so under writes that never pause, the backstop is what bounds it. Durability
// does not depend on any of it: a commit is durable in the WAL (synchronous = FULL). Should
// the worker stop, the connection checkpoints at SQLite's default again.

const WORKER_ENTRY = new URL('./checkpoint-worker.mjs', import.meta.url);
/** SQLite's own default, restored when the worker is gone. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
const EVERY_MS = 200;
/** The WAL's length at which the request connection checkpoints itself all the same. */
export const BACKSTOP_PAGES = 10_000;

export interface TBackgroundCheckpoints {
  /** Checkpoints what is left, closes the worker's connection and ends it. */
  stop(): Promise<void>;
}

const NONE: TBackgroundCheckpoints = { stop: () => Promise.resolve() };

/**
 * Starts checkpointing `database` from a worker thread, once its connection is open; an
 * embedded file only (a libSQL server checkpoints its own files). `onError` hears what the
 * worker could not do.
 */
export async function checkpointInBackground(
  database: Database,
  options: { everyMs?: number; backstopPages?: number; onError?: (message: string) => void } = {},
): Promise<TBackgroundCheckpoints> {
  if (!database.embedded || !database.url.startsWith('file:')) return NONE;
  const worker = new Worker(WORKER_ENTRY, {
    workerData: { path: database.url.slice('file:'.length), everyMs: options.everyMs ?? EVERY_MS, resolveFrom: import.meta.resolve('@libsql/client') },
    execArgv: [],
  });
  let stopping = false;
  const handBack = () => {
    if (stopping) return;
    stopping = true;
    void database.client.execute(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`).catch(() => undefined);
  };
  const ready = await new Promise<boolean>((resolve) => {
    worker.once('message', (message: { ready?: boolean }) => resolve(message.ready === true));
    worker.once('error', () => resolve(false));
  });
  if (!ready) {
    await worker.terminate();
    return NONE;
  }
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => {
    options.onError?.(error.message);
    handBack();
  });
  worker.on('exit', handBack);
  worker.unref();
  await database.client.execute(`PRAGMA wal_autocheckpoint = ${options.backstopPages ?? BACKSTOP_PAGES}`);
  return {
    stop: async () => {
      if (stopping) return;
      stopping = true;
      await database.client.execute(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held until it has ended: a process that exits first would stop the thread inside its
      // last checkpoint, and the driver aborts the whole process when stopped mid-call.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
