import { eq, isNotNull } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyTitle } from '../../shared/authority';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { charterSignoffs, decisions, handovers, leads, touches, users } from '../../server/db/schema';
import { STATS_AGGREGATE_TABLES } from '../../server/db/schema-stats';
import { rebuildStatements } from '../../server/db/stats-triggers';
import { DEMO_LEADS, DEMO_SOURCES, DEMO_TITLES, generateDemoWorld, seedDemo, type TSeedResult } from '../../server/demo/seed';
import { DEMO_ROUTING } from '../../server/demo/seed/team';
import { activeCharter, ensureDefaultCharter } from '../../server/domain/charter';
import { getPacket } from '../../server/domain/packet';
import { ALL_REPS, computeFirstTouch, computeFunnel, computeRepStats } from '../../server/domain/stats';
import { userForToken } from '../../server/domain/users';
import { AppError } from '../../server/errors';

// Monday 23 November 2026, 10:30 UTC: 11:30 in Paris, 10:30 in London, 05:30 in New York
// (before the day starts), 21:30 in Sydney (after it ended).
const NOW = new Date('2026-11-23T10:30:00Z');

async function freshDatabase(): Promise<{ database: Database; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'handshake-seed-'));
  const database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
  await migrateDatabase(database);
  return { database, dir };
}

describe('demo world generation (pure)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const options = { now: NOW.getTime(), seed: 7, leads: 150, days: 90 };
    const a = generateDemoWorld(options);
    const b = generateDemoWorld(options);
    const c = generateDemoWorld({ ...options, seed: 8 });
    const digest = (w: ReturnType<typeof generateDemoWorld>) => JSON.stringify(w.leads.map((l) => [l.lead, l.createdAt, l.events]));
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).not.toBe(digest(c));
  });

  it('writes job titles the authority classifier reads at the level they are listed under', () => {
    for (const byLevel of Object.values(DEMO_TITLES)) {
      for (const [level, titles] of Object.entries(byLevel)) {
        for (const title of titles) expect([title, classifyTitle(title, DEFAULT_CHARTER.authority.overrides).level]).toEqual([title, level]);
      }
    }
  });
});

