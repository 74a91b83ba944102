import type { z } from 'zod';
import type { TCharter } from '../../shared/charter';
import type { TEvent } from '../../shared/schemas';
import type { Database } from '../db/client';
import type { TActor } from './audit';
import { rescoreLeads } from './rescore';
import type { TOpenedHandover } from './rescore-plan';
import { CLOCK_SKEW_MS } from './touches';

// What the lead and the event ingest share: the result, the item checks, and the helpers.

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

export const CHUNK = 1000;
/** Serialised size allowed for one event's properties. */
const MAX_PROPERTIES_CHARS = 32 * 1024;

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
export function validateEach<T>(schema: z.ZodType<T>, items: readonly unknown[], path: string, extraCheck?: (value: T) => [string[], string] | undefined): TValidated<T> {
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
export function futureProblem(now: Date, instants: readonly (readonly [string[], string | undefined])[]): [string[], string] | undefined {
  const latest = now.getTime() + CLOCK_SKEW_MS;
  const late = instants.find(([, value]) => value !== undefined && Date.parse(value) > latest);
  if (!late) return undefined;
  return [late[0], `${late[1]} is in the future: at most ${CLOCK_SKEW_MS / 60_000} minutes past the server's clock (${now.toISOString()}) is allowed`];
}

/** Event properties are kept as sent, within bounds: a few kilobytes of JSON, not a nested bomb. */
export function propertiesProblem(event: TEvent): [string[], string] | undefined {
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
export const utc = (instant: string) => new Date(instant).toISOString();

/** Keeps in `map` the earliest instant seen for `key`. */
export function earliestOf(map: Map<string, string>, key: string, at: string): void {
  const known = map.get(key);
  if (!known || at < known) map.set(key, at);
}

export function earliest(a: string | null | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return a < b ? a : b;
}

/** The entries that are not undefined: what a payload sent, for an update that keeps the rest. */
export function sentOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  const sent: Partial<T> = {};
  for (const key in values) if (values[key] !== undefined) sent[key] = values[key];
  return sent;
}

export function emptyResult(accepted: number, rejected: TItemRejection[]): TIngestResult {
  return { accepted, created: 0, updated: 0, duplicates: 0, rejected, handoversOpened: 0, awaitingRep: 0, leadIds: [] };
}

/** Re-scores the leads written (or `leadIds` of them), counting into `result`; returns the handovers the rescore opened. */
export async function rescoreInto(result: TIngestResult, database: Database, now: Date, actor: TActor, charter: TCharter, leadIds: readonly string[] = result.leadIds): Promise<TOpenedHandover[]> {
  const rescored = await rescoreLeads(database, leadIds, now, actor, charter);
  result.handoversOpened += rescored.handoversOpened;
  result.awaitingRep += rescored.awaitingRep;
  return rescored.opened;
}
