import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { ZBusinessCalendar, type TBusinessCalendar } from '../../shared/calendar';
import { ZEmail } from '../../shared/schemas';
import { isBusy, type Database } from '../db/client';
import { ingestKeys, tokens, users } from '../db/schema';
import { AppError, conflict, invalid, isUniqueViolation, notFound } from '../errors';
import { readRows } from '../db/read-statements';
import { auditInsert, type TActor } from './audit';
import { checkHolidayRegion, publicHolidayDates } from './holiday-regions';
import { jsonRowText, rowFromJson } from './json-rows';
import { availabilityChanges, ZCapacity, ZOutOfOffice, ZTerritories, ZWeight, type TAvailabilityInput } from './user-availability';

export type TUser = typeof users.$inferSelect;
export type TRole = TUser['role'];

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** A region's public holidays are read this many years either side of a calendar's instant: a year of stats behind it, SLA deadlines ahead. */
export const HOLIDAY_YEARS_AROUND = 2;

/**
 * The business calendar a user's SLA clock runs in around the instant `around` (a handover's
 * start, say): their holidays, and the public holidays of their region in the years near it.
 */
export function calendarOf(user: Pick<TUser, 'timeZone' | 'workingDays' | 'dayStart' | 'dayEnd' | 'holidays' | 'holidayRegion'>, around = new Date()): TBusinessCalendar {
  return {
    timeZone: user.timeZone,
    workingDays: user.workingDays,
    dayStart: user.dayStart,
    dayEnd: user.dayEnd,
    holidays: user.holidayRegion ? withPublicHolidays(user.holidays, user.holidayRegion, around.getUTCFullYear()) : user.holidays,
  };
}

function withPublicHolidays(holidays: readonly string[], region: string, year: number): string[] {
  const regional = publicHolidayDates(region, year - HOLIDAY_YEARS_AROUND, year + HOLIDAY_YEARS_AROUND);
  return holidays.length === 0 ? [...regional] : [...new Set([...regional, ...holidays])].sort();
}

/** `text` as a holiday region date-holidays knows (`de-by` → `DE-BY`), or refused naming the field. */
function holidayRegionOf(text: string): string {
  const check = checkHolidayRegion(text);
  if ('problem' in check) throw invalid('holidayRegion', check.problem);
  return check.region;
}

export const ZNewUser = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, 'a name is required').max(200),
  role: z.enum(['rep', 'manager', 'admin']),
  team: z.enum(['sales', 'marketing', 'revops']).default('sales'),
  timeZone: z.string().default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  workingDays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  dayStart: z.string().default('09:00'),
  dayEnd: z.string().default('17:00'),
  holidays: z.array(z.string()).default([]),
  /** Whose public holidays count too: a country or region such as `US` or `DE-BY`. */
  holidayRegion: z.string().optional(),
  backupEmail: ZEmail.optional(),
  managerEmail: ZEmail.optional(),
  outOfOffice: ZOutOfOffice.default([]),
  capacity: ZCapacity.default(null),
  weight: ZWeight.default(1),
  territories: ZTerritories.default([]),
});
export type TNewUser = z.input<typeof ZNewUser>;

async function userIdByEmail(database: Database, email: string, field: string): Promise<string> {
  const row = await database.db.query.users.findFirst({ where: eq(users.email, email), columns: { id: true } });
  if (!row) throw invalid(field, `no user with the e-mail ${email}`);
  return row.id;
}

