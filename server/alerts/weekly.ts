import { and, eq, inArray, or } from 'drizzle-orm';
import { offsetMinutes } from '../../shared/calendar';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { alertDeliveries, alertOptOuts } from '../db/schema-alerts';
import { lastWeekEnding, weeklyReport } from '../domain/report';

// The weekly sync report by e-mail: every Monday from 09:00 in each recipient's own time zone,
// to the managers and RevOps, for the week that just ended on their calendar — once per person
// and week (the delivery's key), whatever the number of passes or instances.

const SEND_FROM_HOUR = 9;

/** `now` as the wall clock reads in `timeZone`, in a Date's UTC fields. */
const wallClock = (now: Date, timeZone: string) => new Date(now.getTime() + offsetMinutes(now.getTime(), timeZone) * 60_000);

/** Monday, at or after 09:00, in `timeZone`. */
function mondayMorningIn(now: Date, timeZone: string): boolean {
  const local = wallClock(now, timeZone);
  return local.getUTCDay() === 1 && local.getUTCHours() >= SEND_FROM_HOUR;
}

/**
 * Queues the report of the week that just ended on each recipient's own calendar (Monday to
 * Sunday as their dates read, so one Monday morning is one week wherever UTC's Monday falls)
 * for those whose Monday morning it is and who have not had it; returns how many.
 */
export async function planWeeklyReports(database: Database, now: Date): Promise<number> {
  const { db } = database;
  const readers = (await db.select().from(users).where(or(eq(users.role, 'manager'), eq(users.team, 'revops')))).filter((u) => mondayMorningIn(now, u.timeZone));
  if (readers.length === 0) return 0;
  const weekOf = (u: (typeof readers)[number]) => {
    const weekEnding = lastWeekEnding(wallClock(now, u.timeZone));
    return { weekEnding, lastDay: new Date(weekEnding.getTime() - 86_400_000).toISOString().slice(0, 10) };
  };
  const keyOf = (u: (typeof readers)[number]) => `email:weekly_report:${weekOf(u).lastDay}:${u.id}`;
  const had = new Set((await db.select({ key: alertDeliveries.key }).from(alertDeliveries).where(inArray(alertDeliveries.key, readers.map(keyOf)))).map((d) => d.key));
  const outs = new Set(
    (await db.select({ userId: alertOptOuts.userId }).from(alertOptOuts).where(and(eq(alertOptOuts.alert, 'weekly_report'), eq(alertOptOuts.channel, 'email')))).map((o) => o.userId),
  );
  const due = readers.filter((u) => !had.has(keyOf(u)) && !outs.has(u.id));
  if (due.length === 0) return 0;
  // One report per week asked for, whatever the number of recipients.
  const bodies = new Map<string, Promise<string>>();
  const bodyOf = ({ weekEnding, lastDay }: ReturnType<typeof weekOf>) => {
    if (!bodies.has(lastDay)) bodies.set(lastDay, weeklyReport(database, { weekEnding, now }));
    return bodies.get(lastDay)!;
  };
  const nowIso = now.toISOString();
  const rows = [];
  for (const u of due) {
    const week = weekOf(u);
    rows.push({
      key: keyOf(u),
      notificationId: `weekly_report:${week.lastDay}`,
      channel: 'email' as const,
      recipientId: u.id,
      address: u.email,
      subject: `Handshake weekly sync: the week to ${week.lastDay}`,
      body: await bodyOf(week),
      link: null,
      nextAttemptAt: nowIso,
      createdAt: nowIso,
    });
  }
  await db.insert(alertDeliveries).values(rows).onConflictDoNothing();
  return due.length;
}
