import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TCharter } from '../../shared/charter';
import { ZIntentLevel, type TIntentLevel } from '../../shared/levels';
import type { Database } from '../db/client';
import type { TRoutingTrace } from '../../shared/routing';
import { accounts, auditLog, handovers, leads, notifications, users } from '../db/schema';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { auditInsert } from './audit';
import { activeCharter } from './charter';
import { handoverTier, openHandoverQueries, OWNER_ROLES, retryOnConflict } from './handover';
import { routingLeadOf } from './routing/lead';
import { Router } from './routing/router';
import type { TUser } from './users';
import { newRowId } from './row-ids';

// An MQL handed over by hand: a manager or an admin assigns it to a rep (`handover.assign`),
// a rep claims it when the charter allows (`handover.claim`), or RevOps sends a marginal lead
// from the review queue for one outreach attempt (`review.send`: routed by the charter's
// rules, the handover marked as a single attempt). Each opens a handover on the tier the
// charter gives the lead's stage and intent (an MQL's: 16 business hours for lower intent by
// default), in the new owner's business hours.

type TLeadRow = typeof leads.$inferSelect;

export interface THandOverInput {
  leadId: string;
  idempotencyKey: string;
  /** The rep to hand it to (`assign` only); by default the lead's owner, when the caller may assign to them. */
  repId?: string;
}

export interface THandOverResult {
  handoverId: string;
  leadId: string;
  owner: { id: string; name: string };
  tier: string;
  deadline: string;
  /** True when this call replayed an earlier one with the same idempotency key. */
  replayed: boolean;
}

const ACTIONS = { assign: 'handover.assign', claim: 'handover.claim', review: 'handover.review_send' } as const;
type TKind = keyof typeof ACTIONS;

/**
 * A lead that can be handed over by hand: qualified (an MQL, or an SQL still waiting for a
 * rep) and in play — not accepted, not back in nurture after a rejection (it is handed over
 * again when it qualifies again), not disqualified.
 */
function handOverable(lead: Pick<TLeadRow, 'stage' | 'status'>): boolean {
  return (lead.stage === 'mql' || lead.stage === 'sql') && lead.status === 'active';
}

/** Whether `caller` may give a handover to `rep`: an admin to anyone who may hold one, a manager to themselves or a rep of theirs. */
function mayAssignTo(caller: TUser, rep: TUser): boolean {
  if (!OWNER_ROLES.has(rep.role)) return false;
  if (caller.role === 'admin') return true;
  return caller.role === 'manager' && (rep.id === caller.id || rep.managerId === caller.id);
}

/**
 * What the packet's `may` says about handing this lead over: `assign` for a manager or an
 * admin, `claim` for a rep when the charter allows it and the lead is theirs or nobody's —
 * both only while the lead is qualified and has no open handover. The same rules the
 * procedures enforce.
 */
export function mayHandOver(caller: TUser, lead: Pick<TLeadRow, 'stage' | 'status' | 'ownerId'>, hasOpenHandover: boolean, charter: TCharter) {
  const open = !hasOpenHandover && handOverable(lead);
  return {
    assign: open && caller.role !== 'rep',
    claim: open && caller.role === 'rep' && charter.handover.repsMayClaim && (lead.ownerId === null || lead.ownerId === caller.id),
  };
}

async function earlierRequest(database: Database, idempotencyKey: string) {
  const [row] = await database.db
    .select({ action: auditLog.action, leadId: auditLog.entityId, details: auditLog.details })
    .from(auditLog)
    .where(and(inArray(auditLog.action, Object.values(ACTIONS)), sql`json_extract(${auditLog.details}, '$.idempotencyKey') = ${idempotencyKey}`))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

async function replay(database: Database, kind: TKind, input: THandOverInput, earlier: NonNullable<Awaited<ReturnType<typeof earlierRequest>>>): Promise<THandOverResult> {
  if (earlier.action !== ACTIONS[kind] || earlier.leadId !== input.leadId) throw conflict('idempotencyKey: this key was already used for a different request');
  const handoverId = String(earlier.details?.handoverId);
  const [row] = await database.db
    .select({ handover: handovers, owner: { id: users.id, name: users.name } })
    .from(handovers)
    .innerJoin(users, eq(handovers.originalOwnerId, users.id))
    .where(eq(handovers.id, handoverId));
  if (!row) throw conflict('idempotencyKey: this key was already used for a different request');
  return { handoverId, leadId: input.leadId, owner: row.owner, tier: row.handover.tier, deadline: row.handover.deadline, replayed: true };
}

/** The rep an `assign` names (or the lead's owner by default), checked against what the caller may do. */
async function assignee(database: Database, caller: TUser, lead: TLeadRow, repId: string | undefined): Promise<TUser> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin assigns a lead; a rep may claim one when the charter allows it');
  const id = repId ?? lead.ownerId;
  if (!id) throw invalid('repId', 'name the rep to hand this lead to: it has no owner yet');
  const rep = await database.db.query.users.findFirst({ where: eq(users.id, id) });
  if (!rep) throw invalid('repId', `no user with id ${id}`);
  if (!OWNER_ROLES.has(rep.role)) throw invalid('repId', `${rep.name} is an admin and cannot hold a handover`);
  if (!mayAssignTo(caller, rep)) throw forbidden(`only ${rep.name}'s manager or an admin may assign them a lead`);
  return rep;
}

