import { z } from 'zod';
import { ALERT_KINDS, DESKTOP_ALERT_KINDS, type TAlertKind, type TDesktopAlertKind } from '../../shared/alert-kinds';
import { alertChoicesByUser, alertChoicesOf, setAlertChoices } from '../alerts/preferences';
import { connectorStatuses, type TConnectorStatus } from '../connectors/status';
import type { Database } from '../db/client';
import { AppError, invalid } from '../errors';
import type { TActor } from './audit';
import { ZCapacity, ZOutOfOffice, ZTerritories, ZWeight } from './user-availability';
import { addIngestKey, addUser, assertRole, issueToken, listIngestKeys, listUsers, revokeIngestKey, revokeTokens, updateUser, ZNewUser, type TUser, type TUserListing } from './users';

// People, ingest keys and CRM connections for the workspace's admin pages: what the command
// line does (`user add|list|set`, `token issue|revoke`, `key add|list|revoke`, `connect status`),
// for an admin over tRPC.
// A manager may read their own team; every change is an admin's and is audited by the
// functions it calls. A token or key is shown once, in the answer that creates it.

const actorOf = (user: TUser): TActor => ({ kind: 'user', id: user.id });
const ZEmailInput = z.object({ email: z.string().trim().min(3).max(320) });

export const ZPersonChanges = ZEmailInput.extend({
  timeZone: z.string().trim().min(1).max(64).optional(),
  workingDays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  dayStart: z.string().trim().max(5).optional(),
  dayEnd: z.string().trim().max(5).optional(),
  holidayRegion: z.string().trim().max(20).nullable().optional(),
  managerEmail: z.string().trim().max(320).nullable().optional(),
  backupEmail: z.string().trim().max(320).nullable().optional(),
  available: z.boolean().optional(),
  outOfOffice: ZOutOfOffice.optional(),
  capacity: ZCapacity.optional(),
  weight: ZWeight.optional(),
  territories: ZTerritories.optional(),
});
export const ZPersonAlerts = ZEmailInput.extend({
  emailAlerts: z.array(z.enum(ALERT_KINDS)).max(ALERT_KINDS.length).optional(),
  desktopAlerts: z.array(z.enum(DESKTOP_ALERT_KINDS)).max(DESKTOP_ALERT_KINDS.length).optional(),
});
export const ZNewPerson = ZNewUser;
export const ZPersonEmail = ZEmailInput;
export const ZKeyName = z.object({ name: z.string().trim().min(1).max(100) });

/** A person as the people page shows them: the listing, and the alerts they get by e-mail and on the desktop. */
export type TPersonListing = TUserListing & { emailAlerts: TAlertKind[]; desktopAlerts: TDesktopAlertKind[] };

async function withAlerts(database: Database, listings: TUserListing[]): Promise<TPersonListing[]> {
  const alerts = await alertChoicesByUser(database);
  return listings.map((listing) => {
    const choices = alerts.get(listing.email);
    return { ...listing, emailAlerts: choices?.email ?? [...ALERT_KINDS], desktopAlerts: choices?.desktop ?? [...DESKTOP_ALERT_KINDS] };
  });
}

async function personListing(database: Database, email: string): Promise<TPersonListing> {
  const [listing] = await withAlerts(database, await listUsers(database, email));
  return listing!;
}

/** Everyone (an admin), or a manager's team and themselves; never a token. */
export async function listPeople(database: Database, caller: TUser): Promise<TPersonListing[]> {
  assertRole(caller, ['manager', 'admin']);
  const everyone = await listUsers(database);
  return withAlerts(database, caller.role === 'admin' ? everyone : everyone.filter((person) => person.email === caller.email || person.managerEmail === caller.email));
}

export async function changePerson(database: Database, caller: TUser, input: z.infer<typeof ZPersonChanges>, now: Date): Promise<TPersonListing> {
  assertRole(caller, ['admin']);
  const { email, ...changes } = input;
  const updated = await updateUser(database, email, changes, actorOf(caller), now);
  return personListing(database, updated.email);
}

/** What the caller gets by e-mail and on the desktop (every user reads their own). */
export async function myAlerts(database: Database, caller: TUser): Promise<{ email: string; name: string; emailAlerts: TAlertKind[]; desktopAlerts: TDesktopAlertKind[] }> {
  const { choices } = await alertChoicesOf(database, caller.email);
  return { email: caller.email, name: caller.name, emailAlerts: choices.email, desktopAlerts: choices.desktop };
}

/** What a person gets by e-mail and on the desktop: an admin sets anyone's, every user their own. */
export async function setPersonAlerts(database: Database, caller: TUser, input: z.infer<typeof ZPersonAlerts>, now: Date): Promise<TPersonListing> {
  if (input.email.toLowerCase() !== caller.email) assertRole(caller, ['admin']);
  if (!input.emailAlerts && !input.desktopAlerts) throw invalid('emailAlerts', 'give emailAlerts, desktopAlerts or both');
  await setAlertChoices(database, input.email, { email: input.emailAlerts, desktop: input.desktopAlerts }, actorOf(caller), now);
  return personListing(database, input.email.toLowerCase());
}

export async function addPerson(database: Database, caller: TUser, input: z.input<typeof ZNewPerson>, now: Date): Promise<{ person: TPersonListing; token: string }> {
  assertRole(caller, ['admin']);
  const { user, token } = await addUser(database, input, actorOf(caller), now);
  return { person: await personListing(database, user.email), token };
}

export async function issuePersonToken(database: Database, caller: TUser, email: string, now: Date): Promise<{ token: string }> {
  assertRole(caller, ['admin']);
  return { token: await issueToken(database, email, actorOf(caller), now) };
}

export async function revokePersonTokens(database: Database, caller: TUser, email: string, now: Date): Promise<{ revoked: number }> {
  assertRole(caller, ['admin']);
  if (email === caller.email) throw new AppError('CONFLICT', 'revoking your own tokens would sign you out here: ask another admin, or use the command line', 'email');
  return { revoked: await revokeTokens(database, email, actorOf(caller), now) };
}

export async function listKeys(database: Database, caller: TUser) {
  assertRole(caller, ['admin']);
  return listIngestKeys(database);
}

export async function addKey(database: Database, caller: TUser, name: string, now: Date): Promise<{ name: string; key: string }> {
  assertRole(caller, ['admin']);
  return { name, key: await addIngestKey(database, name, actorOf(caller), now) };
}

export async function revokeKey(database: Database, caller: TUser, name: string, now: Date): Promise<{ revoked: number }> {
  assertRole(caller, ['admin']);
  return { revoked: await revokeIngestKey(database, name, actorOf(caller), now) };
}

/** Each connected CRM's state as `connect status` shows it (pull, push, outbox, last error, pause); never its credentials. */
export async function crmConnectionStatuses(database: Database, caller: TUser): Promise<TConnectorStatus[]> {
  assertRole(caller, ['admin']);
  return connectorStatuses(database);
}
