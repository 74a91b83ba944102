import type { Client } from '@libsql/client';
import { scoringLookbackDays, type TCharter } from '../../shared/charter';
import type { TDb } from '../db/client';
import { accounts, leads } from '../db/schema';
import { jsonRowText, rowFromValues } from './json-rows';
import type { TAccountRow, TLeadRow, TScoringEventRow } from './lead-record';

// A rescore chunk's reads, planned whatever its size: the leads with their accounts and their
// events in the scoring window, a few hundred leads a statement, then what decides the
// handovers of those that may be due in one more. Each answers ONE row holding the whole
// chunk as JSON: the libSQL client builds every value of every row it returns (two property
// definitions each), which for a thousand leads costs more than the query; SQLite builds the
// text natively and V8 parses it in one go. Each lead's handovers and decisions are probed
// through their lead indexes (test/integration/query-plans.test.ts), never read row by row.
// A scalar subquery's JSON is passed through json(): SQLite does not keep a value's JSON
// subtype across a subquery, and would embed it as a string.

const DAY_MS = 86_400_000;

export interface TLeadContext {
  lead: TLeadRow;
  account: TAccountRow | undefined;
  /** The lead's events inside the longest scoring window, by instant, then as stored. */
  events: TScoringEventRow[];
}

/**
 * What decides whether a lead is due for a handover, besides its stage and status: whether it
 * has any handover, for an active lead; an open one and its latest decision, for one in nurture.
 */
export interface THandoverFacts {
  hasOpenHandover: boolean;
  hasAnyHandover: boolean;
  lastDecision: { kind: 'accepted' | 'rejected'; decidedAt: string } | undefined;
}

/** Which leads a chunk is: these ids, or the next `limit` after `afterId` in id order (from the first when null). */
export type TChunkSelection = { ids: readonly string[] } | { afterId: string | null; limit: number };

const clientOf = (db: TDb) => (db as TDb & { $client: Client }).$client;

/** The chunk's leads (`?1`: a JSON list of ids, or the id after which to start with `?3` the limit), each joined to its account and events since `?2`. */
function contextsSql(byIds: boolean): string {
  const chosen = byIds
    ? `select * from "leads" where "id" in (select value from json_each(?1))`
    : `select * from "leads" where "id" > ?1 order by "id" limit ?3`;
  return `select max(l."id") as last_id, count(*) as count, json_group_array(json_array(
      ${jsonRowText(leads, 'l')},
      case when a."id" is null then null else ${jsonRowText(accounts, 'a')} end,
      json((select json_group_array(json_array(e.rowid, e."id", e."type", e."at", json(e."properties")))
        from "events" e where e."lead_id" = l."id" and e."at" >= ?2))
    )) as chunk
    from (${chosen}) l left join "accounts" a on a."id" = l."account_id"`;
}

const CONTEXTS_BY_IDS = contextsSql(true);
const CONTEXTS_AFTER = contextsSql(false);

type TEventValues = [number, string, string, string, Record<string, unknown>];

function eventsFromValues(rows: TEventValues[]): TScoringEventRow[] {
  rows.sort((a, b) => (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : a[0] - b[0]));
  return rows.map(([, id, type, at, properties]) => ({ id, type, at, properties }));
}

/** Where the longest of the charter's scoring windows starts at `now`. */
export function windowStartOf(charter: TCharter, now: Date): string {
  return new Date(now.getTime() - scoringLookbackDays(charter) * DAY_MS).toISOString();
}

/**
 * Leads read by one statement. Each statement is a turn of the server's only thread on an
 * embedded file (see ../db/client): a thousand leads with their events read at once held it
 * for 20 to 40 ms at 100,000 leads.
 */
export const READ_SLICE = 250;

/** Up to READ_SLICE leads of `selection` with their contexts, as the JSON text SQLite built, with their count and greatest id. */
async function readSliceText(db: TDb, selection: TChunkSelection, windowStart: string): Promise<{ text: string; count: number; lastId: string | null }> {
  const byIds = 'ids' in selection;
  const args = byIds ? [JSON.stringify(selection.ids), windowStart] : [selection.afterId ?? '', windowStart, selection.limit];
  const { rows } = await clientOf(db).execute({ sql: byIds ? CONTEXTS_BY_IDS : CONTEXTS_AFTER, args });
  const row = rows[0];
  return { text: (row?.chunk as string | undefined) ?? '[]', count: Number(row?.count ?? 0), lastId: (row?.last_id as string | null | undefined) ?? null };
}

/** The contexts of the slices `readChunkText` read, in no particular order. */
export function contextsFromText(texts: readonly string[]): TLeadContext[] {
  return texts.flatMap((text) =>
    (JSON.parse(text) as [unknown[], unknown[] | null, TEventValues[]][]).map(([lead, account, events]) => ({
      lead: rowFromValues(leads, lead),
      account: account === null ? undefined : rowFromValues(accounts, account),
      events: eventsFromValues(events),
    })),
  );
}

