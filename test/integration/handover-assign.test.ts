import { TRPCClientError } from '@trpc/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, handovers } from '../../server/db/schema';
import type { AppRouter } from '../../server/routers';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { ZPacket } from '../../shared/packet';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris. An MQL's tier for low intent: 16 business hours,
// Monday 10:00 → Wednesday 10:00 in Paris (09:00Z).
const NOW = new Date('2026-11-23T09:00:00Z');
const MQL_DEADLINE = '2026-11-25T09:00:00.000Z';

type TCaller = Awaited<ReturnType<TestServer['user']>>;

/** 'ok', or the tRPC error code and the field it names. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = (error as TRPCClientError<AppRouter>).data!;
    return data.field ? `${data.code} ${data.field}` : data.code;
  }
}

describe('handover.assign and handover.claim: an MQL handed over from the sidebar', () => {
  let server: TestServer;
  let mo: TCaller;
  let nina: TCaller;
  let ana: TCaller;
  let ben: TCaller;
  let cleo: TCaller;
  let admin: TCaller;
  let sequence = 0;

  async function mql(options: { ownerId?: string | null; stage?: 'lead' | 'mql' | 'sql' } = {}) {
    sequence += 1;
    const email = `mql.${sequence}@acme.com`;
    const leadId = await insertLead(server.database, { email, firstName: 'Lea', lastName: `Mql${sequence}`, ownerId: options.ownerId ?? null, stage: options.stage ?? 'mql', intentLevel: 'low' });
    return { leadId, email };
  }
  const key = () => `key-${crypto.randomUUID()}`;
  const may = async (caller: TCaller, email: string) => ZPacket.parse(await caller.api.packet.get.query({ email })).may;
  const openHandovers = (leadId: string) => server.database.db.select().from(handovers).where(and(eq(handovers.leadId, leadId), eq(handovers.state, 'open')));

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    mo = await server.user({ email: 'mo@example.com', name: 'Mo Keller', role: 'manager', team: 'sales', timeZone: 'Europe/Paris' });
    nina = await server.user({ email: 'nina@example.com', name: 'Nina Berg', role: 'manager', team: 'sales', timeZone: 'Europe/Paris' });
    ana = await server.user({ ...PARIS_REP, email: 'ana@example.com', name: 'Ana Silva', managerEmail: 'mo@example.com' });
    ben = await server.user({ ...PARIS_REP, email: 'ben@example.com', name: 'Ben Okafor', managerEmail: 'mo@example.com' });
    cleo = await server.user({ ...PARIS_REP, email: 'cleo@example.com', name: 'Cleo Park', managerEmail: 'nina@example.com' });
    admin = await server.user({ email: 'root@example.com', name: 'Sam Root', role: 'admin', timeZone: 'Europe/Paris' });
  });
  afterAll(() => server.close());

  it('lists whom the caller may hand a lead to: a manager, themselves and their reps; an admin, everyone who may hold one; a rep, refused', async () => {
    const names = (rows: { name: string }[]) => rows.map((row) => row.name);
    expect(names(await mo.api.team.reps.query())).toEqual(['Ana Silva', 'Ben Okafor', 'Mo Keller']);
    expect(names(await nina.api.team.reps.query())).toEqual(['Cleo Park', 'Nina Berg']);
    expect(names(await admin.api.team.reps.query())).toEqual(['Ana Silva', 'Ben Okafor', 'Cleo Park', 'Mo Keller', 'Nina Berg']);
    expect(await outcome(ana.api.team.reps.query())).toBe('FORBIDDEN');
  });

  it("lets a manager hand an MQL to a rep of theirs: a handover on the charter's MQL tier, in the rep's queue, notified and audited", async () => {
    const { leadId, email } = await mql();
    expect(await may(mo, email)).toMatchObject({ assign: true, claim: false });
    const idempotencyKey = key();
    const result = await mo.api.handover.assign.mutate({ leadId, repId: ana.id, idempotencyKey });
    expect(result).toMatchObject({ leadId, owner: { id: ana.id, name: 'Ana Silva' }, tier: 'low', deadline: MQL_DEADLINE, replayed: false });
    expect(await openHandovers(leadId)).toEqual([expect.objectContaining({ ownerId: ana.id, stage: 'mql', tier: 'low', businessHours: 16, startedAt: NOW.toISOString() })]);
    expect((await ana.api.queue.mine.query()).map((item) => item.email)).toContain(email);
    expect(await ana.api.notifications.mine.query()).toEqual([expect.objectContaining({ kind: 'reassigned', message: 'Lea Mql1 is yours: handed over by Mo Keller.' })]);
    const audit = await server.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'handover.assign'), eq(auditLog.entityId, leadId)));
    expect(audit).toEqual([expect.objectContaining({ actorKind: 'user', actorId: mo.id })]);
    // Now handed over: nobody may assign it again, and the rep may decide on it.
    expect(await may(mo, email)).toMatchObject({ assign: false, claim: false, decide: true });
    expect(await may(ana, email)).toMatchObject({ assign: false, claim: false, decide: true });

    // The same request again (an outbox retry) answers the same handover, and opens no other.
    expect(await mo.api.handover.assign.mutate({ leadId, repId: ana.id, idempotencyKey })).toMatchObject({ handoverId: result.handoverId, replayed: true });
    expect(await openHandovers(leadId)).toHaveLength(1);
    // A new request while it is open is a conflict.
    expect(await outcome(mo.api.handover.assign.mutate({ leadId, repId: ben.id, idempotencyKey: key() }))).toBe('CONFLICT');
    // The key of another request cannot be reused for this one.
    const other = await mql();
    expect(await outcome(mo.api.handover.assign.mutate({ leadId: other.leadId, repId: ana.id, idempotencyKey }))).toBe('CONFLICT');
  });

  it('refuses a rep, a manager assigning to another team, and an admin or an unknown user as the assignee', async () => {
    const { leadId, email } = await mql();
    expect(await may(ana, email)).toMatchObject({ assign: false, claim: false });
    expect(await outcome(ana.api.handover.assign.mutate({ leadId, repId: ana.id, idempotencyKey: key() }))).toBe('FORBIDDEN');
    expect(await may(nina, email)).toMatchObject({ assign: true });
    expect(await outcome(nina.api.handover.assign.mutate({ leadId, repId: ana.id, idempotencyKey: key() }))).toBe('FORBIDDEN');
    expect(await outcome(mo.api.handover.assign.mutate({ leadId, repId: admin.id, idempotencyKey: key() }))).toBe('BAD_REQUEST repId');
    expect(await outcome(mo.api.handover.assign.mutate({ leadId, repId: 'nobody', idempotencyKey: key() }))).toBe('BAD_REQUEST repId');
    // No rep named and no owner to default to.
    expect(await outcome(mo.api.handover.assign.mutate({ leadId, idempotencyKey: key() }))).toBe('BAD_REQUEST repId');
    expect(await outcome(mo.api.handover.assign.mutate({ leadId: 'no-such-lead', repId: ana.id, idempotencyKey: key() }))).toBe('NOT_FOUND');
    expect(await outcome(mo.api.handover.assign.mutate({ leadId, repId: ana.id, idempotencyKey: 'short' }))).toBe('BAD_REQUEST idempotencyKey');
    expect(await openHandovers(leadId)).toEqual([]);
    // Nina to her own rep; an admin to anyone.
    expect(await outcome(nina.api.handover.assign.mutate({ leadId, repId: cleo.id, idempotencyKey: key() }))).toBe('ok');
    const second = await mql();
    expect(await may(admin, second.email)).toMatchObject({ assign: true });
    expect(await outcome(admin.api.handover.assign.mutate({ leadId: second.leadId, repId: cleo.id, idempotencyKey: key() }))).toBe('ok');
  });

  it("defaults to the lead's owner, and refuses a lead that is not qualified or already handed over", async () => {
    const owned = await mql({ ownerId: ben.id });
    expect(await mo.api.handover.assign.mutate({ leadId: owned.leadId, idempotencyKey: key() })).toMatchObject({ owner: { id: ben.id } });
    const early = await mql({ stage: 'lead' });
    expect(await may(mo, early.email)).toMatchObject({ assign: false });
    expect(await outcome(mo.api.handover.assign.mutate({ leadId: early.leadId, repId: ana.id, idempotencyKey: key() }))).toBe('CONFLICT');
    const handed = await mql({ ownerId: ana.id });
    await insertHandover(server.database, { leadId: handed.leadId, ownerId: ana.id, startedAt: '2026-11-23T08:00:00.000Z', warnAt: '2026-11-23T11:00:00.000Z', deadline: '2026-11-23T12:00:00.000Z' });
    expect(await outcome(mo.api.handover.assign.mutate({ leadId: handed.leadId, repId: ben.id, idempotencyKey: key() }))).toBe('CONFLICT');
  });

  it('lets a rep claim an MQL only when the charter allows it, and only one that is theirs or nobody’s', async () => {
    const free = await mql();
    expect(await may(ana, free.email)).toMatchObject({ claim: false });
    expect(await outcome(ana.api.handover.claim.mutate({ leadId: free.leadId, idempotencyKey: key() }))).toBe('FORBIDDEN');

    // A charter that lets reps claim, signed by sales and marketing.
    const marketing = await server.user({ email: 'max@example.com', name: 'Max Marketing', role: 'manager', team: 'marketing', timeZone: 'Europe/Paris' });
    const { version } = await mo.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, handover: { repsMayClaim: true } } });
    await mo.api.charter.signOff.mutate({ version });
    await marketing.api.charter.signOff.mutate({ version });

    expect(await may(ana, free.email)).toMatchObject({ claim: true, assign: false });
    expect(await may(mo, free.email)).toMatchObject({ claim: false, assign: true });
    const idempotencyKey = key();
    const claimed = await ana.api.handover.claim.mutate({ leadId: free.leadId, idempotencyKey });
    expect(claimed).toMatchObject({ owner: { id: ana.id }, tier: 'low', deadline: MQL_DEADLINE, replayed: false });
    expect(await ana.api.handover.claim.mutate({ leadId: free.leadId, idempotencyKey })).toMatchObject({ handoverId: claimed.handoverId, replayed: true });
    // Claimed: hers now, so not Ben's to take; and not hers to open twice.
    expect(await outcome(ben.api.handover.claim.mutate({ leadId: free.leadId, idempotencyKey: key() }))).toBe('FORBIDDEN');
    expect(await outcome(ana.api.handover.claim.mutate({ leadId: free.leadId, idempotencyKey: key() }))).toBe('CONFLICT');
    // Her own claim is not a notification to herself.
    expect((await ana.api.notifications.mine.query()).filter((n) => n.handoverId === claimed.handoverId)).toEqual([]);

    const bens = await mql({ ownerId: ben.id });
    expect(await may(ana, bens.email)).toMatchObject({ claim: false });
    expect(await outcome(ana.api.handover.claim.mutate({ leadId: bens.leadId, idempotencyKey: key() }))).toBe('FORBIDDEN');
    // Managers assign; claiming is for reps.
    expect(await outcome(mo.api.handover.claim.mutate({ leadId: bens.leadId, idempotencyKey: key() }))).toBe('FORBIDDEN');
  });
});
