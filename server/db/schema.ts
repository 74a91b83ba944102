import { sql } from 'drizzle-orm';
import type { TRoutingTrace } from '../../shared/routing';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Instants are ISO-8601 UTC strings (`2026-11-20T09:30:00.000Z`): they sort as text, read
// as themselves in the database shell, and cross the API unchanged.

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['rep', 'manager', 'admin'] }).notNull(),
  /** Which side of the handshake: charter sign-off needs one marketing and one sales lead. */
  team: text('team', { enum: ['sales', 'marketing', 'revops'] }).notNull().default('sales'),
  timeZone: text('time_zone').notNull(),
  workingDays: text('working_days', { mode: 'json' }).$type<number[]>().notNull(),
  dayStart: text('day_start').notNull(),
  dayEnd: text('day_end').notNull(),
  holidays: text('holidays', { mode: 'json' }).$type<string[]>().notNull(),
  /** Whose public holidays the calendar adds to `holidays`: a country or region (`US`, `DE-BY`), see `holiday-regions.ts`. */
  holidayRegion: text('holiday_region'),
  backupId: text('backup_id'),
  managerId: text('manager_id'),
  /** Takes new handovers in the round-robin. */
  available: integer('available', { mode: 'boolean' }).notNull().default(true),
  /** Days away, in the user's own zone, first and last day included: routing skips them, escalation too. */
  outOfOffice: text('out_of_office', { mode: 'json' }).$type<TOutOfOffice[]>().notNull().default([]),
  /** At most this many open handovers from routing (null: no limit). */
  capacity: integer('capacity'),
  /** Their share of a pool's rotation against the others' (1 by default). */
  weight: integer('weight').notNull().default(1),
  /** Countries they cover (ISO 3166-1 alpha-2), for a rule whose pool is a territory. */
  territories: text('territories', { mode: 'json' }).$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
});

/** A period away: `from` and `to` are local dates (YYYY-MM-DD), both included. */
export interface TOutOfOffice {
  from: string;
  to: string;
}

export const tokens = sqliteTable('tokens', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  /** SHA-256 of the token: the token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  label: text('label'),
  createdAt: createdAt(),
  revokedAt: text('revoked_at'),
});

export const ingestKeys = sqliteTable(
  'ingest_keys',
  {
    id: text('id').primaryKey(),
    /** How operators name the key (`key revoke --name`): one key per name, a revoked one keeping it. */
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: createdAt(),
    /** When the key last authenticated a request, to the minute (see `ingestKeyFor`). */
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('ingest_keys_name').on(t.name)],
);

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  domain: text('domain').notNull().unique(),
  name: text('name'),
  employees: integer('employees'),
  industry: text('industry'),
  country: text('country'),
  techStack: text('tech_stack', { mode: 'json' }).$type<string[]>(),
  targetAccount: integer('target_account', { mode: 'boolean' }).notNull().default(false),
  /** The account's owner as the CRM (or the source) names them: routing's account owner when they are a user here. */
  ownerEmail: text('owner_email'),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
});

export const STAGES = ['lead', 'mql', 'sql'] as const;
export const LEAD_STATUSES = ['active', 'accepted', 'nurture', 'disqualified'] as const;

