import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { TCharter } from '../../shared/charter';
import { ZEvent, ZLead, type TCompany, type TEvent, type TLead } from '../../shared/schemas';
import { STAGE_RANK, type TStage } from '../../shared/scoring/stage';
import type { Database, TDb } from '../db/client';
import { accounts, auditLog, events, handovers, leads, notifications, stageTransitions, touches, users } from '../db/schema';
import { accountUpdateQueries, type TAccountUpdate } from './account-updates';
import { auditInsert, type TActor } from './audit';
import { chunks, insertsOf, runBatch, type TQuery, type TStatement } from './batch-sql';
import { activeCharter } from './charter';
import { HandoverAssigner, openHandoverQueries, OWNER_ROLES, retryOnConflict } from './handover';
import { followLateIntent, intentAt } from './handover-tier';
import { accountsByDomain, handoversOfLeads, leadIdsByEmail, leadsByEmail, storedEventIds, usersByEmail } from './ingest-reads';
import { isHistory } from './history';
import type { TLeadRow } from './lead-record';
import { rescoreLeads, type TOpenedHandover } from './rescore';
import { inList } from './sql-lists';
import { CLOCK_SKEW_MS, TOUCH_CHANNELS, touchQueries, type TTouchChannel } from './touches';

// Leads and events from CRMs, marketing tools and CDPs, for the REST API, the CSV import
// and the demo seeder alike. Each item is validated on its own: the valid ones are stored,
// each invalid one is reported with the field at fault. Items are written in chunks, each
// chunk in one batch (all of it or nothing), then the leads they touched are re-scored.

export interface TItemRejection {
  /** The item's place in the request. */
  index: number;
  /** The field at fault, with the item's place: `leads.3.company.employees`. */
  field: string;
  /** `<field>: <what is wrong>`. */
  message: string;
}

export interface TIngestResult {
  /** Valid items: stored, or (events) found already stored. */
  accepted: number;
  /** Leads created: new e-mails, or (events) the bare leads made for unknown e-mails. */
  created: number;
  /** Leads that existed and were updated; an e-mail sent twice in a request counts once created, then updated. */
  updated: number;
  /** Events ignored because their id was already stored or came earlier in the request. */
  duplicates: number;
  rejected: TItemRejection[];
  /** Handovers opened: imported history handed over at its own instant, and leads the rescore qualified. */
  handoversOpened: number;
  /** Leads due for a handover that no rep could take (none available): handed over at their next ingest once there is one. */
  awaitingRep: number;
  /** The leads written, which were then re-scored. */
  leadIds: string[];
}

/** Items per batch: ~120–150k rows/s on an embedded file, against ~1–3k for one row per statement. */
const CHUNK = 1000;
/** Serialised size allowed for one event's properties. */
const MAX_PROPERTIES_CHARS = 32 * 1024;

/** Mail providers whose domain says nothing about the lead's company: no account for them. */
const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.co.uk',
  'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'orange.fr', 'free.fr',
  'laposte.net', 'wanadoo.fr', 't-online.de', 'mail.ru', 'yandex.ru', 'zoho.com', 'fastmail.com',
]);

// ---------------------------------------------------------------------------------------
// Validation

interface TValidated<T> {
  valid: { index: number; value: T }[];
  rejected: TItemRejection[];
}

function rejection(path: string, index: number, where: readonly PropertyKey[], message: string): TItemRejection {
  const field = [path, index, ...where.map(String)].join('.');
  return { index, field, message: `${field}: ${message}` };
}

/** Parses each item on its own; `extraCheck` names what the schema cannot see (a path under the item, a message). */
function validateEach<T>(schema: z.ZodType<T>, items: readonly unknown[], path: string, extraCheck?: (value: T) => [string[], string] | undefined): TValidated<T> {
  const valid: TValidated<T>['valid'] = [];
  const rejected: TItemRejection[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      rejected.push(rejection(path, index, issue.path, issue.message));
      return;
    }
    const problem = extraCheck?.(parsed.data);
    if (problem) rejected.push(rejection(path, index, problem[0], problem[1]));
    else valid.push({ index, value: parsed.data });
  });
  return { valid, rejected };
}

