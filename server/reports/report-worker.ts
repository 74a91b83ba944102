import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/client';
import { openedOnce, readOnly } from '../db/opened-once';
import { logFailure } from '../http/failures';
import { runInRequest, runOutsideRequest } from '../http/request-scope';
import { runReport } from './reports';
import { errorToWire, type TReportMessage, type TReportReply, type TReportRun } from './report-wire';

// The report worker: its own connection to the server's database file, read-only. The
// thread that serves requests never waits for its statements. A report whose request has
// stopped (timed out, or its caller gone) is cancelled: its next statement throws, as on
// the request thread (../http/request-scope.ts).

export interface TReportWorkerData {
  url: string;
  timeoutMs?: number;
}

const { url, timeoutMs } = workerData as TReportWorkerData;
// Opened for every report to come: not stopped with the one whose request opened it.
const database = openedOnce(() => runOutsideRequest(async () => readOnly(await openDatabase(url, { timeoutMs }))));

/** The reports running, by request id: a cancelled one stops at its next statement. */
const running = new Map<number, AbortController>();

async function run(request: TReportRun): Promise<void> {
  const stop = new AbortController();
  running.set(request.id, stop);
  let reply: TReportReply;
  try {
    // Reports run side by side, each between its statements: a short one is not held up
    // until a long one (a backtest over a year) ends.
    const value = await runInRequest(stop.signal, async () => runReport(await database(), request.name, request.args as never));
    reply = { id: request.id, ok: true, value };
  } catch (error) {
    const wire = errorToWire(error);
    // The request thread logs what it answers; only a bug's stack frames are lost there.
    if (wire.kind === 'internal' && !stop.signal.aborted) logFailure(`report ${request.name}`, error);
    reply = { id: request.id, ok: false, error: wire };
  } finally {
    running.delete(request.id);
  }
  parentPort!.postMessage(reply);
}

parentPort!.on('message', (message: TReportMessage) => {
  if (message.kind === 'cancel') running.get(message.id)?.abort(new Error('the request this report served has stopped'));
  else void run(message);
});
