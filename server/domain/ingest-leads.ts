import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { TCharter } from '../../shared/charter';
import { ZLead, type TLead } from '../../shared/schemas';
import { STAGE_RANK, type TStage } from '../../shared/scoring/stage';
import type { Database, TDb } from '../db/client';
import { auditLog, handovers, leads, notifications, stageTransitions, users } from '../db/schema';
import { auditInsert, type TActor } from './audit';
import { chunks, insertsOf, runBatch, type TQuery } from './batch-sql';
import { activeCharter } from './charter';
import { handoverTier, openHandoverQueries, OWNER_ROLES, retryOnConflict } from './handover';
import { Router } from './routing/router';
import { intentAt } from './handover-tier';
import { isHistory } from './history';
import { accountDomain, accountQueries } from './ingest-accounts';
import { handoversOfLeads, leadsByEmail, usersByEmail } from './ingest-reads';
import { rowAsInserted } from './insert-rows';
import type { TAccountRow, TLeadRow } from './lead-record';
import { setScores } from './lead-scores';
import { openedStatements, planChunk, type TChunkPlan } from './rescore-plan';
import { inList } from './sql-lists';
import { CHUNK, earliest, emptyResult, futureProblem, rescoreInto, sentOnly, utc, validateEach, type TIngestResult } from './ingest-common';
import { newRowId } from './row-ids';

// Leads in: validated, merged by e-mail, their accounts, stages and owners written a chunk at
// a time, new leads with their scores and handovers; those that existed are re-scored with
// their events once written (see ingest.ts).

function withUtcInstants(lead: TLead): TLead {
  const { lifecycle, createdAt } = lead;
  return {
    ...lead,
    ...(lifecycle ? { lifecycle: sentOnly({ mqlAt: lifecycle.mqlAt && utc(lifecycle.mqlAt), sqlAt: lifecycle.sqlAt && utc(lifecycle.sqlAt) }) } : {}),
    ...(createdAt ? { createdAt: utc(createdAt) } : {}),
  };
}

/** Two payloads for one e-mail in one request, as if sent one after the other. */
function mergeLeads(earlier: TLead, later: TLead): TLead {
  return {
    ...earlier,
    ...later,
    ...(earlier.company || later.company ? { company: { ...earlier.company, ...later.company } } : {}),
    ...(earlier.crmIds || later.crmIds ? { crmIds: { ...earlier.crmIds, ...later.crmIds } } : {}),
    ...(earlier.lifecycle || later.lifecycle
      ? { lifecycle: sentOnly({ mqlAt: earliest(earlier.lifecycle?.mqlAt, later.lifecycle?.mqlAt), sqlAt: earliest(earlier.lifecycle?.sqlAt, later.lifecycle?.sqlAt) }) }
      : {}),
    ...(earlier.createdAt || later.createdAt ? { createdAt: earliest(earlier.createdAt, later.createdAt) } : {}),
  };
}

interface TStageStep {
  from: TStage;
  to: TStage;
  at: string;
}

/** The stage changes a lead's lifecycle dates mean, in time order, each from the stage before. */
function importedSteps(current: TStage, mqlAt: string | undefined, sqlAt: string | undefined): TStageStep[] {
  const dated = (
    [
      ['mql', mqlAt],
      ['sql', sqlAt],
    ] as const
  )
    .filter((d): d is readonly ['mql' | 'sql', string] => d[1] !== undefined)
    .sort((a, b) => a[1].localeCompare(b[1]));
  const steps: TStageStep[] = [];
  let stage = current;
  for (const [to, at] of dated) {
    if (STAGE_RANK[to] <= STAGE_RANK[stage]) continue;
    steps.push({ from: stage, to, at });
    stage = to;
  }
  return steps;
}

interface TChunkOutcome {
  created: number;
  leadIds: string[];
  /** The leads that existed, to be re-scored with their events once written. */
  existingIds: string[];
  handoversOpened: number;
  awaitingRep: number;
}

/** An audit row, for a multi-row insert (`auditInsert` writes one row per statement). */
function auditRow(actor: TActor, at: Date, action: string, leadId: string): typeof auditLog.$inferInsert {
  return { at: at.toISOString(), actorKind: actor.kind, actorId: actor.id, action, entity: 'lead', entityId: leadId };
}

interface TOpenHandoverRow {
  id: string;
  ownerId: string;
  deadline: string;
  escalatedAt: string | null;
  createdAt: string;
}

interface THandoverMove {
  handover: TOpenHandoverRow;
  toId: string;
  leadName: string;
}