/** A rep claiming a lead: allowed by the charter, and the lead theirs or nobody's. */
async function claimant(database: Database, caller: TUser, lead: TLeadRow, charter: TCharter): Promise<TUser> {
  if (caller.role !== 'rep') throw forbidden('claiming is for reps; a manager or an admin assigns the lead instead (handover.assign)');
  if (!charter.handover.repsMayClaim) throw forbidden('the charter does not let reps claim leads: a manager assigns them');
  if (lead.ownerId !== null && lead.ownerId !== caller.id) {
    const owner = await database.db.query.users.findFirst({ where: eq(users.id, lead.ownerId) });
    throw forbidden(`this lead belongs to ${owner?.name ?? 'another user'}: only a manager may assign it to you`);
  }
  return caller;
}

/** Who gets a lead sent from the review queue: whom the charter's routing gives it, as if it had qualified. */
async function routedOwner(database: Database, lead: TLeadRow, charter: TCharter, intent: TIntentLevel, now: Date): Promise<{ owner: TUser; router: Router; trace: TRoutingTrace }> {
  const account = lead.accountId ? await database.db.query.accounts.findFirst({ where: eq(accounts.id, lead.accountId) }) : undefined;
  const stage = lead.stage === 'sql' ? 'sql' : 'mql';
  const router = new Router(database.db, charter, now);
  const routed = await router.route({
    leadId: lead.id,
    lead: routingLeadOf(lead, account, stage, intent),
    accountId: lead.accountId,
    named: { ownerId: lead.ownerId, ownerEmail: lead.ownerEmail },
    tier: handoverTier(intent, stage, charter).tier,
  });
  if (!routed) throw conflict('nobody in the routing can take this lead now (every rep out of office, at capacity or not taking leads)');
  return { owner: routed.owner, router, trace: routed.trace };
}

async function handOver(database: Database, caller: TUser, kind: TKind, input: THandOverInput, now: Date): Promise<THandOverResult> {
  const charter = await activeCharter(database);
  return database.writeLock.runExclusive(() =>
    retryOnConflict(async () => {
      const earlier = await earlierRequest(database, input.idempotencyKey);
      if (earlier) return replay(database, kind, input, earlier);

      const { db } = database;
      const lead = await db.query.leads.findFirst({ where: eq(leads.id, input.leadId) });
      if (!lead) throw notFound(`no lead with id ${input.leadId}`);
      if (kind === 'review' && caller.role === 'rep') throw forbidden('only a manager or an admin sends a lead from the review queue');
      const named = kind === 'assign' ? await assignee(database, caller, lead, input.repId) : kind === 'claim' ? await claimant(database, caller, lead, charter) : null;
      const open = await db.query.handovers.findFirst({ where: and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open')) });
      if (open) throw conflict('this lead already has an open handover');
      if (!handOverable(lead)) {
        throw conflict(lead.status !== 'active' ? `this lead is not in play (status: ${lead.status})` : `this lead is not an MQL yet (stage: ${lead.stage})`);
      }
      const intent: TIntentLevel = ZIntentLevel.safeParse(lead.intentLevel).data ?? 'none';
      const chosen = named
        ? { owner: named, router: null, trace: { by: kind === 'assign' ? ('assigned' as const) : ('claimed' as const), skipped: [] } }
        : await routedOwner(database, lead, charter, intent, now);
      const { owner } = chosen;

      const stage = lead.stage === 'sql' ? 'sql' : 'mql';
      const actor = { kind: 'user', id: caller.id } as const;
      const opened = openHandoverQueries(db, { leadId: lead.id, owner, stage, startedAt: now, intent, routing: chosen.trace, singleAttempt: kind === 'review' }, charter, actor, now);
      const leadName = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;
      const [insertHandover, ...rest] = opened.queries;
      await db.batch([
        insertHandover,
        ...rest,
        ...(chosen.router?.writes() ?? []),
        auditInsert(db, {
          at: now,
          actor,
          action: ACTIONS[kind],
          entity: 'lead',
          entityId: lead.id,
          details: { handoverId: opened.handoverId, ownerId: owner.id, idempotencyKey: input.idempotencyKey },
        }),
        ...(owner.id === caller.id
          ? []
          : [
              db.insert(notifications).values({
                id: newRowId(),
                userId: owner.id,
                handoverId: opened.handoverId,
                kind: 'reassigned',
                message: kind === 'review' ? `${leadName} is yours for one outreach attempt: sent from the review queue by ${caller.name}.` : `${leadName} is yours: handed over by ${caller.name}.`,
                at: now.toISOString(),
              }),
            ]),
      ]);
      const handover = (await db.query.handovers.findFirst({ where: eq(handovers.id, opened.handoverId) }))!;
      return { handoverId: handover.id, leadId: lead.id, owner: { id: owner.id, name: owner.name }, tier: handover.tier, deadline: handover.deadline, replayed: false };
    }),
  );
}

/** A manager or an admin hands a qualified lead to a rep (a manager: to a rep of theirs, or themselves). */
export function assignLead(database: Database, caller: TUser, input: THandOverInput, now: Date): Promise<THandOverResult> {
  return handOver(database, caller, 'assign', input, now);
}

/** A manager or an admin sends a marginal lead from the review queue to whom the routing gives it, for one outreach attempt. */
export function sendFromReview(database: Database, caller: TUser, input: Omit<THandOverInput, 'repId'>, now: Date): Promise<THandOverResult> {
  return handOver(database, caller, 'review', input, now);
}

/** A rep takes a qualified lead that is theirs or nobody's, when the charter lets reps claim. */
export function claimLead(database: Database, caller: TUser, input: Omit<THandOverInput, 'repId'>, now: Date): Promise<THandOverResult> {
  return handOver(database, caller, 'claim', input, now);
}
