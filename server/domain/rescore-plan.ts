import type { TCharter } from '../../shared/charter';
import { evaluateLead, type TEvaluation } from '../../shared/scoring/evaluate';
import { STAGE_RANK } from '../../shared/scoring/stage';
import type { TDb } from '../db/client';
import { auditLog, handovers, type stageTransitions } from '../db/schema';
import type { TActor } from './audit';
import { insertsOf, type TStatement } from './batch-sql';
import { handoverTier, openHandoverRows } from './handover';
import { eventForScoring, leadForScoring, type TAccountRow, type TLeadRow, type TScoringEventRow } from './lead-record';
import { scoreOutcome, type TScoreRow } from './lead-scores';
import { loadHandoverFacts, type THandoverFacts, type TLeadContext } from './rescore-reads';
import { routingLeadOf } from './routing/lead';
import type { Router } from './routing/router';
import { nextTurn } from '../next-turn';

// What a rescore decides for a chunk of leads, in two steps: scoring (`scoreChunk`: new
// levels and stages, and which leads are due for a handover) needs only the chunk's reads, so
// it may run in a worker thread (./rescore-workers.ts); routing the due leads
// (`routeDue`) reads and moves the rotation, so it runs where the chunk is written.

/** Scoring a chunk takes a turn of the event loop (see `nextTurn`) before each this many leads: 1–3 ms of scoring. */
export const SCORING_SLICE = 100;

export interface TRescoreResult {
  rescored: number;
  /** Leads whose levels, stage or charter version changed. */
  changed: number;
  /** Forward stage changes recorded. */
  transitions: number;
  handoversOpened: number;
  /** Leads due for a handover with no rep to take it: handed over at their next rescore once there is one. */
  awaitingRep: number;
  /** The handovers opened, `handoversOpened` of them. */
  opened: TOpenedHandover[];
}

export interface TOpenedHandover {
  id: string;
  leadId: string;
  ownerId: string;
  /** When its SLA clock started, as stored. */
  startedAt: string;
}

export const noChanges = (): TRescoreResult => ({ rescored: 0, changed: 0, transitions: 0, handoversOpened: 0, awaitingRep: 0, opened: [] });

export function addInto(total: TRescoreResult, part: TRescoreResult): void {
  total.rescored += part.rescored;
  total.changed += part.changed;
  total.transitions += part.transitions;
  total.handoversOpened += part.handoversOpened;
  total.awaitingRep += part.awaitingRep;
  total.opened.push(...part.opened);
}

function evaluate(context: TLeadContext, events: readonly TScoringEventRow[], charter: TCharter, now: Date): TEvaluation {
  return evaluateLead({
    lead: leadForScoring(context.lead, context.account),
    events: events.map((e) => eventForScoring(e, context.lead.email)),
    charter,
    at: now,
  });
}

/**
 * Whether a lead (at its stage after this rescore) may be due for a handover, before its
 * handovers and decisions are read: only these leads need them (see `dueForHandover`).
 */
function mayBeDue(lead: TLeadRow, charter: TCharter): boolean {
  return lead.status === 'nurture' || (lead.status === 'active' && STAGE_RANK[lead.stage] >= STAGE_RANK[charter.sla.handoverStage]);
}

/**
 * Whether the lead (at its stage after this rescore) is to be handed to sales now.
 * - An active lead at or past the charter's handover stage that was never handed over,
 *   whether scoring or an import brought it there, and whether it just got there or
 *   waited for a rep.
 * - A lead a rep rejected back to nurture, once its handover is closed, only when it
 *   qualifies again on what it did after the rejection: the signals the rep already
 *   judged do not hand it back.
 * - Never an accepted or disqualified lead.
 */
function dueForHandover(context: TLeadContext, facts: THandoverFacts, charter: TCharter, now: Date): boolean {
  const handoverRank = STAGE_RANK[charter.sla.handoverStage];
  if (facts.hasOpenHandover) return false;
  if (context.lead.status === 'active') return !facts.hasAnyHandover && STAGE_RANK[context.lead.stage] >= handoverRank;
  if (context.lead.status !== 'nurture' || facts.lastDecision?.kind !== 'rejected') return false;
  const rejectedAt = facts.lastDecision.decidedAt;
  const since = context.events.filter((e) => e.at > rejectedAt);
  return STAGE_RANK[evaluate(context, since, charter, now).stage.stage] >= handoverRank;
}

/** A lead due for a handover, at its stage after the rescore: what routing it needs. */
export interface TDueLead {
  lead: TLeadRow;
  account: TAccountRow | undefined;
  intent: TEvaluation['criteria']['intent']['level'];
}

/** A chunk scored, before its due leads are routed: plain data, so it can cross between threads. */
export interface TScoredChunk {
  /** Every count but the handovers', which routing decides. */
  counts: TRescoreResult;
  /** The leads whose scores change, as `scoreQueries` rewrites them. */
  rows: TScoreRow[];
  /** The leads scored that only get their `scored_at` moved. */
  unchangedIds: string[];
  transitions: (typeof stageTransitions.$inferInsert)[];
  /** The leads due for a handover, in the chunk's order. */
  due: TDueLead[];
}

/** What a chunk's scoring and routing decide, before it is written. */
export interface TChunkPlan extends TScoredChunk {
  opened: ReturnType<typeof openHandoverRows>[];
  /** The owner each lead handed over gets. */
  owners: { leadId: string; ownerId: string }[];
}

