import { eq } from 'drizzle-orm';
import type { TCharter } from '../../../shared/charter';
import { matchingRule, type TRoutingSkip, type TRoutingTrace } from '../../../shared/routing';
import type { TDb } from '../../db/client';
import type { handovers} from '../../db/schema';
import { accounts, leads } from '../../db/schema';
import type { TUser } from '../users';
import { outOfOfficeAt } from './availability';
import { routingLeadOf } from './lead';
import { rejectersOf } from './reads';
import { poolKey, type Router } from './router';

// Who takes a breached handover: the owner's backup when they are available, else the next
// available rep of the pool that routed it, else the owner's manager — never someone out of
// office, and never nobody while anyone is there. When truly nobody is, it stays with its owner
// and the trace says so.

type THandoverRow = typeof handovers.$inferSelect;

export interface TEscalation {
  /** The new owner; undefined when nobody available could take it. */
  to: TUser | undefined;
  trace: TRoutingTrace;
}

/** The pool a handover came from: its rule when the charter still has it, else the rule the lead matches now, else the fallback. */
async function poolOf(db: TDb, charter: TCharter, handover: THandoverRow) {
  const [row] = await db.select({ lead: leads, account: accounts }).from(leads).leftJoin(accounts, eq(accounts.id, leads.accountId)).where(eq(leads.id, handover.leadId));
  if (!row) return undefined;
  const lead = routingLeadOf(row.lead, row.account, handover.stage === 'sql' ? 'sql' : 'mql', 'none');
  const rules = charter.handover.routing.rules;
  const named = handover.routing?.rule?.toLowerCase();
  const rule = (named && rules.find((r) => r.name.toLowerCase() === named)) || matchingRule(charter.handover.routing, lead);
  return { lead, rule, pool: rule?.pool ?? charter.handover.routing.fallback };
}

export async function escalationTarget(db: TDb, router: Router, charter: TCharter, handover: THandoverRow, owner: TUser, now: Date): Promise<TEscalation> {
  const skipped: TRoutingSkip[] = [];
  const everyone = await router.everyone();
  const rejecters = await rejectersOf(db, handover.leadId);
  const exclude = new Set([owner.id]);

  const backup = owner.backupId ? everyone.find((u) => u.id === owner.backupId) : undefined;
  if (backup && backup.id !== owner.id) {
    const skip = await router.skipOf(backup, rejecters, false);
    if (!skip) {
      router.countOpen(backup.id);
      return { to: backup, trace: { by: 'escalation', via: 'backup', skipped } };
    }
    skipped.push(skip);
    exclude.add(backup.id);
  }

  const origin = await poolOf(db, charter, handover);
  if (origin) {
    const rep = await router.dealForEscalation(origin.pool, poolKey(origin.rule?.name), origin.lead, rejecters, exclude, skipped);
    if (rep) return { to: rep, trace: { by: 'escalation', via: 'pool', ...(origin.rule ? { rule: origin.rule.name } : {}), skipped } };
  }

  // The manager answers for the team: out of office is the only thing that stops them.
  const manager = owner.managerId ? everyone.find((u) => u.id === owner.managerId) : undefined;
  if (manager) {
    const away = outOfOfficeAt(manager, now);
    if (!away) {
      router.countOpen(manager.id);
      return { to: manager, trace: { by: 'escalation', via: 'manager', skipped } };
    }
    skipped.push({ userId: manager.id, name: manager.name, reason: 'out_of_office', until: away.to });
  }
  return { to: undefined, trace: { by: 'escalation', via: 'nobody', skipped } };
}
