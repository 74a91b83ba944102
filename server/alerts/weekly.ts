import { and, eq, inArray, or } from 'drizzle-orm';
import { offsetMinutes } from '../../shared/calendar';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { alertDeliveries, alertOptOuts } from '../db/schema-alerts';
import { lastWeekEnding, weeklyReport } from '../domain/report';

// The weekly sync report by e-mail: every Monday from 09:00 in each recipient's own time zone,
// to the managers and RevOps, for the ISO week that just ended — once per person and week
// (the delivery's key), whatever the number of passes or instances.

const SEND_FROM_HOUR = 9;

/** Monday, at or after 09:00, in `timeZone`. */
function mondayMorningIn(now: Date, timeZone: string): boolean {
  const local = new Date(now.getTime() + offsetMinutes(now.getTime(), timeZone) * 60_000);
  return local.getUTCDay() === 1 && local.getUTCHours() >= SEND_FROM_HOUR;
}

/** Queues this week's report for those whose Monday morning it is and who have not had it; returns how many. */
export async function planWeeklyReports(database: Database, now: Date): Promise<number> {
  const { db } = database;
  const weekEnding = lastWeekEnding(now);
  const lastDay = new Date(weekEnding.getTime() - 86_400_000).toISOString().slice(0, 10);
  const readers = (await db.select().from(users).where(or(eq(users.role, 'manager'), eq(users.team, 'revops')))).filter((u) => mondayMorningIn(now, u.timeZone));
  if (readers.length === 0) return 0;
  const keyOf = (id: string) => `email:weekly_report:${lastDay}:${id}`;
  const had = new Set((await db.select({ key: alertDeliveries.key }).from(alertDeliveries).where(inArray(alertDeliveries.key, readers.map((u) => keyOf(u.id))))).map((d) => d.key));
  const outs = new Set(
    (await db.select({ userId: alertOptOuts.userId }).from(alertOptOuts).where(and(eq(alertOptOuts.alert, 'weekly_report'), eq(alertOptOuts.channel, 'email')))).map((o) => o.userId),
  );
  const due = readers.filter((u) => !had.has(keyOf(u.id)) && !outs.has(u.id));
  if (due.length === 0) return 0;
  const body = await weeklyReport(database, { weekEnding, now });
  const nowIso = now.toISOString();
  await db
    .insert(alertDeliveries)
    .values(
      due.map((u) => ({
        key: keyOf(u.id),
        notificationId: `weekly_report:${lastDay}`,
        channel: 'email' as const,
        recipientId: u.id,
        address: u.email,
        subject: `Handshake weekly sync: the week to ${lastDay}`,
        body,
        link: null,
        nextAttemptAt: nowIso,
        createdAt: nowIso,
      })),
    )
    .onConflictDoNothing();
  return due.length;
}
