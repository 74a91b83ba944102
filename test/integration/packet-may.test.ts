import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers';
import { ZPacket } from '../../shared/packet';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

type TCaller = Awaited<ReturnType<TestServer['user']>>;

/** What the server answers when the caller tries: 'ok', or the tRPC error code. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    return (error as TRPCClientError<AppRouter>).data!.code;
  }
}

describe('packet.may: what the caller may do, by the rule the server enforces', () => {
  let server: TestServer;
  let manager: TCaller;
  let otherManager: TCaller;
  let rep: TCaller;
  let otherRep: TCaller;
  let admin: TCaller;
  let callers: Record<'owner' | 'manager' | 'otherRep' | 'otherManager' | 'admin', TCaller>;
  let sequence = 0;

  const who = (caller: TCaller, name: string, email: string) => ({ id: caller.id, name, email });
  const remi = () => who(rep, 'Rémi Rep', 'remi.rep@example.com');
  const olga = () => who(otherRep, 'Olga Rep', 'olga.rep@example.com');

  async function lead(options: { owner?: TCaller | null; handoverTo?: TCaller | null } = {}) {
    sequence += 1;
    const owner = options.owner === undefined ? rep : options.owner;
    const email = `lead.${sequence}@acme.com`;
    const leadId = await insertLead(server.database, { email, ownerId: owner?.id ?? null, stage: 'sql' });
    const handoverTo = options.handoverTo === undefined ? owner : options.handoverTo;
    if (handoverTo) {
      await insertHandover(server.database, {
        leadId,
        ownerId: handoverTo.id,
        originalOwnerId: owner?.id ?? handoverTo.id,
        startedAt: '2026-11-23T08:30:00.000Z',
        warnAt: '2026-11-23T11:30:00.000Z',
        deadline: '2026-11-23T12:30:00.000Z',
      });
    }
    return { leadId, email };
  }

  const may = async (caller: TCaller, email: string) => ZPacket.parse(await caller.api.packet.get.query({ email })).may;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    manager = await server.user({ email: 'maya.manager@example.com', name: 'Maya Manager', role: 'manager' });
    otherManager = await server.user({ email: 'oscar.manager@example.com', name: 'Oscar Other', role: 'manager' });
    admin = await server.user({ email: 'ada.admin@example.com', name: 'Ada Admin', role: 'admin' });
    rep = await server.user({ ...PARIS_REP, email: 'remi.rep@example.com', name: 'Rémi Rep', managerEmail: 'maya.manager@example.com' });
    otherRep = await server.user({ ...PARIS_REP, email: 'olga.rep@example.com', name: 'Olga Rep', managerEmail: 'oscar.manager@example.com' });
    callers = { owner: rep, manager, otherRep, otherManager, admin };
  });
  afterAll(() => server.close());

  it('on an open handover: the owner, their manager and an admin may decide and log a touch; another rep or manager may not', async () => {
    const { email } = await lead();
    expect(await may(rep, email)).toEqual({ decide: true, logTouch: true, actingFor: null, assign: false, claim: false });
    expect(await may(manager, email)).toEqual({ decide: true, logTouch: true, actingFor: remi(), assign: false, claim: false });
    expect(await may(admin, email)).toEqual({ decide: true, logTouch: true, actingFor: remi(), assign: false, claim: false });
    expect(await may(otherRep, email)).toEqual({ decide: false, logTouch: false, actingFor: null, assign: false, claim: false });
    expect(await may(otherManager, email)).toEqual({ decide: false, logTouch: false, actingFor: null, assign: false, claim: false });
  });

  it('agrees with what the server then does, caller by caller', async () => {
    for (const [name, caller] of Object.entries(callers)) {
      const { leadId, email } = await lead();
      const { decide, logTouch } = await may(caller, email);
      const touched = await outcome(caller.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: `may-touch-${name}` }));
      const decided = await outcome(caller.api.decision.accept.mutate({ leadId, idempotencyKey: `may-accept-${name}` }));
      expect([name, touched, decided]).toEqual([name, logTouch ? 'ok' : 'FORBIDDEN', decide ? 'ok' : 'FORBIDDEN']);
    }
  });

  it('after a decision, nobody may decide again; touches stay with the owner, their manager and an admin', async () => {
    const { leadId, email } = await lead();
    await rep.api.decision.reject.mutate({ leadId, idempotencyKey: 'may-decided-0001', reason: 'bad_timing' });
    expect(await may(rep, email)).toEqual({ decide: false, logTouch: true, actingFor: null, assign: false, claim: false });
    expect(await may(manager, email)).toEqual({ decide: false, logTouch: true, actingFor: remi(), assign: false, claim: false });
    expect(await may(admin, email)).toEqual({ decide: false, logTouch: true, actingFor: remi(), assign: false, claim: false });
    expect(await may(otherRep, email)).toEqual({ decide: false, logTouch: false, actingFor: null, assign: false, claim: false });
    expect(await outcome(manager.api.decision.accept.mutate({ leadId, idempotencyKey: 'may-decided-0002' }))).toBe('CONFLICT');
  });

  it('before any handover, the owner may log a touch but there is nothing to decide', async () => {
    const { leadId, email } = await lead({ handoverTo: null });
    expect(await may(rep, email)).toEqual({ decide: false, logTouch: true, actingFor: null, assign: false, claim: false });
    expect(await outcome(rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'may-no-handover-1' }))).toBe('CONFLICT');
  });

  it('on a lead nobody owns yet, managers and admins may log a touch for themselves, reps may not', async () => {
    const { leadId, email } = await lead({ owner: null });
    expect(await may(rep, email)).toEqual({ decide: false, logTouch: false, actingFor: null, assign: false, claim: false });
    expect(await may(otherManager, email)).toEqual({ decide: false, logTouch: true, actingFor: null, assign: true, claim: false });
    expect(await may(admin, email)).toEqual({ decide: false, logTouch: true, actingFor: null, assign: true, claim: false });
    expect(await outcome(rep.api.touch.log.mutate({ leadId, channel: 'email', idempotencyKey: 'may-unowned-rep' }))).toBe('FORBIDDEN');
    expect(await outcome(otherManager.api.touch.log.mutate({ leadId, channel: 'email', idempotencyKey: 'may-unowned-mgr' }))).toBe('ok');
  });

  it('follows the handover to whom it was reassigned, not the lead’s first owner', async () => {
    const { leadId, email } = await lead({ owner: rep, handoverTo: otherRep });
    expect(await may(otherRep, email)).toEqual({ decide: true, logTouch: true, actingFor: null, assign: false, claim: false });
    expect(await may(otherManager, email)).toEqual({ decide: true, logTouch: true, actingFor: olga(), assign: false, claim: false });
    expect(await may(rep, email)).toEqual({ decide: false, logTouch: false, actingFor: null, assign: false, claim: false });
    expect(await may(manager, email)).toEqual({ decide: false, logTouch: false, actingFor: null, assign: false, claim: false });
    expect(await outcome(rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'may-reassigned-1' }))).toBe('FORBIDDEN');
    expect(await outcome(otherRep.api.decision.accept.mutate({ leadId, idempotencyKey: 'may-reassigned-2' }))).toBe('ok');
  });
});
