import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../db/client';
import { readRows } from '../db/read-statements';
import { accounts, decisions, events, handovers, leads, touches, users } from '../db/schema';
import { REASSIGNING_ACTIONS, type TReassigningAudit } from './handover-owners';
import { jsonRowText, rowFromJson, rowFromValues } from './json-rows';
import type { TAccountRow, TEventRow, TLeadRow } from './lead-record';
import type { TUser } from './users';

// What a packet shows of one lead, read in one statement: the lead, its account, its latest
// handover with that handover's decision and reassignments, everyone those name, its events
// (the timeline's and the scoring window's, read once, newest first in the index's order), its
// touches, and the active charter's version. Each row comes back as one JSON array (see
// json-rows.ts): the libSQL client's cost is per statement and per column, SQLite's for these
// index searches a few µs.

export type THandoverRow = typeof handovers.$inferSelect;
export type TDecisionRow = typeof decisions.$inferSelect;
export type TTouchRow = typeof touches.$inferSelect;

export type TLeadKey = 'email' | 'hubspot' | 'salesforce' | 'pipedrive';

export interface TPacketRows {
  /** The active charter's version, null when none is stored (the default charter applies). */
  charterVersion: number | null;
  lead: TLeadRow;
  account: TAccountRow | undefined;
  handover: THandoverRow | undefined;
  decision: TDecisionRow | undefined;
  /** The handover's reassigning audits, in the order they were written. */
  reassignments: TReassigningAudit[];
  /** Every user the lead, the handover, its decision and its reassignments name, by id. */
  people: Map<string, TUser>;
  /** The events at or after the scoring window's start, oldest first. */
  recentEvents: TEventRow[];
  /** The latest events, newest first. */
  timeline: TEventRow[];
  touches: { touch: TTouchRow; by: TUser }[];
}

export const TIMELINE_LENGTH = 50;
const TOUCHES_LENGTH = 20;
const KEY_COLUMNS: Record<TLeadKey, string> = { email: 'email', hubspot: 'hubspot_id', salesforce: 'salesforce_id', pipedrive: 'pipedrive_id' };

const jsonRow = jsonRowText;

/** `?1` the lead's key, `?2` the scoring window's start. */
function packetSql(key: TLeadKey): string {
  const reassigning = REASSIGNING_ACTIONS.map((action) => `'${action}'`).join(', ');
  return `WITH
  l AS (SELECT * FROM leads WHERE ${KEY_COLUMNS[key]} = ?1 LIMIT 1),
  h AS (SELECT * FROM handovers WHERE lead_id = (SELECT id FROM l) ORDER BY started_at DESC LIMIT 1),
  d AS (SELECT * FROM decisions WHERE handover_id = (SELECT id FROM h) LIMIT 1),
  moves AS (
    SELECT id, at, details FROM audit_log
    WHERE entity = 'handover' AND entity_id = (SELECT id FROM h) AND action IN (${reassigning})
  ),
  named AS (
    SELECT owner_id AS id FROM l
    UNION SELECT owner_id FROM h UNION SELECT original_owner_id FROM h
    UNION SELECT decided_by_id FROM d UNION SELECT on_behalf_of_id FROM d
    UNION SELECT json_extract(details, '$.to') FROM moves
  )
SELECT
  (SELECT ${jsonRow(leads, 'l')} FROM l) AS lead,
  (SELECT max(version) FROM charter_versions WHERE activated_at IS NOT NULL) AS charter_version,
  (SELECT ${jsonRow(accounts, 'a')} FROM accounts a WHERE a.id = (SELECT account_id FROM l)) AS account,
  (SELECT ${jsonRow(handovers, 'h')} FROM h) AS handover,
  (SELECT ${jsonRow(decisions, 'd')} FROM d) AS decision,
  (SELECT json_group_array(json_array(at, details)) FROM (SELECT at, details FROM moves ORDER BY at, id)) AS reassignments,
  (SELECT json_group_array(${jsonRow(users, 'u')}) FROM users u WHERE u.id IN (SELECT id FROM named)) AS people,
  (SELECT json_group_array(json(r)) FROM (
    SELECT ${jsonRow(events, 'e')} AS r FROM events e WHERE e.lead_id = (SELECT id FROM l) ORDER BY e.at DESC, e.type DESC, e.id DESC
    LIMIT max(${TIMELINE_LENGTH}, (SELECT count(*) FROM events WHERE lead_id = (SELECT id FROM l) AND at >= ?2))
  )) AS events,
  (SELECT json_group_array(json_array(json(t), json(u))) FROM (
    SELECT ${jsonRow(touches, 't')} AS t, ${jsonRow(users, 'u')} AS u FROM touches t JOIN users u ON u.id = t.user_id
    WHERE t.lead_id = (SELECT id FROM l) ORDER BY t.at DESC LIMIT ${TOUCHES_LENGTH}
  )) AS touches`;
}

const sqlByKey = new Map<TLeadKey, string>();

/** The statement for leads found by `key`, rendered once. */
export function packetStatement(key: TLeadKey): string {
  let text = sqlByKey.get(key);
  if (!text) {
    text = packetSql(key);
    sqlByKey.set(key, text);
  }
  return text;
}

/** The statement's one row: the JSON texts, the version a number or null. */
type TPacketColumns = [string | null, number | null, string | null, string | null, string | null, string, string, string, string];

const rowsOf = <T extends SQLiteTable>(table: T, list: string): T['$inferSelect'][] =>
  (JSON.parse(list) as unknown[][]).map((values) => rowFromValues(table, values));

/** The packet's rows for the lead whose `key` is `value`, or null when there is no such lead. */
export async function readPacketRows(database: Database, key: TLeadKey, value: string, scoringSince: string): Promise<TPacketRows | null> {
  const [[lead, version, account, handover, decision, reassignments, people, eventRows, touchRows]] = (await readRows(database, packetStatement(key), [
    value,
    scoringSince,
  ])) as [TPacketColumns];
  if (lead === null) return null;
  const latest = rowsOf(events, eventRows);
  return {
    charterVersion: version === null ? null : Number(version),
    lead: rowFromJson(leads, lead),
    account: account === null ? undefined : rowFromJson(accounts, account),
    handover: handover === null ? undefined : rowFromJson(handovers, handover),
    decision: decision === null ? undefined : rowFromJson(decisions, decision),
    reassignments: (JSON.parse(reassignments) as [string, string | null][]).map(([at, details]) => ({
      at,
      details: details === null ? null : (JSON.parse(details) as Record<string, unknown>),
    })),
    people: new Map(rowsOf(users, people).map((user) => [user.id, user])),
    recentEvents: latest.filter((event) => event.at >= scoringSince).reverse(),
    timeline: latest.slice(0, TIMELINE_LENGTH),
    touches: (JSON.parse(touchRows) as [unknown[], unknown[]][]).map(([touch, by]) => ({
      touch: rowFromValues(touches, touch),
      by: rowFromValues(users, by),
    })),
  };
}
