import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { TCharter } from '../../shared/charter';
import { evaluateLead, type TEvaluation } from '../../shared/scoring/evaluate';
import { STAGE_RANK } from '../../shared/scoring/stage';
import type { Database, TDb } from '../db/client';
import { accounts, decisions, events, handovers, leads, stageTransitions } from '../db/schema';
import { SYSTEM, type TActor } from './audit';
import { activeCharter } from './charter';
import { HandoverAssigner, openHandoverQueries, retryOnConflict } from './handover';
import { eventForScoring, leadForScoring, type TAccountRow, type TEventRow, type TLeadRow } from './lead-record';

const CHUNK = 200;
const DAY_MS = 86_400_000;

export interface TRescoreResult {
  rescored: number;
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

type TQuery = BatchItem<'sqlite'>;

interface TLeadContext {
  lead: TLeadRow;
  account: TAccountRow | undefined;
  /** The lead's events inside the longest scoring window. */
  events: TEventRow[];
  hasOpenHandover: boolean;
  hasAnyHandover: boolean;
  lastDecision: { kind: 'accepted' | 'rejected'; decidedAt: string } | undefined;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

function evaluate(context: TLeadContext, events: readonly TEventRow[], charter: TCharter, now: Date): TEvaluation {
  return evaluateLead({
    lead: leadForScoring(context.lead, context.account),
    events: events.map((e) => eventForScoring(e, context.lead.email)),
    charter,
    at: now,
  });
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
function dueForHandover(context: TLeadContext, charter: TCharter, now: Date): boolean {
  const handoverRank = STAGE_RANK[charter.sla.handoverStage];
  if (context.hasOpenHandover) return false;
  if (context.lead.status === 'active') return !context.hasAnyHandover && STAGE_RANK[context.lead.stage] >= handoverRank;
  if (context.lead.status !== 'nurture' || context.lastDecision?.kind !== 'rejected') return false;
  const rejectedAt = context.lastDecision.decidedAt;
  const since = context.events.filter((e) => e.at > rejectedAt);
  return STAGE_RANK[evaluate(context, since, charter, now).stage.stage] >= handoverRank;
}

async function loadContexts(db: TDb, leadIds: string[], charter: TCharter, now: Date): Promise<TLeadContext[]> {
  const windowDays = Math.max(charter.engagement.windowDays, charter.intent.windowDays);
  const windowStart = new Date(now.getTime() - windowDays * DAY_MS).toISOString();
  // In the order given (the order leads arrived in), so the rotation deals them in that order.
  const position = new Map(leadIds.map((id, i) => [id, i]));
  const leadRows = (await db.select().from(leads).where(inArray(leads.id, leadIds))).sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  const accountIds = [...new Set(leadRows.flatMap((l) => (l.accountId ? [l.accountId] : [])))];
  const [accountRows, eventRows, handoverRows, decisionRows] = await Promise.all([
    accountIds.length ? db.select().from(accounts).where(inArray(accounts.id, accountIds)) : [],
    db.select().from(events).where(and(inArray(events.leadId, leadIds), gte(events.at, windowStart))),
    db.select({ leadId: handovers.leadId, state: handovers.state }).from(handovers).where(inArray(handovers.leadId, leadIds)),
    db
      .select({ leadId: decisions.leadId, kind: decisions.kind, decidedAt: decisions.decidedAt })
      .from(decisions)
      .where(inArray(decisions.leadId, leadIds))
      .orderBy(desc(decisions.decidedAt)),
  ]);
  const accountById = new Map(accountRows.map((a) => [a.id, a]));
  const eventsByLead = groupBy(eventRows, (e) => e.leadId);
  const handoversByLead = groupBy(handoverRows, (h) => h.leadId);
  const decisionsByLead = groupBy(decisionRows, (d) => d.leadId);
  return leadRows.map((lead) => ({
    lead,
    account: lead.accountId ? accountById.get(lead.accountId) : undefined,
    events: eventsByLead.get(lead.id) ?? [],
    hasOpenHandover: (handoversByLead.get(lead.id) ?? []).some((h) => h.state === 'open'),
    hasAnyHandover: handoversByLead.has(lead.id),
    lastDecision: decisionsByLead.get(lead.id)?.[0],
  }));
}

const noChanges = (): TRescoreResult => ({ rescored: 0, transitions: 0, handoversOpened: 0, awaitingRep: 0, opened: [] });

/** One chunk of leads, scored and written in one batch. */
async function rescoreChunk(db: TDb, leadIds: string[], charter: TCharter, actor: TActor, now: Date): Promise<TRescoreResult> {
  const nowIso = now.toISOString();
  const counts = noChanges();
  const assigner = new HandoverAssigner(db);
  const queries: TQuery[] = [];
  for (const context of await loadContexts(db, leadIds, charter, now)) {
    const { lead } = context;
    const evaluation = evaluate(context, context.events, charter, now);
    const { criteria } = evaluation;
    const { stage: reached, path } = evaluation.stage;
    const advances = STAGE_RANK[reached] > STAGE_RANK[lead.stage];
    // Meeting every SQL threshold passes the MQL ones on the way; the direct path skips them.
    const passedMql = reached === 'mql' || (reached === 'sql' && path !== 'direct' && evaluation.stage.checks.mql.every((c) => c.met));
    queries.push(
      db
        .update(leads)
        .set({
          fitLevel: criteria.fit.level,
          engagementLevel: criteria.engagement.level,
          intentLevel: criteria.intent.level,
          authorityLevel: criteria.authority.level,
          charterVersion: charter.version,
          scoredAt: nowIso,
          ...(advances ? { stage: reached, stagePath: path, updatedAt: nowIso } : {}),
          ...(advances && passedMql && !lead.mqlAt ? { mqlAt: nowIso } : {}),
          ...(advances && reached === 'sql' && !lead.sqlAt ? { sqlAt: nowIso } : {}),
        })
        .where(eq(leads.id, lead.id)),
    );
    counts.rescored += 1;
    if (advances) {
      counts.transitions += 1;
      queries.push(db.insert(stageTransitions).values({ leadId: lead.id, fromStage: lead.stage, toStage: reached, path, at: nowIso, charterVersion: charter.version, cause: 'scoring' }));
    }

    if (!dueForHandover({ ...context, lead: { ...lead, stage: advances ? reached : lead.stage } }, charter, now)) continue;
    const owner = await assigner.ownerFor(lead);
    if (!owner) {
      counts.awaitingRep += 1;
      continue;
    }
    const opening = openHandoverQueries(db, { leadId: lead.id, owner, stage: charter.sla.handoverStage, startedAt: now, intent: criteria.intent.level }, charter, actor, now);
    queries.push(...opening.queries);
    counts.handoversOpened += 1;
    counts.opened.push({ id: opening.handoverId, leadId: lead.id, ownerId: owner.id, startedAt: opening.startedAt });
  }
  if (queries.length > 0) await db.batch(queries as [TQuery, ...TQuery[]]);
  return counts;
}

/**
 * Re-scores the given leads under the active charter at `now`, and only them: stores
 * their levels, moves their stage forward — never back: an SQL whose engagement decays
 * stays an SQL, only a rep's rejection returns a lead to nurture — records each change
 * with its path and charter version, dates the lead's first MQL and SQL, and opens the
 * handovers that are due (see `dueForHandover`). A direct SQL leaves `mqlAt` empty: the
 * funnel counts it by its stage path. `actor` is who the handover audit rows name.
 */
export async function rescoreLeads(database: Database, leadIds: readonly string[], now: Date, actor: TActor = SYSTEM): Promise<TRescoreResult> {
  const result = noChanges();
  const ids = [...new Set(leadIds)];
  if (ids.length === 0) return result;
  const charter = await activeCharter(database);
  await database.writeLock.runExclusive(async () => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const written = await retryOnConflict(() => rescoreChunk(database.db, chunk, charter, actor, now));
      result.rescored += written.rescored;
      result.transitions += written.transitions;
      result.handoversOpened += written.handoversOpened;
      result.awaitingRep += written.awaitingRep;
      result.opened.push(...written.opened);
    }
  });
  return result;
}
