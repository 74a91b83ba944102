import type { TCharter } from '../../shared/charter';
import type { TCrmName } from '../db/schema-connectors';

// What every CRM module gives the connector framework (server/connectors/sync.ts): a fourth
// CRM is one more module with these parts. The framework owns the cursor, the loop, the
// outbox, retries and status; a module owns the CRM's client, its API and its mapping.

export type { TCrmName };

/** What went wrong with a call to a CRM, sorted by what to do about it. */
export type TCrmProblemKind =
  /** The credentials are wrong or expired: nothing works until they are fixed. */
  | 'auth'
  /** The credentials lack a permission the connector needs. */
  | 'scope'
  /** The CRM cannot be reached (DNS, refused connection, timeout). */
  | 'unreachable'
  /** The CRM asks us to slow down: wait `retryAfterMs`. */
  | 'rate_limited'
  /** A server error or an answer cut short: try again later. */
  | 'transient'
  /** The CRM refuses this one write for good (a deleted record, a missing field, a bad value). */
  | 'refused';

export class CrmError extends Error {
  constructor(
    readonly kind: TCrmProblemKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CrmError';
  }
}

/** One page of a pull, in the shapes the REST ingest takes, and where its stream resumes. */
export interface TPullPage {
  stream: string;
  leads: Record<string, unknown>[];
  events: Record<string, unknown>[];
  /** The stream's cursor once this page is ingested. */
  cursor: string;
  /** Records merged into another in the CRM: the leads on `from` follow to `to`. */
  merged?: { from: string; to: string }[];
  /** Records deleted in the CRM: their leads stay, no longer linked to them. */
  deleted?: string[];
}

/** What Handshake already knows of the CRM's records, so a pull need not ask the CRM again. */
export interface TKnownLeads {
  /** The e-mails of the leads linked to these record ids. */
  emailsOf(recordIds: readonly string[]): Promise<Map<string, string>>;
}

/** A write waiting in the outbox, as a module receives it. */
export interface TOutboxWrite {
  id: number;
  recordId: string;
  kind: 'decision' | 'touch' | 'owner' | 'verdict';
  sourceId: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export type TDeliveryOutcome =
  | { state: 'delivered'; crmObjectId?: string }
  | { state: 'retry'; error: string; retryAfterMs?: number }
  | { state: 'failed'; error: string };

export interface TApiUsage {
  used?: number;
  limit?: number;
  remaining?: number;
  /** The limit's period in words: "daily", "per 10 s". */
  window?: string;
}

export interface TPrepareResult {
  /** What connecting created or found ready, in words. */
  done: string[];
  /** What someone must still do in the CRM, step by step; empty when write-back is ready. */
  steps: string[];
  /** Settings learned at connect (a field's key, the portal id), kept with the connection. */
  learned?: Record<string, unknown>;
}

export interface TConnectorSession {
  /** Checks the credentials and permissions at once; names the account. Throws CrmError. */
  check(): Promise<{ account: string }>;
  /** Creates or checks what write-back needs. */
  prepare(charter: TCharter): Promise<TPrepareResult>;
  /** Every stream from its cursor, page by page. */
  pull(cursor: Readonly<Record<string, string>>, now: Date, known: TKnownLeads): AsyncIterable<TPullPage>;
  /** Delivers writes — at most one per record, in the outbox's order — and says what became of each. */
  deliver(writes: readonly TOutboxWrite[], charter: TCharter): Promise<TDeliveryOutcome[]>;
  /** The CRM's count of our calls, as its last answer reported it. */
  usage(): TApiUsage | null;
  /** Calls made through this session. */
  calls(): number;
}

export interface TConnectorModule<TSettings = Record<string, unknown>, TSecret = Record<string, unknown>> {
  crm: TCrmName;
  label: string;
  /** The lead's record id in this CRM, from the lead's row. */
  recordIdColumn: 'hubspotId' | 'salesforceId' | 'pipedriveId';
  open(settings: TSettings, secret: TSecret, options: { now: () => Date }): TConnectorSession;
}
