import type { Client, InStatement } from '@libsql/client';
import { createRequire } from 'node:module';
import { startServer, type RunningServer } from '../../server/server';
import { sweepSla } from '../../server/domain/sweeper';
import { userForToken } from '../../server/domain/users';
import { runReport } from '../../server/reports/reports';
import { SCALE_NOW, type TScaleDatabase, type TScaleUser } from './generate';

// Every statement the server runs for what people and machines do (a packet, the queues,
// a decision, a touch, ingest, the stats, a sweep), caught as it runs on the data at this
// size, then SQLite's plan for each. A plan that reads a large table from end to end is
// what makes a call slow down as the data grows.

const LARGE_TABLES = ['leads', 'events', 'handovers', 'decisions', 'touches', 'audit_log', 'accounts', 'crm_outbox', 'notifications'];
const FULL_SCAN = new RegExp(`^SCAN (${LARGE_TABLES.join('|')})\\b`);

/**
 * A plan line reading a large table from end to end. An INSERT's scan of another table is
 * the foreign-key guard of a parent row, run only while a deferred violation is
 * outstanding: not counted.
 */
function isFullScan(sql: string, line: string): boolean {
  const scanned = FULL_SCAN.exec(line)?.[1];
  if (!scanned || /USING (COVERING )?INDEX .*\(/.test(line)) return false;
  const inserted = /^\s*insert\s+into\s+"?(\w+)"?/i.exec(sql)?.[1];
  return inserted === undefined || inserted === scanned;
}

export interface TStatementPlan {
  sql: string;
  /** How many times it ran during the capture. */
  runs: number;
  plan: string[];
  /** Plan lines that read a large table in full. */
  fullScans: string[];
}

const sqlOf = (statement: InStatement) => (typeof statement === 'string' ? statement : statement.sql);

interface TNativeStatement {
  all(...args: unknown[]): unknown;
}
type TNativePrototype = { prepare: (this: unknown, sql: string) => TNativeStatement };

/** The libSQL driver's connection class, as the client resolves it (the hot reads use it directly: db/read-statements.ts). */
const nativePrototype = (): TNativePrototype => (createRequire(import.meta.resolve('@libsql/client'))('libsql') as { prototype: TNativePrototype }).prototype;

/**
 * Records the SQL of every statement run on any connection of this thread while `work` runs:
 * through the libSQL client, and through the driver's statements prepared once.
 */
async function recordStatements(client: Client, work: () => Promise<void>): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const note = (sql: string) => seen.set(sql.trim(), (seen.get(sql.trim()) ?? 0) + 1);
  const prototype = Object.getPrototypeOf(client) as Record<'execute' | 'batch', (...args: unknown[]) => Promise<unknown>>;
  const { execute, batch } = prototype;
  const native = nativePrototype();
  const { prepare } = native;
  native.prepare = function (this: unknown, sql: string) {
    const statement = prepare.call(this, sql);
    const all = statement.all.bind(statement);
    statement.all = (...args: unknown[]) => {
      note(sql);
      return all(...args);
    };
    return statement;
  };
  prototype.execute = function (this: unknown, ...args: unknown[]) {
    note(typeof args[0] === 'string' ? args[0] : sqlOf(args[0] as InStatement));
    return execute.apply(this, args);
  };
  prototype.batch = function (this: unknown, ...args: unknown[]) {
    for (const statement of args[0] as InStatement[]) note(sqlOf(statement));
    return batch.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.execute = execute;
    prototype.batch = batch;
    native.prepare = prepare;
  }
  return seen;
}

