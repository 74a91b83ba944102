import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const CRM_NAMES = ['hubspot', 'salesforce', 'pipedrive'] as const;
export type TCrmName = (typeof CRM_NAMES)[number];

/**
 * A CRM the team connected: its settings in clear, its credentials sealed (see
 * server/connectors/secrets.ts), and where the last pull stopped.
 */
export const crmConnections = sqliteTable('crm_connections', {
  crm: text('crm', { enum: CRM_NAMES }).primaryKey(),
  /** Non-secret settings: the API's base address, the field mapping's names, the login user. */
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** The credentials, encrypted: never printed back, never logged. */
  sealedSecret: text('sealed_secret').notNull(),
  connectedAt: text('connected_at').notNull(),
  /** Per stream (contacts, calls, deals …), where the next pull resumes. */
  cursor: text('cursor', { mode: 'json' }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
  lastPullAt: text('last_pull_at'),
  /** What the last pull did: records read and ingested, API calls. */
  lastPull: text('last_pull', { mode: 'json' }).$type<Record<string, number>>(),
  lastPushAt: text('last_push_at'),
  /** The last failure of a pass, in words, and when. */
  lastError: text('last_error'),
  lastErrorAt: text('last_error_at'),
  /** The CRM asked us to wait (429 Retry-After, a daily limit): no call before this. */
  pausedUntil: text('paused_until'),
  /**
   * One pass at a time per CRM, across processes and instances: a pass holds the lease
   * (renewed as it goes) and a pass that finds it held by another does nothing.
   */
  leaseHolder: text('lease_holder'),
  leaseUntil: text('lease_until'),
  /** The CRM's own count of our API calls, as its answers report it. */
  apiUsage: text('api_usage', { mode: 'json' }).$type<{ used?: number; limit?: number; remaining?: number; window?: string; at: string }>(),
});

/** `verdict`: the lead's stage, criteria and SLA as Handshake sees them, one row per lead and CRM, rewritten when they change. */
export const OUTBOX_KINDS = ['decision', 'touch', 'owner', 'verdict'] as const;
export const OUTBOX_STATES = ['pending', 'delivered', 'failed'] as const;

/**
 * Writes to a CRM, recorded in the same batch as the decision or touch they carry, and
 * delivered later in order per CRM record. The unique key makes a write exist once whatever
 * replays the action.
 */
export const crmOutbox = sqliteTable(
  'crm_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    crm: text('crm', { enum: CRM_NAMES }).notNull(),
    /** The CRM's record (contact, lead, person) the write lands on. */
    recordId: text('record_id').notNull(),
    leadId: text('lead_id').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    /** Handshake's own id of what is written (a decision, a touch, a handover's escalation). */
    sourceId: text('source_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** The CRM's id of what a create made (the call, the task, the activity). */
    crmObjectId: text('crm_object_id'),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [
    uniqueIndex('crm_outbox_once').on(t.crm, t.kind, t.sourceId),
    index('crm_outbox_due').on(t.crm, t.state, t.nextAttemptAt),
    index('crm_outbox_record').on(t.crm, t.recordId, t.id),
  ],
);

/**
 * Leads whose verdict may have changed since it was last queued for the CRMs, kept by triggers
 * on leads and handovers (migration 0017) while a CRM is connected; `version` rises with each
 * change, so a drain deletes only what it read.
 */
export const crmVerdictChanges = sqliteTable('crm_verdict_changes', {
  leadId: text('lead_id').primaryKey(),
  version: integer('version').notNull(),
});
