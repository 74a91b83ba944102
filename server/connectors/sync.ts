import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { ZCharter, type TCharter } from '../../shared/charter';
import { charterVersions, leads } from '../db/schema';
import { crmConnections, type TCrmName } from '../db/schema-connectors';
import { auditInsert, type TActor } from '../domain/audit';
import { activeCharter } from '../domain/charter';
import { ingestEvents, ingestLeads } from '../domain/ingest';
import { connectionOf, moduleFor, openSession, type TConnectorContext } from './connections';
import { asWrite, nextWrites, onOutboxWritten, recordOutcomes } from './outbox';
import { queueVerdicts } from './verdicts';
import { CrmError, type TConnectorSession, type TDeliveryOutcome, type TKnownLeads, type TPullPage } from './types';
import { heldByDeadProcess, newLeaseHolder } from '../db/lease-holder';

// One pass of a connector: pull every stream from its cursor through the same ingest as
// the REST API, then push the outbox. The cursor is stored after each page is ingested, so
// a pass stopped anywhere resumes where it stopped, and ingest being idempotent makes a
// page read twice change nothing.

/** Writes handed to a module at once (HubSpot and Salesforce batch up to 100 and 200). */
const DELIVERY_ROUND = 100;
/** A pass delivers at most this many rounds, so one pass never runs unbounded. */
const MAX_ROUNDS = 50;

export interface TSyncReport {
  crm: TCrmName;
  /** Nothing was attempted: the CRM asked us to wait until then. */
  pausedUntil?: string;
  pulled: { pages: number; leads: number; events: number; created: number; updated: number; handoversOpened: number };
  pushed: { delivered: number; retried: number; failed: number };
  apiCalls: number;
  error?: string;
}

const actorOf = (crm: TCrmName): TActor => ({ kind: 'ingest', id: `crm:${crm}` });

async function charterOfVersion(context: TConnectorContext, version: unknown, cache: Map<number, TCharter>): Promise<TCharter> {
  if (typeof version !== 'number') return activeCharter(context.database);
  const cached = cache.get(version);
  if (cached) return cached;
  const row = await context.database.db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version) });
  const charter = row ? ZCharter.parse(row.body) : await activeCharter(context.database);
  cache.set(version, charter);
  return charter;
}

async function pull(context: TConnectorContext, crm: TCrmName, session: TConnectorSession, cursor: Record<string, string>, report: TSyncReport, renew: () => Promise<void>): Promise<void> {
  const { db } = context.database;
  const column = moduleFor(context, crm).recordIdColumn;
  const known: TKnownLeads = {
    async emailsOf(recordIds) {
      const found = new Map<string, string>();
      for (let i = 0; i < recordIds.length; i += 500) {
        const rows = await db.select({ id: leads[column], email: leads.email }).from(leads).where(inArray(leads[column], recordIds.slice(i, i + 500)));
        for (const row of rows) if (row.id) found.set(row.id, row.email);
      }
      return found;
    },
  };
  for await (const page of session.pull(cursor, context.now(), known)) {
    await renew();
    const now = context.now();
    await followRecords(context, crm, page, now);
    const leads = page.leads.length > 0 ? await ingestLeads(context.database, page.leads, actorOf(crm), now) : null;
    const events = page.events.length > 0 ? await ingestEvents(context.database, page.events, actorOf(crm), now) : null;
    cursor[page.stream] = page.cursor;
    await db.update(crmConnections).set({ cursor: { ...cursor } }).where(eq(crmConnections.crm, crm));
    report.pulled.pages += 1;
    report.pulled.leads += page.leads.length;
    report.pulled.events += page.events.length;
    report.pulled.created += (leads?.created ?? 0) + (events?.created ?? 0);
    report.pulled.updated += leads?.updated ?? 0;
    report.pulled.handoversOpened += (leads?.handoversOpened ?? 0) + (events?.handoversOpened ?? 0);
    const refused = [...(leads?.rejected ?? []), ...(events?.rejected ?? [])];
    if (refused.length > 0) report.error = `${refused.length} record(s) not taken: ${refused[0]!.message}`;
  }
}

/**
 * Records merged or deleted in the CRM: a lead on a merged record follows it to the one
 * that survived (so its writes land there); a lead on a deleted record is unlinked from
 * it (it stays, with its history). Audited.
 */