async function trpc(server: RunningServer, token: string, path: string, input?: unknown, mutation = false): Promise<void> {
  const url = `${server.url}/trpc/${path}${!mutation && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`;
  const response = await fetch(url, {
    method: mutation ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: mutation ? JSON.stringify(input) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

async function rest(server: RunningServer, key: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

interface TCast {
  admin: TScaleUser;
  manager: TScaleUser;
  rep: { id: string; token: string; hubspotId: string; email: string };
  toAccept?: { leadId: string; token: string };
  toTouch?: { leadId: string; token: string };
}

/** Who does what: read before the capture, so these reads are not caught. */
async function cast(server: RunningServer, data: TScaleDatabase): Promise<TCast> {
  const tokenOf = new Map(data.users.map((u) => [u.id, u.token]));
  const open = await server.database.client.execute("SELECT lead_id, owner_id FROM handovers WHERE state = 'open' AND owner_id IS NOT NULL LIMIT 2");
  const [toAccept, toTouch] = open.rows.map((r) => ({ leadId: r.lead_id as string, token: tokenOf.get(r.owner_id as string)! }));
  const lead = (await server.database.client.execute('SELECT hubspot_id, owner_id, email FROM leads WHERE owner_id IS NOT NULL AND hubspot_id IS NOT NULL LIMIT 1')).rows[0]!;
  return {
    admin: data.users.find((u) => u.role === 'admin')!,
    manager: data.users.find((u) => u.role === 'manager')!,
    rep: { id: lead.owner_id as string, token: tokenOf.get(lead.owner_id as string)!, hubspotId: lead.hubspot_id as string, email: lead.email as string },
    toAccept,
    toTouch,
  };
}

/** One of each thing people and machines do, against a server in this process. */
async function exercise(server: RunningServer, { admin, manager, rep, toAccept, toTouch }: TCast, ingestKey: string): Promise<void> {
  const { database } = server;
  const now = new Date(SCALE_NOW);
  const repToken = rep.token;

  await trpc(server, repToken, 'me');
  await trpc(server, repToken, 'packet.get', { crm: 'hubspot', recordId: rep.hubspotId });
  await trpc(server, repToken, 'packet.get', { email: rep.email });
  await trpc(server, repToken, 'queue.mine');
  await trpc(server, repToken, 'notifications.mine', { unreadOnly: true, limit: 50 });
  await trpc(server, manager.token, 'queue.team');
  await trpc(server, manager.token, 'charter.current');
  // The dashboard's drill-downs: a rep's handovers and a source's leads over the last 30 days.
  await trpc(server, admin.token, 'team.handovers', { repId: rep.id });
  await trpc(server, admin.token, 'team.leads', { source: 'Webinar' });
  if (toAccept) await trpc(server, toAccept.token, 'decision.accept', { leadId: toAccept.leadId, idempotencyKey: `plans-accept-${toAccept.leadId}` }, true);
  if (toTouch) await trpc(server, toTouch.token, 'touch.log', { leadId: toTouch.leadId, channel: 'call', idempotencyKey: `plans-touch-${toTouch.leadId}` }, true);
  const stamp = Date.now();
  const email = (i: number) => `plans.${stamp}.${i}@plans${i % 4}.example.com`;
  const leads = Array.from({ length: 20 }, (_, i) => ({
    email: email(i),
    firstName: 'Plan',
    lastName: `Lead ${i}`,
    title: 'VP Sales',
    company: { name: `Plans ${i % 4}`, domain: `plans${i % 4}.example.com`, employees: 400, industry: 'Computer Software', country: 'United States' },
    source: 'Webinar',
  }));
  await rest(server, ingestKey, 'leads', { leads });
  const events = Array.from({ length: 20 }, (_, i) => ({ id: `plans-${stamp}-${i}`, email: email(i), type: 'pricing_view', at: now.toISOString() }));
  await rest(server, ingestKey, 'events', { events });

  // The stats run in a worker thread in the server; here they run in this one, to be caught.
  const caller = (await userForToken(database, admin.token))!;
  const year = { from: new Date(SCALE_NOW - 365 * 86_400_000).toISOString(), to: now.toISOString() };
  await runReport(database, 'repStats', [caller, year, now]);
  await runReport(database, 'funnelStats', [caller, { ...year, groupBy: 'source' }, now]);
  await runReport(database, 'reasonStats', [caller, year, now]);
  await runReport(database, 'firstTouchStats', [caller, year, now]);
  await runReport(database, 'complianceStats', [caller, year, now]);
  await runReport(database, 'outcomeStats', [caller, { ...year, groupBy: 'source' }, now]);
  await runReport(database, 'trendStats', [caller, {}, now]);
  await runReport(database, 'weeklyReport', [caller, {}, now]);
  await sweepSla(database, now);
}

/** The plan of every statement run while exercising the server on `file` (a copy: it writes). */
export async function capturePlans(data: TScaleDatabase, file: string, ingestKey: (server: RunningServer) => Promise<string>): Promise<TStatementPlan[]> {
  const server = await startServer({ dbUrl: `file:${file}`, port: 0, now: () => new Date(SCALE_NOW), limits: { maxInFlightPerCaller: 10_000, ingestPerMinute: 1_000_000 } });
  try {
    const key = await ingestKey(server);
    const who = await cast(server, data);
    const seen = await recordStatements(server.database.client, () => exercise(server, who, key));
    const plans: TStatementPlan[] = [];
    for (const [sql, runs] of seen) {
      if (!/^\s*(select|with|update|delete|insert)/i.test(sql)) continue;
      const rows = (await server.database.client.execute(`EXPLAIN QUERY PLAN ${sql}`)).rows;
      const plan = rows.map((r) => r.detail as string);
      plans.push({ sql, runs, plan, fullScans: plan.filter((line) => isFullScan(sql, line)) });
    }
    return plans.sort((a, b) => b.fullScans.length - a.fullScans.length);
  } finally {
    await server.close();
  }
}

/** The Markdown of the plans: the full scans first. */
export function plansReport(sizeName: string, command: string, plans: TStatementPlan[]): string {
  const scanning = plans.filter((p) => p.fullScans.length > 0);
  const lines = [
    `# Query plans at ${sizeName}`,
    '',
    `\`${command}\` — every statement the server ran for a packet (by CRM id and by e-mail), the queues, notifications, the charter, an accept, a touch, 20 leads and 20 events ingested, the five stats over a year and an SLA sweep, on the ${sizeName} data; SQLite's plan for each (\`EXPLAIN QUERY PLAN\`, parameters unbound).`,
    '',
    `${plans.length} statements; ${scanning.length} read a large table (${LARGE_TABLES.join(', ')}) from end to end.`,
    '',
  ];
  for (const p of plans) {
    lines.push(`## ${p.fullScans.length > 0 ? 'Full scan: ' : ''}${p.sql.replace(/\s+/g, ' ').slice(0, 90)}…`, '', `Ran ${p.runs}×.`, '', '```sql', p.sql.replace(/\s+/g, ' '), '```', '', '```', ...p.plan, '```', '');
  }
  return `${lines.join('\n')}\n`;
}
