import type { TRouting, TRoutingPool } from '../../../shared/routing';
import type { TDb } from '../../db/client';
import { OWNER_ROLES } from '../handover';
import { allUsers } from './reads';

// A charter's routing names people by e-mail; the schema checks their form, this checks
// that they are people here who can take what the rule gives them, before anyone signs it.

export interface TRoutingProblem {
  /** Path inside the charter, as the schema's problems are named (`handover.routing.rules.0.pool.emails.1`). */
  path: string;
  message: string;
}

export async function routingPeopleProblem(db: TDb, routing: TRouting): Promise<TRoutingProblem | undefined> {
  const byEmail = new Map((await allUsers(db)).map((user) => [user.email, user]));
  const check = (pool: TRoutingPool, path: string): TRoutingProblem | undefined => {
    if (pool.kind === 'reps') {
      for (const [index, email] of pool.emails.entries()) {
        const user = byEmail.get(email);
        if (!user) return { path: `${path}.emails.${index}`, message: `no user with the e-mail ${email}` };
        if (!OWNER_ROLES.has(user.role)) return { path: `${path}.emails.${index}`, message: `${user.name} is an admin and cannot hold a handover` };
      }
    }
    if (pool.kind === 'team') {
      const manager = byEmail.get(pool.managerEmail);
      if (!manager) return { path: `${path}.managerEmail`, message: `no user with the e-mail ${pool.managerEmail}` };
      if (manager.role !== 'manager') return { path: `${path}.managerEmail`, message: `${manager.name} is not a manager: a team is a manager's reps` };
    }
    return undefined;
  };
  for (const [index, rule] of routing.rules.entries()) {
    const problem = check(rule.pool, `handover.routing.rules.${index}.pool`);
    if (problem) return problem;
  }
  return check(routing.fallback, 'handover.routing.fallback');
}
