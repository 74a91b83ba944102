import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, TDb } from '../db/client';
import { GroupCommit } from '../db/group-commit';
import { decisions, handovers, leads, users } from '../db/schema';
import { HANDOVER_MOVED, handoverChecks } from '../db/schema-sla';
import { conflict, invalid, isUniqueViolation, notFound, refusedWith } from '../errors';
import { outboxInserts, signalOutbox } from '../connectors/outbox';
import { actingFor } from './access';
import { auditInsert, type TAuditEntry } from './audit';
import { currentCharter } from './charter-of-version';
import { planDecisionGroup } from './decision-group';
import { preparedOnce } from './prepared';
import type { TUser } from './users';
import type { TCharter } from '../../shared/charter';
import { newRowId } from './row-ids';

export type TDecisionRow = typeof decisions.$inferSelect;

export interface TDecisionInput {
  kind: 'accepted' | 'rejected';
  leadId: string;
  idempotencyKey: string;
  reasonId?: string;
  note?: string;
}

export interface TDecisionResult {
  decision: TDecisionRow;
  /** True when this call replayed an earlier one with the same idempotency key. */
  replayed: boolean;
}

const decisionByKeyQuery = (db: TDb) =>
  db
    .select()
    .from(decisions)
    .where(eq(decisions.idempotencyKey, sql.placeholder('key')))
    .limit(1)
    .prepare();

/** The lead with its latest handover: one read, of the columns decide uses. */
const leadWithLatestHandoverQuery = (db: TDb) =>
  db
    .select({
      lead: { id: leads.id, hubspotId: leads.hubspotId, salesforceId: leads.salesforceId, pipedriveId: leads.pipedriveId },
      handover: { id: handovers.id, state: handovers.state, ownerId: handovers.ownerId, firstTouchAt: handovers.firstTouchAt },
    })
    .from(leads)
    .leftJoin(handovers, eq(handovers.leadId, leads.id))
    .where(eq(leads.id, sql.placeholder('leadId')))
    .orderBy(desc(handovers.startedAt))
    .limit(1)
    .prepare();

/** A decision waiting for the write lock, its input checked against the charter it was read under. */
export interface TDecisionRequest {
  caller: TUser;
  input: TDecisionInput;
  now: Date;
  charter: TCharter;
  /** The lead's status after it: accepted, back to nurture, or out of the funnel. */
  status: 'accepted' | 'nurture' | 'disqualified';
}

/** What a handover already decided is refused with. */
export const alreadyDecided = (kind: string, by: string, at: string) => conflict(`this handover was already ${kind} by ${by} at ${at}`);

async function byIdempotencyKey(database: Database, key: string): Promise<TDecisionRow | undefined> {
  const [row] = await preparedOnce(database.db, 'decisions.byKey', decisionByKeyQuery).all({ key });
  return row;
}

export async function describeExisting(database: Database, handoverId: string): Promise<string> {
  const existing = await database.db
    .select({ kind: decisions.kind, at: decisions.decidedAt, by: users.name })
    .from(decisions)
    .innerJoin(users, eq(decisions.decidedById, users.id))
    .where(eq(decisions.handoverId, handoverId))
    .limit(1);
  const row = existing[0];
  return row ? alreadyDecided(row.kind, row.by, row.at).message : 'this handover was already decided';
}

export function replayOrConflict(existing: TDecisionRow, input: TDecisionInput): TDecisionResult {
  if (existing.leadId !== input.leadId || existing.kind !== input.kind) {
    throw conflict('idempotencyKey: this key was already used for a different decision');
  }
  return { decision: existing, replayed: true };
}

/**
 * The answer to a decision whose handover turned out decided: the decision stored under its
 * key when that is what decided it — another instance, with no lock shared with this one,
 * wrote the same request between this one's reads or before its write — else the conflict.
 * An embedded replica is synced first: the other instance's write may not have reached it.
 */
export async function replayOrRefuse(database: Database, input: TDecisionInput, handoverId: string): Promise<TDecisionResult> {
  await database.sync();
  const stored = await byIdempotencyKey(database, input.idempotencyKey);
  if (stored) return replayOrConflict(stored, input);
  throw conflict(await describeExisting(database, handoverId));
}

/** What the CRMs are told of a decision (see server/connectors): the values their mapping needs. */
export function decisionPayload(decision: TDecisionRow, charter: TCharter, caller: TUser): Record<string, unknown> {
  return {
    kind: decision.kind,
    reasonId: decision.reasonId,
    reasonLabel: charter.rejectionReasons.find((r) => r.id === decision.reasonId)?.label ?? null,
    note: decision.note,
    decidedAt: decision.decidedAt,
    decidedBy: caller.email,
    charterVersion: decision.charterVersion,
  };
}

/**
 * Accepts or rejects the lead's open handover. One decision per handover: a second is a
 * conflict, never an overwrite (the database's unique index on decisions.handover_id
 * holds the line). Only the owner decides, or their manager, recorded as acting for them.
 * `active`, when the caller has just read the active charter, saves reading it again.
 */
