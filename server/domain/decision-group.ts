import { sql } from 'drizzle-orm';
import { outboxInserts, signalOutbox } from '../connectors/outbox';
import type { Database } from '../db/client';
import type { TGroupPlan, TOutcome } from '../db/group-commit';
import { readRows } from '../db/read-statements';
import { auditLog, decisions, users } from '../db/schema';
import { handoverChecks } from '../db/schema-sla';
import { crmConnections } from '../db/schema-connectors';
import { conflict, notFound } from '../errors';
import { accessTo, actingForOwner } from './access';
import { auditRow } from './audit';
import { alreadyDecided, decisionAudit, decisionPayload, newDecision, replayOrConflict, replayOrRefuse, type TDecisionRequest, type TDecisionResult, type TDecisionRow } from './decisions';
import { jsonRowText, rowFromJson } from './json-rows';
import type { TUser } from './users';

// A group of decisions waiting for the write lock (see group-commit.ts), planned together:
// two reads for the whole group, each decision checked in arrival order against them and
// against the decisions before it in the group (a key used again is a replay, a handover
// decided again a conflict, exactly as when they come one after the other), then one batch
// with the decisions, their handovers, leads, audit and CRM outbox rows.

interface TLeadToDecide {
  lead: { id: string; hubspotId: string | null; salesforceId: string | null; pipedriveId: string | null };
  handover: { id: string; state: string; ownerId: string; firstTouchAt: string | null; owner: TUser | undefined } | null;
}

/** A row of `leadsSql`: the lead's id and CRM ids, its latest handover's id, state, owner, first touch, and owner's row. */
type TLeadRowRead = [string, ...(string | null)[]];

const byKeysSql = () => `SELECT ${jsonRowText(decisions)} FROM decisions WHERE idempotency_key IN (SELECT value FROM json_each(?))`;

/** Each lead with its latest handover and that handover's owner (decide checks the caller against them). */
const leadsSql = () => `SELECT l.id, l.hubspot_id, l.salesforce_id, l.pipedrive_id, h.id, h.state, h.owner_id, h.first_touch_at,
  (SELECT ${jsonRowText(users, 'u')} FROM users u WHERE u.id = h.owner_id)
FROM leads l
LEFT JOIN handovers h ON h.id = (SELECT id FROM handovers WHERE lead_id = l.id ORDER BY started_at DESC LIMIT 1)
WHERE l.id IN (SELECT value FROM json_each(?))`;

let statements: { byKeys: string; leads: string } | undefined;

/** The group's two reads, each bound to one JSON list (of keys, of lead ids). */
export function decisionGroupReads(): { byKeys: string; leads: string } {
  statements ??= { byKeys: byKeysSql(), leads: leadsSql() };
  return statements;
}

async function readGroup(database: Database, requests: readonly TDecisionRequest[]) {
  const statements = decisionGroupReads();
  const keys = JSON.stringify(requests.map((r) => r.input.idempotencyKey));
  const leadIds = JSON.stringify([...new Set(requests.map((r) => r.input.leadId))]);
  const keyRows = await readRows(database, statements.byKeys, [keys]);
  const leadRows = await readRows(database, statements.leads, [leadIds]);
  const connected = await database.db.select({ crm: crmConnections.crm }).from(crmConnections);
  const byKey = new Map(keyRows.map(([json]) => rowFromJson(decisions, json as string)).map((d) => [d.idempotencyKey, d]));
  const leadsById = new Map<string, TLeadToDecide>();
  for (const [id, hubspotId, salesforceId, pipedriveId, handoverId, state, ownerId, firstTouchAt, owner] of leadRows as TLeadRowRead[]) {
    leadsById.set(id, {
      lead: { id, hubspotId: hubspotId ?? null, salesforceId: salesforceId ?? null, pipedriveId: pipedriveId ?? null },
      handover: handoverId ? { id: handoverId, state: state!, ownerId: ownerId!, firstTouchAt: firstTouchAt ?? null, owner: owner ? rowFromJson(users, owner) : undefined } : null,
    });
  }
  return { byKey, leadsById, crmConnected: connected.length > 0 };
}