/** The first of the item's instants (its path under the item, its value as sent) that lies in the future, by more than clock skew. */
function futureProblem(now: Date, instants: readonly (readonly [string[], string | undefined])[]): [string[], string] | undefined {
  const latest = now.getTime() + CLOCK_SKEW_MS;
  const late = instants.find(([, value]) => value !== undefined && Date.parse(value) > latest);
  if (!late) return undefined;
  return [late[0], `${late[1]} is in the future: at most ${CLOCK_SKEW_MS / 60_000} minutes past the server's clock (${now.toISOString()}) is allowed`];
}

/** Event properties are kept as sent, within bounds: a few kilobytes of JSON, not a nested bomb. */
function propertiesProblem(event: TEvent): [string[], string] | undefined {
  let serialised: string;
  try {
    serialised = JSON.stringify(event.properties);
  } catch {
    return [['properties'], 'nested too deeply to store'];
  }
  return serialised.length > MAX_PROPERTIES_CHARS ? [['properties'], `at most ${MAX_PROPERTIES_CHARS / 1024} KiB of properties per event`] : undefined;
}

// ---------------------------------------------------------------------------------------
// Helpers

/** Instants as stored: UTC ISO-8601, so they compare as text. */
const utc = (instant: string) => new Date(instant).toISOString();

/** Keeps in `map` the earliest instant seen for `key`. */
function earliestOf(map: Map<string, string>, key: string, at: string): void {
  const known = map.get(key);
  if (!known || at < known) map.set(key, at);
}

function earliest(a: string | null | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return a < b ? a : b;
}

/** The entries that are not undefined: what a payload sent, for an update that keeps the rest. */
function sentOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function emptyResult(accepted: number, rejected: TItemRejection[]): TIngestResult {
  return { accepted, created: 0, updated: 0, duplicates: 0, rejected, handoversOpened: 0, awaitingRep: 0, leadIds: [] };
}

/** Re-scores the leads written, counting into `result`; returns the handovers the rescore opened. */
async function rescoreInto(result: TIngestResult, database: Database, now: Date, actor: TActor, charter: TCharter): Promise<TOpenedHandover[]> {
  const rescored = await rescoreLeads(database, result.leadIds, now, actor, charter);
  result.handoversOpened += rescored.handoversOpened;
  result.awaitingRep += rescored.awaitingRep;
  return rescored.opened;
}

// ---------------------------------------------------------------------------------------
// Leads

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

/** The account a lead belongs to: its company's domain, else its e-mail's unless that is free mail. */
function accountDomain(lead: TLead): string | undefined {
  if (lead.company?.domain) return lead.company.domain;
  const domain = lead.email.slice(lead.email.lastIndexOf('@') + 1);
  return FREE_MAIL_DOMAINS.has(domain) ? undefined : domain;
}