const byLeadId = (a: TLeadContext, b: TLeadContext) => (a.lead.id < b.lead.id ? -1 : a.lead.id > b.lead.id ? 1 : 0);

/** Contexts in lead id order, as a full re-score scores them. */
export const inIdOrder = (contexts: TLeadContext[]): TLeadContext[] => contexts.sort(byLeadId);

/**
 * The `limit` leads after `afterId` in id order with their accounts and events in the scoring
 * window, READ_SLICE leads a statement, as the JSON texts SQLite built: parsing them
 * (`contextsFromText`) may happen elsewhere (./rescore-workers). `lastId` is the chunk's last lead id.
 */
export async function readChunkText(db: TDb, afterId: string | null, limit: number, windowStart: string): Promise<{ texts: string[]; lastId: string | null }> {
  const texts: string[] = [];
  let lastId: string | null = null;
  let read = 0;
  while (read < limit) {
    const wanted = Math.min(READ_SLICE, limit - read);
    const slice = await readSliceText(db, { afterId: lastId ?? afterId, limit: wanted }, windowStart);
    texts.push(slice.text);
    read += slice.count;
    if (slice.lastId !== null) lastId = slice.lastId;
    if (slice.count < wanted) break;
  }
  return { texts, lastId };
}

/**
 * The chunk's leads with their accounts and events in the scoring window, READ_SLICE leads a
 * statement: for `ids`, in the order given (the order leads arrived in, so the rotation deals
 * them in that order); after a lead id, in id order. `lastId` is the chunk's last lead id.
 */
export async function loadChunk(db: TDb, selection: TChunkSelection, windowStart: string): Promise<{ contexts: TLeadContext[]; lastId: string | null }> {
  if (!('ids' in selection)) {
    const { texts, lastId } = await readChunkText(db, selection.afterId, selection.limit, windowStart);
    return { contexts: inIdOrder(contextsFromText(texts)), lastId };
  }
  const texts: string[] = [];
  let lastId: string | null = null;
  for (let i = 0; i < selection.ids.length; i += READ_SLICE) {
    const slice = await readSliceText(db, { ids: selection.ids.slice(i, i + READ_SLICE) }, windowStart);
    texts.push(slice.text);
    if (slice.lastId !== null && (lastId === null || slice.lastId > lastId)) lastId = slice.lastId;
  }
  const position = new Map(selection.ids.map((id, i) => [id, i]));
  const contexts = contextsFromText(texts).sort((a, b) => position.get(a.lead.id)! - position.get(b.lead.id)!);
  return { contexts, lastId };
}

/**
 * Per lead of `?1` (`[id, nurture]` pairs): whether it has a handover, for an active lead;
 * whether it has an open one and its latest decision (the first stored among those of the
 * same instant), for a lead in nurture — all `dueForHandover` reads. One or two index probes
 * a lead.
 */
const FACTS_SQL = `select json_group_array(json_array(j.value ->> 0,
    case when j.value ->> 1 then 0 else exists(select 1 from "handovers" h where h."lead_id" = j.value ->> 0) end,
    case when j.value ->> 1 then exists(select 1 from "handovers" h where h."lead_id" = j.value ->> 0 and h."state" = 'open') else 0 end,
    case when j.value ->> 1 then json((select json_array(d."kind", d."decided_at") from "decisions" d where d."lead_id" = j.value ->> 0 order by d."decided_at" desc, d.rowid limit 1)) end
  )) as facts
  from json_each(?1) j`;

/**
 * The handover facts of these leads (those that may be due: active at or past the handover
 * stage, or in nurture), in one statement; none read when there are none. An active lead's
 * open handover and decisions are not read: having any handover rules it out already.
 */
export async function loadHandoverFacts(db: TDb, leads: readonly { id: string; nurture: boolean }[]): Promise<Map<string, THandoverFacts>> {
  if (leads.length === 0) return new Map();
  const { rows } = await clientOf(db).execute({ sql: FACTS_SQL, args: [JSON.stringify(leads.map((l) => [l.id, l.nurture ? 1 : 0]))] });
  const values = JSON.parse((rows[0]?.facts as string | undefined) ?? '[]') as [string, 0 | 1, 0 | 1, ['accepted' | 'rejected', string] | null][];
  return new Map(
    values.map(([id, any, open, last]) => [id, { hasAnyHandover: any === 1, hasOpenHandover: open === 1, lastDecision: last ? { kind: last[0], decidedAt: last[1] } : undefined }]),
  );
}

/** The statements, for their query plans' test. */
export const RESCORE_READS_SQL = { contextsByIds: CONTEXTS_BY_IDS, contextsAfter: CONTEXTS_AFTER, handoverFacts: FACTS_SQL };