export interface TScoreOptions {
  /** Whether a lead nothing changed on gets its `scored_at` moved all the same (a rescore on an event does). */
  touchUnchanged: boolean;
  /** The handover facts of the leads that may be due (see `loadHandoverFacts`). */
  factsOf: (leads: { id: string; nurture: boolean }[]) => Promise<Map<string, THandoverFacts>>;
}

/** A chunk of leads scored at `now`: their new levels and stages, and the leads due for a handover. */
export async function scoreChunk(contexts: readonly TLeadContext[], charter: TCharter, now: Date, options: TScoreOptions): Promise<TScoredChunk> {
  const nowIso = now.toISOString();
  const scored: TScoredChunk = { counts: noChanges(), rows: [], unchangedIds: [], transitions: [], due: [] };
  const { counts } = scored;
  const candidates: { context: TLeadContext; intent: TDueLead['intent'] }[] = [];
  for (const [i, context] of contexts.entries()) {
    if (i % SCORING_SLICE === 0) await nextTurn();
    const { lead } = context;
    const evaluation = evaluate(context, context.events, charter, now);
    const { advance, row } = scoreOutcome(lead, evaluation, charter.version, nowIso);
    if (row) scored.rows.push(row);
    else if (options.touchUnchanged) scored.unchangedIds.push(lead.id);
    counts.rescored += 1;
    if (advance) {
      counts.transitions += 1;
      scored.transitions.push({ leadId: lead.id, fromStage: advance.from, toStage: advance.to, path: advance.path, at: nowIso, charterVersion: charter.version, cause: 'scoring' });
    }
    const after = { ...context, lead: { ...lead, stage: advance?.to ?? lead.stage } };
    if (mayBeDue(after.lead, charter)) candidates.push({ context: after, intent: evaluation.criteria.intent.level });
  }
  counts.changed = scored.rows.length;

  const facts = await options.factsOf(candidates.map((c) => ({ id: c.context.lead.id, nurture: c.context.lead.status === 'nurture' })));
  for (const { context, intent } of candidates) {
    if (dueForHandover(context, facts.get(context.lead.id)!, charter, now)) scored.due.push({ lead: context.lead, account: context.account, intent });
  }
  return scored;
}

/** `scoreChunk` with the handover facts of the leads that may be due read on `db`. */
export function scoreChunkOn(db: TDb, contexts: readonly TLeadContext[], charter: TCharter, now: Date, touchUnchanged: boolean): Promise<TScoredChunk> {
  return scoreChunk(contexts, charter, now, { touchUnchanged, factsOf: (leads) => loadHandoverFacts(db, leads) });
}

export interface TRouteOptions {
  /**
   * The account's owner e-mail of a lead's account as the batch leaves it, when the batch
   * writes the account (see `TRouteRequest.accountOwnerEmail`); else the stored one counts.
   */
  accountOwnerEmailOf?: (due: TDueLead) => string | null | undefined;
}

/** The due leads of a scored chunk routed by `router` (whose rotation rows go in the same batch), and their handovers. */
export async function routeDue(scored: TScoredChunk, charter: TCharter, actor: TActor, now: Date, router: Router, options: TRouteOptions = {}): Promise<TChunkPlan> {
  const plan: TChunkPlan = { ...scored, counts: { ...scored.counts, opened: [...scored.counts.opened] }, opened: [], owners: [] };
  const { counts } = plan;
  const stage = charter.sla.handoverStage;
  for (const due of scored.due) {
    const { lead, account, intent } = due;
    const accountOwnerEmail = options.accountOwnerEmailOf?.(due);
    const routed = await router.route({
      leadId: lead.id,
      lead: routingLeadOf(lead, account, lead.stage === 'sql' ? 'sql' : 'mql', intent),
      accountId: lead.accountId,
      ...(accountOwnerEmail !== undefined ? { accountOwnerEmail } : {}),
      named: { ownerId: lead.ownerId, ownerEmail: lead.ownerEmail },
      tier: handoverTier(intent, stage, charter).tier,
    });
    if (!routed) {
      counts.awaitingRep += 1;
      continue;
    }
    const { owner } = routed;
    const opening = openHandoverRows({ leadId: lead.id, owner, stage, startedAt: now, intent, routing: routed.trace }, charter, actor, now);
    plan.opened.push(opening);
    plan.owners.push({ leadId: lead.id, ownerId: owner.id });
    counts.handoversOpened += 1;
    counts.opened.push({ id: opening.handoverId, leadId: lead.id, ownerId: owner.id, startedAt: opening.startedAt });
  }
  return plan;
}

/** A chunk of leads scored, and its due leads routed by `router` (whose rotation rows go in the same batch). */
export async function planChunk(contexts: readonly TLeadContext[], charter: TCharter, actor: TActor, now: Date, router: Router, options: TScoreOptions & TRouteOptions): Promise<TChunkPlan> {
  return routeDue(await scoreChunk(contexts, charter, now, options), charter, actor, now, router, options);
}

/** The handovers a plan opens, with their audit rows, as multi-row INSERTs. */
export function openedStatements(plan: TChunkPlan): TStatement[] {
  return [...insertsOf(handovers, plan.opened.map((o) => o.handover)), ...insertsOf(auditLog, plan.opened.map((o) => o.audit))];
}