/** Upserts the chunk's accounts by domain; several leads of one company add up, later fields winning. */
async function accountQueries(db: TDb, chunk: readonly TLead[], nowIso: string): Promise<{ idByDomain: Map<string, string>; queries: TStatement[] }> {
  const fieldsByDomain = new Map<string, Partial<typeof accounts.$inferInsert>>();
  for (const lead of chunk) {
    const domain = accountDomain(lead);
    if (!domain) continue;
    const company: TCompany = lead.company ?? {};
    const sent = sentOnly({
      name: company.name,
      employees: company.employees,
      industry: company.industry,
      country: company.country,
      techStack: company.techStack,
      targetAccount: lead.targetAccount,
    });
    fieldsByDomain.set(domain, { ...fieldsByDomain.get(domain), ...sent });
  }
  const domains = [...fieldsByDomain.keys()];
  const existing = domains.length ? await accountsByDomain(db, domains) : [];
  const idByDomain = new Map(existing.map((a) => [a.domain, a.id]));
  const inserts: (typeof accounts.$inferInsert)[] = [];
  const updates: TAccountUpdate[] = [];
  for (const [domain, fields] of fieldsByDomain) {
    const id = idByDomain.get(domain);
    if (id) {
      updates.push({ id, fields });
    } else {
      const newId = randomUUID();
      idByDomain.set(domain, newId);
      inserts.push({ ...fields, id: newId, domain, updatedAt: nowIso });
    }
  }
  return { idByDomain, queries: [...insertsOf(accounts, inserts), ...accountUpdateQueries(db, updates, nowIso)] };
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
  handoversOpened: number;
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
 * its holder): when they may hold handovers, and are not the rep the sweeper escalated it
 * away from — a CRM that still names that rep has not heard of the escalation.
 */