export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    title: text('title'),
    accountId: text('account_id').references(() => accounts.id),
    /** The company as the source sent it, for leads whose domain names no account (free mail). */
    company: text('company', { mode: 'json' }).$type<Record<string, unknown>>(),
    source: text('source'),
    campaign: text('campaign'),
    ownerId: text('owner_id').references(() => users.id),
    /** Owner named by the source but not (yet) a user here. */
    ownerEmail: text('owner_email'),
    hubspotId: text('hubspot_id'),
    salesforceId: text('salesforce_id'),
    pipedriveId: text('pipedrive_id'),
    targetAccount: integer('target_account', { mode: 'boolean' }).notNull().default(false),
    stage: text('stage', { enum: STAGES }).notNull().default('lead'),
    stagePath: text('stage_path', { enum: ['standard', 'direct', 'target_account', 'import'] }),
    status: text('status', { enum: LEAD_STATUSES }).notNull().default('active'),
    fitLevel: text('fit_level'),
    engagementLevel: text('engagement_level'),
    intentLevel: text('intent_level'),
    authorityLevel: text('authority_level'),
    charterVersion: integer('charter_version'),
    scoredAt: text('scored_at'),
    /** First time the lead reached each funnel step (imported history counts as it is). */
    mqlAt: text('mql_at'),
    sqlAt: text('sql_at'),
    opportunityAt: text('opportunity_at'),
    wonAt: text('won_at'),
    lostAt: text('lost_at'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('leads_hubspot_id').on(t.hubspotId),
    index('leads_salesforce_id').on(t.salesforceId),
    index('leads_pipedrive_id').on(t.pipedriveId),
    index('leads_owner').on(t.ownerId),
    index('leads_created').on(t.createdAt),
    index('leads_mql_at').on(t.mqlAt),
    index('leads_sql_at').on(t.sqlAt).where(sql`${t.sqlAt} is not null`),
    index('leads_account').on(t.accountId).where(sql`${t.accountId} is not null`),
  ],
);

export const events = sqliteTable(
  'events',
  {
    /** The source's id: the same event ingested twice is stored once. */
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    type: text('type').notNull(),
    at: text('at').notNull(),
    properties: text('properties', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    receivedAt: createdAt(),
  },
  // Covering what scoring reads of a lead's recent events (migration 0014).
  (t) => [index('events_lead_at').on(t.leadId, t.at, t.type, t.id, t.properties)],
);

export const stageTransitions = sqliteTable(
  'stage_transitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    fromStage: text('from_stage', { enum: STAGES }).notNull(),
    toStage: text('to_stage', { enum: STAGES }).notNull(),
    path: text('path'),
    at: text('at').notNull(),
    charterVersion: integer('charter_version'),
    cause: text('cause', { enum: ['scoring', 'import', 'decision'] }).notNull(),
  },
  (t) => [index('stage_transitions_lead').on(t.leadId, t.at)],
);

export const HANDOVER_STATES = ['open', 'accepted', 'rejected'] as const;

export const handovers = sqliteTable(
  'handovers',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    /** Who holds it now (the backup after an escalation). */
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    /** Who it was first handed to: SLA figures are theirs. */
    originalOwnerId: text('original_owner_id')
      .notNull()
      .references(() => users.id),
    stage: text('stage', { enum: STAGES }).notNull(),
    startedAt: text('started_at').notNull(),
    tier: text('tier', { enum: ['high', 'medium', 'low'] }).notNull(),
    businessHours: real('business_hours').notNull(),
    warnAt: text('warn_at').notNull(),
    deadline: text('deadline').notNull(),
    state: text('state', { enum: HANDOVER_STATES }).notNull().default('open'),
    firstTouchAt: text('first_touch_at'),
    /** Business milliseconds from start to first touch, in the original owner's calendar. */
    firstTouchBusinessMs: integer('first_touch_business_ms'),
    warnedAt: text('warned_at'),
    breachedAt: text('breached_at'),
    escalatedAt: text('escalated_at'),
    closedAt: text('closed_at'),
    charterVersion: integer('charter_version').notNull(),
    /** How its owner was chosen: the rule, and the reps skipped and why. */
    routing: text('routing', { mode: 'json' }).$type<TRoutingTrace>(),
    /** Sent from the review queue: a marginal lead given one outreach attempt. */
    singleAttempt: integer('single_attempt', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // At most one open handover per lead.
    uniqueIndex('handovers_one_open_per_lead')
      .on(t.leadId)
      .where(sql`${t.state} = 'open'`),
    index('handovers_owner_state').on(t.ownerId, t.state, t.deadline),
    index('handovers_original_owner').on(t.originalOwnerId, t.startedAt),
    index('handovers_open_deadline').on(t.state, t.deadline),
    index('handovers_started').on(t.startedAt),
    // A lead's latest handover (packet, decisions, rescoring, ingest) without scanning them all.
    index('handovers_lead_started').on(t.leadId, t.startedAt),
  ],
);

export const touches = sqliteTable(
  'touches',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    handoverId: text('handover_id').references(() => handovers.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    channel: text('channel').notNull(),
    at: text('at').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index('touches_lead').on(t.leadId, t.at)],
);

