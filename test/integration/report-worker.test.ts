import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { computeRepStats } from '../../server/domain/stats';
import { userForToken } from '../../server/domain/users';
import { AppError } from '../../server/errors';
import { workerReports } from '../../server/reports/report-runner';
import type { TReportMessage, TReportReply } from '../../server/reports/report-wire';
import { runInRequest } from '../../server/http/request-scope';
import { insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The stats are the long reads of a large database. On an embedded file the libSQL client
// runs a statement on the calling thread, so a year of stats read there holds every other
// request until it ends. They run in a report worker, on a connection of its own: not one
// of their statements reaches the connection that serves requests.
// Storage: an embedded file only (on a libSQL server the stats are calls over HTTP, run where they are made).

const NOW = new Date('2026-03-06T16:00:00.000Z');
const CALENDAR = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] as string[] };
const STATEMENT_METHODS = ['execute', 'batch', 'executeMultiple'] as const;

/** Counts the statements run on `client` while `work` runs. */
async function statementsDuring(client: Client, work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = STATEMENT_METHODS.map((name) => [name, target[name]!] as const);
  for (const [name, original] of originals) {
    target[name] = (...args: unknown[]) => {
      count += 1;
      return original.apply(client, args);
    };
  }
  try {
    await work();
  } finally {
    for (const [name] of originals) delete target[name];
  }
  return count;
}

describe('the report worker', () => {
  let server: TestServer;
  let maria: Awaited<ReturnType<TestServer['user']>>;
  let rita: Awaited<ReturnType<TestServer['user']>>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', ...CALENDAR });
    rita = await server.user({ email: 'rita@example.com', name: 'Rita Rep', role: 'rep', managerEmail: 'maria@example.com', ...CALENDAR });
    for (let i = 0; i < 6; i += 1) {
      const leadId = await insertLead(server.database, { email: `lead${i}@example.com`, ownerId: rita.id, stage: 'sql' });
      await insertHandover(server.database, {
        leadId,
        ownerId: rita.id,
        startedAt: `2026-03-0${2 + (i % 4)}T10:00:00.000Z`,
        warnAt: `2026-03-0${2 + (i % 4)}T13:00:00.000Z`,
        deadline: `2026-03-0${2 + (i % 4)}T14:00:00.000Z`,
      });
      if (i % 2 === 0) await rita.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: `report-touch-${i}`, at: `2026-03-0${2 + (i % 4)}T1${1 + (i % 3)}:00:00.000Z` });
    }
    await maria.api.stats.reps.query(); // the worker starts at the first call
  });
  afterAll(() => server.close());

  it('runs no statement of any stats procedure on the connection that serves requests', async () => {
    const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-07T00:00:00Z' };
    const statements = await statementsDuring(server.database.client, () =>
      Promise.all([
        maria.api.stats.reps.query(range),
        maria.api.stats.funnel.query({ ...range, groupBy: 'source' }),
        maria.api.stats.reasons.query(range),
        maria.api.stats.firstTouch.query(range),
        maria.api.stats.compliance.query(range),
      ]),
    );
    // Only each call's sign-in (the token lookup) runs on it.
    expect(statements).toBeLessThanOrEqual(5);
    const signIns = await statementsDuring(server.database.client, () => userForToken(server.database, maria.token));
    expect(statements).toBe(5 * signIns);
  });

  it('answers what the same figures computed in place answer', async () => {
    const range = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-07T00:00:00Z') };
    const fromWorker = await maria.api.stats.reps.query({ from: range.from.toISOString(), to: range.to.toISOString() });
    const inPlace = await computeRepStats(server.database, { kind: 'team', people: [{ id: rita.id, name: 'Rita Rep', email: 'rita@example.com' }] }, range, NOW);
    expect(fromWorker).toEqual(JSON.parse(JSON.stringify(inPlace)));
    expect(fromWorker.total.touched).toBe(3);
  });

  it('brings refusals back with their code, message and field', async () => {
    await expect(rita.api.stats.funnel.query({ groupBy: 'source' })).rejects.toMatchObject({ data: { code: 'FORBIDDEN', appCode: 'FORBIDDEN' } });
    await expect(maria.api.stats.reps.query({ from: '2026-03-07T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST', appCode: 'INVALID_INPUT', field: 'from' },
    });
  });

  it('starts a new worker after its worker stopped', async () => {
    const reports = workerReports(server.dbUrl);
    try {
      const caller = (await userForToken(server.database, maria.token))!;
      const first = await reports.run('repStats', caller, undefined, NOW);
      await reports.close();
      const second = await reports.run('repStats', caller, undefined, NOW);
      expect(second).toEqual(first);
      const rep = (await userForToken(server.database, rita.token))!;
      const refusal = await reports.run('funnelStats', rep, { groupBy: 'source' }, NOW).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await reports.close();
    }
  });

  it('answers a stopped request at once and cancels its report in the worker', async () => {
    const reports = workerReports(server.dbUrl);
    try {
      const caller = (await userForToken(server.database, maria.token))!;
      const stop = new AbortController();
      const answer = runInRequest(stop.signal, () => reports.run('charterBacktest', caller, { version: 1 }, NOW));
      stop.abort(new Error('the caller hung up'));
      await expect(answer).rejects.toThrow('the caller hung up');
      // The runner goes on serving the next report.
      expect((await reports.run('repStats', caller, undefined, NOW)).scope).toBe('team');
    } finally {
      await reports.close();
    }
  });

  it('stops a cancelled report at its next statement, and finishes the others', async () => {
    const worker = new Worker(new URL('../../server/reports/report-worker-entry.mjs', import.meta.url), { workerData: { url: server.dbUrl }, execArgv: [] });
    try {
      const caller = (await userForToken(server.database, maria.token))!;
      const replies = new Map<number, TReportReply>();
      const both = new Promise<void>((resolve) =>
        worker.on('message', (reply: TReportReply) => {
          replies.set(reply.id, reply);
          if (replies.size === 2) resolve();
        }),
      );
      const send = (message: TReportMessage) => worker.postMessage(message);
      send({ kind: 'run', id: 1, name: 'charterBacktest', args: [caller, { version: 1 }, NOW] });
      send({ kind: 'cancel', id: 1 });
      send({ kind: 'run', id: 2, name: 'charterBacktest', args: [caller, { version: 1 }, NOW] });
      await both;
      expect(replies.get(1)).toMatchObject({ ok: false });
      expect(replies.get(2)).toMatchObject({ ok: true });
    } finally {
      await worker.terminate();
    }
  });
});
