import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { crmConnections, crmOutbox, crmVerdictChanges, type TCrmName } from '../db/schema-connectors';
import { auditInsert, type TActor } from '../domain/audit';
import { activeCharter } from '../domain/charter';
import { seal, unseal, type TSecretKey } from './secrets';
import { verdictsOfAllLeads } from './verdicts';
import type { TConnectorModule, TConnectorSession, TPrepareResult } from './types';

// Connecting, opening and disconnecting a CRM: the credentials are checked against the
// CRM before anything is stored, and stored sealed.

export type TConnectionRow = typeof crmConnections.$inferSelect;

export interface TConnectorContext {
  database: Database;
  secretKey: TSecretKey;
  modules: Partial<Record<TCrmName, TConnectorModule>>;
  now: () => Date;
}

export function moduleFor(context: TConnectorContext, crm: TCrmName): TConnectorModule {
  const module = context.modules[crm];
  if (!module) throw new Error(`no connector for ${crm}`);
  return module;
}

export async function connectionOf(context: TConnectorContext, crm: TCrmName): Promise<TConnectionRow | undefined> {
  return context.database.db.query.crmConnections.findFirst({ where: eq(crmConnections.crm, crm) });
}

export function openSession(context: TConnectorContext, row: TConnectionRow): TConnectorSession {
  const secret = unseal<Record<string, unknown>>(row.sealedSecret, context.secretKey, `crm:${row.crm}`);
  return moduleFor(context, row.crm).open(row.settings, secret, { now: context.now });
}

export interface TConnectResult {
  account: string;
  prepared: TPrepareResult;
}

/**
 * Checks the credentials (throws CrmError, in words, when the CRM refuses them), prepares
 * the write-back, then stores the connection. Connecting again replaces the credentials and
 * keeps the cursor, so a rotated token does not pull everything again.
 */
export async function connectCrm(context: TConnectorContext, crm: TCrmName, settings: Record<string, unknown>, secret: Record<string, unknown>, actor: TActor): Promise<TConnectResult> {
  const session = moduleFor(context, crm).open(settings, secret, { now: context.now });
  const { account } = await session.check();
  const prepared = await session.prepare(await activeCharter(context.database));
  const now = context.now();
  const stored = { ...settings, ...prepared.learned, account };
  const sealedSecret = seal(secret, context.secretKey, `crm:${crm}`);
  const { db } = context.database;
  await db.batch([
    db
      .insert(crmConnections)
      .values({ crm, settings: stored, sealedSecret, connectedAt: now.toISOString() })
      .onConflictDoUpdate({ target: crmConnections.crm, set: { settings: stored, sealedSecret, connectedAt: now.toISOString(), lastError: null, lastErrorAt: null, pausedUntil: null } }),
    auditInsert(db, { at: now, actor, action: 'crm.connect', entity: 'crm', entityId: crm, details: { account, steps: prepared.steps.length } }),
    verdictsOfAllLeads(context.database, crm),
  ]);
  return { account, prepared };
}

/** Forgets a CRM's credentials, cursor and outbox; the writes not yet delivered are dropped with it (counted). */
export async function disconnectCrm(context: TConnectorContext, crm: TCrmName, actor: TActor): Promise<{ dropped: number } | null> {
  const { db } = context.database;
  const existing = await connectionOf(context, crm);
  if (!existing) return null;
  const [undelivered] = await db.select({ count: count() }).from(crmOutbox).where(and(eq(crmOutbox.crm, crm), ne(crmOutbox.state, 'delivered')));
  const waiting = undelivered?.count ?? 0;
  await db.batch([
    db.delete(crmConnections).where(eq(crmConnections.crm, crm)),
    db.delete(crmOutbox).where(eq(crmOutbox.crm, crm)),
    // With no CRM left, the leads noted for a verdict have nowhere to go.
    db.delete(crmVerdictChanges).where(sql`NOT EXISTS (SELECT 1 FROM ${crmConnections})`),
    auditInsert(db, { at: context.now(), actor, action: 'crm.disconnect', entity: 'crm', entityId: crm, details: { outboxRows: waiting } }),
  ]);
  return { dropped: waiting };
}
