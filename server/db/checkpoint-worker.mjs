// The background checkpointer's thread: its own connection to the database file, moving the
// WAL's committed pages into the file every `everyMs`, PASSIVE (it never waits for a reader
// or blocks the writer). Plain JavaScript: it needs nothing but the driver.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const { path, everyMs, resolveFrom } = workerData;
const NativeDatabase = createRequire(resolveFrom)('libsql');
const connection = new NativeDatabase(path, { timeout: 5000 });

const checkpoint = () => {
  try {
    connection.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // A busy database is tried again at the next tick; anything else is the server's to know.
    if (!String(error?.code ?? '').startsWith('SQLITE_BUSY')) parentPort.postMessage({ error: String(error?.message ?? error) });
  }
};

const timer = setInterval(checkpoint, everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  connection.close();
  parentPort.close();
});
parentPort.postMessage({ ready: true });
