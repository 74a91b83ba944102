import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { SYSTEM } from '../../server/domain/audit';
import { startRescoreJobs } from '../../server/domain/rescore-job';
import { addIngestKey } from '../../server/domain/users';
import { startServer } from '../../server/server';

// One server in its own process, so the load generator never shares its event loop:
//   serve.ts handshake FILE NOW_MS — the real server on FILE, its clock starting at NOW_MS, with
//                                     the background re-score runner `npm start` has (it polls
//                                     every 200 ms for a job queued on the file by the bench)
//   serve.ts alone FILE             — the real server on FILE, nothing else (the memory baseline)
//   serve.ts hono                   — a bare Hono route on @hono/node-server (the HTTP baseline)
//   serve.ts url DB_URL [SYNC_URL]  — the real server on any database: a libSQL server, or an
//                                     embedded replica (DB_URL a file) of SYNC_URL
// It prints one JSON line once it serves ({url, ingestKey?}) and stops on SIGTERM.

const [mode, file, nowMs] = process.argv.slice(2);

async function run(): Promise<{ url: string; ingestKey?: string; close: () => Promise<void> }> {
  if (mode === 'hono') {
    const app = new Hono();
    app.get('/', (c) => c.json({ ok: true }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }
  if (!file) throw new Error('usage: serve.ts handshake|alone FILE [NOW_MS] | url DB_URL [SYNC_URL]');
  if (mode === 'url') return startServer({ dbUrl: file, dbSyncUrl: nowMs, port: 0, limits: { maxInFlightPerCaller: 10_000, ingestPerMinute: 1_000_000 } });
  if (mode === 'alone') return startServer({ dbUrl: `file:${file}`, port: 0 });
  const offset = Date.now() - Number(nowMs);
  const server = await startServer({
    dbUrl: `file:${file}`,
    port: 0,
    now: () => new Date(Date.now() - offset),
    // Every load-test client comes from 127.0.0.1: the per-address bounds would answer 429 to
    // what are, in use, many reps' browsers.
    limits: { maxInFlightPerCaller: 10_000, ingestPerMinute: 1_000_000 },
  });
  const ingestKey = await addIngestKey(server.database, `bench ${Date.now()}`, SYSTEM);
  const stopRescore = startRescoreJobs(server.database, { now: () => new Date(Date.now() - offset), log: () => undefined, pollMs: 200 });
  return {
    ...server,
    ingestKey,
    close: () => {
      stopRescore();
      return server.close();
    },
  };
}

const running = await run();
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
console.log(JSON.stringify({ url: running.url, ingestKey: running.ingestKey }));
