import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordUrl, type TCrmSettings } from '../../shared/record-links';
import type { Database } from '../db/client';
import { handovers, leads, notifications, users } from '../db/schema';
import { alertDeliveries, alertOptOuts, alertQueue } from '../db/schema-alerts';
import { calendarOf } from '../domain/users';
import { planDeliveries, type TAlertPerson } from './plan';
import { teamsWithChannels } from './team-channels';

// From the notifications the app recorded (alert_queue, kept by a trigger) to deliveries: each
// read with its handover, lead and people, planned (plan.ts), and inserted with its unique
// key in one batch with the queue rows' deletion — planned twice, by two instances or after a
// crash, a delivery still exists once.

/** Notifications planned per batch. */
const CHUNK = 200;

export interface TPlanSettings {
  /** Where the lead's record opens (the team's CRM). */
  crm: TCrmSettings;
  /** The organisation's chat channel is configured (teams may have their own: team-channels.ts). */
  chatDefault: boolean;
  /** A mail server is configured. */
  email: boolean;
}

async function peopleOf(database: Database, ids: readonly string[], now: Date): Promise<Map<string, TAlertPerson>> {
  const { db } = database;
  const rows = ids.length === 0 ? [] : await db.select().from(users).where(inArray(users.id, [...ids]));
  const outs = ids.length === 0 ? [] : await db.select().from(alertOptOuts).where(inArray(alertOptOuts.userId, [...ids]));
  return new Map(
    rows.map((user) => [
      user.id,
      {
        id: user.id,
        name: user.name,
        email: user.email,
        calendar: calendarOf(user, now),
        optedOut: new Set(outs.filter((o) => o.userId === user.id).map((o) => `${o.alert}:${o.channel}` as const)),
      },
    ]),
  );
}

/** Plans what is queued into deliveries; returns how many deliveries were made. */
export async function planQueuedAlerts(database: Database, settings: TPlanSettings, now: Date): Promise<number> {
  const { db } = database;
  let made = 0;
  for (;;) {
    const queued = await db
      .select({ notification: notifications, handover: handovers, lead: leads, managerId: users.managerId })
      .from(alertQueue)
      .innerJoin(notifications, eq(notifications.id, alertQueue.notificationId))
      .innerJoin(handovers, eq(handovers.id, notifications.handoverId))
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .leftJoin(users, eq(users.id, handovers.originalOwnerId))
      .limit(CHUNK);
    const orphans = await db.select({ id: alertQueue.notificationId }).from(alertQueue).where(sql`NOT EXISTS (SELECT 1 FROM ${notifications} WHERE ${notifications.id} = ${alertQueue.notificationId})`);
    if (queued.length === 0 && orphans.length === 0) return made;

    const ids = new Set<string>();
    for (const { notification, handover, managerId } of queued) for (const id of [notification.userId, handover.ownerId, handover.originalOwnerId, managerId]) if (id) ids.add(id);
    const people = await peopleOf(database, [...ids], now);
    const breaches = await db
      .select({ handoverId: notifications.handoverId, at: notifications.at })
      .from(notifications)
      .where(and(eq(notifications.kind, 'sla_breach'), inArray(notifications.handoverId, [...new Set(queued.map((q) => q.handover.id))])));

    const teams = await teamsWithChannels(database);
    const channelOf = (managerId: string | null) => (managerId && teams.has(managerId) ? `team:${managerId}` : settings.chatDefault ? 'team' : null);
    const rows: (typeof alertDeliveries.$inferInsert)[] = [];
    for (const { notification, handover, lead, managerId } of queued) {
      const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;
      const planned = planDeliveries(
        {
          notification,
          handover,
          lead: { name },
          people,
          managerId,
          breachAlongside: breaches.some((b) => b.handoverId === handover.id && b.at === notification.at),
          link: recordUrl({ ...settings.crm, demo: false }, lead),
          chat: channelOf(managerId),
          email: settings.email,
        },
        now,
      );
      for (const p of planned) {
        rows.push({ key: p.key, notificationId: notification.id, channel: p.channel, recipientId: p.recipientId, address: p.address, subject: p.subject, body: p.body, link: p.link, nextAttemptAt: p.notBefore.toISOString(), createdAt: now.toISOString() });
      }
    }
    const done = [...queued.map((q) => q.notification.id), ...orphans.map((o) => o.id)];
    const dequeue = db.delete(alertQueue).where(inArray(alertQueue.notificationId, done));
    if (rows.length > 0) await db.batch([db.insert(alertDeliveries).values(rows).onConflictDoNothing(), dequeue]);
    else await dequeue;
    made += rows.length;
    if (queued.length < CHUNK) return made;
  }
}
