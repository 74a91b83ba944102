import { readFileSync } from 'node:fs';
import { loadConfig } from './config';
import type { TConnectorContext } from './connectors/connections';
import { connectCrm, disconnectCrm } from './connectors/connections';
import { retryFailed } from './connectors/outbox';
import { CONNECTORS } from './connectors/registry';
import { defaultKeyFile, loadSecretKey } from './connectors/secrets';
import { connectorStatuses, formatStatuses } from './connectors/status';
import { syncOnce, type TSyncReport } from './connectors/sync';
import { CrmError } from './connectors/types';
import type { Database } from './db/client';
import { CRM_NAMES, type TCrmName } from './db/schema-connectors';
import { SYSTEM } from './domain/audit';
import { UsageError } from './cli-usage-error';

// `connect …`, `sync NAME`: the RevOps side of the CRM connectors (README: "CRM connectors").

export type TConnectValues = Partial<Record<string, string | boolean | undefined>>;

function option(values: TConnectValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function requiredOption(values: TConnectValues, name: string, command: string): string {
  const value = option(values, name);
  if (!value) throw new UsageError(`${command}: --${name} is required`);
  return value;
}

/** A secret given as `-` is read from standard input, so it stays out of the shell's history. */
function secretOption(values: TConnectValues, name: string, command: string): string {
  const value = requiredOption(values, name, command);
  return value === '-' ? readFileSync(0, 'utf8').trim() : value;
}

function crmName(name: string | undefined, command: string): TCrmName {
  if (!name || !(CRM_NAMES as readonly string[]).includes(name)) throw new UsageError(`${command}: expected one of ${CRM_NAMES.join(', ')}`);
  return name as TCrmName;
}

function context(database: Database, create: boolean): TConnectorContext {
  const config = loadConfig();
  const secretKey = loadSecretKey({ envKey: config.HANDSHAKE_SECRET_KEY, keyFile: config.HANDSHAKE_SECRET_KEY_FILE ?? defaultKeyFile(config.HANDSHAKE_DB_URL), create });
  return { database, secretKey, modules: CONNECTORS, now: () => new Date() };
}

/** The settings and secret of `connect NAME`, from its flags. */
function connectFlags(crm: TCrmName, values: TConnectValues): { settings: Record<string, unknown>; secret: Record<string, unknown> } {
  const command = `connect ${crm}`;
  if (crm === 'hubspot') {
    const webhookSecret = option(values, 'webhook-secret') ? secretOption(values, 'webhook-secret', command) : undefined;
    return {
      settings: { ...(option(values, 'api-url') ? { apiUrl: option(values, 'api-url') } : {}) },
      secret: { token: secretOption(values, 'token', command), ...(webhookSecret ? { webhookSecret } : {}) },
    };
  }
  if (crm === 'salesforce') {
    const settings = {
      instanceUrl: requiredOption(values, 'instance-url', command),
      ...(option(values, 'login-url') ? { loginUrl: option(values, 'login-url') } : {}),
      ...(option(values, 'client-id') ? { clientId: option(values, 'client-id'), username: requiredOption(values, 'username', command) } : {}),
      ...(option(values, 'mql-date-field') ? { mqlDateField: option(values, 'mql-date-field') } : {}),
      ...(option(values, 'sql-date-field') ? { sqlDateField: option(values, 'sql-date-field') } : {}),
    };
    if (option(values, 'client-id')) {
      const keyFile = requiredOption(values, 'private-key', command);
      let privateKey: string;
      try {
        privateKey = readFileSync(keyFile, 'utf8');
      } catch (error) {
        throw new UsageError(`${command}: cannot read --private-key ${keyFile}: ${(error as Error).message}`);
      }
      return { settings, secret: { privateKey } };
    }
    if (!option(values, 'token')) throw new UsageError(`${command}: give --token ACCESS_TOKEN, or --client-id ID --username U --private-key FILE`);
    return { settings, secret: { token: secretOption(values, 'token', command) } };
  }
  return {
    settings: { domain: requiredOption(values, 'domain', command), ...(option(values, 'api-url') ? { apiUrl: option(values, 'api-url') } : {}) },
    secret: { token: secretOption(values, 'token', command) },
  };
}

export function formatSyncReport(report: TSyncReport): string {
  if (report.pausedUntil && report.pulled.pages === 0 && report.pushed.delivered === 0) return `${report.crm}: waiting — the CRM asked to wait until ${report.pausedUntil}.`;
  const { pulled, pushed } = report;
  const lines = [
    `${report.crm}: pulled ${pulled.leads} record(s) and ${pulled.events} activit${pulled.events === 1 ? 'y' : 'ies'} in ${pulled.pages} page(s) — ${pulled.created} lead(s) created, ${pulled.updated} updated, ${pulled.handoversOpened} handover(s) opened.`,
    `${report.crm}: pushed ${pushed.delivered} write(s)${pushed.retried ? `, ${pushed.retried} to retry` : ''}${pushed.failed ? `, ${pushed.failed} refused for good (see connect status)` : ''}; ${report.apiCalls} API call(s).`,
  ];
  if (report.pausedUntil) lines.push(`${report.crm}: the CRM asked to wait until ${report.pausedUntil}; the next pass resumes then.`);
  if (report.error) lines.push(`${report.crm}: ${report.error}`);
  return lines.join('\n');
}

export async function connectCommand(command: 'connect' | 'sync', rest: readonly string[], values: TConnectValues, withDatabase: <T>(run: (database: Database) => Promise<T>) => Promise<T>): Promise<void> {
  const [first] = rest;
  if (command === 'sync') {
    const crm = crmName(first, 'sync');
    await withDatabase(async (database) => {
      const ctx = context(database, false);
      if (values['retry-failed']) console.log(`${crm}: ${await retryFailed(database.db, crm, ctx.now())} failed write(s) put back in line.`);
      console.log(formatSyncReport(await syncOnce(ctx, crm)));
    });
    return;
  }
  if (first === 'status') {
    await withDatabase(async (database) => console.log(formatStatuses(await connectorStatuses(database), new Date())));
    return;
  }
  if (first === 'disconnect') {
    const crm = crmName(rest[1], 'connect disconnect');
    await withDatabase(async (database) => {
      const result = await disconnectCrm(context(database, false), crm, SYSTEM);
      console.log(result ? `Disconnected ${crm}: credentials and cursor forgotten${result.dropped ? `, ${result.dropped} write(s) not delivered dropped` : ''}.` : `${crm} is not connected.`);
    });
    return;
  }
  const crm = crmName(first, 'connect');
  const { settings, secret } = connectFlags(crm, values);
  if (!CONNECTORS[crm]) throw new UsageError(`connect ${crm}: this connector is not available yet`);
  await withDatabase(async (database) => {
    try {
      const { account, prepared } = await connectCrm(context(database, true), crm, settings, secret, SYSTEM);
      console.log(`Connected ${crm}: ${account}.`);
      for (const line of prepared.done) console.log(`  ✓ ${line}`);
      if (prepared.steps.length > 0) {
        console.log('\nWrite-back needs these steps in the CRM before decisions can be written there:');
        prepared.steps.forEach((step, i) => console.log(`  ${i + 1}. ${step}`));
        console.log(`Then run: npm run cli -- connect ${crm} … again to check.`);
      }
      console.log(`\nThe server syncs every HANDSHAKE_SYNC_SECONDS (60 by default); to sync now: npm run cli -- sync ${crm}`);
    } catch (error) {
      if (error instanceof CrmError) throw new UsageError(`connect ${crm}: ${error.message}`);
      throw error;
    }
  });
}
