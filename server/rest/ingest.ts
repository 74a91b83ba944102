import { Hono, type Context } from 'hono';
import { bodyLimit } from '../http/body-limit';
import { createHash } from 'node:crypto';
import type { Database } from '../db/client';
import type { TActor } from '../domain/audit';
import { ZEvent } from '../../shared/schemas';
import { ingestEvents, ingestLeads, type TIngestResult, type TItemRejection } from '../domain/ingest';
import { DEFAULT_PENDING_PER_KEY, dropPending, keepPending, knownIdentities, pendingFor, prunePending, rememberIdentities, type TPendingCall } from '../domain/segment-identities';
import { ingestKeyFor } from '../domain/users';
import { AppError, invalid } from '../errors';
import { identityKeys, identifyToLead, messageEmail, trackToEvent } from './segment';

// REST ingest for machines (CRMs, marketing tools, CDPs), authenticated by an ingest key.
//
// A request whose envelope is right answers 200 with per-item results: the valid items
// are stored, each invalid one is listed in `rejected` with the field at fault. Only a
// wrong envelope is a 4xx: 400 for a body that is not a JSON object, a missing array or
// too many items, 413 for too large a body, 401 without a live key. Bad input never
// gets a 5xx.

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_ITEMS = 5_000;

type TIngestActor = Extract<TActor, { kind: 'ingest' }>;
type TEnv = { Variables: { actor: TIngestActor } };

/** What a request with a well-formed envelope answers. */
export interface TIngestReply {
  accepted: number;
  created: number;
  updated: number;
  duplicates: number;
  handoversOpened: number;
  awaitingRep: number;
  rejected: TItemRejection[];
}

/** Bearer, or Basic with the key as user name and an empty password (Segment's write key). */
function ingestKeyOf(authorization: string | undefined): string | null {
  const [scheme = '', credentials] = (authorization ?? '').trim().split(/\s+/, 2);
  if (!credentials) return null;
  if (/^bearer$/i.test(scheme)) return credentials;
  if (!/^basic$/i.test(scheme)) return null;
  return Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] || null;
}

async function jsonObject(c: Context): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('body', 'expected a JSON object');
  return body as Record<string, unknown>;
}

function itemsOf(body: Record<string, unknown>, field: string): unknown[] {
  const items = body[field];
  if (!Array.isArray(items)) throw invalid(field, 'expected an array');
  if (items.length > MAX_ITEMS) throw invalid(field, `at most ${MAX_ITEMS} items per request, got ${items.length}`);
  return items;
}

function reply(results: readonly TIngestResult[], rejectedBeforeIngest: readonly TItemRejection[] = []): TIngestReply {
  const total = (pick: (r: TIngestResult) => number) => results.reduce((sum, r) => sum + pick(r), 0);
  return {
    accepted: total((r) => r.accepted),
    created: total((r) => r.created),
    updated: total((r) => r.updated),
    duplicates: total((r) => r.duplicates),
    handoversOpened: total((r) => r.handoversOpened),
    awaitingRep: total((r) => r.awaitingRep),
    rejected: [...rejectedBeforeIngest, ...results.flatMap((r) => r.rejected)].sort((a, b) => a.index - b.index),
  };
}

// ---------------------------------------------------------------------------------------
// Segment's HTTP tracking API (identify, track, page, batch): messages are translated into
// leads and events by ./segment, then ingested like any others.

type TMessage = Record<string, unknown>;

const asMessage = (raw: unknown): TMessage => (raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as TMessage) : {});

/** Our event fields as a Segment caller names them. */
const SEGMENT_EVENT_FIELDS: Readonly<Record<string, string>> = { id: 'messageId', at: 'timestamp', type: 'event' };

/**
 * A device's clock may be off: as Segment does, an event sent with `sentAt` (the device's
 * clock when it sent the batch) is placed at the arrival time less how long before sending
 * it happened, by that same clock.
 */
function correctedForDeviceClock(at: unknown, sentAt: unknown, now: Date): unknown {
  if (typeof at !== 'string' || typeof sentAt !== 'string') return at;
  const happened = Date.parse(at);
  const sent = Date.parse(sentAt);
  if (Number.isNaN(happened) || Number.isNaN(sent) || happened > sent) return at;
  return new Date(now.getTime() - (sent - happened)).toISOString();
}

/**
 * What Segment fills in when a caller leaves it out, we fill in too: the time the message
 * arrived, and an id — derived from the message itself, so a retried message is stored once.
 */
