import { crmConnections } from '../db/schema-connectors';
import type { Database } from '../db/client';
import { outboxCounts, type TOutboxCounts } from './outbox';

// What `connect status` shows per connected CRM. Never the credentials: they are not read.

export interface TConnectorStatus {
  crm: string;
  account: string;
  apiUrl: string | null;
  connectedAt: string;
  lastPullAt: string | null;
  lastPull: Record<string, number> | null;
  cursor: Record<string, string>;
  lastPushAt: string | null;
  outbox: TOutboxCounts;
  lastError: string | null;
  lastErrorAt: string | null;
  pausedUntil: string | null;
  apiUsage: { used?: number; limit?: number; remaining?: number; window?: string; at: string } | null;
}

export async function connectorStatuses(database: Database): Promise<TConnectorStatus[]> {
  const { db } = database;
  const rows = await db
    .select({
      crm: crmConnections.crm,
      settings: crmConnections.settings,
      connectedAt: crmConnections.connectedAt,
      cursor: crmConnections.cursor,
      lastPullAt: crmConnections.lastPullAt,
      lastPull: crmConnections.lastPull,
      lastPushAt: crmConnections.lastPushAt,
      lastError: crmConnections.lastError,
      lastErrorAt: crmConnections.lastErrorAt,
      pausedUntil: crmConnections.pausedUntil,
      apiUsage: crmConnections.apiUsage,
    })
    .from(crmConnections);
  return Promise.all(
    rows.map(async (row) => ({
      crm: row.crm,
      account: typeof row.settings.account === 'string' ? row.settings.account : row.crm,
      apiUrl: typeof row.settings.apiUrl === 'string' ? row.settings.apiUrl : typeof row.settings.instanceUrl === 'string' ? row.settings.instanceUrl : null,
      connectedAt: row.connectedAt,
      lastPullAt: row.lastPullAt,
      lastPull: row.lastPull ?? null,
      cursor: row.cursor,
      lastPushAt: row.lastPushAt,
      outbox: await outboxCounts(db, row.crm),
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
      pausedUntil: row.pausedUntil,
      apiUsage: row.apiUsage ?? null,
    })),
  );
}

const number = (n: number) => n.toLocaleString('en-US');

/** A cursor's value as a person reads it: the instant it stands at. */
function cursorText(value: string): string {
  try {
    const parsed = JSON.parse(value) as { t?: number };
    if (typeof parsed.t === 'number') return new Date(parsed.t).toISOString();
  } catch {
    // Not JSON: an instant or a token, shown as it is.
  }
  return value.length > 40 ? `${value.slice(0, 37)}…` : value;
}

export function formatStatuses(statuses: readonly TConnectorStatus[], now: Date): string {
  if (statuses.length === 0) return 'No CRM connected. Connect one: npm run cli -- connect hubspot --token TOKEN (see the README).';
  const lines: string[] = [];
  for (const s of statuses) {
    lines.push(`${s.crm}: ${s.account}${s.apiUrl ? ` (${s.apiUrl})` : ''}, connected ${s.connectedAt}`);
    const pulled = s.lastPull ? ` — ${number(s.lastPull.leads ?? 0)} records, ${number(s.lastPull.events ?? 0)} activities in ${number(s.lastPull.pages ?? 0)} page(s)` : '';
    lines.push(`  last pull:  ${s.lastPullAt ?? 'never'}${pulled}`);
    const streams = Object.entries(s.cursor);
    if (streams.length > 0) lines.push(`  cursor:     ${streams.map(([stream, value]) => `${stream} ${cursorText(value)}`).join(', ')}`);
    lines.push(`  last push:  ${s.lastPushAt ?? 'never'}`);
    lines.push(`  writes:     ${number(s.outbox.pending)} waiting, ${number(s.outbox.delivered)} delivered, ${number(s.outbox.failed)} failed`);
    for (const f of s.outbox.failures) lines.push(`    failed #${f.id} (${f.kind} on ${f.recordId}): ${f.error}`);
    if (s.outbox.failed > 0) lines.push(`    once fixed in the CRM: npm run cli -- sync ${s.crm} --retry-failed`);
    if (s.apiUsage) {
      const { used, limit, remaining, window } = s.apiUsage;
      const text = used !== undefined && limit !== undefined ? `${number(used)} of ${number(limit)}${window ? ` ${window}` : ''}` : remaining !== undefined ? `${number(remaining)} left${window ? ` ${window}` : ''}` : 'unknown';
      lines.push(`  API calls:  ${text} (as of ${s.apiUsage.at})`);
    }
    if (s.pausedUntil && s.pausedUntil > now.toISOString()) lines.push(`  paused:     the CRM asked to wait until ${s.pausedUntil}`);
    if (s.lastError) lines.push(`  last error: ${s.lastError} (${s.lastErrorAt})`);
  }
  return lines.join('\n');
}
