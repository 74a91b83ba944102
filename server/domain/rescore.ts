import type { TCharter } from '../../shared/charter';
import { evaluateLead, type TEvaluation } from '../../shared/scoring/evaluate';
import { STAGE_RANK } from '../../shared/scoring/stage';
import type { Database, TDb } from '../db/client';
import { auditLog, handovers, stageTransitions } from '../db/schema';
import { SYSTEM, type TActor } from './audit';
import { insertsOf, runBatch, type TStatement } from './batch-sql';
import { activeCharter } from './charter';
import { handoverTier, openHandoverRows, retryOnConflict } from './handover';
import { eventForScoring, leadForScoring, type TLeadRow, type TScoringEventRow } from './lead-record';
import { handedOverQueries, scoreOutcome, scoreQueries, type TScoreRow } from './lead-scores';
import { routingLeadOf } from './routing/lead';
import { Router } from './routing/router';
import { loadChunk, loadHandoverFacts, windowStartOf, type THandoverFacts, type TLeadContext } from './rescore-reads';
import { nextTurn } from '../next-turn';

/** Leads per chunk: one read of their events, one batch of writes. */
const CHUNK = 1000;
/** Leads per chunk of a full re-score. */
const FULL_CHUNK = 1000;
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

export const noChanges = (): TRescoreResult => ({ rescored: 0, changed: 0, transitions: 0, handoversOpened: 0, awaitingRep: 0, opened: [] });

function addInto(total: TRescoreResult, part: TRescoreResult): void {
  total.rescored += part.rescored;
  total.changed += part.changed;
  total.transitions += part.transitions;
  total.handoversOpened += part.handoversOpened;
  total.awaitingRep += part.awaitingRep;
  total.opened.push(...part.opened);
}

/** What a chunk's scoring decides, before it is written: `chunkStatements` writes it. */
export interface TChunkPlan {
  counts: TRescoreResult;
  /** The leads whose scores change, as `scoreQueries` rewrites them. */
  rows: TScoreRow[];
  /** The leads scored that only get their `scored_at` moved. */
  unchangedIds: string[];
  transitions: (typeof stageTransitions.$inferInsert)[];
  opened: ReturnType<typeof openHandoverRows>[];
  /** The owner each lead handed over gets. */
  owners: { leadId: string; ownerId: string }[];
}

interface TPlanOptions {
  /** Whether a lead nothing changed on gets its `scored_at` moved all the same (a rescore on an event does). */
  touchUnchanged: boolean;
  /** The handover facts of the leads that may be due (see `loadHandoverFacts`). */
  factsOf: (leads: { id: string; nurture: boolean }[]) => Promise<Map<string, THandoverFacts>>;
  /**
   * The account's owner e-mail of each lead's account as the batch leaves it, when the batch
   * writes the account (see `TRouteRequest.accountOwnerEmail`); else the stored one counts.
   */
  accountOwnerEmailOf?: (context: TLeadContext) => string | null | undefined;
}

/**
 * A chunk of leads scored: their new levels and stages, and the handovers due, routed by
 * `router` (whose rotation rows go in the same batch).
 */
