import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { TCharter } from '../../shared/charter';
import { evaluateLead, type TEvaluation } from '../../shared/scoring/evaluate';
import { STAGE_RANK } from '../../shared/scoring/stage';
import type { Database } from '../db/client';
import { accounts, decisions, events, handovers, leads, stageTransitions } from '../db/schema';
import type { TActor } from './audit';
import { activeCharter } from './charter';
import { openHandoverQueries, ownersById, RoundRobin } from './handover';
import { eventForScoring, leadForScoring, type TAccountRow, type TEventRow, type TLeadRow } from './lead-record';

const CHUNK = 200;
const DAY_MS = 86_400_000;

export interface TRescoreResult {
  rescored: number;
  transitions: number;
  handoversOpened: number;
  /** Leads that reached handover with no rep to take them: picked up again on their next rescore. */
  unassigned: number;
}

type TQuery = BatchItem<'sqlite'>;

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

interface TLeadContext {
  lead: TLeadRow;
  account: TAccountRow | undefined;
  events: TEventRow[];
  hasOpenHandover: boolean;
  hasAnyHandover: boolean;
  lastDecision: { kind: 'accepted' | 'rejected'; decidedAt: string } | undefined;
}

/**
 * Whether the lead should be handed (again) to sales now. A lead with no handover yet, once
 * it reaches the charter's handover stage; a lead returned to nurture, only when it
 * qualifies again on what it did after it was returned — not on the signals a rep already
 * judged. Accepted and disqualified leads are never handed over again automatically.
 */
function dueForHandover(context: TLeadContext, evaluation: TEvaluation, charter: TCharter, now: Date): boolean {
  const handoverRank = STAGE_RANK[charter.sla.handoverStage];
  if (context.hasOpenHandover || STAGE_RANK[evaluation.stage.stage] < handoverRank) return false;
  if (context.lead.status === 'active') return !context.hasAnyHandover;
  if (context.lead.status !== 'nurture' || context.lastDecision?.kind !== 'rejected') return false;
  const since = context.lastDecision.decidedAt;
  const fresh = context.events.filter((e) => e.at > since).map((e) => eventForScoring(e, context.lead.email));
  const requalified = evaluateLead({ lead: leadForScoring(context.lead, context.account), events: fresh, charter, at: now });
  return STAGE_RANK[requalified.stage.stage] >= handoverRank;
}

/**
 * Re-scores the given leads under the active charter at `now`: stores their levels, moves
 * their stage forward (never back: an SQL whose engagement decays stays an SQL), records
 * each stage change, and opens a handover when one is due.
 */
export async function rescoreLeads(database: Database, leadIds: readonly string[], actor: TActor, now: Date): Promise<TRescoreResult> {
  const result: TRescoreResult = { rescored: 0, transitions: 0, handoversOpened: 0, unassigned: 0 };
  const ids = [...new Set(leadIds)];
  if (ids.length === 0) return result;
  const charter = await activeCharter(database);
  const windowStart = new Date(now.getTime() - Math.max(charter.engagement.windowDays, charter.intent.windowDays) * DAY_MS).toISOString();
  const nowIso = now.toISOString();

  await database.writeLock.runExclusive(async () => {
    const { db } = database;
    const roundRobin = await RoundRobin.load(db);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const leadRows = await db.select().from(leads).where(inArray(leads.id, chunk));
      const accountIds = [...new Set(leadRows.map((l) => l.accountId).filter((id): id is string => id !== null))];
      const [accountRows, eventRows, handoverRows, decisionRows] = await Promise.all([
        accountIds.length ? db.select().from(accounts).where(inArray(accounts.id, accountIds)) : Promise.resolve([]),
        db.select().from(events).where(and(inArray(events.leadId, chunk), gte(events.at, windowStart))),
        db.select({ leadId: handovers.leadId, state: handovers.state }).from(handovers).where(inArray(handovers.leadId, chunk)),
        db
          .select({ leadId: decisions.leadId, kind: decisions.kind, decidedAt: decisions.decidedAt })
          .from(decisions)
          .where(inArray(decisions.leadId, chunk))
          .orderBy(desc(decisions.decidedAt)),
      ]);
      const accountById = new Map(accountRows.map((a) => [a.id, a]));
      const eventsByLead = groupBy(eventRows, (e) => e.leadId);
      const handoversByLead = groupBy(handoverRows, (h) => h.leadId);
      const lastDecisionByLead = new Map<string, { kind: 'accepted' | 'rejected'; decidedAt: string }>();
      for (const d of decisionRows) if (!lastDecisionByLead.has(d.leadId)) lastDecisionByLead.set(d.leadId, d);
      const owners = await ownersById(db, leadRows.map((l) => l.ownerId).filter((id): id is string => id !== null));

      const queries: TQuery[] = [];
      for (const lead of leadRows) {
        const context: TLeadContext = {
          lead,
          account: lead.accountId ? accountById.get(lead.accountId) : undefined,
          events: eventsByLead.get(lead.id) ?? [],
          hasOpenHandover: (handoversByLead.get(lead.id) ?? []).some((h) => h.state === 'open'),
          hasAnyHandover: handoversByLead.has(lead.id),
          lastDecision: lastDecisionByLead.get(lead.id),
        };
        const evaluation = evaluateLead({
          lead: leadForScoring(lead, context.account),
          events: context.events.map((e) => eventForScoring(e, lead.email)),
          charter,
          at: now,
        });
        const { criteria } = evaluation;
        const reached = evaluation.stage.stage;
        const advances = STAGE_RANK[reached] > STAGE_RANK[lead.stage];
        const stage = advances ? reached : lead.stage;
        const path = evaluation.stage.path;
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
              stage,
              ...(advances ? { stagePath: path, updatedAt: nowIso } : {}),
              // A direct SQL skips the MQL step: it is not counted as an MQL that converted.
              ...(advances && STAGE_RANK[reached] >= 1 && !lead.mqlAt && path !== 'direct' ? { mqlAt: nowIso } : {}),
              ...(advances && reached === 'sql' && !lead.sqlAt ? { sqlAt: nowIso } : {}),
            })
            .where(eq(leads.id, lead.id)),
        );
        result.rescored += 1;
        if (advances) {
          result.transitions += 1;
          queries.push(
            db.insert(stageTransitions).values({ leadId: lead.id, fromStage: lead.stage, toStage: reached, path, at: nowIso, charterVersion: charter.version, cause: 'scoring' }),
          );
        }
        if (dueForHandover({ ...context, lead: { ...lead, stage } }, evaluation, charter, now)) {
          const owner = (lead.ownerId ? owners.get(lead.ownerId) : undefined) ?? roundRobin.next();
          if (!owner) {
            result.unassigned += 1;
            continue;
          }
          queries.push(...openHandoverQueries(db, { leadId: lead.id, owner, stage: charter.sla.handoverStage, startedAt: now, intent: criteria.intent.level }, charter, actor, now));
          result.handoversOpened += 1;
        }
      }
      if (queries.length > 0) await db.batch(queries as [TQuery, ...TQuery[]]);
    }
  });
  return result;
}