function withSegmentDefaults(event: TMessage, message: TMessage, now: Date): TMessage {
  let id = event.id;
  if (id === undefined) {
    try {
      id = `segment:${createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 32)}`;
    } catch {
      // Not serialisable: rejected below for its missing messageId.
    }
  }
  return { ...event, id, at: correctedForDeviceClock(event.at, message.sentAt, now) ?? now.toISOString() };
}

/** A message headed for the lead or event ingest, with its place in the request and its caller's field names. */
interface TPlaced {
  index: number;
  item: unknown;
  fieldName: (ours: string) => string;
}

/** An event kept for later must be one: everything but the e-mail is checked when it arrives. */
const ZEventWithoutEmail = ZEvent.omit({ email: true });

/** What a Segment request needs besides its messages. */
interface TSegmentScope {
  database: Database;
  actor: TIngestActor;
  now: Date;
  /** Calls kept per ingest key for visitors not yet identified, at most. */
  pendingPerKey: number;
}

/**
 * Identifies become leads, tracks and pages become events. Identities are resolved from
 * every identify of the request and the ties kept from earlier ones; a call from a visitor
 * not yet identified is kept until an identify names them (reply: `pending`; the calls of
 * the key let go to stay within its bound: `pendingDropped`), and the calls kept for the
 * visitors this request identifies are ingested now (reply: `resolved`). Rejections name
 * the message's place (`batch.3.`, nothing for a single call) and the Segment field.
 */
async function ingestSegment({ database, actor, now, pendingPerKey }: TSegmentScope, messages: readonly unknown[], place: (index: number) => string) {
  const parsed = messages.map(asMessage);
  const identifiedHere = new Map<string, string>();
  for (const message of parsed) {
    const email = message.type === 'identify' ? messageEmail(message, identifiedHere) : undefined;
    if (email) for (const key of identityKeys(message)) identifiedHere.set(key, email);
  }
  const calls = parsed.filter((message) => message.type === 'track' || message.type === 'page');
  const unknownKeys = calls.filter((message) => !messageEmail(message, identifiedHere)).flatMap(identityKeys);
  const known = new Map([...(await knownIdentities(database, unknownKeys)), ...identifiedHere]);

  const leadItems: TPlaced[] = [];
  const eventItems: TPlaced[] = [];
  const pending: TPendingCall[] = [];
  const rejected: TItemRejection[] = [];
  const reject = (index: number, field: string, message: string) => {
    const where = `${place(index)}${field}`;
    rejected.push({ index, field: where, message: `${where}: ${message}` });
  };
  const eventFieldName = (ours: string) => SEGMENT_EVENT_FIELDS[ours] ?? ours;
  parsed.forEach((message, index) => {
    if (message.type === 'identify') {
      leadItems.push({ index, item: identifyToLead(message, known), fieldName: (ours) => `traits.${ours}` });
      return;
    }
    if (message.type !== 'track' && message.type !== 'page') {
      reject(index, 'type', 'expected identify, track or page (Handshake has no use for the other calls)');
      return;
    }
    const converted = trackToEvent(message, known);
    if ('error' in converted) {
      reject(index, converted.error.field, converted.error.message.replace(/^[^:]*: /, ''));
      return;
    }
    const event = withSegmentDefaults(converted.event as TMessage, message, now);
    if (event.email !== undefined) {
      eventItems.push({ index, item: event, fieldName: eventFieldName });
      return;
    }
    const keys = identityKeys(message);
    const userIdentity = keys.find((key) => key.startsWith('user:')) ?? null;
    const anonymousIdentity = keys.find((key) => key.startsWith('anonymous:')) ?? null;
    if (!userIdentity && !anonymousIdentity) {
      reject(index, 'email', 'no e-mail address: send traits.email, properties.email or context.traits.email, or a userId or anonymousId that an identify names');
      return;
    }
    const withoutEmail = Object.fromEntries(Object.entries(event).filter(([field]) => field !== 'email'));
    const checked = ZEventWithoutEmail.safeParse(withoutEmail);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const [ours = '', ...under] = issue.path.map(String);
      reject(index, [eventFieldName(ours), ...under].join('.'), issue.message);
      return;
    }
    pending.push({ id: checked.data.id, userIdentity, anonymousIdentity, event: withoutEmail });
  });

  const relabelled = (placed: readonly TPlaced[], result: TIngestResult): TIngestResult => ({
    ...result,
    rejected: result.rejected.map((r) => {
      const { index, fieldName } = placed[r.index]!;
      const [ours = '', ...under] = r.field.split('.').slice(2);
      const field = `${place(index)}${[fieldName(ours), ...under].join('.')}`;
      return { index, field, message: `${field}: ${r.message.slice(r.field.length + 2)}` };
    }),
  });
  const leads = relabelled(leadItems, await ingestLeads(database, leadItems.map((l) => l.item), actor, now));

  // Only the ties of identifies that became leads are kept: a refused identify names nobody.
  const refusedLeads = new Set(leads.rejected.map((r) => r.index));
  const ties = new Map<string, string>();
  for (const { index } of leadItems) {
    const email = refusedLeads.has(index) ? undefined : messageEmail(parsed[index]!, identifiedHere);
    if (email) for (const key of identityKeys(parsed[index]!)) ties.set(key, email.toLowerCase());
  }
  await rememberIdentities(database, ties, now);

  const events = relabelled(eventItems, await ingestEvents(database, eventItems.map((e) => e.item), actor, now));
  const kept = await keepPending(database, pending, actor.id, pendingPerKey, now);
  const resolved = await ingestResolved(database, ties, actor, now);
  await prunePending(database, now);
  return {
    success: true,
    ...reply([leads, events, resolved.result], [...rejected, ...resolved.rejected]),
    pending: kept.kept,
    pendingDropped: kept.dropped,
    resolved: resolved.result.accepted,
  };
}

