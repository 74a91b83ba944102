import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ZEvent, ZLead, type TEvent, type TLead } from '../../shared/schemas';
import { STAGE_RANK } from '../../shared/scoring/stage';
import type { Database, TDb } from '../db/client';
import { accounts, events, handovers, leads, stageTransitions, users } from '../db/schema';
import { auditInsert, type TActor } from './audit';
import { activeCharter } from './charter';
import { openHandoverQueries, ownersById, RoundRobin } from './handover';
import { rescoreLeads, type TRescoreResult } from './rescore';
import { touchQueries } from './touches';

type TQuery = BatchItem<'sqlite'>;

export interface TItemRejection {
  index: number;
  /** The field at fault, with its place in the request: `leads.3.company.employees`. */
  field: string;
  message: string;
}

export interface TIngestResult {
  accepted: number;
  created: number;
  updated: number;
  /** Events already stored (same id): ignored. */
  duplicates: number;
  rejected: TItemRejection[];
  leadIds: string[];
  rescore: TRescoreResult;
}

const CHUNK = 500;

/** Mail providers whose domain says nothing about the lead's company. */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.co.uk',
  'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'orange.fr', 'free.fr',
  'laposte.net', 'wanadoo.fr', 't-online.de', 'mail.ru', 'yandex.ru', 'zoho.com', 'fastmail.com',
]);