/** Adds a user and returns them with their first API token (shown once). */
export async function addUser(database: Database, input: TNewUser, actor: TActor, now = new Date()): Promise<{ user: TUser; token: string }> {
  const parsed = ZNewUser.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.') || 'user', issue.message);
  }
  const data = parsed.data;
  const calendar = ZBusinessCalendar.safeParse(data);
  if (!calendar.success) {
    const issue = calendar.error.issues[0]!;
    throw invalid(issue.path.join('.'), issue.message);
  }
  const holidayRegion = data.holidayRegion === undefined ? null : holidayRegionOf(data.holidayRegion);
  const backupId = data.backupEmail ? await userIdByEmail(database, data.backupEmail, 'backupEmail') : null;
  const managerId = data.managerEmail ? await userIdByEmail(database, data.managerEmail, 'managerEmail') : null;
  const id = randomUUID();
  const token = newSecret('hs');
  const { db } = database;
  try {
    await db.batch([
      db.insert(users).values({
        id,
        email: data.email,
        name: data.name,
        role: data.role,
        team: data.team,
        timeZone: data.timeZone,
        workingDays: data.workingDays,
        dayStart: data.dayStart,
        dayEnd: data.dayEnd,
        holidays: data.holidays,
        holidayRegion,
        backupId,
        managerId,
        outOfOffice: data.outOfOffice,
        capacity: data.capacity,
        weight: data.weight,
        territories: data.territories,
      }),
      db.insert(tokens).values({ id: randomUUID(), userId: id, tokenHash: hashSecret(token), label: 'first token' }),
      auditInsert(db, { at: now, actor, action: 'user.add', entity: 'user', entityId: id, details: { email: data.email, role: data.role } }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`a user with the e-mail ${data.email} already exists`);
    throw error;
  }
  const user = await db.query.users.findFirst({ where: eq(users.id, id) });
  return { user: user!, token };
}

/**
 * What `updateUser` may change; a field left out is kept, a manager or backup of null is
 * removed. The routing settings (`outOfOffice`, a list that replaces the one kept; `capacity`,
 * null for no limit; `weight`; `territories`) are checked by `availabilityChanges`.
 */
export interface TUserChanges extends TAvailabilityInput {
  timeZone?: string;
  workingDays?: number[];
  dayStart?: string;
  dayEnd?: string;
  /** A country or region whose public holidays count (`DE-BY`); null for none. */
  holidayRegion?: string | null;
  managerEmail?: string | null;
  backupEmail?: string | null;
  /** Takes new handovers in the round-robin. */
  available?: boolean;
}

/**
 * Changes a user's calendar (its holiday region too), manager, backup, availability or routing settings, audited
 * with what changed. The calendar is checked whole, as it will be used. Open handovers keep the deadlines they were
 * given; the new calendar counts for what comes next.
 */
export async function updateUser(database: Database, email: string, changes: TUserChanges, actor: TActor, now = new Date()): Promise<TUser> {
  const { db } = database;
  const user = await db.query.users.findFirst({ where: eq(users.email, email) });
  if (!user) throw invalid('email', `no user with the e-mail ${email}`);
  // Without the region: its public holidays are not written into the user's own list.
  const calendar = ZBusinessCalendar.safeParse({ ...calendarOf({ ...user, holidayRegion: null }), ...definedOnly({ timeZone: changes.timeZone, workingDays: changes.workingDays, dayStart: changes.dayStart, dayEnd: changes.dayEnd }) });
  if (!calendar.success) {
    const issue = calendar.error.issues[0]!;
    throw invalid(issue.path.join('.') || 'calendar', issue.message);
  }
  const personId = async (field: 'managerEmail' | 'backupEmail', value: string | null | undefined): Promise<string | null | undefined> => {
    if (value === undefined || value === null) return value;
    if (value === user.email) throw invalid(field, `${user.name} cannot be their own ${field === 'managerEmail' ? 'manager' : 'backup'}`);
    return userIdByEmail(database, value, field);
  };
  const routing = availabilityChanges(changes);
  const update = definedOnly({
    ...calendar.data,
    ...routing,
    holidayRegion: typeof changes.holidayRegion === 'string' ? holidayRegionOf(changes.holidayRegion) : changes.holidayRegion,
    managerId: await personId('managerEmail', changes.managerEmail),
    backupId: await personId('backupEmail', changes.backupEmail),
    available: changes.available,
  });
  const changed = Object.fromEntries(
    Object.entries(update).filter(([key, value]) => JSON.stringify(user[key as keyof TUser]) !== JSON.stringify(value)).map(([key, value]) => [key, { from: user[key as keyof TUser], to: value }]),
  );
  if (Object.keys(changed).length === 0) return user;
  await db.batch([
    db.update(users).set(update).where(eq(users.id, user.id)),
    auditInsert(db, { at: now, actor, action: 'user.update', entity: 'user', entityId: user.id, details: changed }),
  ]);
  return (await db.query.users.findFirst({ where: eq(users.id, user.id) }))!;
}

/** The object without its undefined fields. */
function definedOnly<T extends Record<string, unknown>>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A new token for an existing user (their older tokens keep working until revoked). */
export async function issueToken(database: Database, email: string, actor: TActor, now = new Date()): Promise<string> {
  const userId = await userIdByEmail(database, email, 'email');
  const token = newSecret('hs');
  const { db } = database;
  await db.batch([
    db.insert(tokens).values({ id: randomUUID(), userId, tokenHash: hashSecret(token), label: 'issued' }),
    auditInsert(db, { at: now, actor, action: 'token.issue', entity: 'user', entityId: userId }),
  ]);
  return token;
}

/** Revokes every live token of a user; returns how many. */
export async function revokeTokens(database: Database, email: string, actor: TActor, now = new Date()): Promise<number> {
  const userId = await userIdByEmail(database, email, 'email');
  const { db } = database;
  const [result] = await db.batch([
    db
      .update(tokens)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(tokens.userId, userId), isNull(tokens.revokedAt))),
    auditInsert(db, { at: now, actor, action: 'token.revoke', entity: 'user', entityId: userId }),
  ]);
  return result.rowsAffected;
}

