import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Database } from '../db/client';
import { logFailure } from '../http/failures';
import { runReport } from './reports';
import { errorToWire, type TReportReply, type TReportRequest } from './report-wire';

// The report worker: its own connection to the server's database file, read-only, running
// one report at a time. The thread that serves requests never waits for its statements.

export interface TReportWorkerData {
  url: string;
  timeoutMs?: number;
}

const { url, timeoutMs } = workerData as TReportWorkerData;
let opened: Promise<Database> | null = null;

async function database(): Promise<Database> {
  opened ??= openDatabase(url, { timeoutMs }).then(async (database) => {
    await database.client.execute('PRAGMA query_only = ON');
    return database;
  });
  try {
    return await opened;
  } catch (error) {
    opened = null;
    throw error;
  }
}

let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (request: TReportRequest) => {
  queue = queue.then(async () => {
    let reply: TReportReply;
    try {
      const value = await runReport(await database(), request.name, request.args as never);
      reply = { id: request.id, ok: true, value };
    } catch (error) {
      const wire = errorToWire(error);
      // The request thread logs what it answers; only a bug's stack frames are lost there.
      if (wire.kind === 'internal') logFailure(`report ${request.name}`, error);
      reply = { id: request.id, ok: false, error: wire };
    }
    parentPort!.postMessage(reply);
  });
});
