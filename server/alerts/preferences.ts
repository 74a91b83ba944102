import { and, eq, inArray } from 'drizzle-orm';
import { ALERT_KINDS, DESKTOP_ALERT_KINDS, type TAlertKind, type TDesktopAlertKind } from '../../shared/alert-kinds';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { alertOptOuts } from '../db/schema-alerts';
import { auditInsert, type TActor } from '../domain/audit';
import { invalid } from '../errors';

// What each person gets by e-mail and as desktop notifications: every kind unless they chose
// otherwise (the chat channel is the team's, not a person's). Kept as what they opted out of,
// so a kind added later reaches everyone until they say no.

export interface TAlertChoices {
  email: TAlertKind[];
  desktop: TDesktopAlertKind[];
}

/** `all`, `none`, or kinds separated by commas among `kinds`, for the field `field`. */
export function parseAlertKinds<K extends string>(text: string, field: string, kinds: readonly K[]): K[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'all') return [...kinds];
  if (trimmed === 'none') return [];
  const given = trimmed.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = given.filter((k) => !(kinds as readonly string[]).includes(k));
  if (unknown.length > 0 || given.length === 0) throw invalid(field, `expected all, none, or some of ${kinds.join(', ')} separated by commas${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
  return [...new Set(given)] as K[];
}

async function userByEmail(database: Database, email: string) {
  const user = await database.db.query.users.findFirst({ where: eq(users.email, email.trim().toLowerCase()) });
  if (!user) throw invalid('email', `no user with the e-mail ${email}`);
  return user;
}

function choicesFrom(outs: readonly { alert: string; channel: string }[]): TAlertChoices {
  const out = (channel: string, kind: string) => outs.some((o) => o.channel === channel && o.alert === kind);
  return { email: ALERT_KINDS.filter((kind) => !out('email', kind)), desktop: DESKTOP_ALERT_KINDS.filter((kind) => !out('desktop', kind)) };
}

/** What `email`'s user gets, by channel. */
export async function alertChoicesOf(database: Database, email: string): Promise<{ name: string; email: string } & { choices: TAlertChoices }> {
  const user = await userByEmail(database, email);
  const outs = await database.db.select().from(alertOptOuts).where(eq(alertOptOuts.userId, user.id));
  return { name: user.name, email: user.email, choices: choicesFrom(outs) };
}

/** Each user's choices, by their e-mail address. */
export async function alertChoicesByUser(database: Database): Promise<Map<string, TAlertChoices>> {
  const everyone = await database.db.select({ id: users.id, email: users.email }).from(users);
  const outs = await database.db.select().from(alertOptOuts);
  return new Map(everyone.map((u) => [u.email, choicesFrom(outs.filter((o) => o.userId === u.id))]));
}

/** Sets what `email`'s user gets on the channels given (the others stay), in one batch; audited. */
export async function setAlertChoices(database: Database, email: string, choices: Partial<TAlertChoices>, actor: TActor, now: Date): Promise<void> {
  const user = await userByEmail(database, email);
  const { db } = database;
  const given = (Object.keys(choices) as (keyof TAlertChoices)[]).filter((channel) => choices[channel] !== undefined);
  if (given.length === 0) return;
  const outs = given.flatMap((channel) => {
    const all: readonly TAlertKind[] = channel === 'email' ? ALERT_KINDS : DESKTOP_ALERT_KINDS;
    const wanted = choices[channel] as readonly TAlertKind[];
    return all.filter((kind) => !wanted.includes(kind)).map((alert) => ({ userId: user.id, alert, channel }));
  });
  await db.batch([
    db.delete(alertOptOuts).where(and(eq(alertOptOuts.userId, user.id), inArray(alertOptOuts.channel, given))),
    ...(outs.length > 0 ? [db.insert(alertOptOuts).values(outs).onConflictDoNothing()] : []),
    auditInsert(db, { at: now, actor, action: 'user.alerts', entity: 'user', entityId: user.id, details: Object.fromEntries(given.map((channel) => [channel, [...(choices[channel] ?? [])]])) }),
  ]);
}
