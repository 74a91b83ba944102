import { eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, decisions, handovers, leads } from '../../server/db/schema';
import { decide, type TDecisionInput, type TDecisionResult } from '../../server/domain/decisions';
import { userForToken, type TUser } from '../../server/domain/users';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, testStorage, type TestServer } from '../support/server';

// Decisions that wait for the write lock together are written in one batch (group-commit.ts),
// each with the answer it gets alone: one decision per handover, a replay for a key used again,
// a conflict for a handover decided earlier in the same group, its audit row once.

const NOW = new Date('2026-11-23T09:00:00Z');
// On a file each decision joins the group in the order it was made (its reads answer at once);
// on a libSQL server, in the order its reads come back: the first to join wins, whichever it is.
const IN_CALL_ORDER = testStorage() === 'file';

type TSettled = PromiseSettledResult<TDecisionResult>;
const codeOf = (result: TSettled) => (result.status === 'rejected' ? (result.reason as { code?: string }).code : 'OK');

describe('decisions written in groups', () => {
  let server: TestServer;
  let rep: TUser;
  let manager: TUser;
  let stranger: TUser;
  let count = 0;

  async function openHandover(owner = rep) {
    const leadId = await insertLead(server.database, { email: `lead-${++count}@acme.com`, ownerId: owner.id, stage: 'sql' });
    const handoverId = await insertHandover(server.database, { leadId, ownerId: owner.id, startedAt: '2026-11-23T08:30:00.000Z', warnAt: '2026-11-23T11:30:00.000Z', deadline: '2026-11-23T12:30:00.000Z' });
    return { leadId, handoverId };
  }
  /**
   * One after another, as the server's own writes reach the database: twenty inserts at once
   * from one process make a libSQL server's writers queue for its write lock, and on a loaded
   * machine some waited past the client's 10 s or were told SQLITE_BUSY.
   */
  async function openHandovers(howMany: number) {
    const opened = [];
    for (let i = 0; i < howMany; i++) opened.push(await openHandover());
    return opened;
  }
  const signedIn = async (input: Parameters<TestServer['user']>[0]) => (await userForToken(server.database, (await server.user(input)).token))!;

  /** Submits every decision while the write lock is held, so they wait for it together. */
  async function together(calls: [TUser, TDecisionInput][]): Promise<TSettled[]> {
    const release = await server.database.writeLock.acquire();
    const pending = calls.map(([caller, input]) => decide(server.database, caller, input, NOW));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    return Promise.allSettled(pending);
  }

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    manager = await signedIn({ email: 'maya.manager@example.com', name: 'Maya Manager', role: 'manager' });
    rep = await signedIn({ ...PARIS_REP, email: 'remi.rep@example.com', name: 'Rémi Rep', managerEmail: 'maya.manager@example.com' });
    stranger = await signedIn({ ...PARIS_REP, email: 'olga.rep@example.com', name: 'Olga Rep' });
  });
  afterAll(() => server.close());

  it('50 decisions, 10 uses of one key and 5 decisions on one handover: each gets its own answer, each handover one decision, each decision one audit row', async () => {
    const many = await openHandovers(50);
    const replayed = await openHandover();
    const contested = await openHandover();
    const calls: [TUser, TDecisionInput][] = [
      ...many.map(({ leadId }, i): [TUser, TDecisionInput] => (i % 2 ? [rep, { kind: 'accepted', leadId, idempotencyKey: `many-${i}` }] : [manager, { kind: 'rejected', leadId, idempotencyKey: `many-${i}`, reasonId: 'bad_timing' }])),
      ...Array.from({ length: 10 }, (): [TUser, TDecisionInput] => [rep, { kind: 'accepted', leadId: replayed.leadId, idempotencyKey: 'same-key-for-ten' }]),
      ...Array.from({ length: 5 }, (_, i): [TUser, TDecisionInput] => [i % 2 ? manager : rep, { kind: i === 2 ? 'rejected' : 'accepted', leadId: contested.leadId, idempotencyKey: `contest-${i}`, reasonId: 'no_budget' }]),
      [rep, { kind: 'rejected', leadId: replayed.leadId, idempotencyKey: 'same-key-for-ten', reasonId: 'no_budget' }],
      [stranger, { kind: 'accepted', leadId: (await openHandover()).leadId, idempotencyKey: 'not-mine-0001' }],
      [rep, { kind: 'accepted', leadId: 'no-such-lead', idempotencyKey: 'nowhere-0001' }],
    ];
    const results = await together(calls);

    expect(results.slice(0, 50).map(codeOf)).toEqual(Array(50).fill('OK'));
    const manyDecisions = results.slice(0, 50).map((r) => (r as PromiseFulfilledResult<TDecisionResult>).value);
    expect(manyDecisions.map((d) => [d.replayed, d.decision.handoverId, d.decision.onBehalfOfId])).toEqual(many.map(({ handoverId }, i) => [false, handoverId, i % 2 ? null : rep.id]));

    const ten = results.slice(50, 60).map((r) => (r as PromiseFulfilledResult<TDecisionResult>).value);
    if (IN_CALL_ORDER) expect(ten.map((r) => r.replayed)).toEqual([false, ...Array.from({ length: 9 }, () => true)]);
    else expect(ten.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(ten.map((r) => r.decision.id)).size).toBe(1);

    const five = results.slice(60, 65);
    if (IN_CALL_ORDER) expect(five.map(codeOf)).toEqual(['OK', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    expect(five.map(codeOf).sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    const won = (five.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<TDecisionResult>).value.decision;
    const winner = won.decidedById === rep.id ? 'Rémi Rep' : 'Maya Manager';
    for (const lost of five.filter((r) => r.status === 'rejected')) {
      expect(lost.reason).toMatchObject({ message: `this handover was already ${won.kind} by ${winner} at ${NOW.toISOString()}` });
    }

    expect(results.slice(65).map(codeOf)).toEqual(['CONFLICT', 'FORBIDDEN', 'NOT_FOUND']);
    expect((results[65] as PromiseRejectedResult).reason).toMatchObject({ message: 'idempotencyKey: this key was already used for a different decision' });

    const decided = [...many.map((m) => m.handoverId), replayed.handoverId, contested.handoverId];
    const rows = await server.database.db.select().from(decisions).where(inArray(decisions.handoverId, decided));
    expect(rows).toHaveLength(52);
    const closed = await server.database.db.select({ id: handovers.id, state: handovers.state, closedAt: handovers.closedAt }).from(handovers).where(inArray(handovers.id, decided));
    expect(closed.every((h) => h.state !== 'open' && h.closedAt === NOW.toISOString())).toBe(true);
    expect(closed.find((h) => h.id === many[0]!.handoverId)!.state).toBe('rejected');
    const statuses = await server.database.db.select({ id: leads.id, status: leads.status }).from(leads).where(inArray(leads.id, [many[0]!.leadId, many[1]!.leadId]));
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [many[0]!.leadId]: 'nurture', [many[1]!.leadId]: 'accepted' });
    const audits = await server.database.db.select({ entityId: auditLog.entityId }).from(auditLog).where(like(auditLog.action, 'decision.%'));
    const leadIds = [...many.map((m) => m.leadId), replayed.leadId, contested.leadId];
    expect(audits.map((a) => a.entityId).filter((id) => leadIds.includes(id)).sort()).toEqual([...leadIds].sort());
  });

  it('writes a group whose batch fails one decision at a time: the one refused by the database conflicts, the others are written', async () => {
    const handovers3 = await openHandovers(3);
    // Another process's write the group's reads cannot see: a decision the database refuses when it is inserted.
    await server.database.client.execute(
      "CREATE TRIGGER refuse_poison BEFORE INSERT ON decisions WHEN NEW.idempotency_key = 'poison-key-01' BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: decisions.handover_id'); END",
    );
    try {
      const results = await together(handovers3.map(({ leadId }, i) => [rep, { kind: 'accepted', leadId, idempotencyKey: i === 1 ? 'poison-key-01' : `fine-key-0${i}` }]));
      expect(results.map(codeOf)).toEqual(['OK', 'CONFLICT', 'OK']);
      const rows = await server.database.db.select({ key: decisions.idempotencyKey }).from(decisions).where(inArray(decisions.handoverId, handovers3.map((h) => h.handoverId)));
      expect(rows.map((r) => r.key).sort()).toEqual(['fine-key-00', 'fine-key-02']);
      const open = await server.database.db.select({ state: handovers.state }).from(handovers).where(eq(handovers.id, handovers3[1]!.handoverId));
      expect(open).toEqual([{ state: 'open' }]);
    } finally {
      await server.database.client.execute('DROP TRIGGER refuse_poison');
    }
  });
});