/**
 * The calls kept for visitors just identified, ingested with their e-mail and then let go.
 * They were checked when they arrived; one refused now (say, a date gone stale) is
 * reported under `pending.<its id>` and let go too, never kept to fail again.
 */
async function ingestResolved(database: Database, ties: ReadonlyMap<string, string>, actor: TActor, now: Date) {
  const waiting = await pendingFor(database, [...ties.keys()]);
  const items = waiting.map((call) => ({ ...call.event, email: ties.get(call.userIdentity ?? '') ?? ties.get(call.anonymousIdentity ?? '') }));
  const result = await ingestEvents(database, items, actor, now);
  await dropPending(database, waiting.map((call) => call.id));
  const rejected = result.rejected.map((r) => {
    const field = `pending.${waiting[r.index]!.id}.${r.field.split('.').slice(2).join('.')}`;
    return { index: -1, field, message: `${field}: ${r.message.slice(r.field.length + 2)}` };
  });
  return { result: { ...result, rejected: [] }, rejected };
}

/** Segment's batch envelope may carry a `context` and a `sentAt` for all its messages. */
function batchMessages(body: Record<string, unknown>): unknown[] {
  const messages = itemsOf(body, 'batch');
  const shared = asMessage(body.context);
  return messages.map((raw) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const message = raw as TMessage;
    return { ...message, sentAt: message.sentAt ?? body.sentAt, context: { ...shared, ...asMessage(message.context) } };
  });
}

// ---------------------------------------------------------------------------------------

export interface TIngestRoutesOptions {
  database: Database;
  now: () => Date;
  /** Segment calls kept per ingest key for visitors not yet identified (`HANDSHAKE_SEGMENT_PENDING_PER_KEY`). */
  segmentPendingPerKey?: number;
}

export function ingestRoutes({ database, now, segmentPendingPerKey = DEFAULT_PENDING_PER_KEY }: TIngestRoutesOptions): Hono<TEnv> {
  const app = new Hono<TEnv>();

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `body: at most ${MAX_BODY_BYTES / 1024 / 1024} MiB per request`, field: 'body' } }, 413),
    }),
  );
  app.use('*', async (c, next) => {
    const key = ingestKeyOf(c.req.header('authorization'));
    const source = key ? await ingestKeyFor(database, key, now()) : null;
    if (!source) throw new AppError('UNAUTHENTICATED', 'a live ingest key is required: Authorization: Bearer <key>, or Basic auth with the key as user name (Segment)');
    c.set('actor', { kind: 'ingest', id: source.id });
    await next();
  });

  app.post('/leads', async (c) => {
    const items = itemsOf(await jsonObject(c), 'leads');
    return c.json(reply([await ingestLeads(database, items, c.get('actor'), now())]));
  });
  app.post('/events', async (c) => {
    const items = itemsOf(await jsonObject(c), 'events');
    return c.json(reply([await ingestEvents(database, items, c.get('actor'), now())]));
  });

  const scope = (c: Context<TEnv>): TSegmentScope => ({ database, actor: c.get('actor'), now: now(), pendingPerKey: segmentPendingPerKey });
  app.post('/segment/batch', async (c) => c.json(await ingestSegment(scope(c), batchMessages(await jsonObject(c)), (i) => `batch.${i}.`)));
  for (const type of ['identify', 'track', 'page'] as const) {
    app.post(`/segment/${type}`, async (c) => c.json(await ingestSegment(scope(c), [{ ...(await jsonObject(c)), type }], () => '')));
  }

  return app;
}
