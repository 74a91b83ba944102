import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { recordUrl, type TRecordLinkSettings } from '../../shared/record-links';
import { slaStatus, type TSlaState } from '../../shared/sla';
import type { Database } from '../db/client';
import { accounts, handovers, leads, notifications, users } from '../db/schema';
import { calendarOf, type TUser } from './users';

export interface TQueueItem {
  handoverId: string;
  leadId: string;
  email: string;
  name: string;
  title: string | null;
  company: string | null;
  stage: string;
  intent: string | null;
  tier: string;
  startedAt: string;
  deadline: string;
  state: TSlaState;
  paused: boolean;
  remainingMs: number;
  touched: boolean;
  /** Opens the lead in the team's CRM; relative to the server on a demo server. */
  recordUrl: string | null;
}

/** The caller's open handovers, soonest deadline first, with each SLA read at `now`. */
export async function myQueue(database: Database, caller: TUser, now: Date, recordLinks: TRecordLinkSettings): Promise<TQueueItem[]> {
  const rows = await database.db
    .select({ handover: handovers, lead: leads, companyName: accounts.name, slaOwner: users })
    .from(handovers)
    .innerJoin(leads, eq(handovers.leadId, leads.id))
    .innerJoin(users, eq(handovers.originalOwnerId, users.id))
    .leftJoin(accounts, eq(leads.accountId, accounts.id))
    .where(and(eq(handovers.ownerId, caller.id), eq(handovers.state, 'open')))
    .orderBy(asc(handovers.deadline));
  return rows.map(({ handover, lead, companyName, slaOwner }) => {
    const status = slaStatus({
      clock: { start: new Date(handover.startedAt), warnAt: new Date(handover.warnAt), deadline: new Date(handover.deadline) },
      calendar: calendarOf(slaOwner),
      now,
      firstTouchAt: handover.firstTouchAt ? new Date(handover.firstTouchAt) : null,
    });
    return {
      handoverId: handover.id,
      leadId: lead.id,
      email: lead.email,
      name: [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email,
      title: lead.title,
      company: companyName ?? ((lead.company as { name?: string } | null)?.name ?? null),
      stage: lead.stage,
      intent: lead.intentLevel,
      tier: handover.tier,
      startedAt: handover.startedAt,
      deadline: handover.deadline,
      state: status.state,
      paused: status.paused,
      remainingMs: status.remainingMs,
      touched: handover.firstTouchAt !== null,
      recordUrl: recordUrl(recordLinks, lead),
    };
  });
}

export type TNotification = typeof notifications.$inferSelect;

/** The caller's SLA warnings, breaches and reassignments, newest first. */
export async function myNotifications(database: Database, caller: TUser, options: { unreadOnly: boolean; limit: number }) {
  return database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, caller.id), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.at))
    .limit(options.limit);
}

export async function markNotificationsRead(database: Database, caller: TUser, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await database.db
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(and(inArray(notifications.id, [...ids]), eq(notifications.userId, caller.id), isNull(notifications.readAt)));
  return result.rowsAffected;
}
