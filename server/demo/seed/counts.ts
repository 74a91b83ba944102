import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { slaStatus, type TSlaState } from '../../../shared/sla';
import type { Database } from '../../db/client';
import { decisions, events as eventRows, handovers, leads as leadRows, touches, users } from '../../db/schema';
import { calendarOf } from '../../domain/users';

export interface TSeedCounts {
  users: number;
  reps: number;
  timeZones: number;
  leads: number;
  events: number;
  sources: number;
  campaigns: number;
  mqls: number;
  sqls: number;
  handovers: number;
  openHandovers: Record<'on_track' | 'warning' | 'breached', number>;
  escalated: number;
  touches: number;
  accepted: number;
  rejected: number;
  rejectedWithoutContact: number;
  opportunities: number;
  won: number;
  lost: number;
}

/** What the seed left in the database, read back from it. */
export async function countSeeded(database: Database, now: Date): Promise<TSeedCounts> {
  const { db } = database;
  const one = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const userRows = await db.select({ role: users.role, timeZone: users.timeZone }).from(users);
  const reps = userRows.filter((u) => u.role === 'rep');
  const open = await db
    .select({ handover: handovers, owner: users })
    .from(handovers)
    .innerJoin(users, eq(handovers.originalOwnerId, users.id))
    .where(eq(handovers.state, 'open'));
  const openStates: Record<'on_track' | 'warning' | 'breached', number> = { on_track: 0, warning: 0, breached: 0 };
  for (const { handover, owner } of open) {
    const state: TSlaState = slaStatus({
      clock: { start: new Date(handover.startedAt), warnAt: new Date(handover.warnAt), deadline: new Date(handover.deadline) },
      calendar: calendarOf(owner),
      now,
      firstTouchAt: handover.firstTouchAt ? new Date(handover.firstTouchAt) : null,
    }).state;
    if (state === 'on_track' || state === 'warning' || state === 'breached') openStates[state] += 1;
  }
  const distinct = async (column: typeof leadRows.source | typeof leadRows.campaign) =>
    one(db.select({ n: sql<number>`count(distinct ${column})` }).from(leadRows).where(isNotNull(column)));
  return {
    users: userRows.length,
    reps: reps.length,
    timeZones: new Set(reps.map((r) => r.timeZone)).size,
    leads: await one(db.select({ n: count() }).from(leadRows)),
    events: await one(db.select({ n: count() }).from(eventRows)),
    sources: await distinct(leadRows.source),
    campaigns: await distinct(leadRows.campaign),
    mqls: await one(db.select({ n: count() }).from(leadRows).where(sql`${leadRows.mqlAt} is not null or ${leadRows.sqlAt} is not null`)),
    sqls: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.sqlAt))),
    handovers: await one(db.select({ n: count() }).from(handovers)),
    openHandovers: openStates,
    escalated: await one(db.select({ n: count() }).from(handovers).where(isNotNull(handovers.escalatedAt))),
    touches: await one(db.select({ n: count() }).from(touches)),
    accepted: await one(db.select({ n: count() }).from(decisions).where(eq(decisions.kind, 'accepted'))),
    rejected: await one(db.select({ n: count() }).from(decisions).where(eq(decisions.kind, 'rejected'))),
    rejectedWithoutContact: await one(db.select({ n: count() }).from(decisions).where(and(eq(decisions.kind, 'rejected'), eq(decisions.withoutContact, true)))),
    opportunities: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.opportunityAt))),
    won: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.wonAt))),
    lost: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.lostAt))),
  };
}
