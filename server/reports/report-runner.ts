import { Worker } from 'node:worker_threads';
import type { Database } from '../db/client';
import { requestSignal } from '../http/request-scope';
import { runReport, type TReportArgs, type TReportName, type TReportResult } from './reports';
import { errorFromWire, type TReportMessage, type TReportReply } from './report-wire';
import type { TReportWorkerData } from './report-worker';

// Where the long reads run. An embedded file has one connection, and the libSQL client
// runs each statement synchronously on the calling thread: a year of stats read on the
// thread that serves requests would hold every other request (a /healthz included) until
// it ends. So on a file they run in a worker thread with a connection of its own (WAL lets
// it read while the server writes). Over HTTP (a libSQL server) a statement does not hold
// the thread, and they run in place.

export interface TReportRunner {
  run<K extends TReportName>(name: K, ...args: TReportArgs<K>): Promise<TReportResult<K>>;
  close(): Promise<void>;
}

export function inProcessReports(database: Database): TReportRunner {
  return {
    run: (name, ...args) => runReport(database, name, args),
    close: () => Promise.resolve(),
  };
}

const WORKER_ENTRY = new URL('./report-worker-entry.mjs', import.meta.url);

interface TPending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** Reports in a worker thread on its own connection to `url` (a `file:` URL), started at the first call. */
export function workerReports(url: string, options: { timeoutMs?: number } = {}): TReportRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, TPending>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const started = (): Worker => {
    if (worker) return worker;
    const data: TReportWorkerData = { url, timeoutMs: options.timeoutMs };
    const w = new Worker(WORKER_ENTRY, { workerData: data, execArgv: [] });
    w.unref();
    w.on('message', (reply: TReportReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(errorFromWire(reply.error));
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the report worker stopped (exit code ${code})`));
    });
    return (worker = w);
  };

  return {
    run<K extends TReportName>(name: K, ...args: TReportArgs<K>): Promise<TReportResult<K>> {
      const signal = requestSignal();
      return new Promise<TReportResult<K>>((resolve, reject) => {
        if (signal?.aborted) return reject(asError(signal.reason));
        const id = nextId++;
        // A request stopped (timed out, or its caller gone) is answered at once, and its
        // report cancelled in the worker.
        const onAbort = () => {
          pending.delete(id);
          const cancel: TReportMessage = { kind: 'cancel', id };
          worker?.postMessage(cancel);
          reject(asError(signal!.reason));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          resolve: (value) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(value as TReportResult<K>);
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        const request: TReportMessage = { kind: 'run', id, name, args };
        started().postMessage(request);
      });
    },
    close: async () => {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** Reports off the request thread where they would hold it (an embedded file), else in place. */
export function reportRunnerFor(database: Database, options: { timeoutMs?: number } = {}): TReportRunner {
  // An embedded replica's file is its client's own: reports read it through that client.
  return database.embedded && database.url.startsWith('file:') ? workerReports(database.url, options) : inProcessReports(database);
}