async function followRecords(context: TConnectorContext, crm: TCrmName, page: TPullPage, now: Date): Promise<void> {
  const { db } = context.database;
  const key = moduleFor(context, crm).recordIdColumn;
  const column = leads[key];
  const queries = [];
  for (const { from, to } of page.merged ?? []) {
    if (from === to) continue;
    queries.push(
      db.update(leads).set({ [key]: to, updatedAt: now.toISOString() }).where(eq(column, from)),
      auditInsert(db, { at: now, actor: actorOf(crm), action: 'crm.record_merged', entity: 'crm', entityId: crm, details: { from, to } }),
    );
  }
  const deleted = page.deleted ?? [];
  for (let i = 0; i < deleted.length; i += 500) {
    const ids = deleted.slice(i, i + 500);
    const linked = await db.select({ id: leads.id }).from(leads).where(inArray(column, ids));
    if (linked.length === 0) continue;
    queries.push(
      db.update(leads).set({ [key]: null, updatedAt: now.toISOString() }).where(inArray(column, ids)),
      auditInsert(db, { at: now, actor: actorOf(crm), action: 'crm.record_deleted', entity: 'crm', entityId: crm, details: { leads: linked.map((l) => l.id) } }),
    );
  }
  if (queries.length > 0) await db.batch(queries as [(typeof queries)[number], ...typeof queries]);
}

/** Delivers due writes round after round; returns the instant to pause until, when the CRM asked to wait. */
async function push(context: TConnectorContext, crm: TCrmName, session: TConnectorSession, report: TSyncReport, renew: () => Promise<void>): Promise<Date | null> {
  const { db } = context.database;
  await queueVerdicts(context.database, context.now());
  const charters = new Map<number, TCharter>();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    await renew();
    const due = await nextWrites(db, crm, context.now(), DELIVERY_ROUND);
    if (due.length === 0) return null;
    // One charter per round: a decision is written with the mapping of the charter version
    // that made it; writes of another version wait for the next round.
    const version = due[0]!.payload.charterVersion;
    const rows = due.filter((row) => row.payload.charterVersion === version);
    const charter = await charterOfVersion(context, version, charters);
    let outcomes: TDeliveryOutcome[];
    try {
      outcomes = await session.deliver(rows.map(asWrite), charter);
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      outcomes = rows.map(() => ({ state: 'retry', error: error.message, retryAfterMs: error.retryAfterMs }));
    }
    await recordOutcomes(db, rows, outcomes, context.now());
    for (const outcome of outcomes) {
      if (outcome.state === 'delivered') report.pushed.delivered += 1;
      else if (outcome.state === 'failed') report.pushed.failed += 1;
      else report.pushed.retried += 1;
    }
    const wait = Math.max(0, ...outcomes.map((o) => (o.state === 'retry' ? (o.retryAfterMs ?? 0) : 0)));
    if (wait > 0) return new Date(context.now().getTime() + wait);
    // A round that delivered nothing is the CRM failing: the next pass tries again.
    if (!outcomes.some((o) => o.state === 'delivered')) return null;
  }
  return null;
}

/**
 * How long a pass holds its CRM's lease without renewing it. A running pass renews it every
 * third of that; a killed process's lease lapses after it (at once, for a process of this
 * machine seen gone), and the next pass proceeds.
 */
export const LEASE_MS = 30_000;