function validate<T>(schema: z.ZodType<T>, items: readonly unknown[], path: string) {
  const valid: { index: number; value: T }[] = [];
  const rejected: TItemRejection[] = [];
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) valid.push({ index, value: result.data });
    else {
      const issue = result.error.issues[0]!;
      const field = [path, index, ...issue.path.map(String)].join('.');
      rejected.push({ index, field, message: `${field}: ${issue.message}` });
    }
  });
  return { valid, rejected };
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keeps the earliest of two instants (ISO strings compare as time). */
function earliest(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

function accountDomain(lead: TLead): string | undefined {
  if (lead.company?.domain) return lead.company.domain;
  const domain = lead.email.slice(lead.email.lastIndexOf('@') + 1);
  return FREE_MAIL.has(domain) ? undefined : domain;
}

function iso(instant: string | undefined): string | undefined {
  return instant ? new Date(instant).toISOString() : undefined;
}

async function upsertAccounts(db: TDb, batch: readonly TLead[], nowIso: string): Promise<{ ids: Map<string, string>; queries: TQuery[] }> {
  const byDomain = new Map<string, TLead>();
  for (const lead of batch) {
    const domain = accountDomain(lead);
    if (domain) byDomain.set(domain, lead);
  }
  const domains = [...byDomain.keys()];
  const existing = domains.length ? await db.select({ id: accounts.id, domain: accounts.domain }).from(accounts).where(inArray(accounts.domain, domains)) : [];
  const ids = new Map(existing.map((a) => [a.domain, a.id]));
  const queries: TQuery[] = [];
  for (const [domain, lead] of byDomain) {
    const company = lead.company ?? {};
    const known = ids.get(domain);
    const fields = {
      ...(company.name !== undefined ? { name: company.name } : {}),
      ...(company.employees !== undefined ? { employees: company.employees } : {}),
      ...(company.industry !== undefined ? { industry: company.industry } : {}),
      ...(company.country !== undefined ? { country: company.country } : {}),
      ...(company.techStack !== undefined ? { techStack: company.techStack } : {}),
      ...(lead.targetAccount !== undefined ? { targetAccount: lead.targetAccount } : {}),
      updatedAt: nowIso,
    };
    if (known) queries.push(db.update(accounts).set(fields).where(eq(accounts.id, known)));
    else {
      const id = randomUUID();
      ids.set(domain, id);
      queries.push(db.insert(accounts).values({ id, domain, ...fields }));
    }
  }
  return { ids, queries };
}

/**
 * Upserts leads by e-mail. What a payload omits is kept; what it sends replaces. Historical
 * lifecycle dates count as they are: a lead that reached SQL at T is handed over at T, so
 * its deadline, its breach and the stats are those of T. Then the leads are re-scored.
 */
export async function ingestLeads(database: Database, items: readonly unknown[], actor: TActor, now: Date, path = 'leads'): Promise<TIngestResult> {
  const { valid, rejected } = validate(ZLead, items, path);
  const result: TIngestResult = { accepted: valid.length, created: 0, updated: 0, duplicates: 0, rejected, leadIds: [], rescore: emptyRescore() };
  const nowIso = now.toISOString();
  // The last occurrence of an e-mail in a request wins, as if sent one after the other.
  const byEmail = new Map(valid.map(({ value }) => [value.email, value]));

  await database.writeLock.runExclusive(async () => {
    const { db } = database;
    const charter = await activeCharter(database);
    const roundRobin = await RoundRobin.load(db);
    for (const batch of chunks([...byEmail.values()])) {
      const emails = batch.map((l) => l.email);
      const existing = new Map((await db.select().from(leads).where(inArray(leads.email, emails))).map((l) => [l.email, l]));
      const ownerEmails = [...new Set(batch.map((l) => l.ownerEmail).filter((e): e is string => Boolean(e)))];
      const ownerIds = new Map(
        ownerEmails.length ? (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, ownerEmails))).map((u) => [u.email, u.id]) : [],
      );
      const owners = await ownersById(db, [...ownerIds.values()]);
      const openHandovers = new Set(
        existing.size
          ? (await db.select({ leadId: handovers.leadId }).from(handovers).where(inArray(handovers.leadId, [...existing.values()].map((l) => l.id)))).map((h) => h.leadId)
          : [],
      );
      const { ids: accountIds, queries } = await upsertAccounts(db, batch, nowIso);

      for (const lead of batch) {
        const before = existing.get(lead.email);
        const id = before?.id ?? randomUUID();
        result.leadIds.push(id);
        const domain = accountDomain(lead);
        const ownerId = lead.ownerEmail ? ownerIds.get(lead.ownerEmail) : undefined;
        const mqlAt = earliest(before?.mqlAt, iso(lead.lifecycle?.mqlAt));
        const sqlAt = earliest(before?.sqlAt, iso(lead.lifecycle?.sqlAt));
        const importedStage = sqlAt ? 'sql' : mqlAt ? 'mql' : 'lead';
        const currentStage = before?.stage ?? 'lead';
        const stage = STAGE_RANK[importedStage] > STAGE_RANK[currentStage] ? importedStage : currentStage;
        const fields = {
          ...(lead.firstName !== undefined ? { firstName: lead.firstName } : {}),
          ...(lead.lastName !== undefined ? { lastName: lead.lastName } : {}),
          ...(lead.title !== undefined ? { title: lead.title } : {}),
          ...(lead.company !== undefined ? { company: lead.company } : {}),
          ...(lead.source !== undefined ? { source: lead.source } : {}),
          ...(lead.campaign !== undefined ? { campaign: lead.campaign } : {}),
          ...(lead.ownerEmail !== undefined ? { ownerEmail: lead.ownerEmail, ...(ownerId ? { ownerId } : {}) } : {}),
          ...(lead.crmIds?.hubspot !== undefined ? { hubspotId: lead.crmIds.hubspot } : {}),
          ...(lead.crmIds?.salesforce !== undefined ? { salesforceId: lead.crmIds.salesforce } : {}),
          ...(lead.crmIds?.pipedrive !== undefined ? { pipedriveId: lead.crmIds.pipedrive } : {}),
          ...(lead.targetAccount !== undefined ? { targetAccount: lead.targetAccount } : {}),
          ...(domain ? { accountId: accountIds.get(domain) } : {}),
          mqlAt,
          sqlAt,
          stage,
          ...(lead.createdAt && (!before || iso(lead.createdAt)! < before.createdAt) ? { createdAt: iso(lead.createdAt) } : {}),
          ...(stage !== currentStage ? { stagePath: 'import' as const } : {}),
          updatedAt: nowIso,
        };
        if (before) {
          result.updated += 1;
          queries.push(db.update(leads).set(fields).where(eq(leads.id, id)));
        } else {
          result.created += 1;
          queries.push(db.insert(leads).values({ id, email: lead.email, createdAt: nowIso, ...fields }));
        }
        queries.push(auditInsert(db, { at: now, actor, action: before ? 'lead.update' : 'lead.create', entity: 'lead', entityId: id }));

        // Imported history: the stage changes at their own instants, and the handover at T.
        if (stage !== currentStage) {
          if (mqlAt && STAGE_RANK[currentStage] < 1) {
            queries.push(db.insert(stageTransitions).values({ leadId: id, fromStage: currentStage, toStage: 'mql', path: 'import', at: mqlAt, cause: 'import' }));
          }
          if (sqlAt && STAGE_RANK[currentStage] < 2) {
            const from = mqlAt && mqlAt <= sqlAt ? 'mql' : currentStage;
            queries.push(db.insert(stageTransitions).values({ leadId: id, fromStage: from, toStage: 'sql', path: 'import', at: sqlAt, cause: 'import' }));
          }
          const handoverAt = charter.sla.handoverStage === 'sql' ? sqlAt : (mqlAt ?? sqlAt);
          if (handoverAt && !openHandovers.has(id)) {
            const owner = (ownerId ? owners.get(ownerId) : undefined) ?? (before?.ownerId ? (await ownersById(db, [before.ownerId])).get(before.ownerId) : undefined) ?? roundRobin.next();
            if (owner) {
              // The intent signals behind a CRM's historical SQL are not known here: the
              // handover gets the tier of an SQL without them (medium, see handoverTier).
              const intent = 'none';
              queries.push(...openHandoverQueries(db, { leadId: id, owner, stage: charter.sla.handoverStage, startedAt: new Date(handoverAt), intent }, charter, actor, now));
              openHandovers.add(id);
            }
          }
        }
      }
      if (queries.length) await db.batch(queries as [TQuery, ...TQuery[]]);
    }
  });
  result.rescore = await rescoreLeads(database, result.leadIds, actor, now);
  return result;
}

