import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { forbidden } from '../errors';
import type { TUser } from './users';

/**
 * Who may act on a rep's lead: the rep, the rep's manager, or an admin. Returns the owner
 * a manager acts for (to be recorded), or null when callers act for themselves.
 */
export async function actingFor(database: Database, caller: TUser, ownerId: string, what: string): Promise<TUser | null> {
  if (caller.id === ownerId) return null;
  const owner = await database.db.query.users.findFirst({ where: eq(users.id, ownerId) });
  const managesOwner = caller.role === 'manager' && owner?.managerId === caller.id;
  if (owner && (caller.role === 'admin' || managesOwner)) return owner;
  throw forbidden(`only the lead's owner or their manager may ${what}`);
}
