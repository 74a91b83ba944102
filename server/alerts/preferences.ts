import { and, eq, notInArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { ALERT_KINDS, alertOptOuts, type TAlertKind } from '../db/schema-alerts';
import { auditInsert, type TActor } from '../domain/audit';
import { invalid } from '../errors';

// What each person gets by e-mail: every kind of alert unless they chose otherwise (the chat
// channel is the team's, not a person's). Kept as what they opted out of, so a kind added
// later reaches everyone until they say no.

/** `all`, `none`, or kinds separated by commas, for the field `field`. */
export function parseAlertKinds(text: string, field: string): TAlertKind[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'all') return [...ALERT_KINDS];
  if (trimmed === 'none') return [];
  const kinds = trimmed.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(ALERT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0 || kinds.length === 0) throw invalid(field, `expected all, none, or some of ${ALERT_KINDS.join(', ')} separated by commas${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
  return [...new Set(kinds)] as TAlertKind[];
}

async function userByEmail(database: Database, email: string) {
  const user = await database.db.query.users.findFirst({ where: eq(users.email, email.trim().toLowerCase()) });
  if (!user) throw invalid('email', `no user with the e-mail ${email}`);
  return user;
}

/** The kinds of alert `email`'s user gets by e-mail. */
export async function emailAlertsOf(database: Database, email: string): Promise<{ name: string; email: string; kinds: TAlertKind[] }> {
  const user = await userByEmail(database, email);
  const outs = await database.db.select().from(alertOptOuts).where(and(eq(alertOptOuts.userId, user.id), eq(alertOptOuts.channel, 'email')));
  return { name: user.name, email: user.email, kinds: ALERT_KINDS.filter((kind) => !outs.some((o) => o.alert === kind)) };
}

/** Makes `kinds` the alerts `email`'s user gets by e-mail; audited. */
export async function setEmailAlerts(database: Database, email: string, kinds: readonly TAlertKind[], actor: TActor, now: Date): Promise<void> {
  const user = await userByEmail(database, email);
  const { db } = database;
  const out = ALERT_KINDS.filter((kind) => !kinds.includes(kind));
  await db.batch([
    db.delete(alertOptOuts).where(and(eq(alertOptOuts.userId, user.id), eq(alertOptOuts.channel, 'email'), out.length > 0 ? notInArray(alertOptOuts.alert, out) : undefined)),
    ...(out.length > 0 ? [db.insert(alertOptOuts).values(out.map((alert) => ({ userId: user.id, alert, channel: 'email' as const }))).onConflictDoNothing()] : []),
    auditInsert(db, { at: now, actor, action: 'user.alerts', entity: 'user', entityId: user.id, details: { email: [...kinds] } }),
  ]);
}

/** What each user gets by e-mail, by their e-mail address. */
export async function emailAlertsByUser(database: Database): Promise<Map<string, TAlertKind[]>> {
  const everyone = await database.db.select({ id: users.id, email: users.email }).from(users);
  const outs = await database.db.select().from(alertOptOuts).where(eq(alertOptOuts.channel, 'email'));
  return new Map(everyone.map((u) => [u.email, ALERT_KINDS.filter((kind) => !outs.some((o) => o.userId === u.id && o.alert === kind))]));
}
