import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { TCharter } from '../../shared/charter';
import type { TIntentLevel } from '../../shared/levels';
import { slaClock, slaTierFor, type TSlaTierChoice } from '../../shared/sla';
import type { TDb } from '../db/client';
import { handovers, leads, users } from '../db/schema';
import { auditInsert, type TActor } from './audit';
import { calendarOf, type TUser } from './users';

/**
 * Who gets the next handovers: reps taking new leads, least recently assigned first (never
 * assigned: by e-mail). The order comes from the handovers table, so a restart keeps the
 * rotation.
 */
export class RoundRobin {
  private constructor(private readonly queue: TUser[]) {}

  static async load(db: TDb): Promise<RoundRobin> {
    const reps = await db.select().from(users).where(and(eq(users.role, 'rep'), eq(users.available, true))).orderBy(asc(users.email));
    // rowid is the order handovers were written in: unlike a timestamp, it never ties.
    const last = await db
      .select({ ownerId: handovers.originalOwnerId, sequence: sql<number>`max(${handovers}.rowid)` })
      .from(handovers)
      .groupBy(handovers.originalOwnerId);
    const lastSequence = new Map(last.map((row) => [row.ownerId, row.sequence]));
    reps.sort((a, b) => (lastSequence.get(a.id) ?? 0) - (lastSequence.get(b.id) ?? 0) || a.email.localeCompare(b.email));
    return new RoundRobin(reps);
  }

  /** The next rep, who then goes to the back of the line; undefined when there are no reps. */
  next(): TUser | undefined {
    const rep = this.queue.shift();
    if (rep) this.queue.push(rep);
    return rep;
  }
}

/** SLA tier at handover. An SQL always gets at least the medium tier: it was judged sales-ready. */
export function handoverTier(intent: TIntentLevel, stage: 'mql' | 'sql', charter: TCharter): TSlaTierChoice {
  const tier = slaTierFor(intent, charter.sla);
  return stage === 'sql' && tier.tier === 'low' ? slaTierFor('medium', charter.sla) : tier;
}

export interface THandoverPlan {
  leadId: string;
  owner: TUser;
  stage: 'mql' | 'sql';
  startedAt: Date;
  intent: TIntentLevel;
}

/** The queries that open a handover: to run in the caller's batch. */
export function openHandoverQueries(db: TDb, plan: THandoverPlan, charter: TCharter, actor: TActor, now: Date) {
  const { tier, businessHours } = handoverTier(plan.intent, plan.stage, charter);
  const clock = slaClock({ start: plan.startedAt, businessHours, calendar: calendarOf(plan.owner), warnAtFraction: charter.sla.warnAtFraction });
  const id = randomUUID();
  return [
    db.insert(handovers).values({
      id,
      leadId: plan.leadId,
      ownerId: plan.owner.id,
      originalOwnerId: plan.owner.id,
      stage: plan.stage,
      startedAt: clock.start.toISOString(),
      tier,
      businessHours,
      warnAt: clock.warnAt.toISOString(),
      deadline: clock.deadline.toISOString(),
      charterVersion: charter.version,
      createdAt: now.toISOString(),
    }),
    db.update(leads).set({ ownerId: plan.owner.id, status: 'active', updatedAt: now.toISOString() }).where(eq(leads.id, plan.leadId)),
    auditInsert(db, {
      at: now,
      actor,
      action: 'handover.open',
      entity: 'lead',
      entityId: plan.leadId,
      details: { handoverId: id, ownerId: plan.owner.id, tier, deadline: clock.deadline.toISOString(), startedAt: clock.start.toISOString() },
    }),
  ] as const;
}

/** Users who may own handovers, by id. */
export async function ownersById(db: TDb, ids: readonly string[]): Promise<Map<string, TUser>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(users).where(inArray(users.id, [...ids]));
  return new Map(rows.filter((u) => u.role !== 'admin').map((u) => [u.id, u]));
}