/**
 * Whether a lead's open handover follows the owner a payload names (a user here other than
 * its holder): when they may hold handovers, and are not the rep the last move made here — the
 * sweeper's escalation or a manager's reassignment — took it away from: a CRM that still names
 * that rep has not heard of the move.
 */
async function handoverFollows(db: TDb, handover: TOpenHandoverRow, to: { id: string; role: (typeof users.$inferSelect)['role'] }): Promise<boolean> {
  if (!OWNER_ROLES.has(to.role)) return false;
  const [move] = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'handover'),
        eq(auditLog.entityId, handover.id),
        or(eq(auditLog.action, 'handover.escalate'), and(eq(auditLog.action, 'handover.reassign'), sql`json_extract(${auditLog.details}, '$.cause') = 'manager'`)),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  return move?.details?.from !== to.id;
}

/**
 * An open handover moved to the lead's new owner, as the sweeper's escalation moves one:
 * the new holder is notified, the move audited. Its clock — start, deadline, and the
 * original owner whose calendar it runs in — stays.
 */
async function handoverMoveQueries(db: TDb, moves: readonly THandoverMove[], actor: TActor, now: Date): Promise<TQuery[]> {
  if (moves.length === 0) return [];
  const fromIds = [...new Set(moves.map((m) => m.handover.ownerId))];
  const nameOf = new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inList(users.id, fromIds))).map((u) => [u.id, u.name]));
  return moves.flatMap(({ handover, toId, leadName }) => [
    db
      .update(handovers)
      .set({ ownerId: toId, routing: { by: 'crm_owner', skipped: [] } })
      .where(and(eq(handovers.id, handover.id), eq(handovers.state, 'open'))),
    // Imported history changes hands quietly: there is nothing the new holder can still do in time.
    ...(isHistory(handover)
      ? []
      : [
          db
            .insert(notifications)
            .values({
              id: newRowId(),
              userId: toId,
              handoverId: handover.id,
              kind: 'reassigned' as const,
              message: `${leadName} is yours: reassigned from ${nameOf.get(handover.ownerId) ?? 'its previous owner'} in the CRM (due ${handover.deadline}).`,
              at: now.toISOString(),
            })
            .onConflictDoNothing(),
        ]),
    auditInsert(db, {
      at: now,
      actor,
      action: 'handover.reassign',
      entity: 'handover',
      entityId: handover.id,
      details: { cause: 'crm_owner', from: handover.ownerId, to: toId, deadline: handover.deadline },
    }),
  ]);
}

/**
 * The chunk's new leads scored before they are written, so that each is stored with its
 * scores and its handover in the chunk's one batch: a new lead has no events yet, and its
 * account is as the batch leaves it. Their rows get their scores and owners (see
 * `setScores`); the plan has the rest. `importedHandover` holds those the import handed over.
 */
async function scoreNewLeads(
  newLeads: (typeof leads.$inferInsert)[],
  accountOf: ReadonlyMap<string, TAccountRow>,
  importedHandover: ReadonlySet<string>,
  router: Router,
  charter: TCharter,
  actor: TActor,
  now: Date,
): Promise<TChunkPlan> {
  const accountById = new Map([...accountOf.values()].map((a) => [a.id, a]));
  const contexts = newLeads.map((values) => ({ lead: rowAsInserted(leads, values), account: values.accountId ? accountById.get(values.accountId) : undefined, events: [] }));
  const plan = await planChunk(contexts, charter, actor, now, router, {
    touchUnchanged: true,
    factsOf: (due) => Promise.resolve(new Map(due.map(({ id }) => [id, { hasOpenHandover: importedHandover.has(id), hasAnyHandover: importedHandover.has(id), lastDecision: undefined }]))),
    accountOwnerEmailOf: (due) => (due.account ? due.account.ownerEmail : undefined),
  });
  const rowOf = new Map(plan.rows.map((row) => [row.id, row]));
  const ownerOf = new Map(plan.owners.map((o) => [o.leadId, o.ownerId]));
  const nowIso = now.toISOString();
  for (const values of newLeads) setScores(values, rowOf.get(values.id), ownerOf.get(values.id), charter.version, nowIso);
  return plan;
}

/**
 * One chunk of leads in one batch: accounts, leads, audit rows, imported stage changes and
 * the handovers of imported history. Reads first, so it runs under the write lock, and
 * under `retryOnConflict` for other processes.
 */