describe('seedDemo on a database already running the default charter (as `npm start` seeds it)', () => {
  it("signs the demo team's routing charter, and its handovers say why their rep", async () => {
    const { database, dir } = await freshDatabase();
    try {
      await ensureDefaultCharter(database, NOW);
      await seedDemo(database, { now: NOW, leads: 150 });
      const charter = await activeCharter(database);
      expect([charter.version, charter.handover.routing]).toEqual([2, DEMO_ROUTING]);
      const signed = await database.db.select().from(charterSignoffs).where(eq(charterSignoffs.version, 2));
      expect(signed).toHaveLength(2);
      const traces = await database.db.select({ routing: handovers.routing }).from(handovers);
      expect(traces.length).toBeGreaterThan(0);
      expect(traces.every((t) => t.routing !== null)).toBe(true);
      expect(traces.some((t) => t.routing?.by === 'rule' && t.routing.rule === 'Territory')).toBe(true);
    } finally {
      database.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('seedDemo, a small world (400 leads)', () => {
  let database: Database;
  let dir: string;
  let result: TSeedResult;

  beforeAll(async () => {
    ({ database, dir } = await freshDatabase());
    result = await seedDemo(database, { now: NOW, leads: 400 });
  }, 120_000);
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the team: reps in several time zones, each with a backup rep and a manager; sales and marketing leads; an admin', async () => {
    const team = await database.db.select().from(users);
    const byId = new Map(team.map((u) => [u.id, u]));
    const reps = team.filter((u) => u.role === 'rep');
    expect(reps.length).toBeGreaterThanOrEqual(5);
    expect(new Set(reps.map((r) => r.timeZone)).size).toBeGreaterThanOrEqual(2);
    for (const rep of reps) {
      expect(byId.get(rep.backupId!)?.role).toBe('rep');
      expect(rep.backupId).not.toBe(rep.id);
      expect(byId.get(rep.managerId!)).toMatchObject({ role: 'manager', team: 'sales' });
      expect(rep).toMatchObject({ workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00' });
      expect(rep.holidays.length).toBeGreaterThanOrEqual(2);
    }
    expect(team.filter((u) => u.role === 'manager' && u.team === 'sales')).toHaveLength(1);
    expect(team.filter((u) => u.role === 'manager' && u.team === 'marketing')).toHaveLength(1);
    expect(team.filter((u) => u.role === 'admin' && u.team === 'revops')).toHaveLength(1);

    // Every user comes back with a working token; the ingest key is returned too.
    expect(result.users).toHaveLength(team.length);
    for (const user of result.users) expect((await userForToken(database, user.token))?.email).toBe(user.email);
    expect(result.ingestKey).toMatch(/^hsk_/);
  });

  it('ingests leads with CRM ids for every CRM, across the sources and campaigns', async () => {
    const { counts } = result;
    expect(counts.leads).toBe(400);
    expect(counts.sources).toBe(DEMO_SOURCES.length);
    expect(counts.campaigns).toBeGreaterThanOrEqual(4);
    expect(counts.events).toBeGreaterThan(10 * counts.leads);
    const withoutIds = await database.db.select({ email: leads.email, h: leads.hubspotId, s: leads.salesforceId, p: leads.pipedriveId }).from(leads);
    for (const lead of withoutIds) {
      expect(lead.h).toMatch(/^\d+$/);
      expect(lead.s).toMatch(/^00Q[a-zA-Z0-9]{15}$/);
      expect(lead.p).toMatch(/^\d+$/);
    }
    expect(new Set(withoutIds.map((l) => l.s)).size).toBe(withoutIds.length);
  });

  it('puts every documented demo lead where DEMO_LEADS says, findable by e-mail and by each CRM id', async () => {
    const expected = {
      on_track: { stage: 'sql', sla: 'on_track', decision: null },
      warning: { stage: 'sql', sla: 'warning', decision: null },
      breached: { stage: 'sql', sla: 'breached', decision: null },
      mql: { stage: 'mql', sla: null, decision: null },
      won: { stage: 'sql', sla: 'met', decision: 'accepted' },
    } as const;
    const admin = (await database.db.query.users.findFirst({ where: eq(users.role, 'admin') }))!;
    const demoLinks = { demo: true };
    for (const demo of DEMO_LEADS) {
      const packets = await Promise.all([
        getPacket(database, admin, { email: demo.email }, NOW, demoLinks),
        getPacket(database, admin, { crm: 'hubspot', recordId: demo.crmIds.hubspot }, NOW, demoLinks),
        getPacket(database, admin, { crm: 'salesforce', recordId: demo.crmIds.salesforce }, NOW, demoLinks),
        getPacket(database, admin, { crm: 'pipedrive', recordId: demo.crmIds.pipedrive }, NOW, demoLinks),
      ]);
      for (const packet of packets) expect(packet.lead.email).toBe(demo.email);
      const [packet] = packets;
      expect(packet.lead.recordUrl).toBe(`/demo/hubspot/${demo.crmIds.hubspot}`);
      const want = expected[demo.key];
      const row = await database.db.query.leads.findFirst({ where: eq(leads.email, demo.email) });
      expect([demo.key, row!.stage]).toEqual([demo.key, want.stage]);
      expect([demo.key, packet.handover?.sla.state ?? null]).toEqual([demo.key, want.sla]);
      expect([demo.key, packet.decision?.kind ?? null]).toEqual([demo.key, want.decision]);
    }
    // The breached one was escalated to the backup; the won one has its whole funnel.
    const dana = await database.db.query.leads.findFirst({ where: eq(leads.email, 'dana.whitfield@bigco.com') });
    const danaHandover = await database.db.query.handovers.findFirst({ where: eq(handovers.leadId, dana!.id) });
    const owner = await database.db.query.users.findFirst({ where: eq(users.id, danaHandover!.ownerId) });
    const original = await database.db.query.users.findFirst({ where: eq(users.id, danaHandover!.originalOwnerId) });
    expect([original!.name, owner!.name, danaHandover!.escalatedAt !== null]).toEqual(['Dan Whitaker', 'Tom Harrington', true]);
    const sophie = await database.db.query.leads.findFirst({ where: eq(leads.email, 'sophie.martin@ledgerline.io') });
    expect(sophie).toMatchObject({ status: 'accepted' });
    expect(sophie!.opportunityAt).not.toBeNull();
    expect(sophie!.wonAt).not.toBeNull();
  });

  it('leaves history: touches, decisions with the charter reasons, and an open queue in every SLA state', async () => {
    const { counts } = result;
    expect(counts.handovers).toBeGreaterThan(0);
    expect(counts.touches).toBeGreaterThan(counts.handovers / 2);
    expect(counts.accepted).toBeGreaterThan(counts.rejected);
    expect(counts.rejected).toBeGreaterThan(0);
    for (const state of ['on_track', 'warning', 'breached'] as const) expect(counts.openHandovers[state]).toBeGreaterThanOrEqual(1);
    const reasons = await database.db.select({ reasonId: decisions.reasonId, note: decisions.note }).from(decisions).where(eq(decisions.kind, 'rejected'));
    const known = new Set(DEFAULT_CHARTER.rejectionReasons.map((r) => r.id));
    for (const r of reasons) {
      expect(known.has(r.reasonId!)).toBe(true);
      if (r.reasonId === 'other') expect(r.note).toBeTruthy();
    }
    // Touches are stamped in the past, never after now, and by the handover's owner or backup.
    const touchRows = await database.db.select({ at: touches.at }).from(touches);
    for (const t of touchRows) expect(t.at <= NOW.toISOString()).toBe(true);
    const openUntouched = await database.db.select({ id: handovers.id }).from(handovers).where(isNotNull(handovers.breachedAt));
    expect(openUntouched.length).toBeGreaterThan(0);
  });

  it("has stats aggregates equal to a rebuild from its tables (the real database's triggers built them as the rows were copied)", async () => {
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          STATS_AGGREGATE_TABLES.filter((table) => table !== 'stats_aggregates').map(async (table) => [table, (await database.client.execute(`select * from ${table} order by 1, 2, 3, 4, 5`)).rows.map((r) => ({ ...r }))] as const),
        ),
      );
    const kept = await snapshot();
    expect(kept.rep_stats!.length).toBeGreaterThan(0);
    await database.client.batch(rebuildStatements(), 'write');
    expect(await snapshot()).toEqual(kept);
  });

  it('refuses a database that already has users', async () => {
    await expect(seedDemo(database, { now: NOW, leads: 10 })).rejects.toThrow(AppError);
    await expect(seedDemo(database, { now: NOW, leads: 10 })).rejects.toThrow(/already has users/);
  });
});

describe('seedDemo, full size (the npm start demo)', () => {
  let database: Database;
  let dir: string;
  let result: TSeedResult;

  // How long it takes is measured by `npm run bench`, not asserted here.
  beforeAll(async () => {
    ({ database, dir } = await freshDatabase());
    result = await seedDemo(database, { now: NOW });
  }, 600_000);
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has the volume the brief asks for', () => {
    const { counts } = result;
    expect(counts.leads).toBeGreaterThanOrEqual(2000);
    expect(counts.events).toBeGreaterThanOrEqual(30_000);
    expect(counts.reps).toBeGreaterThanOrEqual(5);
    expect(counts.timeZones).toBeGreaterThanOrEqual(2);
    expect(counts.sources).toBeGreaterThanOrEqual(4);
    expect(counts.campaigns).toBeGreaterThanOrEqual(4);
  });

  it("has the seeds' shape: most leads never reach MQL, 40–70% of MQLs never become SQL, 65–80% of decisions accept", () => {
    const { counts } = result;
    expect(counts.mqls / counts.leads).toBeLessThan(0.5);
    const mqlToSql = counts.sqls / counts.mqls;
    expect(mqlToSql).toBeGreaterThanOrEqual(0.3);
    expect(mqlToSql).toBeLessThanOrEqual(0.6);
    const acceptance = counts.accepted / (counts.accepted + counts.rejected);
    expect(acceptance).toBeGreaterThanOrEqual(0.65);
    expect(acceptance).toBeLessThanOrEqual(0.8);
    expect(counts.rejectedWithoutContact).toBeGreaterThan(0);
    expect(counts.escalated).toBeGreaterThan(0);
    expect(counts.opportunities).toBeGreaterThan(0);
    expect(counts.won).toBeGreaterThan(0);
    for (const state of ['on_track', 'warning', 'breached'] as const) expect(counts.openHandovers[state]).toBeGreaterThanOrEqual(1);
  });

  it('tells a story in the stats: sources differ in quality, speed pays, every rep has figures', async () => {
    const range = { from: new Date(NOW.getTime() - 91 * 86_400_000), to: NOW };
    const funnel = await computeFunnel(database, 'source', range);
    const bySource = new Map(funnel.groups.map((g) => [g.key, g]));
    const best = bySource.get('Partner Referral')!;
    const worst = bySource.get('Content Syndication')!;
    expect(best.rates.leadToMql!).toBeGreaterThan(2 * worst.rates.leadToMql!);
    expect(best.rates.mqlToSql!).toBeGreaterThan(2 * worst.rates.mqlToSql!);
    for (const group of funnel.groups) expect(group.leads).toBeGreaterThan(100);

    const firstTouch = await computeFirstTouch(database, range);
    const rate = (id: string) => firstTouch.buckets.find((b) => b.bucket === id)!.rate!;
    expect(rate('within_5_minutes')).toBeGreaterThan(rate('within_24_hours'));
    expect(rate('within_1_hour')).toBeGreaterThan(rate('after_24_hours'));

    const reps = await computeRepStats(database, ALL_REPS, range, NOW);
    expect(reps.reps.length).toBeGreaterThanOrEqual(5);
    for (const rep of reps.reps) {
      expect(rep.handovers).toBeGreaterThan(10);
      expect(rep.firstTouchBusinessMs.median).not.toBeNull();
    }
  });
});