export async function planChunk(contexts: readonly TLeadContext[], charter: TCharter, actor: TActor, now: Date, router: Router, options: TPlanOptions): Promise<TChunkPlan> {
  const nowIso = now.toISOString();
  const plan: TChunkPlan = { counts: noChanges(), rows: [], unchangedIds: [], transitions: [], opened: [], owners: [] };
  const { counts } = plan;
  const scored: { context: TLeadContext; intent: TEvaluation['criteria']['intent']['level'] }[] = [];
  for (const [i, context] of contexts.entries()) {
    if (i % SCORING_SLICE === 0) await nextTurn();
    const { lead } = context;
    const evaluation = evaluate(context, context.events, charter, now);
    const { advance, row } = scoreOutcome(lead, evaluation, charter.version, nowIso);
    if (row) plan.rows.push(row);
    else if (options.touchUnchanged) plan.unchangedIds.push(lead.id);
    counts.rescored += 1;
    if (advance) {
      counts.transitions += 1;
      plan.transitions.push({ leadId: lead.id, fromStage: advance.from, toStage: advance.to, path: advance.path, at: nowIso, charterVersion: charter.version, cause: 'scoring' });
    }
    scored.push({ context: { ...context, lead: { ...lead, stage: advance?.to ?? lead.stage } }, intent: evaluation.criteria.intent.level });
  }
  counts.changed = plan.rows.length;

  const candidates = scored.filter((s) => mayBeDue(s.context.lead, charter));
  const facts = await options.factsOf(candidates.map((s) => ({ id: s.context.lead.id, nurture: s.context.lead.status === 'nurture' })));
  const stage = charter.sla.handoverStage;
  for (const { context, intent } of candidates) {
    if (!dueForHandover(context, facts.get(context.lead.id)!, charter, now)) continue;
    const { lead, account } = context;
    const accountOwnerEmail = options.accountOwnerEmailOf?.(context);
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

/** The handovers a plan opens, with their audit rows, as multi-row INSERTs. */
export function openedStatements(plan: TChunkPlan): TStatement[] {
  return [...insertsOf(handovers, plan.opened.map((o) => o.handover)), ...insertsOf(auditLog, plan.opened.map((o) => o.audit))];
}

/** One chunk of leads, scored and written in one batch, with `alsoWrite`'s statements given the chunk's counts (a job's progress). */
async function rescoreChunk(
  db: TDb,
  contexts: TLeadContext[],
  charter: TCharter,
  actor: TActor,
  now: Date,
  touchUnchanged: boolean,
  alsoWrite?: (counts: TRescoreResult) => TStatement[],
): Promise<TRescoreResult> {
  const nowIso = now.toISOString();
  const router = new Router(db, charter, now);
  const plan = await planChunk(contexts, charter, actor, now, router, { touchUnchanged, factsOf: (leads) => loadHandoverFacts(db, leads) });
  // The scores before the handovers, whose writes update the same leads (owner, status).
  await runBatch(db, [
    ...scoreQueries(plan.rows, plan.unchangedIds, charter.version, nowIso),
    ...insertsOf(stageTransitions, plan.transitions),
    ...openedStatements(plan),
    ...handedOverQueries(plan.owners, nowIso),
    ...router.writes(),
    ...(alsoWrite?.(plan.counts) ?? []),
  ]);
  return plan.counts;
}

/**
 * Re-scores the given leads under the active charter at `now`, and only them: stores
 * their levels, moves their stage forward — never back: an SQL whose engagement decays
 * stays an SQL, only a rep's rejection returns a lead to nurture — records each change
 * with its path and charter version, dates the lead's first MQL and SQL, and opens the
 * handovers that are due (see `dueForHandover`). A direct SQL leaves `mqlAt` empty: the
 * funnel counts it by its stage path. `actor` is who the handover audit rows name; `charter`,
 * when the caller has just read the active one, saves reading it again.
 */
export async function rescoreLeads(database: Database, leadIds: readonly string[], now: Date, actor: TActor = SYSTEM, charter?: TCharter): Promise<TRescoreResult> {
  const result = noChanges();
  const ids = [...new Set(leadIds)];
  if (ids.length === 0) return result;
  const scoring = charter ?? (await activeCharter(database));
  await database.writeLock.runExclusive(async () => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const written = await retryOnConflict(async () => {
        const { contexts } = await loadChunk(database.db, { ids: chunk }, windowStartOf(scoring, now));
        return rescoreChunk(database.db, contexts, scoring, actor, now, true);
      });
      addInto(result, written);
    }
  });
  return result;
}

export interface TRescoreStep extends TRescoreResult {
  /** The last lead id of the chunk, where the next one starts; null when there were no leads left. */
  lastId: string | null;
}

/**
 * One chunk of a full re-score: the leads after `afterId` in id order (from the first when
 * null), scored as `rescoreLeads` scores them, in one read and one batch, under the write
 * lock. Only the leads whose scores change are written. `alsoWrite` adds statements to the
 * chunk's batch (the job's progress), so they are stored exactly when its scores are.
 */
export async function rescoreAfter(
  database: Database,
  afterId: string | null,
  charter: TCharter,
  now: Date,
  alsoWrite?: (step: TRescoreStep) => TStatement[],
  actor: TActor = SYSTEM,
  limit = FULL_CHUNK,
): Promise<TRescoreStep> {
  return database.writeLock.runExclusive(() =>
    retryOnConflict(async () => {
      const { contexts, lastId } = await loadChunk(database.db, { afterId, limit }, windowStartOf(charter, now));
      if (contexts.length === 0) return { ...noChanges(), lastId };
      const counts = await rescoreChunk(database.db, contexts, charter, actor, now, false, alsoWrite && ((c) => alsoWrite({ ...c, lastId })));
      return { ...counts, lastId };
    }),
  );
}
