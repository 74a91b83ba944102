import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Database } from '../db/client';
import type { TActor } from '../domain/audit';
import { ingestEvents, ingestLeads, type TIngestResult, type TItemRejection } from '../domain/ingest';
import { ingestKeyFor } from '../domain/users';
import { AppError, invalid } from '../errors';
import { identifyToLead, trackToEvent } from './segment';

// REST ingest for machines (CRMs, marketing tools, CDPs), authenticated by an ingest key.
// A well-formed request answers 200 with per-item results: the valid items are stored and
// each invalid one is listed with the field at fault. Only a malformed envelope is a 400.

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_ITEMS = 5_000;

type TEnv = { Variables: { actor: TActor } };

function keyFrom(header: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!basic) return null;
  // Segment sends the write key as the Basic-auth user name, with an empty password.
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  return decoded.split(':')[0] || null;
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw invalid('body', 'expected a JSON object');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('body', 'expected a JSON object');
  return body as Record<string, unknown>;
}

function itemsOf(body: Record<string, unknown>, field: string): unknown[] {
  const items = body[field];
  if (!Array.isArray(items)) throw invalid(field, 'expected an array');
  if (items.length > MAX_ITEMS) throw invalid(field, `at most ${MAX_ITEMS} items per request, got ${items.length}`);
  return items;
}

function summary(result: TIngestResult) {
  const { accepted, created, updated, duplicates, rejected } = result;
  return { accepted, created, updated, duplicates, rejected, handoversOpened: result.rescore.handoversOpened };
}

/** Runs Segment messages in order: identifies first as leads, then tracks and pages as events. */
async function ingestSegment(database: Database, messages: unknown[], actor: TActor, now: Date) {
  const knownUsers = new Map<string, string>();
  const leadItems: { index: number; item: unknown }[] = [];
  const eventItems: { index: number; item: unknown }[] = [];
  const rejected: TItemRejection[] = [];
  messages.forEach((raw, index) => {
    const message = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    if (message.type === 'identify') {
      const lead = identifyToLead(message, knownUsers) as { email?: string };
      if (typeof message.userId === 'string' && lead.email) knownUsers.set(message.userId, lead.email);
      leadItems.push({ index, item: lead });
    } else if (message.type === 'track' || message.type === 'page') {
      const converted = trackToEvent(message, knownUsers);
      if ('error' in converted) rejected.push({ index, field: `batch.${index}.${converted.error.field}`, message: `batch.${index}.${converted.error.message}` });
      else eventItems.push({ index, item: converted.event });
    } else {
      rejected.push({ index, field: `batch.${index}.type`, message: `batch.${index}.type: expected identify, track or page` });
    }
  });
  const relabel = (items: { index: number }[], name: string) => (r: TItemRejection) => {
    const index = items[r.index]!.index;
    const field = r.field.replace(new RegExp(`^${name}\\.\\d+`), `batch.${index}`);
    return { index, field, message: r.message.replace(r.field, field) };
  };
  const leads = await ingestLeads(database, leadItems.map((l) => l.item), actor, now, 'identify');
  const events = await ingestEvents(database, eventItems.map((e) => e.item), actor, now, 'track');
  return {
    success: true,
    accepted: leads.accepted + events.accepted,
    duplicates: events.duplicates,
    rejected: [...rejected, ...leads.rejected.map(relabel(leadItems, 'identify')), ...events.rejected.map(relabel(eventItems, 'track'))].sort((a, b) => a.index - b.index),
  };
}

export function ingestRoutes({ database, now }: { database: Database; now: () => Date }): Hono<TEnv> {
  const app = new Hono<TEnv>();

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `body: at most ${MAX_BODY_BYTES / 1024 / 1024} MiB per request`, field: 'body' } }, 413),
    }),
  );
  app.use('*', async (c, next) => {
    const key = keyFrom(c.req.header('authorization'));
    const source = key ? await ingestKeyFor(database, key) : null;
    if (!source) throw new AppError('UNAUTHENTICATED', 'an ingest key is required: Authorization: Bearer <key> (or Basic auth with the key as user name)');
    c.set('actor', { kind: 'ingest', id: source.id });
    await next();
  });

  app.post('/leads', async (c) => c.json(summary(await ingestLeads(database, itemsOf(await jsonBody(c), 'leads'), c.get('actor'), now()))));
  app.post('/events', async (c) => c.json(summary(await ingestEvents(database, itemsOf(await jsonBody(c), 'events'), c.get('actor'), now()))));

  app.post('/segment/batch', async (c) => c.json(await ingestSegment(database, itemsOf(await jsonBody(c), 'batch'), c.get('actor'), now())));
  app.post('/segment/identify', async (c) => c.json(await ingestSegment(database, [{ ...(await jsonBody(c)), type: 'identify' }], c.get('actor'), now())));
  app.post('/segment/track', async (c) => c.json(await ingestSegment(database, [{ ...(await jsonBody(c)), type: 'track' }], c.get('actor'), now())));
  app.post('/segment/page', async (c) => c.json(await ingestSegment(database, [{ ...(await jsonBody(c)), type: 'page' }], c.get('actor'), now())));

  return app;
}
