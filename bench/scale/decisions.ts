import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { seededRandom } from '../measure';
import { cannon, perSecond, printRow, rateRatio, secondsOf, type TScaleRow } from './harness';
import type { TScaleDatabase } from './generate';

// decision.accept from 10 clients at once (autocannon, 10 connections), each request
// accepting another open handover as its owner, against the least a durable decision
// costs: single-row INSERTs, each its own transaction, on a WAL file with synchronous=FULL
// (the server's settings), from 10 concurrent callers. The first accepts are not counted:
// they compile the decision path and prepare its statements, which a running server has done.

const CLIENTS = 10;
const MOST = 2_000;
/** Accepts sent before the measured ones: a tenth of the open handovers, at most 200. */
const warmUpOf = (open: number) => Math.min(200, Math.floor(open / 10));
/** The issue's goal: at least this share of the durable single-row inserts' rate. */
const GOAL_SHARE = 0.3;

export async function benchDecisions(data: TScaleDatabase, file: string, dir: string, server: { url: string }): Promise<TScaleRow[]> {
  const tokens = new Map(data.users.map((u) => [u.id, u.token]));
  const read = createClient({ url: `file:${file}` });
  const open = await read.execute("SELECT lead_id, owner_id FROM handovers WHERE state = 'open' ORDER BY id");
  read.close();
  const random = seededRandom(5);
  const pool = open.rows.map((r) => ({ leadId: r.lead_id as string, token: tokens.get(r.owner_id as string)! })).sort(() => random() - 0.5);
  const warmUp = warmUpOf(pool.length);
  const amount = Math.min(pool.length - warmUp, MOST);
  let next = 0;
  const accepts = (count: number) =>
    cannon({
      url: server.url,
      connections: CLIENTS,
      amount: count,
      requests: [
        {
          method: 'POST',
          path: '/trpc/decision.accept',
          setupRequest: (request) => {
            const item = pool[next++ % pool.length]!;
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${item.token}` },
              body: JSON.stringify({ leadId: item.leadId, idempotencyKey: `bench-accept-${item.leadId}` }),
            };
          },
        },
      ],
    });
  const warm = await accepts(warmUp);
  if (warm.failures > 0) throw new Error(`decision.accept: ${warm.failures} of the ${warmUp} warm-up requests failed`);
  const load = await accepts(amount);
  // Every connection always has one request out: the rate is connections over the mean
  // latency (Little's law; autocannon's own rate and run time are counted in whole seconds).
  const accepted = (CLIENTS * 1000) / load.meanMs;

  const raw = createClient({ url: `file:${join(dir, 'raw-decisions.db')}` });
  await raw.execute('PRAGMA journal_mode = WAL');
  await raw.execute('PRAGMA synchronous = FULL');
  await raw.execute('CREATE TABLE decisions (id TEXT PRIMARY KEY, handover_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, decided_by_id TEXT NOT NULL, decided_at TEXT NOT NULL)');
  let inserted = 0;
  const seconds = await secondsOf(() =>
    Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (inserted < amount) {
          const i = inserted++;
          await raw.execute({ sql: 'INSERT INTO decisions VALUES (?, ?, ?, ?, ?)', args: [`d-${i}`, `h-${i}`, 'accepted', 'rep', new Date().toISOString()] });
        }
      }),
    ),
  );
  raw.close();
  const baseline = amount / seconds;
  return [
    printRow({
      figure: `decision.accept, ${CLIENTS} clients`,
      size: data.size.name,
      value: `${perSecond(accepted, 'req')}, p99 ${load.p99Ms} ms (${load.requests} requests after ${warmUp} not counted${load.failures ? `, ${load.failures} failed` : ''})`,
      baseline: `${perSecond(baseline, 'rows')}: durable single-row INSERTs`,
      ratio: rateRatio(accepted, baseline),
      goal: `≥ ${GOAL_SHARE}× the baseline, no failures`,
      met: accepted >= GOAL_SHARE * baseline && load.failures === 0 ? 'yes' : 'no',
      explanation: `Up to ${MOST.toLocaleString('en-US')} open handovers (as many as the size has, after a tenth of them, at most 200, accepted first and not counted) accepted by their owners from ${CLIENTS} connections (check, decision, handover, lead and audit rows in one batch each); the baseline writes one durable row per transaction, as fast as the file allows.`,
    }),
  ];
}
