import { eq } from 'drizzle-orm';
import type { TCharter } from '../../shared/charter';
import type { TIntentLevel } from '../../shared/levels';
import { slaClock, slaTierFor, type TSlaTierChoice } from '../../shared/sla';
import type { TRoutingTrace } from '../../shared/routing';
import type { TDb } from '../db/client';
import { auditLog, handovers, leads } from '../db/schema';
import { isUniqueViolation } from '../errors';
import { auditRow, type TActor } from './audit';
import { calendarOf, type TUser } from './users';
import { newRowId } from './row-ids';

// Handing a lead to sales: who takes it, and the SLA clock it starts with (BRIEF §3).

/** Roles that may hold a handover. */
export const OWNER_ROLES: ReadonlySet<TUser['role']> = new Set(['rep', 'manager']);

/**
 * The SLA tier of a handover, from the lead's intent (`slaTierFor`). An SQL always gets at
 * least the medium tier: it was judged sales-ready, even when the signals behind that are
 * not known here (a CRM's historical SQL imported without its events).
 */
export function handoverTier(intent: TIntentLevel, stage: 'mql' | 'sql', charter: TCharter): TSlaTierChoice {
  const tier = slaTierFor(intent, charter.sla);
  return stage === 'sql' && tier.tier === 'low' ? slaTierFor('medium', charter.sla) : tier;
}

export interface THandoverPlan {
  leadId: string;
  owner: TUser;
  stage: 'mql' | 'sql';
  /** When the clock starts: now, or the instant an imported lead reached the handover stage. */
  startedAt: Date;
  intent: TIntentLevel;
  /** How the owner was chosen (routing, a manager, a claim), kept on the handover. */
  routing: TRoutingTrace;
  /** Sent from the review queue: one outreach attempt for a lead short of the handover stage. */
  singleAttempt?: boolean;
}

/**
 * The queries that open a handover, for the caller's batch: the handover with its SLA clock
 * in the owner's business hours, the lead's new owner (and its return from nurture), the
 * audit row; and the new handover's id and start. The partial unique index
 * `handovers_one_open_per_lead` refuses a second open handover for the lead; run the batch
 * under `retryOnConflict`, which re-reads and finds the handover already open.
 */
export function openHandoverQueries(db: TDb, plan: THandoverPlan, charter: TCharter, actor: TActor, now: Date) {
  const opening = openHandoverRows(plan, charter, actor, now);
  const queries = [
    db.insert(handovers).values(opening.handover),
    db.update(leads).set({ ownerId: plan.owner.id, status: 'active', updatedAt: now.toISOString() }).where(eq(leads.id, plan.leadId)),
    db.insert(auditLog).values(opening.audit),
  ] as const;
  return { handoverId: opening.handoverId, startedAt: opening.startedAt, queries };
}

/**
 * The rows `openHandoverQueries` writes, for a caller that opens several handovers in one
 * multi-row INSERT each: the handover and its audit row (the lead then takes the owner, and
 * returns to active, as there).
 */
export function openHandoverRows(plan: THandoverPlan, charter: TCharter, actor: TActor, now: Date) {
  const { tier, businessHours } = handoverTier(plan.intent, plan.stage, charter);
  const clock = slaClock({ start: plan.startedAt, businessHours, calendar: calendarOf(plan.owner, plan.startedAt), warnAtFraction: charter.sla.warnAtFraction });
  const id = newRowId();
  const handover: typeof handovers.$inferInsert = {
    id,
    leadId: plan.leadId,
    ownerId: plan.owner.id,
    originalOwnerId: plan.owner.id,
    stage: plan.stage,
    startedAt: clock.start.toISOString(),
    tier,
    businessHours,
    warnAt: clock.warnAt.toISOString(),
    deadline: clock.deadline.toISOString(),
    charterVersion: charter.version,
    routing: plan.routing,
    singleAttempt: plan.singleAttempt ?? false,
    createdAt: now.toISOString(),
  };
  const audit = auditRow({
    at: now,
    actor,
    action: 'handover.open',
    entity: 'lead',
    entityId: plan.leadId,
    details: { handoverId: id, ownerId: plan.owner.id, tier, startedAt: clock.start.toISOString(), deadline: clock.deadline.toISOString(), routing: plan.routing },
  });
  return { handoverId: id, startedAt: clock.start.toISOString(), handover, audit };
}

/**
 * Runs a read-then-write step again when its batch was refused by a unique index: another
 * process wrote the same lead, account or open handover between our read and our write.
 * A refused batch wrote nothing, and the second read sees the other writer's rows, so the
 * race ends as "already there", never as an error. The step must only report what it wrote
 * once its batch has succeeded.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !isUniqueViolation(error)) throw error;
    }
  }
}