/** A new ingest key named `name` (names are unique, revoked keys keeping theirs); returns the key, shown once. */
export async function addIngestKey(database: Database, name: string, actor: TActor, now = new Date()): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'a key needs a name');
  const key = newSecret('hsk');
  const id = randomUUID();
  const { db } = database;
  try {
    await db.batch([
      db.insert(ingestKeys).values({ id, name: trimmed, keyHash: hashSecret(key), createdAt: now.toISOString() }),
      auditInsert(db, { at: now, actor, action: 'ingest_key.add', entity: 'ingest_key', entityId: id, details: { name: trimmed } }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, 'ingest_keys.name')) {
      throw new AppError('CONFLICT', `name: an ingest key named "${trimmed}" already exists (a revoked key keeps its name); choose another name`, 'name');
    }
    throw error;
  }
  return key;
}

export async function revokeIngestKey(database: Database, rawName: string, actor: TActor, now = new Date()): Promise<number> {
  const name = rawName.trim();
  const { db } = database;
  const [result] = await db.batch([
    db
      .update(ingestKeys)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(ingestKeys.name, name), isNull(ingestKeys.revokedAt))),
    auditInsert(db, { at: now, actor, action: 'ingest_key.revoke', entity: 'ingest_key', entityId: name }),
  ]);
  if (result.rowsAffected === 0) throw notFound(`no live ingest key named ${name}`);
  return result.rowsAffected;
}

/** The user a bearer token belongs to, or null for an unknown or revoked token. */
export async function userForToken(database: Database, token: string): Promise<TUser | null> {
  const [row] = await readRows(database, userForTokenSql(), [hashSecret(token)]);
  return row ? rowFromJson(users, row[0] as string) : null;
}

let tokenSql: string | undefined;
/** Every request's first read (see `readRows`): the live token's user as one JSON row. */
function userForTokenSql(): string {
  tokenSql ??= `SELECT ${jsonRowText(users)} FROM tokens JOIN users ON users.id = tokens.user_id WHERE tokens.token_hash = ? AND tokens.revoked_at IS NULL LIMIT 1`;
  return tokenSql;
}

/** A key's last use is written at most this often: not on every request of a busy source. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The live ingest key `key` is, or null. Given `now` (a request it authenticates), records
 * the key's last use when the one recorded is a minute old or more.
 */
export async function ingestKeyFor(database: Database, key: string, now?: Date): Promise<{ id: string; name: string } | null> {
  const row = await database.db.query.ingestKeys.findFirst({
    where: and(eq(ingestKeys.keyHash, hashSecret(key)), isNull(ingestKeys.revokedAt)),
    columns: { id: true, name: true, lastUsedAt: true },
  });
  if (!row) return null;
  if (now) {
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
      try {
        await database.db
          .update(ingestKeys)
          .set({ lastUsedAt: now.toISOString() })
          .where(and(eq(ingestKeys.id, row.id), or(isNull(ingestKeys.lastUsedAt), lte(ingestKeys.lastUsedAt, staleBefore))));
      } catch (error) {
        // Another process held the file: the request goes on, its use recorded next minute.
        if (!isBusy(error)) throw error;
      }
    }
  }
  return { id: row.id, name: row.name };
}

export interface TIngestKeyListing {
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every ingest key by name, revoked ones too: never the key or its hash. */
export async function listIngestKeys(database: Database): Promise<TIngestKeyListing[]> {
  return database.db
    .select({ name: ingestKeys.name, createdAt: ingestKeys.createdAt, lastUsedAt: ingestKeys.lastUsedAt, revokedAt: ingestKeys.revokedAt })
    .from(ingestKeys)
    .orderBy(asc(ingestKeys.name));
}

export interface TUserListing {
  email: string;
  name: string;
  role: TUser['role'];
  team: TUser['team'];
  timeZone: string;
  workingDays: number[];
  dayStart: string;
  dayEnd: string;
  holidays: string[];
  holidayRegion: string | null;
  managerEmail: string | null;
  backupEmail: string | null;
  available: boolean;
  outOfOffice: TUser['outOfOffice'];
  capacity: number | null;
  weight: number;
  territories: string[];
}

/** Every user (or the one with `email`) by e-mail, with their manager's and backup's e-mails: never a token or its hash. */
export async function listUsers(database: Database, email?: string): Promise<TUserListing[]> {
  const manager = alias(users, 'manager');
  const backup = alias(users, 'backup');
  return database.db
    .select({
      email: users.email,
      name: users.name,
      role: users.role,
      team: users.team,
      timeZone: users.timeZone,
      workingDays: users.workingDays,
      dayStart: users.dayStart,
      dayEnd: users.dayEnd,
      holidays: users.holidays,
      holidayRegion: users.holidayRegion,
      managerEmail: manager.email,
      backupEmail: backup.email,
      available: users.available,
      outOfOffice: users.outOfOffice,
      capacity: users.capacity,
      weight: users.weight,
      territories: users.territories,
    })
    .from(users)
    .leftJoin(manager, eq(manager.id, users.managerId))
    .leftJoin(backup, eq(backup.id, users.backupId))
    .where(email === undefined ? undefined : eq(users.email, email))
    .orderBy(asc(users.email));
}

export function assertRole(user: TUser, roles: readonly TRole[]): void {
  if (!roles.includes(user.role)) throw new AppError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
}