export const decisions = sqliteTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    /** One decision per handover: a second is a conflict, never an overwrite. */
    handoverId: text('handover_id')
      .notNull()
      .unique()
      .references(() => handovers.id),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    kind: text('kind', { enum: ['accepted', 'rejected'] }).notNull(),
    reasonId: text('reason_id'),
    note: text('note'),
    decidedById: text('decided_by_id')
      .notNull()
      .references(() => users.id),
    /** The owner a manager decided for. */
    onBehalfOfId: text('on_behalf_of_id').references(() => users.id),
    /** Decided before any touch: the SLA clock stopped as "rejected without contact". */
    withoutContact: integer('without_contact', { mode: 'boolean' }).notNull(),
    charterVersion: integer('charter_version').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [index('decisions_lead').on(t.leadId), index('decisions_kind_decided').on(t.kind, t.decidedAt)],
);

export const charterVersions = sqliteTable('charter_versions', {
  version: integer('version').primaryKey(),
  body: text('body', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  note: text('note'),
  proposedById: text('proposed_by_id').references(() => users.id),
  proposedAt: text('proposed_at').notNull(),
  activatedAt: text('activated_at'),
});

export const charterSignoffs = sqliteTable(
  'charter_signoffs',
  {
    version: integer('version')
      .notNull()
      .references(() => charterVersions.version),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    team: text('team', { enum: ['sales', 'marketing'] }).notNull(),
    signedAt: text('signed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.version, t.userId] })],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    handoverId: text('handover_id')
      .notNull()
      .references(() => handovers.id),
    /** `nudge`: a manager asks the holder to act (handover.nudge). */
    kind: text('kind', { enum: ['sla_warning', 'sla_breach', 'reassigned', 'nudge'] }).notNull(),
    message: text('message').notNull(),
    at: text('at').notNull(),
    readAt: text('read_at'),
  },
  // The sweeper may run twice over the same handover: a notice is sent once. A nudge may repeat.
  (t) => [
    uniqueIndex('notifications_once')
      .on(t.handoverId, t.kind, t.userId)
      .where(sql`${t.kind} <> 'nudge'`),
    index('notifications_user').on(t.userId, t.at),
  ],
);

/** Append-only: who did what, when. Nothing updates or deletes a row here. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorKind: text('actor_kind', { enum: ['user', 'ingest', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_entity').on(t.entity, t.entityId),
    // The earlier request an idempotency key names (handover.assign, claim, reassign, nudge).
    index('audit_idempotency_key')
      .on(sql`json_extract(${t.details}, '$.idempotencyKey')`)
      .where(sql`json_extract(${t.details}, '$.idempotencyKey') is not null`),
  ],
);

/**
 * Who a Segment userId or anonymousId is, once an identify named their e-mail: later track
 * and page calls carrying only the id resolve through it. `identity` is `user:<userId>` or
 * `anonymous:<anonymousId>`.
 */
export const segmentIdentities = sqliteTable('segment_identities', {
  identity: text('identity').primaryKey(),
  email: text('email').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Track and page calls from a visitor not yet identified, kept until an identify names
 * their e-mail (Segment's anonymous activity before a sign-up), then ingested as events.
 */
export const segmentPending = sqliteTable(
  'segment_pending',
  {
    /** The event's id (the messageId, or one derived from the message). */
    id: text('id').primaryKey(),
    /** The key that sent it: each key keeps at most so many (HANDSHAKE_SEGMENT_PENDING_PER_KEY). */
    ingestKeyId: text('ingest_key_id'),
    userIdentity: text('user_identity'),
    anonymousIdentity: text('anonymous_identity'),
    /** The event as it will be ingested, without its e-mail. */
    event: text('event', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [
    index('segment_pending_user').on(t.userIdentity),
    index('segment_pending_anonymous').on(t.anonymousIdentity),
    index('segment_pending_received').on(t.receivedAt),
    index('segment_pending_key_received').on(t.ingestKeyId, t.receivedAt),
  ],
);

// The CRM connectors' tables live beside, one job per file.
export * from './schema-connectors';
export * from './schema-alerts';
