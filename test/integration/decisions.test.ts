import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/routers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, decisions, handovers, leads } from '../../server/db/schema';
import { HANDOVER_MOVED, handoverChecks } from '../../server/db/schema-sla';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { api, startTestServer, type TestServer } from '../support/server';
import { refusedWith } from '../../server/errors';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

function trpcError(error: unknown) {
  expect(error).toBeInstanceOf(TRPCClientError);
  const e = error as TRPCClientError<AppRouter> & { data: { code: string; httpStatus: number; field: string | null } };
  return { code: e.data.code, status: e.data.httpStatus, field: e.data.field, message: e.message };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return trpcError(error);
  }
  throw new Error('expected the call to fail');
}

describe('decisions and touches over tRPC', () => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['user']>>;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let otherRep: Awaited<ReturnType<TestServer['user']>>;
  let otherManager: Awaited<ReturnType<TestServer['user']>>;

  async function handedOverLead(email: string, owner = rep) {
    const leadId = await insertLead(server.database, { email, ownerId: owner.id, stage: 'sql', sqlAt: '2026-11-23T08:30:00.000Z' });
    const handoverId = await insertHandover(server.database, {
      leadId,
      ownerId: owner.id,
      startedAt: '2026-11-23T08:30:00.000Z',
      warnAt: '2026-11-23T11:30:00.000Z',
      deadline: '2026-11-23T12:30:00.000Z',
    });
    return { leadId, handoverId };
  }

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    manager = await server.user({ email: 'maya.manager@example.com', name: 'Maya Manager', role: 'manager' });
    otherManager = await server.user({ email: 'oscar.manager@example.com', name: 'Oscar Other', role: 'manager' });
    rep = await server.user({ ...PARIS_REP, email: 'remi.rep@example.com', name: 'Rémi Rep', managerEmail: 'maya.manager@example.com' });
    otherRep = await server.user({ ...PARIS_REP, email: 'olga.rep@example.com', name: 'Olga Rep', managerEmail: 'oscar.manager@example.com' });
  });
  afterAll(() => server.close());

  it('accepts a lead: one decision, handover closed, lead accepted, audit written, charter version recorded', async () => {
    const { leadId, handoverId } = await handedOverLead('accept.me@acme.com');
    const result = await rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'accept-key-0001' });
    expect(result.replayed).toBe(false);
    expect(result.decision).toMatchObject({ kind: 'accepted', leadId, handoverId, decidedById: rep.id, onBehalfOfId: null, charterVersion: 1, withoutContact: true });
    const handover = await server.database.db.query.handovers.findFirst({ where: eq(handovers.id, handoverId) });
    expect(handover).toMatchObject({ state: 'accepted', closedAt: NOW.toISOString() });
    const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.id, leadId) });
    expect(lead!.status).toBe('accepted');
    const audit = await server.database.db.select().from(auditLog).where(eq(auditLog.entityId, leadId));
    expect(audit.map((a) => a.action)).toEqual(['decision.accepted']);
  });

  it('replays the same idempotency key without a second decision', async () => {
    const { leadId } = await handedOverLead('replay@acme.com');
    const first = await rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'replay-key-0001' });
    const again = await rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'replay-key-0001' });
    expect(again.replayed).toBe(true);
    expect(again.decision.id).toBe(first.decision.id);
    expect(await server.database.db.select().from(decisions).where(eq(decisions.leadId, leadId))).toHaveLength(1);
  });

  it('refuses a second decision on the same handover as a conflict, never an overwrite', async () => {
    const { leadId } = await handedOverLead('twice@acme.com');
    await rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'twice-key-0001' });
    const error = await failure(rep.api.decision.reject.mutate({ leadId, idempotencyKey: 'twice-key-0002', reason: 'no_budget' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^this handover was already accepted by Rémi Rep at 2026-11-23T09:00:00.000Z$/);
    const [decision] = await server.database.db.select().from(decisions).where(eq(decisions.leadId, leadId));
    expect(decision!.kind).toBe('accepted');
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const { leadId } = await handedOverLead('race@acme.com');
    const results = await Promise.allSettled([
      rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'race-key-accept' }),
      manager.api.decision.reject.mutate({ leadId, idempotencyKey: 'race-key-reject', reason: 'bad_timing' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(trpcError(rejected.reason).code).toBe('CONFLICT');
    expect(await server.database.db.select().from(decisions).where(eq(decisions.leadId, leadId))).toHaveLength(1);
  });

  it('rejects with a structured reason, sending the lead back to nurture; competitor leaves the funnel', async () => {
    const nurture = await handedOverLead('nurture@acme.com');
    const result = await rep.api.decision.reject.mutate({ leadId: nurture.leadId, idempotencyKey: 'reject-key-0001', reason: 'bad_timing', note: 'Budget opens in Q2' });
    expect(result.decision).toMatchObject({ kind: 'rejected', reasonId: 'bad_timing', note: 'Budget opens in Q2' });
    expect((await server.database.db.query.leads.findFirst({ where: eq(leads.id, nurture.leadId) }))!.status).toBe('nurture');
    const competitor = await handedOverLead('spy@rival.com');
    await rep.api.decision.reject.mutate({ leadId: competitor.leadId, idempotencyKey: 'reject-key-0002', reason: 'competitor_or_researcher' });
    expect((await server.database.db.query.leads.findFirst({ where: eq(leads.id, competitor.leadId) }))!.status).toBe('disqualified');
  });

  it('names the field when the reason is unknown or "other" has no note', async () => {
    const { leadId } = await handedOverLead('reasons@acme.com');
    const unknown = await failure(rep.api.decision.reject.mutate({ leadId, idempotencyKey: 'reason-key-0001', reason: 'too_tall' }));
    expect(unknown).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'reason' });
    expect(unknown.message).toMatch(/^reason: expected one of wrong_company_size, /);
    const noNote = await failure(rep.api.decision.reject.mutate({ leadId, idempotencyKey: 'reason-key-0002', reason: 'other', note: '   ' }));
    expect(noNote).toMatchObject({ code: 'BAD_REQUEST', field: 'note' });
    const shortKey = await failure(rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'short' }));
    expect(shortKey).toMatchObject({ code: 'BAD_REQUEST', field: 'idempotencyKey' });
    expect(await server.database.db.select().from(decisions).where(eq(decisions.leadId, leadId))).toHaveLength(0);
  });

  it('lets the owner’s manager decide, recorded as acting for the owner, and no one else', async () => {
    const { leadId } = await handedOverLead('managed@acme.com');
    const stranger = await failure(otherRep.api.decision.accept.mutate({ leadId, idempotencyKey: 'perm-key-0001' }));
    expect(stranger).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    const foreignManager = await failure(otherManager.api.decision.accept.mutate({ leadId, idempotencyKey: 'perm-key-0002' }));
    expect(foreignManager.code).toBe('FORBIDDEN');
    const result = await manager.api.decision.accept.mutate({ leadId, idempotencyKey: 'perm-key-0003' });
    expect(result.decision).toMatchObject({ decidedById: manager.id, onBehalfOfId: rep.id });
  });

  it('needs a valid token for everything', async () => {
    const anonymous = await failure(api(server.url).queue.mine.query());
    expect(anonymous).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    const forged = await failure(api(server.url, 'hs_not-a-real-token').packet.get.query({ email: 'x@y.com' }));
    expect(forged.code).toBe('UNAUTHORIZED');
  });

  it('logs a touch: the first one stops the SLA clock; a replay is not a second touch', async () => {
    const { leadId, handoverId } = await handedOverLead('touch@acme.com');
    const at = '2026-11-23T08:45:00.000Z';
    const first = await rep.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: 'touch-key-0001', at });
    expect(first.replayed).toBe(false);
    const replay = await rep.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: 'touch-key-0001', at });
    expect(replay).toMatchObject({ replayed: true, touch: { id: first.touch.id } });
    const handover = await server.database.db.query.handovers.findFirst({ where: eq(handovers.id, handoverId) });
    // 08:30Z → 08:45Z is 09:30 → 09:45 in Paris: 15 business minutes.
    expect(handover).toMatchObject({ firstTouchAt: at, firstTouchBusinessMs: 15 * 60_000 });
    await rep.api.touch.log.mutate({ leadId, channel: 'email', idempotencyKey: 'touch-key-0002' });
    const after = await server.database.db.query.handovers.findFirst({ where: eq(handovers.id, handoverId) });
    expect(after!.firstTouchAt).toBe(at);
    const accepted = await rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'touch-accept-01' });
    expect(accepted.decision.withoutContact).toBe(false);
  });

  it('refuses touches in the future, on unknown channels, and by someone else', async () => {
    const { leadId } = await handedOverLead('touchy@acme.com');
    const future = await failure(rep.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: 'touch-key-1001', at: '2026-11-24T09:00:00Z' }));
    expect(future).toMatchObject({ code: 'BAD_REQUEST', field: 'at' });
    const channel = await failure(rep.api.touch.log.mutate({ leadId, channel: 'pigeon' as 'call', idempotencyKey: 'touch-key-1002' }));
    expect(channel).toMatchObject({ code: 'BAD_REQUEST', field: 'channel' });
    const stranger = await failure(otherRep.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: 'touch-key-1003' }));
    expect(stranger.code).toBe('FORBIDDEN');
    const missing = await failure(rep.api.touch.log.mutate({ leadId: 'no-such-lead', channel: 'call', idempotencyKey: 'touch-key-1004' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('lists the caller’s open handovers soonest deadline first, with the SLA read now', async () => {
    const fresh = await startTestServer({ now: () => NOW });
    try {
      const me = await fresh.user({ ...PARIS_REP, email: 'queue.rep@example.com', name: 'Quinn Queue' });
      const lateLead = await insertLead(fresh.database, { email: 'late@acme.com', firstName: 'Lara', lastName: 'Late', ownerId: me.id });
      const soonLead = await insertLead(fresh.database, { email: 'soon@acme.com', ownerId: me.id });
      await insertHandover(fresh.database, { leadId: lateLead, ownerId: me.id, startedAt: '2026-11-20T13:00:00.000Z', warnAt: '2026-11-23T08:00:00.000Z', deadline: '2026-11-23T15:00:00.000Z', tier: 'medium', businessHours: 8 });
      await insertHandover(fresh.database, { leadId: soonLead, ownerId: me.id, startedAt: '2026-11-23T07:00:00.000Z', warnAt: '2026-11-23T10:00:00.000Z', deadline: '2026-11-23T11:00:00.000Z' });
      const queue = await me.api.queue.mine.query();
      expect(queue.map((q) => q.email)).toEqual(['soon@acme.com', 'late@acme.com']);
      expect(queue[0]).toMatchObject({ state: 'on_track', paused: false, remainingMs: 2 * 3_600_000, touched: false });
      expect(queue[1]).toMatchObject({ name: 'Lara Late', state: 'warning', remainingMs: 6 * 3_600_000 });
    } finally {
      await fresh.close();
    }
  });

  it('writes a decision or a touch only while its handover is open with the owner it was checked against (the database checks, whatever instance read it)', async () => {
    const { handoverId } = await handedOverLead('checked@acme.com');
    const check = (ownerId: string) =>
      server.database.db
        .insert(handoverChecks)
        .values({ handoverId, kind: 'held', ownerId })
        .then(
          () => 'held',
          (error: unknown) => (refusedWith(error, HANDOVER_MOVED) ? 'moved' : String(error)),
        );
    expect(await check(rep.id)).toBe('held');
    expect(await check(otherRep.id)).toBe('moved');
    await server.database.db.update(handovers).set({ state: 'accepted' }).where(eq(handovers.id, handoverId));
    expect(await check(rep.id)).toBe('moved');
    expect(await server.database.db.select().from(handoverChecks)).toEqual([]);
  });
});
