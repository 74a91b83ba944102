import type { Database } from '../../db/client';
import { routingRotation } from '../../db/schema-routing';
import { forbidden } from '../../errors';
import { activeCharter } from '../charter';
import type { TUser } from '../users';
import { allUsers } from './reads';
import { poolKey, splitTerritory } from './router';

// stats.routing: each pool's rotation as it stands — how many leads each rep was dealt since
// the pool began, their share against the share their weight asks for. Read from the
// rotation's own rows (a few per rep), never from the handovers.

export interface TRoutingShares {
  pools: {
    /** The rule's name, or null for the fallback pool. */
    rule: string | null;
    /** For a territory pool: the country (ISO code) whose reps this rotation deals to. */
    territory: string | null;
    /** Whether the charter in force still has this rule. */
    inCharter: boolean;
    dealt: number;
    reps: { userId: string; name: string; weight: number; dealt: number; share: number | null; weightShare: number | null }[];
  }[];
}

export async function routingShares(database: Database, caller: TUser): Promise<TRoutingShares> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin may see the routing shares');
  const [rows, people, charter] = await Promise.all([database.db.select().from(routingRotation), allUsers(database.db), activeCharter(database)]);
  const byId = new Map(people.map((user) => [user.id, user]));
  const ruleByKey = new Map(charter.handover.routing.rules.map((rule) => [poolKey(rule.name), rule.name]));
  const pools = new Map<string, typeof rows>();
  for (const row of rows) {
    const seats = pools.get(row.pool);
    if (seats) seats.push(row);
    else pools.set(row.pool, [row]);
  }
  return {
    pools: [...pools]
      .map(([key, seats]) => {
        const dealt = seats.reduce((sum, seat) => sum + seat.assigned, 0);
        const weights = seats.reduce((sum, seat) => sum + (byId.get(seat.userId)?.weight ?? 1), 0);
        const reps = seats
          .map((seat) => {
            const user = byId.get(seat.userId);
            const weight = user?.weight ?? 1;
            return { userId: seat.userId, name: user?.name ?? seat.userId, weight, dealt: seat.assigned, share: dealt > 0 ? seat.assigned / dealt : null, weightShare: weights > 0 ? weight / weights : null };
          })
          .sort((a, b) => b.dealt - a.dealt || a.name.localeCompare(b.name));
        const { key: ruleKey, territory } = splitTerritory(key);
        const rule = ruleKey === poolKey(undefined) ? null : (ruleByKey.get(ruleKey) ?? ruleKey.replace(/^rule:/, ''));
        return { rule, territory, inCharter: ruleKey === poolKey(undefined) || ruleByKey.has(ruleKey), dealt, reps };
      })
      .sort((a, b) => Number(b.inCharter) - Number(a.inCharter) || (a.rule === null ? 1 : b.rule === null ? -1 : a.rule.localeCompare(b.rule)) || (a.territory ?? '').localeCompare(b.territory ?? '')),
  };
}
