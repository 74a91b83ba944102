import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/client';
import { openedOnce, readOnly } from '../db/opened-once';
import { logFailure } from '../http/failures';
import { errorToWire } from '../reports/report-wire';
import { scoreChunkOn } from './rescore-plan';
import { contextsFromText, inIdOrder } from './rescore-reads';
import type { TScoreReply, TScoreRequest, TScorerWorkerData, TWorkerReady } from './rescore-workers';

// The re-score worker: parses and scores the chunks a full re-score reads, one at a time, and
// reads the handover facts of their leads that may be due on a connection of its own to the
// server's database file, read-only (see ./rescore-workers.ts).

const { url } = workerData as TScorerWorkerData;
const database = openedOnce(async () => readOnly(await openDatabase(url)));

async function score(request: TScoreRequest): Promise<TScoreReply> {
  try {
    const { db } = await database();
    const scored = await scoreChunkOn(db, inIdOrder(contextsFromText(request.texts)), request.charter, new Date(request.nowIso), false);
    return { id: request.id, ok: true, value: scored };
  } catch (error) {
    const wire = errorToWire(error);
    if (wire.kind === 'internal') logFailure('re-score chunk', error);
    return { id: request.id, ok: false, error: wire };
  }
}

// One chunk at a time: the one the re-score waits for is never held up by the one read after it.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (request: TScoreRequest) => {
  queue = queue.then(async () => parentPort!.postMessage(await score(request)));
});

void database().then(
  () => parentPort!.postMessage({ ready: true } satisfies TWorkerReady),
  (error: unknown) => logFailure('re-score worker start', error),
);
