import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { forbidden } from '../errors';
import type { TUser } from './users';

/** Whether a caller may act on a lead and, when a manager or an admin acts for its owner, that owner. */
export type TLeadAccess = { allowed: false } | { allowed: true; actingFor: TUser | null };

/**
 * Who may act on a rep's lead: the rep, the rep's manager, or an admin. A lead nobody owns
 * yet is for managers and admins, acting for themselves.
 */
export async function leadAccess(database: Database, caller: TUser, ownerId: string | null): Promise<TLeadAccess> {
  if (ownerId === null || caller.id === ownerId) return accessTo(caller, ownerId, undefined);
  return accessTo(caller, ownerId, await database.db.query.users.findFirst({ where: eq(users.id, ownerId) }));
}

/** `leadAccess` when the owner's row has been read already (undefined: no such user). */
export function accessTo(caller: TUser, ownerId: string | null, owner: TUser | undefined): TLeadAccess {
  if (ownerId === null) return caller.role === 'rep' ? { allowed: false } : { allowed: true, actingFor: null };
  if (caller.id === ownerId) return { allowed: true, actingFor: null };
  const managesOwner = caller.role === 'manager' && owner?.managerId === caller.id;
  if (owner && (caller.role === 'admin' || managesOwner)) return { allowed: true, actingFor: owner };
  return { allowed: false };
}

/**
 * `leadAccess`, or a FORBIDDEN error saying who may `what`. Returns the owner a manager acts
 * for (to be recorded), or null when callers act for themselves.
 */
export async function actingFor(database: Database, caller: TUser, ownerId: string | null, what: string): Promise<TUser | null> {
  return actingForOwner(ownerId, await leadAccess(database, caller, ownerId), what);
}

/** `actingFor` once the caller's access is known (`accessTo`). */
export function actingForOwner(ownerId: string | null, access: TLeadAccess, what: string): TUser | null {
  if (access.allowed) return access.actingFor;
  throw forbidden(ownerId === null ? 'this lead has no owner yet: a manager assigns it first' : `only the lead's owner or their manager may ${what}`);
}
