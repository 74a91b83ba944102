import { sql } from 'drizzle-orm';
import type { TDb } from '../../db/client';
import { accounts, decisions, events, handovers, leads } from '../../db/schema';
import { jsonRowOf, rowFromJson } from '../json-rows';
import { eventListOf, eventsFromJson, type TAccountRow, type TLeadRow, type TScoringEventRow } from '../lead-record';

// The backtest's read: the leads with activity in a range, a chunk at a time in lead id order
// (the primary key), each with its account, its events from the scoring look-back before the
// range to its end, and its handovers started in the range with their decisions, in one
// statement per chunk. Memory is bounded by the chunk, whatever the size of the database.
//
// Plan (EXPLAIN QUERY PLAN): the leads are walked once by their key's index (id > the last
// chunk's); "activity" is tested per lead by seeks of events_lead_at and handovers_lead_started
// (covering) and its own created_at; the events and the handovers are read by the same
// indexes, a decision by its handover. No table is scanned.

/** Leads per chunk. */
export const REPLAY_CHUNK = 200;

export interface THandoverInRange {
  id: string;
  startedAt: string;
  decision: 'accepted' | 'rejected' | null;
  reasonId: string | null;
}

export interface TReplayLead {
  lead: TLeadRow;
  account: TAccountRow | undefined;
  /** From `lookbackStart` to the range's end, in time order. */
  events: TScoringEventRow[];
  /** Started in the range, in start order. */
  handovers: THandoverInRange[];
  /** Whether any handover of the lead started before the range's end (a lead that reached sales). */
  handedOver: boolean;
}

export interface TReplayWindow {
  /** The range, as stored instants. */
  from: string;
  to: string;
  /** Where the events a replay reads start: the longest scoring window before `from`. */
  lookbackStart: string;
}

type TRow = { lead: string; account: string | null; events: string; handovers: string; handed_over: number };

/** The statement of one chunk: at most `limit` leads after `afterId`. */
export function replayChunkStatement(window: TReplayWindow, afterId: string, limit: number) {
  const { from, to, lookbackStart } = window;
  return sql`
    select
      ${jsonRowOf(leads)} as lead,
      case when ${accounts.id} is null then null else ${jsonRowOf(accounts)} end as account,
      (select ${eventListOf} from ${events} where ${events.leadId} = ${leads.id} and ${events.at} >= ${lookbackStart} and ${events.at} < ${to}) as events,
      (select json_group_array(json_array(${handovers.id}, ${handovers.startedAt}, ${decisions.kind}, ${decisions.reasonId}))
         from ${handovers} left join ${decisions} on ${decisions.handoverId} = ${handovers.id}
         where ${handovers.leadId} = ${leads.id} and ${handovers.startedAt} >= ${from} and ${handovers.startedAt} < ${to}) as handovers,
      exists (select 1 from ${handovers} where ${handovers.leadId} = ${leads.id} and ${handovers.startedAt} < ${to}) as handed_over
    from ${leads} left join ${accounts} on ${accounts.id} = ${leads.accountId}
    where ${leads.id} > ${afterId}
      and ((${leads.createdAt} >= ${from} and ${leads.createdAt} < ${to})
        or exists (select 1 from ${events} where ${events.leadId} = ${leads.id} and ${events.at} >= ${from} and ${events.at} < ${to})
        or exists (select 1 from ${handovers} where ${handovers.leadId} = ${leads.id} and ${handovers.startedAt} >= ${from} and ${handovers.startedAt} < ${to}))
    order by ${leads.id}
    limit ${limit}`;
}

function handoversFromJson(list: string): THandoverInRange[] {
  const rows = JSON.parse(list) as [string, string, 'accepted' | 'rejected' | null, string | null][];
  return rows
    .map(([id, startedAt, decision, reasonId]) => ({ id, startedAt, decision, reasonId }))
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

function replayLeadOf(row: TRow): TReplayLead {
  return {
    lead: rowFromJson(leads, row.lead),
    account: row.account === null ? undefined : rowFromJson(accounts, row.account),
    events: eventsFromJson(row.events),
    handovers: handoversFromJson(row.handovers),
    handedOver: Number(row.handed_over) === 1,
  };
}

/** The leads with activity in the window's range, chunk by chunk. */
export async function* replayLeads(db: TDb, window: TReplayWindow, chunk = REPLAY_CHUNK): AsyncGenerator<TReplayLead[]> {
  let afterId = '';
  for (;;) {
    const rows = await db.all<TRow>(replayChunkStatement(window, afterId, chunk));
    const replayed = rows.map(replayLeadOf);
    if (replayed.length > 0) yield replayed;
    if (replayed.length < chunk) return;
    afterId = replayed.at(-1)!.lead.id;
  }
}
