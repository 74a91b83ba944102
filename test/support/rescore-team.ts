import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { auditLog, handovers, leads } from '../../server/db/schema';
import { rescoreJobs } from '../../server/db/schema-rescore';
import { SYSTEM } from '../../server/domain/audit';
import { ensureDefaultCharter, proposeCharter, signOffCharter } from '../../server/domain/charter';
import { addUser, userForToken, type TUser } from '../../server/domain/users';
import { roundTheClock } from './fixtures';

// A team for the full re-score's tests: a rep to hand leads to, the sales and marketing leads
// who sign charters, and `count` leads scored under version 1 — one in `mqlEvery` an MQL, which
// a charter handing over at MQL makes due for a handover.

export interface TRescoreTeam {
  database: Database;
  sales: TUser;
  marketing: TUser;
  leadIds: string[];
  mqlIds: string[];
}

export async function rescoreTeam(dbUrl: string, count: number, mqlEvery = 3): Promise<TRescoreTeam> {
  const database = await openDatabase(dbUrl);
  await migrateDatabase(database);
  await ensureDefaultCharter(database);
  const person = async (email: string, role: 'rep' | 'manager', team: 'sales' | 'marketing') =>
    (await userForToken(database, (await addUser(database, { email, name: email.split('@')[0]!, role, team, ...roundTheClock() }, SYSTEM)).token))!;
  await person('rita.rep@example.com', 'rep', 'sales');
  const sales = await person('sam.sales@example.com', 'manager', 'sales');
  const marketing = await person('mia.marketing@example.com', 'manager', 'marketing');
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `lead-${String(i).padStart(6, '0')}`,
    email: `lead.${i}@company${i % 50}.example.com`,
    title: i % 2 ? 'VP Sales' : 'Analyst',
    stage: i % mqlEvery === 0 ? ('mql' as const) : ('lead' as const),
    charterVersion: 1,
    updatedAt: new Date().toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 200) await database.db.insert(leads).values(rows.slice(i, i + 200));
  return { database, sales, marketing, leadIds: rows.map((r) => r.id), mqlIds: rows.filter((r) => r.stage === 'mql').map((r) => r.id) };
}

/** A new version handing over at MQL, proposed and signed by both sides: active, its re-score queued. */
export async function activateMqlCharter(team: TRescoreTeam, now = new Date()): Promise<number> {
  const version = await proposeCharter(team.database, team.sales, { ...DEFAULT_CHARTER, sla: { ...DEFAULT_CHARTER.sla, handoverStage: 'mql' } }, undefined, now);
  await signOffCharter(team.database, team.sales, version, now);
  expect(await signOffCharter(team.database, team.marketing, version, now)).toEqual({ active: true });
  return version;
}

/** What a finished full re-score must leave, whatever stopped it on the way. */
export async function rescoreOutcome(database: Database) {
  const { db } = database;
  const versions = await db.select({ version: leads.charterVersion, n: sql<number>`count(*)` }).from(leads).groupBy(leads.charterVersion);
  const perLead = await db.select({ leadId: handovers.leadId, n: sql<number>`count(*)` }).from(handovers).groupBy(handovers.leadId);
  const audits: { n: number }[] = await db.select({ n: sql<number>`count(*)` }).from(auditLog).where(eq(auditLog.action, 'handover.open'));
  const jobs = await db.select().from(rescoreJobs).orderBy(rescoreJobs.id);
  return {
    versions: Object.fromEntries(versions.map((v): [string, number] => [String(v.version), v.n])),
    handedOver: perLead.map((h) => h.leadId).sort(),
    mostHandoversOfALead: Math.max(0, ...perLead.map((h) => h.n)),
    handoverAudits: audits[0]!.n,
    jobs,
  };
}
