import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfig, sharedDatabaseUrl } from '../config';
import { openDatabase } from '../db/client';
import { seedDemo, type TSeedProgress } from './seed';

// The demo seed as a process of its own, forked by `npm start` on an empty database: the
// memory the quarter's replay takes is the seed's, and goes with it, so the server that
// follows keeps only its own. Progress goes to the parent over the IPC channel; the tokens
// file is written before the data (see `beforeCommit`).

export type TSeedMessage = { kind: 'progress'; progress: TSeedProgress } | { kind: 'done'; counts: Record<string, unknown> };

const send = (message: TSeedMessage) => process.send?.(message);

// The start that forked this one is gone (killed, its terminal closed): so is the seed. It
// writes in one transaction, so stopping here leaves the database empty for the next start.
const parentGone = () => process.exit(1);
process.on('disconnect', parentGone);

const tokensFile = process.argv[2];
if (!tokensFile) throw new Error('usage: seed-process.ts TOKENS_FILE');
const config = loadConfig();
const database = await openDatabase(sharedDatabaseUrl(config), { authToken: config.HANDSHAKE_DB_AUTH_TOKEN });
try {
  const seeded = await seedDemo(database, {
    now: new Date(),
    onProgress: (progress) => send({ kind: 'progress', progress }),
    // Kept before the data is written: a seed stopped in between is redone at the next start.
    beforeCommit: ({ users, ingestKey }) => {
      mkdirSync(dirname(tokensFile), { recursive: true });
      writeFileSync(tokensFile, `${JSON.stringify({ users, ingestKey }, null, 2)}\n`, { mode: 0o600 });
    },
  });
  // Said, then the channel closed, so this process ends once the database is closed.
  await new Promise<void>((resolve) => process.send?.({ kind: 'done', counts: { ...seeded.counts } } satisfies TSeedMessage, () => resolve()));
  process.off('disconnect', parentGone);
  process.disconnect?.();
} finally {
  database.close();
}