function emptyRescore(): TRescoreResult {
  return { rescored: 0, transitions: 0, handoversOpened: 0, unassigned: 0 };
}

/** Funnel steps that events mark on the lead, earliest occurrence kept. */
const FUNNEL_COLUMNS = { opportunity_created: 'opportunity_at', closed_won: 'won_at', closed_lost: 'lost_at' } as const;

/**
 * Stores events, idempotent by id. An event for an e-mail with no lead creates a bare lead:
 * behaviour often arrives before the contact record. Funnel events date the lead's
 * opportunity, win or loss; a CRM `sales_touch` counts as a touch by the lead's owner.
 */
export async function ingestEvents(database: Database, items: readonly unknown[], actor: TActor, now: Date, path = 'events'): Promise<TIngestResult> {
  const { valid, rejected } = validate(ZEvent, items, path);
  const result: TIngestResult = { accepted: valid.length, created: 0, updated: 0, duplicates: 0, rejected, leadIds: [], rescore: emptyRescore() };
  const nowIso = now.toISOString();
  const touched = new Set<string>();

  await database.writeLock.runExclusive(async () => {
    const { db } = database;
    for (const batch of chunks(valid.map((v) => v.value))) {
      const emails = [...new Set(batch.map((e) => e.email))];
      const known = new Map((await db.select({ id: leads.id, email: leads.email, ownerId: leads.ownerId }).from(leads).where(inArray(leads.email, emails))).map((l) => [l.email, l]));
      const missing = emails.filter((email) => !known.has(email));
      const newLeads = missing.map((email) => ({ id: randomUUID(), email, createdAt: nowIso, updatedAt: nowIso }));
      for (const lead of newLeads) known.set(lead.email, { id: lead.id, email: lead.email, ownerId: null });
      result.created += newLeads.length;

      const ids = batch.map((e) => e.id);
      const already = new Set((await db.select({ id: events.id }).from(events).where(inArray(events.id, ids))).map((e) => e.id));
      const seen = new Set<string>();
      const fresh: TEvent[] = [];
      for (const event of batch) {
        if (already.has(event.id) || seen.has(event.id)) result.duplicates += 1;
        else {
          seen.add(event.id);
          fresh.push(event);
        }
      }

      const queries: TQuery[] = [];
      for (const rows of chunks(newLeads, 200)) queries.push(db.insert(leads).values(rows).onConflictDoNothing());
      for (const rows of chunks(fresh, 200)) {
        queries.push(
          db
            .insert(events)
            .values(rows.map((e) => ({ id: e.id, leadId: known.get(e.email)!.id, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties, receivedAt: nowIso })))
            .onConflictDoNothing(),
        );
      }
      // A CRM touch stops the SLA clock of the lead's open handover.
      for (const event of fresh.filter((e) => e.type === 'sales_touch')) {
        const lead = known.get(event.email)!;
        const handover = await db.query.handovers.findFirst({ where: (h, { and: both, eq: is }) => both(is(h.leadId, lead.id), is(h.state, 'open')) });
        const userId = handover?.ownerId ?? lead.ownerId;
        if (!userId) continue;
        const channel = typeof event.properties.channel === 'string' ? event.properties.channel : 'crm';
        const touch = { id: randomUUID(), leadId: lead.id, handoverId: handover?.id ?? null, userId, channel, at: new Date(event.at), idempotencyKey: `event:${event.id}` };
        queries.push(...(await touchQueries(db, touch)));
      }
      // Then the funnel steps, which may close the handover those touches were for: all of
      // it in one batch, so a request is stored whole or not at all.
      for (const event of fresh) {
        const lead = known.get(event.email)!;
        touched.add(lead.id);
        const at = new Date(event.at).toISOString();
        if (event.type in FUNNEL_COLUMNS) {
          const column = sql.raw(FUNNEL_COLUMNS[event.type as keyof typeof FUNNEL_COLUMNS]);
          queries.push(db.run(sql`UPDATE leads SET ${column} = CASE WHEN ${column} IS NULL OR ${column} > ${at} THEN ${at} ELSE ${column} END WHERE id = ${lead.id}`));
          // An opportunity (or an outcome) in the CRM means sales took the lead there: its open
          // handover is closed as accepted, with no rep decision recorded (stats show it undecided).
          queries.push(
            db.update(handovers).set({ state: 'accepted', closedAt: at }).where(and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open'))),
            db.update(leads).set({ status: 'accepted', updatedAt: nowIso }).where(and(eq(leads.id, lead.id), eq(leads.status, 'active'))),
            auditInsert(db, { at: now, actor, action: 'handover.close', entity: 'lead', entityId: lead.id, details: { cause: event.type, at } }),
          );
        }
      }
      if (queries.length) await db.batch(queries as [TQuery, ...TQuery[]]);
    }
  });
  result.leadIds = [...touched];
  result.rescore = await rescoreLeads(database, result.leadIds, actor, now);
  return result;
}