async function handoverFollows(db: TDb, handover: TOpenHandoverRow, to: { id: string; role: (typeof users.$inferSelect)['role'] }): Promise<boolean> {
  if (!OWNER_ROLES.has(to.role)) return false;
  if (handover.escalatedAt) {
    const [escalation] = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'handover'), eq(auditLog.entityId, handover.id), eq(auditLog.action, 'handover.escalate')))
      .orderBy(desc(auditLog.id))
      .limit(1);
    if (escalation?.details?.from === to.id) return false;
  }
  return true;
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
      .set({ ownerId: toId })
      .where(and(eq(handovers.id, handover.id), eq(handovers.state, 'open'))),
    // Imported history changes hands quietly: there is nothing the new holder can still do in time.
    ...(isHistory(handover)
      ? []
      : [
          db
            .insert(notifications)
            .values({
              id: randomUUID(),
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
 * One chunk of leads in one batch: accounts, leads, audit rows, imported stage changes and
 * the handovers of imported history. Reads first, so it runs under the write lock, and
 * under `retryOnConflict` for other processes.
 */
async function writeLeadChunk(db: TDb, chunk: readonly TLead[], charter: TCharter, actor: TActor, now: Date): Promise<TChunkOutcome> {
  const nowIso = now.toISOString();
  const outcome: TChunkOutcome = { created: 0, leadIds: [], handoversOpened: 0 };
  const existing = new Map<string, TLeadRow>((await leadsByEmail(db, chunk.map((l) => l.email))).map((l) => [l.email, l]));
  const ownerEmails = [...new Set(chunk.flatMap((l) => (l.ownerEmail ? [l.ownerEmail] : [])))];
  const userByEmail = new Map(ownerEmails.length ? (await usersByEmail(db, ownerEmails)).map((u) => [u.email, u]) : []);
  const existingIds = [...existing.values()].map((l) => l.id);
  const handoverRows = existingIds.length ? await handoversOfLeads(db, existingIds) : [];
  const handedOver = new Set(handoverRows.map((h) => h.leadId));
  const openHandoverOf = new Map(handoverRows.filter((h) => h.state === 'open').map((h) => [h.leadId, h]));
  const moves: THandoverMove[] = [];
  const { idByDomain, queries: accountWrites } = await accountQueries(db, chunk, nowIso);
  const assigner = new HandoverAssigner(db);
  const handoverRank = STAGE_RANK[charter.sla.handoverStage];
  const newLeads: (typeof leads.$inferInsert)[] = [];
  const leadUpdates: TQuery[] = [];
  const audits: (typeof auditLog.$inferInsert)[] = [];
  const transitions: (typeof stageTransitions.$inferInsert)[] = [];
  const handoverWrites: TQuery[] = [];

  for (const lead of chunk) {
    const before = existing.get(lead.email);
    const id = before?.id ?? randomUUID();
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
        accountId: domain && idByDomain.get(domain),
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
    audits.push(auditRow(actor, now, before ? 'lead.update' : 'lead.create', id));
    for (const step of steps) {
      transitions.push({ leadId: id, fromStage: step.from, toStage: step.to, path: 'import', at: step.at, charterVersion: charter.version, cause: 'import' });
    }

    // Imported history is handed over at the instant it reached the handover stage, so
    // its deadline, its breach and the stats are those of that instant.
    const handedOverAt = steps.find((s) => STAGE_RANK[s.to] >= handoverRank)?.at;
    const dueNow = handedOverAt && (!before || before.status === 'active') && !handedOver.has(id);
    if (!dueNow) continue;
    const owner = await assigner.ownerFor({ ownerId: namedUserId ?? before?.ownerId ?? null, ownerEmail: lead.ownerEmail ?? before?.ownerEmail ?? null });
    // Without a rep the rescore that follows reports the lead as awaiting one.
    if (!owner) continue;
    // A CRM's historical SQL usually comes without its events: intent none, so the medium tier (see `handoverTier`).
    const intent = before ? await intentAt(db, before, handedOverAt, charter) : 'none';
    handoverWrites.push(...openHandoverQueries(db, { leadId: id, owner, stage: charter.sla.handoverStage, startedAt: new Date(handedOverAt), intent }, charter, actor, now).queries);
    outcome.handoversOpened += 1;
  }
  outcome.created = newLeads.length;
  handoverWrites.push(...(await handoverMoveQueries(db, moves, actor, now)));
  // Accounts before the leads that reference them, leads before their transitions and handovers.
  const queries = [
    ...accountWrites,
    ...insertsOf(leads, newLeads),
    ...leadUpdates,
    ...insertsOf(auditLog, audits),
    ...insertsOf(stageTransitions, transitions),
    ...handoverWrites,
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
 * future (beyond `CLOCK_SKEW_MS`) is refused. Then the leads are re-scored. `charter`, when
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
  await database.writeLock.runExclusive(async () => {
    for (const chunk of chunks([...byEmail.values()], CHUNK)) {
      const written = await retryOnConflict(() => writeLeadChunk(database.db, chunk, active, actor, now));
      result.created += written.created;
      result.handoversOpened += written.handoversOpened;
      result.leadIds.push(...written.leadIds);
    }
  });
  result.updated = result.accepted - result.created;
  await rescoreInto(result, database, now, actor, active);
  return result;
}

// ---------------------------------------------------------------------------------------
// Events

/** Funnel steps that events date on the lead, the earliest occurrence kept. */
const FUNNEL_DATES = { opportunity_created: 'opportunityAt', closed_won: 'wonAt', closed_lost: 'lostAt' } as const;
const isFunnelEvent = (type: string): type is keyof typeof FUNNEL_DATES => type in FUNNEL_DATES;

function touchChannel(event: TEvent): TTouchChannel {
  const channel = event.properties.channel;
  return (TOUCH_CHANNELS as readonly unknown[]).includes(channel) ? (channel as TTouchChannel) : 'other';
}

/** A `sales_touch` event stored by a request: `at` in UTC. */
interface TSalesTouch {
  eventId: string;
  leadId: string;
  at: string;
  channel: TTouchChannel;
}

/**
 * One chunk of events in one batch: bare leads for unknown e-mails, the events, the CRM
 * touches, the funnel dates. Duplicates have been taken out by the caller.
 */
async function writeEventChunk(
  db: TDb,
  chunk: readonly TEvent[],
  actor: TActor,
  now: Date,
): Promise<{ created: number; duplicates: number; leadIds: string[]; earliestByLead: Map<string, string>; salesTouches: TSalesTouch[] }> {
  const nowIso = now.toISOString();
  const emails = [...new Set(chunk.map((e) => e.email))];
  const leadByEmail = new Map<string, { id: string; ownerId: string | null }>((await leadIdsByEmail(db, emails)).map((l) => [l.email, l]));
  const bareLeads = emails.filter((email) => !leadByEmail.has(email)).map((email) => ({ id: randomUUID(), email, createdAt: nowIso, updatedAt: nowIso }));
  for (const lead of bareLeads) leadByEmail.set(lead.email, { id: lead.id, ownerId: null });

  const stored = await storedEventIds(db, chunk.map((e) => e.id));
  const fresh = chunk.filter((e) => !stored.has(e.id));
  const leadOf = (event: TEvent) => leadByEmail.get(event.email)!;

  const queries: TStatement[] = [];
  queries.push(...insertsOf(leads, bareLeads));
  queries.push(
    ...insertsOf(
      events,
      fresh.map((e) => ({ id: e.id, leadId: leadOf(e).id, type: e.type, at: e.at, properties: e.properties, receivedAt: nowIso })),
      // Another process may have stored the same event since our read: it stays stored once.
      { onConflictDoNothing: true },
    ),
  );

  // A touch logged in the CRM is a touch by the handover's owner (else the lead's): it
  // stops the SLA clock as one logged in the sidebar would.
  const touched = [...new Set(fresh.filter((e) => e.type === 'sales_touch').map((e) => leadOf(e).id))];
  const openHandovers = new Map(
    touched.length
      ? (await db.select({ id: handovers.id, leadId: handovers.leadId, ownerId: handovers.ownerId }).from(handovers).where(and(inList(handovers.leadId, touched), eq(handovers.state, 'open')))).map(
          (h) => [h.leadId, h],
        )
      : [],
  );
  for (const event of fresh.filter((e) => e.type === 'sales_touch')) {
    const lead = leadOf(event);
    const handover = openHandovers.get(lead.id);
    const userId = handover?.ownerId ?? lead.ownerId;
    if (!userId) continue;
    const touch = { id: randomUUID(), leadId: lead.id, handoverId: handover?.id ?? null, userId, channel: touchChannel(event), at: new Date(event.at), idempotencyKey: `event:${event.id}` };
    queries.push(...(await touchQueries(db, touch)));
  }

  // Then the funnel dates. An opportunity (or its outcome) in the CRM means sales took the
  // lead there: its open handover closes as accepted, with no rep decision recorded (the
  // stats show it undecided). After the touches, so a touch before it still counts.
  for (const event of fresh.filter((e) => isFunnelEvent(e.type))) {
    const lead = leadOf(event);
    const column = FUNNEL_DATES[event.type as keyof typeof FUNNEL_DATES];
    queries.push(
      db
        .update(leads)
        .set({ [column]: sql`coalesce(min(${leads[column]}, ${event.at}), ${event.at})`, updatedAt: nowIso })
        .where(eq(leads.id, lead.id)),
      db
        .update(handovers)
        // An opportunity dated before the handover (a CRM syncing late) closes it at its start, never before.
        .set({ state: 'accepted', closedAt: sql`max(${event.at}, ${handovers.startedAt})` })
        .where(and(eq(handovers.leadId, lead.id), eq(handovers.state, 'open'))),
      db.update(leads).set({ status: 'accepted' }).where(and(eq(leads.id, lead.id), eq(leads.status, 'active'))),
      auditInsert(db, { at: now, actor, action: 'handover.close', entity: 'lead', entityId: lead.id, details: { cause: event.type, eventId: event.id, at: event.at } }),
    );
  }
  await runBatch(db, queries);
  const earliestByLead = new Map<string, string>();
  for (const event of fresh) earliestOf(earliestByLead, leadOf(event).id, event.at);
  return {
    created: bareLeads.length,
    duplicates: chunk.length - fresh.length,
    leadIds: [...earliestByLead.keys()],
    earliestByLead,
    salesTouches: fresh.filter((e) => e.type === 'sales_touch').map((e) => ({ eventId: e.id, leadId: leadOf(e).id, at: e.at, channel: touchChannel(e) })),
  };
}

/**
 * Stores events, idempotent by id: an event sent again, in this request or any later
 * one, is counted as a duplicate and changes nothing. An event for an e-mail with no lead
 * creates a bare lead (behaviour often arrives before the contact record). A
 * `sales_touch` records a touch (idempotency key `event:<id>`) by the owner of the lead's
 * open handover, else the lead's owner, skipped when it has neither, so CRM activity stops
 * SLA clocks; `opportunity_created`, `closed_won` and `closed_lost` date the lead's funnel.
 * An event dated in the future (beyond `CLOCK_SKEW_MS`) is refused. Then the leads with new
 * events are re-scored, and a handover that opens counts this request's touches from its
 * start on (see `touchOpenedHandovers`). `charter`, when the caller has just read the active
 * one, saves reading it again.
 */
export async function ingestEvents(database: Database, items: readonly unknown[], actor: TActor, now: Date, charter?: TCharter): Promise<TIngestResult> {
  const { valid, rejected } = validateEach(ZEvent, items, 'events', (event) => futureProblem(now, [[['at'], event.at]]) ?? propertiesProblem(event));
  const result = emptyResult(valid.length, rejected);
  const firstOfEachId = new Map<string, TEvent>();
  for (const { value } of valid) {
    if (firstOfEachId.has(value.id)) result.duplicates += 1;
    else firstOfEachId.set(value.id, { ...value, at: utc(value.at) });
  }
  const earliestByLead = new Map<string, string>();
  const salesTouches: TSalesTouch[] = [];
  await database.writeLock.runExclusive(async () => {
    for (const chunk of chunks([...firstOfEachId.values()], CHUNK)) {
      const written = await retryOnConflict(() => writeEventChunk(database.db, chunk, actor, now));
      result.created += written.created;
      result.duplicates += written.duplicates;
      for (const [leadId, at] of written.earliestByLead) earliestOf(earliestByLead, leadId, at);
      salesTouches.push(...written.salesTouches);
    }
  });
  result.leadIds = [...earliestByLead.keys()];
  const active = charter ?? (await activeCharter(database));
  // Events dated before an open handover's start may raise its tier (see `followLateIntent`).
  await followLateIntent(database, earliestByLead, actor, now, active);
  const opened = await rescoreInto(result, database, now, actor, active);
  await touchOpenedHandovers(database, opened, salesTouches);
  return result;
}

/**
 * The request's CRM touches at or after the start of a handover its rescore opened: stored
 * before that handover existed, they are its touches as they would be had they come a moment
 * later — by its owner, the earliest stopping its clock. The touch stored with the event, if
 * any, is the one that becomes the handover's.
 */
async function touchOpenedHandovers(database: Database, opened: readonly TOpenedHandover[], salesTouches: readonly TSalesTouch[]): Promise<void> {
  const touchesOf = new Map<string, TSalesTouch[]>();
  for (const touch of salesTouches) touchesOf.set(touch.leadId, [...(touchesOf.get(touch.leadId) ?? []), touch]);
  const due = opened.flatMap((handover) => (touchesOf.get(handover.leadId) ?? []).filter((t) => t.at >= handover.startedAt).map((touch) => ({ handover, touch })));
  if (due.length === 0) return;
  await database.writeLock.runExclusive(async () => {
    const { db } = database;
    const queries: TQuery[] = [];
    for (const { handover, touch } of due) {
      const idempotencyKey = `event:${touch.eventId}`;
      queries.push(
        db
          .update(touches)
          .set({ handoverId: handover.id, userId: handover.ownerId })
          .where(and(eq(touches.idempotencyKey, idempotencyKey), isNull(touches.handoverId))),
        ...(await touchQueries(db, { id: randomUUID(), leadId: handover.leadId, handoverId: handover.id, userId: handover.ownerId, channel: touch.channel, at: new Date(touch.at), idempotencyKey })),
      );
    }
    await db.batch(queries as [TQuery, ...TQuery[]]);
  });
}