async function writeLeadChunk(db: TDb, chunk: readonly TLead[], charter: TCharter, actor: TActor, now: Date): Promise<TChunkOutcome> {
  const nowIso = now.toISOString();
  const outcome: TChunkOutcome = { created: 0, leadIds: [], existingIds: [], handoversOpened: 0, awaitingRep: 0 };
  const existing = new Map<string, TLeadRow>((await leadsByEmail(db, chunk.map((l) => l.email))).map((l) => [l.email, l]));
  const ownerEmails = [...new Set(chunk.flatMap((l) => (l.ownerEmail ? [l.ownerEmail] : [])))];
  const userByEmail = new Map(ownerEmails.length ? (await usersByEmail(db, ownerEmails)).map((u) => [u.email, u]) : []);
  const existingIds = [...existing.values()].map((l) => l.id);
  const handoverRows = existingIds.length ? await handoversOfLeads(db, existingIds) : [];
  const handedOver = new Set(handoverRows.map((h) => h.leadId));
  const openHandoverOf = new Map(handoverRows.filter((h) => h.state === 'open').map((h) => [h.leadId, h]));
  const moves: THandoverMove[] = [];
  const { byDomain: accountOf, queries: accountWrites } = await accountQueries(db, chunk, nowIso);
  const router = new Router(db, charter, now);
  const handoverRank = STAGE_RANK[charter.sla.handoverStage];
  const newLeads: (typeof leads.$inferInsert)[] = [];
  const leadUpdates: TQuery[] = [];
  const audits: (typeof auditLog.$inferInsert)[] = [];
  const transitions: (typeof stageTransitions.$inferInsert)[] = [];
  const handoverWrites: TQuery[] = [];
  const importedHandover = new Set<string>();

  for (const lead of chunk) {
    const before = existing.get(lead.email);
    const id = before?.id ?? newRowId();
    const currentStage = before?.stage ?? 'lead';
    const mqlAt = earliest(before?.mqlAt, lead.lifecycle?.mqlAt);
    const sqlAt = earliest(before?.sqlAt, lead.lifecycle?.sqlAt);
    const steps = importedSteps(currentStage, mqlAt, sqlAt);
    const stage = steps.at(-1)?.to ?? currentStage;
    const domain = accountDomain(lead);
    // A named owner who is a user here becomes the owner; one who is not yet stays named.
    const namedUser = lead.ownerEmail ? userByEmail.get(lead.ownerEmail) : undefined;
    const namedUserId = namedUser?.id;
    // While the lead has an open handover, the lead and the handover have one owner: a new
    // owner takes both, or neither when the handover may not follow them.
    const open = openHandoverOf.get(id);
    const follows = open && namedUser && namedUser.id !== open.ownerId ? await handoverFollows(db, open, namedUser) : undefined;
    if (open && namedUser && follows) {
      moves.push({ handover: open, toId: namedUser.id, leadName: [lead.firstName ?? before?.firstName, lead.lastName ?? before?.lastName].filter(Boolean).join(' ') || lead.email });
    }
    const ownerId = follows === false ? undefined : namedUserId;
    const columns = {
      ...sentOnly({
        firstName: lead.firstName,
        lastName: lead.lastName,
        title: lead.title,
        company: lead.company && { ...before?.company, ...lead.company },
        source: lead.source,
        campaign: lead.campaign,
        hubspotId: lead.crmIds?.hubspot,
        salesforceId: lead.crmIds?.salesforce,
        pipedriveId: lead.crmIds?.pipedrive,
        targetAccount: lead.targetAccount,
        accountId: domain && accountOf.get(domain)?.id,
        ownerId,
        ownerEmail: lead.ownerEmail && (namedUserId ? null : lead.ownerEmail),
        mqlAt,
        sqlAt,
        createdAt: lead.createdAt && (!before || lead.createdAt < before.createdAt) ? lead.createdAt : undefined,
      }),
      ...(stage !== currentStage ? { stage, stagePath: 'import' as const } : {}),
      updatedAt: nowIso,
    };
    if (before) leadUpdates.push(db.update(leads).set(columns).where(eq(leads.id, id)));
    else newLeads.push({ createdAt: nowIso, ...columns, id, email: lead.email });
    outcome.leadIds.push(id);
    if (before) outcome.existingIds.push(id);
    audits.push(auditRow(actor, now, before ? 'lead.update' : 'lead.create', id));
    for (const step of steps) {
      transitions.push({ leadId: id, fromStage: step.from, toStage: step.to, path: 'import', at: step.at, charterVersion: charter.version, cause: 'import' });
    }

    // Imported history is handed over at the instant it reached the handover stage, so
    // its deadline, its breach and the stats are those of that instant.
    const handedOverAt = steps.find((s) => STAGE_RANK[s.to] >= handoverRank)?.at;
    const dueNow = handedOverAt && (!before || before.status === 'active') && !handedOver.has(id);
    if (!dueNow) continue;
    // A CRM's historical SQL usually comes without its events: intent none, so the medium tier (see `handoverTier`).
    const intent = before ? await intentAt(db, before, handedOverAt, charter) : 'none';
    const company = { ...(before?.company ?? {}), ...(lead.company ?? {}) };
    const routed = await router.route({
      leadId: id,
      lead: {
        source: lead.source ?? before?.source ?? null,
        campaign: lead.campaign ?? before?.campaign ?? null,
        country: company.country ?? null,
        industry: company.industry ?? null,
        employees: company.employees ?? null,
        targetAccount: lead.targetAccount ?? before?.targetAccount ?? false,
        stage: stage === 'sql' ? 'sql' : 'mql',
        intent,
      },
      accountId: (domain && accountOf.get(domain)?.id) || before?.accountId || null,
      ...(domain ? { accountOwnerEmail: accountOf.get(domain)?.ownerEmail ?? null } : {}),
      named: { ownerId: namedUserId ?? before?.ownerId ?? null, ownerEmail: lead.ownerEmail ?? before?.ownerEmail ?? null },
      tier: handoverTier(intent, charter.sla.handoverStage, charter).tier,
    });
    // Without a rep the rescore that follows reports the lead as awaiting one.
    if (!routed) continue;
    handoverWrites.push(
      ...openHandoverQueries(db, { leadId: id, owner: routed.owner, stage: charter.sla.handoverStage, startedAt: new Date(handedOverAt), intent, routing: routed.trace }, charter, actor, now).queries,
    );
    importedHandover.add(id);
    outcome.handoversOpened += 1;
  }
  outcome.created = newLeads.length;
  handoverWrites.push(...(await handoverMoveQueries(db, moves, actor, now)));
  const scored = await scoreNewLeads(newLeads, accountOf, importedHandover, router, charter, actor, now);
  outcome.handoversOpened += scored.counts.handoversOpened;
  outcome.awaitingRep += scored.counts.awaitingRep;
  // Accounts before the leads that reference them, leads before their transitions and handovers.
  const queries = [
    ...accountWrites,
    ...insertsOf(leads, newLeads),
    ...leadUpdates,
    ...insertsOf(auditLog, audits),
    ...insertsOf(stageTransitions, [...transitions, ...scored.transitions]),
    ...handoverWrites,
    ...openedStatements(scored),
    ...router.writes(),
  ];
  await runBatch(db, queries);
  return outcome;
}