export async function decide(database: Database, caller: TUser, input: TDecisionInput, now: Date, active?: TCharter): Promise<TDecisionResult> {
  const charter = active ?? (await currentCharter(database));
  let reasonReturnsToNurture = true;
  if (input.kind === 'rejected') {
    const reason = charter.rejectionReasons.find((r) => r.id === input.reasonId);
    if (!reason) {
      throw invalid('reason', `expected one of ${charter.rejectionReasons.map((r) => r.id).join(', ')}`);
    }
    if (reason.noteRequired && !input.note?.trim()) throw invalid('note', `a note is required with the reason "${reason.label}"`);
    reasonReturnsToNurture = reason.returnsToNurture;
  }

  const status = input.kind === 'accepted' ? 'accepted' : reasonReturnsToNurture ? 'nurture' : 'disqualified';
  return groupCommitOf(database).submit({ caller, input, now, charter, status });
}

const groups = new WeakMap<Database, GroupCommit<TDecisionRequest, TDecisionResult>>();

/** The decisions of a database written in groups, under its write lock (see group-commit.ts). */
function groupCommitOf(database: Database): GroupCommit<TDecisionRequest, TDecisionResult> {
  let group = groups.get(database);
  if (!group) {
    group = new GroupCommit(database.writeLock, {
      planGroup: (requests) => planDecisionGroup(database, requests),
      writeOne: (request) => decideAlone(database, request),
    });
    groups.set(database, group);
  }
  return group;
}

/**
 * One decision on its own, the write lock held: read, check, write in one batch. The batch
 * holds only while the handover is open with the owner it was checked against; when another
 * instance moved or closed it meanwhile, the decision is read and checked again.
 */
async function decideAlone(database: Database, request: TDecisionRequest, attempt = 1): Promise<TDecisionResult> {
  const { caller, input, now, charter, status } = request;
  const earlier = await byIdempotencyKey(database, input.idempotencyKey);
  if (earlier) return replayOrConflict(earlier, input);

  const [found] = await preparedOnce(database.db, 'decisions.leadWithLatestHandover', leadWithLatestHandoverQuery).all({ leadId: input.leadId });
  if (!found) throw notFound(`no lead with id ${input.leadId}`);
  const { lead, handover } = found;
  if (!handover) throw conflict('this lead has not been handed over to sales yet, so there is nothing to accept or reject');
  if (handover.state !== 'open') return replayOrRefuse(database, input, handover.id);

  const onBehalfOf = await actingFor(database, caller, handover.ownerId, 'decide on it');
  const decision = newDecision(request, handover, lead.id, onBehalfOf);
  const { db } = database;
  const crmWrites = await outboxInserts(db, lead, { kind: 'decision', sourceId: decision.id, payload: decisionPayload(decision, charter, caller) }, now);
  try {
    await db.batch([
      db.insert(handoverChecks).values({ handoverId: handover.id, kind: 'held', ownerId: handover.ownerId }),
      db.insert(decisions).values(decision),
      db
        .update(handovers)
        .set({ state: input.kind, closedAt: decision.decidedAt })
        .where(and(eq(handovers.id, handover.id), eq(handovers.state, 'open'))),
      db.update(leads).set({ status, updatedAt: decision.decidedAt }).where(eq(leads.id, lead.id)),
      auditInsert(db, decisionAudit(request, decision)),
      ...crmWrites,
    ]);
    if (crmWrites.length > 0) signalOutbox();
  } catch (error) {
    if (isUniqueViolation(error)) return replayOrRefuse(database, input, handover.id);
    if (refusedWith(error, HANDOVER_MOVED) && attempt < 3) {
      await database.sync();
      return decideAlone(database, request, attempt + 1);
    }
    throw error;
  }
  return { decision, replayed: false };
}

/** The decision `request` makes on `handover` (open, its check passed). */
export function newDecision(
  { caller, input, now, charter }: TDecisionRequest,
  handover: { id: string; firstTouchAt: string | null },
  leadId: string,
  onBehalfOf: TUser | null,
): TDecisionRow {
  return {
    id: newRowId(),
    handoverId: handover.id,
    leadId,
    kind: input.kind,
    reasonId: input.kind === 'rejected' ? input.reasonId! : null,
    note: input.note?.trim() || null,
    decidedById: caller.id,
    onBehalfOfId: onBehalfOf?.id ?? null,
    withoutContact: handover.firstTouchAt === null,
    charterVersion: charter.version,
    idempotencyKey: input.idempotencyKey,
    decidedAt: now.toISOString(),
  };
}

/** The audit entry of a decision, written in its batch. */
export function decisionAudit({ caller, input, now, charter }: TDecisionRequest, decision: TDecisionRow): TAuditEntry {
  return {
    at: now,
    actor: { kind: 'user', id: caller.id },
    action: `decision.${input.kind}`,
    entity: 'lead',
    entityId: decision.leadId,
    details: { handoverId: decision.handoverId, reasonId: decision.reasonId, onBehalfOf: decision.onBehalfOfId, charterVersion: charter.version },
  };
}
