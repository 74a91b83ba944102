import { randomUUID } from 'node:crypto';
import { decisions, handovers } from '../../server/db/schema';
import { eq } from 'drizzle-orm';
import { insertHandover, insertLead, PARIS_REP } from './fixtures';
import type { TestServer } from './server';

// Two managers' teams and an admin, for the tests of what a manager may see and do on whose
// handovers: Mo manages Ana and Ben, Nina manages Cleo.

export type TUserHandle = Awaited<ReturnType<TestServer['user']>>;

export interface TTeams {
  admin: TUserHandle;
  mo: TUserHandle;
  nina: TUserHandle;
  ana: TUserHandle;
  ben: TUserHandle;
  cleo: TUserHandle;
}

export async function twoTeams(server: TestServer): Promise<TTeams> {
  const admin = await server.user({ email: 'root@example.com', name: 'Sam Root', role: 'admin', timeZone: 'Europe/Paris' });
  const mo = await server.user({ ...PARIS_REP, role: 'manager', email: 'mo@example.com', name: 'Mo Keller' });
  const nina = await server.user({ ...PARIS_REP, role: 'manager', email: 'nina@example.com', name: 'Nina Berg' });
  const ana = await server.user({ ...PARIS_REP, email: 'ana@example.com', name: 'Ana Silva', managerEmail: 'mo@example.com' });
  const ben = await server.user({ ...PARIS_REP, email: 'ben@example.com', name: 'Ben Okafor', managerEmail: 'mo@example.com' });
  const cleo = await server.user({ ...PARIS_REP, email: 'cleo@example.com', name: 'Cleo Park', managerEmail: 'nina@example.com' });
  return { admin, mo, nina, ana, ben, cleo };
}

export interface THandoverSpec {
  email: string;
  firstName?: string;
  lastName?: string;
  owner: TUserHandle;
  /** The original owner, when someone else holds it now. */
  originalOwner?: TUserHandle;
  startedAt: string;
  deadline: string;
  firstTouchAt?: string;
  firstTouchBusinessMs?: number;
  decision?: { kind: 'accepted' | 'rejected'; by: TUserHandle; at: string; reasonId?: string; note?: string; withoutContact?: boolean; charterVersion?: number };
}

/** A lead with one handover, written straight to the tables, decided when the spec says so. */
export async function handOver(server: TestServer, spec: THandoverSpec): Promise<{ leadId: string; handoverId: string }> {
  const { database } = server;
  const leadId = await insertLead(database, { email: spec.email, firstName: spec.firstName, lastName: spec.lastName, ownerId: spec.owner.id, stage: 'sql' });
  const handoverId = await insertHandover(database, {
    leadId,
    ownerId: spec.owner.id,
    originalOwnerId: (spec.originalOwner ?? spec.owner).id,
    startedAt: spec.startedAt,
    warnAt: spec.deadline,
    deadline: spec.deadline,
    firstTouchAt: spec.firstTouchAt,
    firstTouchBusinessMs: spec.firstTouchBusinessMs,
  });
  const d = spec.decision;
  if (d) {
    await database.db.insert(decisions).values({
      id: randomUUID(),
      handoverId,
      leadId,
      kind: d.kind,
      reasonId: d.reasonId ?? null,
      note: d.note ?? null,
      decidedById: d.by.id,
      withoutContact: d.withoutContact ?? false,
      charterVersion: d.charterVersion ?? 1,
      idempotencyKey: randomUUID(),
      decidedAt: d.at,
    });
    await database.db.update(handovers).set({ state: d.kind, closedAt: d.at }).where(eq(handovers.id, handoverId));
  }
  return { leadId, handoverId };
}