/**
 * Upserts leads by e-mail: what a payload sends replaces, what it omits is kept (a
 * company's fields one by one). Accounts are upserted by domain. `ownerEmail` names the
 * owner when that user exists here, and is kept on the lead otherwise; a new owner takes
 * the lead's open handover with it (see `handoverFollows`). Historical `lifecycle` dates
 * keep the earliest known, are recorded as stage changes at their own instants, and hand
 * the lead over at the instant it reached the charter's handover stage. A lead dated in the
 * future (beyond `CLOCK_SKEW_MS`) is refused. New leads are scored in the batch that writes
 * them; the leads that existed are re-scored after, with their events. `charter`, when
 * the caller has just read the active one, saves reading it again.
 */
export async function ingestLeads(database: Database, items: readonly unknown[], actor: TActor, now: Date, charter?: TCharter): Promise<TIngestResult> {
  const { valid, rejected } = validateEach(ZLead, items, 'leads', (lead) =>
    futureProblem(now, [
      [['createdAt'], lead.createdAt],
      [['lifecycle', 'mqlAt'], lead.lifecycle?.mqlAt],
      [['lifecycle', 'sqlAt'], lead.lifecycle?.sqlAt],
    ]),
  );
  const byEmail = new Map<string, TLead>();
  for (const { value } of valid) {
    const lead = withUtcInstants(value);
    const earlier = byEmail.get(lead.email);
    byEmail.set(lead.email, earlier ? mergeLeads(earlier, lead) : lead);
  }
  const result = emptyResult(valid.length, rejected);
  const active = charter ?? (await activeCharter(database));
  const existingIds: string[] = [];
  await database.writeLock.runExclusive(async () => {
    for (const chunk of chunks([...byEmail.values()], CHUNK)) {
      const written = await retryOnConflict(() => writeLeadChunk(database.db, chunk, active, actor, now));
      result.created += written.created;
      result.handoversOpened += written.handoversOpened;
      result.awaitingRep += written.awaitingRep;
      result.leadIds.push(...written.leadIds);
      existingIds.push(...written.existingIds);
    }
  });
  result.updated = result.accepted - result.created;
  await rescoreInto(result, database, now, actor, active, existingIds);
  return result;
}
