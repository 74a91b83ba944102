import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { recordUrl, type TRecordLinkSettings } from '../../shared/record-links';
import { ownersNextBusinessInstant } from '../../shared/owner-clock';
import { slaStatus, type TSlaState } from '../../shared/sla';
import type { Database } from '../db/client';
import { accounts, alertOptOuts, handovers, leads, notifications, users } from '../db/schema';
import { ownerHistories, slaCalendars } from './handover-owners';
import { handoverIsLive } from './history';
import { repScopeFor } from './stats';
import type { TUser } from './users';

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
  /** When a paused countdown runs again (the start of the next working hours); null when running. */
  resumesAt: string | null;
  remainingMs: number;
  touched: boolean;
  /** Who holds it now (after an escalation, the backup). */
  owner: { id: string; name: string };
  /** Opens the lead in the team's CRM; relative to the server on a demo server. */
  recordUrl: string | null;
}

const holder = alias(users, 'holder');

/**
 * Open handovers matching `where`, soonest deadline first, each SLA read at `now` in the
 * hours of whoever held it (the first owner's, then each new owner's from the reassignment on). Imported history (`isHistory`) is left out: no one can act on it in time.
 */
async function openHandovers(database: Database, where: SQL | undefined, now: Date, recordLinks: TRecordLinkSettings): Promise<TQueueItem[]> {
  const rows = await database.db
    .select({ handover: handovers, lead: leads, companyName: accounts.name, holder: { id: holder.id, name: holder.name } })
    .from(handovers)
    .innerJoin(leads, eq(handovers.leadId, leads.id))
    .innerJoin(holder, eq(handovers.ownerId, holder.id))
    .leftJoin(accounts, eq(leads.accountId, accounts.id))
    .where(and(eq(handovers.state, 'open'), handoverIsLive, where))
    .orderBy(asc(handovers.deadline), asc(handovers.id));
  const owners = await ownerHistories(database, rows.map((row) => row.handover));
  return rows.map(({ handover, lead, companyName, holder: owner }) => {
    const { calendar, reassignments } = slaCalendars(owners.get(handover.id)!, now);
    const status = slaStatus({
      clock: { start: new Date(handover.startedAt), warnAt: new Date(handover.warnAt), deadline: new Date(handover.deadline) },
      calendar,
      reassignments,
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
      resumesAt: status.paused ? ownersNextBusinessInstant(now, calendar, reassignments).toISOString() : null,
      remainingMs: status.remainingMs,
      touched: handover.firstTouchAt !== null,
      owner,
      recordUrl: recordUrl(recordLinks, lead),
    };
  });
}

/** The caller's open handovers, soonest deadline first, with each SLA read at `now`. */
export function myQueue(database: Database, caller: TUser, now: Date, recordLinks: TRecordLinkSettings): Promise<TQueueItem[]> {
  return openHandovers(database, eq(handovers.ownerId, caller.id), now, recordLinks);
}

/**
 * The open handovers of the caller's team (as the team stats see it: their direct reports,
 * or everyone for an admin or a manager without reports), soonest deadline first — the
 * overdue on top, for a manager to chase.
 */
export async function teamQueue(database: Database, caller: TUser, now: Date, recordLinks: TRecordLinkSettings): Promise<TQueueItem[]> {
  const scope = await repScopeFor(database, caller);
  const where = scope.kind === 'all' ? undefined : inArray(handovers.ownerId, scope.people.map((p) => p.id));
  return openHandovers(database, where, now, recordLinks);
}

export type TNotification = typeof notifications.$inferSelect;

/** The caller's SLA warnings, breaches and reassignments, newest first; `desktop`: whether they want it shown as a desktop notification. */
export async function myNotifications(database: Database, caller: TUser, options: { unreadOnly: boolean; limit: number }) {
  return database.db
    .select({
      ...getTableColumns(notifications),
      desktop: sql<boolean>`NOT EXISTS (SELECT 1 FROM ${alertOptOuts} WHERE ${alertOptOuts.userId} = ${notifications.userId} AND ${alertOptOuts.alert} = ${notifications.kind} AND ${alertOptOuts.channel} = 'desktop')`.mapWith(Boolean),
    })
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