export async function planDecisionGroup(database: Database, requests: readonly TDecisionRequest[]): Promise<TGroupPlan<TDecisionResult>> {
  const { db } = database;
  const { byKey, leadsById, crmConnected } = await readGroup(database, requests);
  /** Handovers decided earlier in this group: who decided them, how, when. */
  const decidedHere = new Map<string, { decision: TDecisionRow; by: TUser }>();
  const written: { request: TDecisionRequest; decision: TDecisionRow; lead: TLeadToDecide['lead']; ownerId: string }[] = [];

  const outcomes: TOutcome<TDecisionResult>[] = [];
  for (const request of requests) {
    try {
      outcomes.push({ ok: true, value: await check(request) });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }

  async function check(request: TDecisionRequest): Promise<TDecisionResult> {
    const { input, caller } = request;
    const earlier = byKey.get(input.idempotencyKey);
    if (earlier) return replayOrConflict(earlier, input);
    const found = leadsById.get(input.leadId);
    if (!found) throw notFound(`no lead with id ${input.leadId}`);
    const { lead, handover } = found;
    if (!handover) throw conflict('this lead has not been handed over to sales yet, so there is nothing to accept or reject');
    const here = decidedHere.get(handover.id);
    if (here) throw alreadyDecided(here.decision.kind, here.by.name, here.decision.decidedAt);
    if (handover.state !== 'open') return replayOrRefuse(database, input, handover.id);
    const onBehalfOf = actingForOwner(handover.ownerId, accessTo(caller, handover.ownerId, handover.owner), 'decide on it');
    const decision = newDecision(request, handover, lead.id, onBehalfOf);
    byKey.set(input.idempotencyKey, decision);
    decidedHere.set(handover.id, { decision, by: caller });
    written.push({ request, decision, lead, ownerId: handover.ownerId });
    return { decision, replayed: false };
  }

  const crmWrites = crmConnected
    ? (
        await Promise.all(
          written.map(({ request, decision, lead }) =>
            outboxInserts(db, lead, { kind: 'decision', sourceId: decision.id, payload: decisionPayload(decision, request.charter, request.caller) }, request.now),
          ),
        )
      ).flat()
    : [];

  return {
    outcomes,
    async write() {
      if (written.length === 0) return;
      const handoverIds = JSON.stringify(written.map((w) => w.decision.handoverId));
      const leadStatuses = JSON.stringify(written.map((w) => [w.decision.leadId, w.request.status, w.decision.decidedAt]));
      await db.batch([
        // Each handover still open with the owner checked, or the whole group is refused and each decision written alone.
        db.insert(handoverChecks).values(written.map((w) => ({ handoverId: w.decision.handoverId, kind: 'held' as const, ownerId: w.ownerId }))),
        db.insert(decisions).values(written.map((w) => w.decision)),
        // Each handover closes with its decision's kind and instant, read back from the rows just
        // inserted. Found by id: `+` keeps SQLite from walking every open handover by state instead.
        db.run(sql`UPDATE handovers SET
            state = (SELECT d.kind FROM decisions d WHERE d.handover_id = handovers.id),
            closed_at = (SELECT d.decided_at FROM decisions d WHERE d.handover_id = handovers.id)
          WHERE handovers.id IN (SELECT value FROM json_each(${handoverIds})) AND +handovers.state = 'open'`),
        db.run(sql`UPDATE leads SET
            status = (SELECT json_extract(j.value, '$[1]') FROM json_each(${leadStatuses}) j WHERE json_extract(j.value, '$[0]') = leads.id),
            updated_at = (SELECT json_extract(j.value, '$[2]') FROM json_each(${leadStatuses}) j WHERE json_extract(j.value, '$[0]') = leads.id)
          WHERE leads.id IN (SELECT json_extract(value, '$[0]') FROM json_each(${leadStatuses}))`),
        db.insert(auditLog).values(written.map((w) => auditRow(decisionAudit(w.request, w.decision)))),
        ...crmWrites,
      ]);
    },
    afterCommit: crmWrites.length > 0 ? signalOutbox : undefined,
  };
}
