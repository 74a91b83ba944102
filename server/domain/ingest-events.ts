import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TCharter } from '../../shared/charter';
import { ZEvent, type TEvent } from '../../shared/schemas';
import type { Database, TDb } from '../db/client';
import { events, handovers, leads, touches } from '../db/schema';
import { auditInsert, type TActor } from './audit';
import { chunks, insertsOf, runBatch, type TQuery, type TStatement } from './batch-sql';
import { activeCharter } from './charter';
import { retryOnConflict } from './handover';
import { followLateIntent } from './handover-tier';
import { leadIdsByEmail, storedEventIds } from './ingest-reads';
import type { TOpenedHandover } from './rescore-plan';
import { inList } from './sql-lists';
import { TOUCH_CHANNELS, touchQueries, type TTouchChannel } from './touches';
import { CHUNK, earliestOf, emptyResult, futureProblem, propertiesProblem, rescoreInto, utc, validateEach, type TIngestResult } from './ingest-common';
import { newRowId } from './row-ids';

// Events in: validated, de-duplicated by id, stored a chunk at a time with the funnel dates
// and the sales touches they carry, then their leads re-scored (see ingest.ts).

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
  const bareLeads = emails.filter((email) => !leadByEmail.has(email)).map((email) => ({ id: newRowId(), email, createdAt: nowIso, updatedAt: nowIso }));
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
    const touch = { id: newRowId(), leadId: lead.id, handoverId: handover?.id ?? null, userId, channel: touchChannel(event), at: new Date(event.at), idempotencyKey: `event:${event.id}` };
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
        ...(await touchQueries(db, { id: newRowId(), leadId: handover.leadId, handoverId: handover.id, userId: handover.ownerId, channel: touch.channel, at: new Date(touch.at), idempotencyKey })),
      );
    }
    await db.batch(queries as [TQuery, ...TQuery[]]);
  });
}
