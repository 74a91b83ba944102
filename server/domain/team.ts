import { asc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { OWNER_ROLES } from './handover';
import type { TUser } from './users';

/** Someone a lead can be handed to, as the sidebar lists them. */
export interface TTeamRep {
  id: string;
  name: string;
  email: string;
  role: TUser['role'];
}

/**
 * Who `caller` may hand a lead to (the rule `handover.assign` enforces): a manager,
 * themselves and the reps they manage; an admin, anyone who may hold a handover. By name.
 */
export async function teamReps(database: Database, caller: TUser): Promise<TTeamRep[]> {
  const columns = { id: users.id, name: users.name, email: users.email, role: users.role };
  const owners = inArray(users.role, [...OWNER_ROLES]);
  if (caller.role === 'admin') return database.db.select(columns).from(users).where(owners).orderBy(asc(users.name));
  if (caller.role !== 'manager') return [];
  const rows = await database.db
    .select(columns)
    .from(users)
    .where(or(eq(users.id, caller.id), eq(users.managerId, caller.id)))
    .orderBy(asc(users.name));
  return rows.filter((row) => OWNER_ROLES.has(row.role));
}