/** Takes or renews the CRM's lease for `holder`; false when another pass holds it. */
async function takeLease(context: TConnectorContext, crm: TCrmName, holder: string): Promise<boolean> {
  const now = context.now();
  const { db } = context.database;
  const current = await db.select({ holder: crmConnections.leaseHolder }).from(crmConnections).where(eq(crmConnections.crm, crm));
  const orphaned = current[0]?.holder && heldByDeadProcess(current[0].holder) ? current[0].holder : null;
  const taken = await db
    .update(crmConnections)
    .set({ leaseHolder: holder, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where(
      and(
        eq(crmConnections.crm, crm),
        or(isNull(crmConnections.leaseUntil), lt(crmConnections.leaseUntil, now.toISOString()), eq(crmConnections.leaseHolder, holder), ...(orphaned ? [eq(crmConnections.leaseHolder, orphaned)] : [])),
      ),
    )
    .returning({ crm: crmConnections.crm });
  return taken.length > 0;
}

/** One pass, pull then push. Never throws for the CRM's failures: they are in the report and the status. */
export async function syncOnce(context: TConnectorContext, crm: TCrmName, options: { pull?: boolean; push?: boolean } = {}): Promise<TSyncReport> {
  const report: TSyncReport = { crm, pulled: { pages: 0, leads: 0, events: 0, created: 0, updated: 0, handoversOpened: 0 }, pushed: { delivered: 0, retried: 0, failed: 0 }, apiCalls: 0 };
  const row = await connectionOf(context, crm);
  if (!row) throw new Error(`${crm} is not connected`);
  const started = context.now();
  if (row.pausedUntil && row.pausedUntil > started.toISOString()) return { ...report, pausedUntil: row.pausedUntil };

  const holder = newLeaseHolder();
  if (!(await takeLease(context, crm, holder))) return { ...report, error: `another ${crm} sync is running` };
  const renew = async () => {
    if (!(await takeLease(context, crm, holder))) throw new CrmError('transient', `the ${crm} sync lease was lost`);
  };
  // A CRM call may take up to its time limit: the lease is kept alive in between too.
  const heartbeat = setInterval(() => void takeLease(context, crm, holder).catch(() => undefined), LEASE_MS / 3);
  const session = openSession(context, row);
  let pausedUntil: Date | null = null;
  const done: Partial<typeof crmConnections.$inferInsert> = {};
  try {
    if (options.pull !== false) {
      await pull(context, crm, session, { ...row.cursor }, report, renew);
      done.lastPullAt = context.now().toISOString();
      done.lastPull = { ...report.pulled };
    }
    if (options.push !== false) {
      pausedUntil = await push(context, crm, session, report, renew);
      done.lastPushAt = context.now().toISOString();
    }
  } catch (error) {
    if (!(error instanceof CrmError)) {
      clearInterval(heartbeat);
      throw error;
    }
    report.error = error.message;
    if (error.kind === 'rate_limited') pausedUntil = new Date(context.now().getTime() + (error.retryAfterMs ?? 60_000));
  }
  clearInterval(heartbeat);
  report.apiCalls = session.calls();
  const usage = session.usage();
  const nowIso = context.now().toISOString();
  await context.database.db
    .update(crmConnections)
    .set({
      ...done,
      pausedUntil: pausedUntil?.toISOString() ?? null,
      lastError: report.error ?? null,
      lastErrorAt: report.error ? nowIso : null,
      ...(usage ? { apiUsage: { ...usage, at: nowIso } } : {}),
      leaseHolder: null,
      leaseUntil: null,
    })
    .where(and(eq(crmConnections.crm, crm), eq(crmConnections.leaseHolder, holder)));
  if (pausedUntil) report.pausedUntil = pausedUntil.toISOString();
  return report;
}

/** After an action queues CRM writes, the push waits this long, so a burst of clicks goes in one pass. */
export const PUSH_DELAY_MS = 1000;

export interface TSyncLoop {
  stop: () => void;
  /** A pass of this CRM within PUSH_DELAY_MS (a webhook said something changed). */
  pullSoon: (crm: TCrmName) => void;
}

/**
 * Syncs every connected CRM every `intervalMs`, one pass at a time, and pushes within
 * PUSH_DELAY_MS of an action that queued CRM writes.
 */
export function startSyncLoop(context: TConnectorContext, intervalMs: number, log: (line: string) => void = console.error): TSyncLoop {
  let running: Promise<unknown> = Promise.resolve();
  const pass = (options: { pull?: boolean; only?: TCrmName }) => {
    running = running
      .then(async () => {
        const connected = await context.database.db.select({ crm: crmConnections.crm }).from(crmConnections);
        for (const { crm } of connected) {
          if (!context.modules[crm] || (options.only && options.only !== crm)) continue;
          const report = await syncOnce(context, crm, options);
          if (report.error) log(`${crm} sync: ${report.error}`);
        }
      })
      .catch((error: unknown) => log(`CRM sync failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  let pushSoon: NodeJS.Timeout | undefined;
  const stopListening = onOutboxWritten(() => {
    pushSoon ??= setTimeout(() => {
      pushSoon = undefined;
      pass({ pull: false });
    }, PUSH_DELAY_MS);
  });
  const pullSoonTimers = new Map<TCrmName, NodeJS.Timeout>();
  pass({});
  const timer = setInterval(() => pass({}), intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearTimeout(pushSoon);
      for (const pending of pullSoonTimers.values()) clearTimeout(pending);
      stopListening();
    },
    pullSoon: (crm) => {
      if (pullSoonTimers.has(crm)) return;
      pullSoonTimers.set(
        crm,
        setTimeout(() => {
          pullSoonTimers.delete(crm);
          pass({ only: crm });
        }, PUSH_DELAY_MS),
      );
    },
  };
}
