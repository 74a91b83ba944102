import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InArgs, InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { RESCORE_READS_SQL } from '../../server/domain/rescore-reads';
import { scoreQueries } from '../../server/domain/lead-scores';
import { ALL_REPS, computeFunnel, computeReasons, computeRepStats, trendStats } from '../../server/domain/stats';
import { weeklyReport } from '../../server/domain/report';
import { SYSTEM } from '../../server/domain/audit';
import { addUser, type TUser } from '../../server/domain/users';
import { pendingNotYetDueSql } from '../../server/domain/stats/rep-aggregates';

// The hot look-ups read through an index, whatever the table's size: SQLite's plan for
// each, on the migrated schema.

describe('query plans', () => {
  let dir: string;
  let database: Database;
  let admin: TUser;
  const plan = async (sql: string, args: unknown[] = []) => (await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never })).rows.map((row) => row.detail as string).join('\n');

  /** The SQL texts `run` sends through the client. */
  async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
    const statements: string[] = [];
    const client = database.client as unknown as { execute: (...args: unknown[]) => unknown };
    const execute = client.execute;
    client.execute = (...args: unknown[]) => {
      const statement = args[0] as string | { sql: string };
      statements.push(typeof statement === 'string' ? statement : statement.sql);
      return execute.apply(database.client, args);
    };
    try {
      await run();
    } finally {
      delete (client as { execute?: unknown }).execute;
    }
    return statements;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-plans-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
    // Added first: the EXPLAINs of writes below leave the client's statements open to a commit.
    ({ user: admin } = await addUser(database, { email: 'plans.admin@example.com', name: 'Plans Admin', role: 'admin', timeZone: 'Europe/London' }, SYSTEM));
    // A rep, so that routing reads a pool.
    await addUser(database, { email: 'plans.rep@example.com', name: 'Plans Rep', role: 'rep', timeZone: 'Europe/London' }, SYSTEM);
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a lead's latest handover is found through (lead_id, started_at), not by walking every handover", async () => {
    const detail = await plan('SELECT * FROM handovers WHERE lead_id = ? ORDER BY started_at DESC LIMIT 1', ['lead-1']);
    expect(detail).toMatch(/SEARCH handovers USING INDEX handovers_lead_started \(lead_id=\?\)/);
    expect(detail).not.toMatch(/SCAN handovers/);
  });

  it("a lead's handovers, any state, are found by lead", async () => {
    const detail = await plan('SELECT id FROM handovers WHERE lead_id = ?', ['lead-1']);
    expect(detail).toMatch(/SEARCH handovers USING (COVERING )?INDEX handovers_lead_started/);
  });

  // A rescore chunk's reads (the ingest's and the full re-score's): every table read through an index, a lead at a time.
  const wholeTableRead = /SCAN (leads|accounts|events|handovers|decisions|[aehd])\b/;

  it("a rescore chunk's leads, by id list or after a lead id, with their accounts and their events in the window, through indexes (the events from the index alone)", async () => {
    const byIds = await plan(RESCORE_READS_SQL.contextsByIds, ['["lead-1"]', '2026-11-01T00:00:00.000Z']);
    expect(byIds).toMatch(/SEARCH leads USING INDEX sqlite_autoindex_leads_1 \(id=\?\)/);
    const after = await plan(RESCORE_READS_SQL.contextsAfter, ['lead-1', '2026-11-01T00:00:00.000Z', 1000]);
    expect(after).toMatch(/SEARCH leads USING INDEX sqlite_autoindex_leads_1 \(id>\?\)/);
    for (const detail of [byIds, after]) {
      expect(detail).toMatch(/SEARCH a USING INDEX sqlite_autoindex_accounts_1 \(id=\?\)/);
      expect(detail).toMatch(/SEARCH e USING COVERING INDEX events_lead_at \(lead_id=\? AND at>\?\)/);
      expect(detail).not.toMatch(wholeTableRead);
    }
  });

  it("a rescore chunk's handover facts probe each lead's handovers and decisions by lead, never reading them all", async () => {
    const detail = await plan(RESCORE_READS_SQL.handoverFacts, ['[["lead-1", 1], ["lead-2", 0]]']);
    expect(detail).toMatch(/SEARCH h USING COVERING INDEX handovers_lead_started \(lead_id=\?\)/);
    expect(detail).toMatch(/SEARCH h USING COVERING INDEX handovers_one_open_per_lead \(lead_id=\?\)/);
    expect(detail).toMatch(/SEARCH d USING INDEX decisions_lead \(lead_id=\?\)/);
    expect(detail).not.toMatch(wholeTableRead);
  });

  it("a late event's untouched open handovers are found by lead (handover-tier's +state), not by walking every open handover", async () => {
    const byLead = await plan(`SELECT id, lead_id, started_at FROM handovers WHERE lead_id IN (SELECT value FROM json_each(?)) AND +state = 'open' AND first_touch_at IS NULL`, ['["lead-1"]']);
    expect(byLead).toMatch(/SEARCH handovers USING INDEX handovers_lead_started \(lead_id=\?\)/);
    const byId = await plan(`SELECT h.id FROM handovers h JOIN leads l ON h.lead_id = l.id WHERE h.id IN (SELECT value FROM json_each(?)) AND +h.state = 'open' AND h.first_touch_at IS NULL`, ['["h-1"]']);
    expect(byId).toMatch(/SEARCH h USING INDEX sqlite_autoindex_handovers_1 \(id=\?\)/);
    for (const detail of [byLead, byId]) expect(detail).not.toMatch(/handovers_open_deadline/);
  });

  // The stats' triggers (db/stats-triggers.ts) are compiled into every statement that writes a
  // handover or a decision, and the libSQL client compiles every statement anew: a trigger that
  // expands to a large program makes each touch and decision slow (355,320 instructions and
  // ~200 ms an update when each of 162 histogram columns repeated the bucket's comparisons).
  it.each([
    ['a first touch', "UPDATE handovers SET first_touch_at = ?, first_touch_business_ms = ? WHERE id = ?"],
    ['a handover opened', "INSERT INTO handovers (id, lead_id, owner_id, original_owner_id, stage, tier, started_at, warn_at, deadline, business_hours, charter_version, created_at) VALUES (?, ?, ?, ?, 'sql', 'high', ?, ?, ?, 4, 1, ?)"],
    ['a decision', "INSERT INTO decisions (id, handover_id, lead_id, kind, reason_id, note, decided_by_id, without_contact, charter_version, idempotency_key, decided_at) VALUES (?, ?, ?, 'accepted', null, null, ?, 0, 1, ?, ?)"],
  ])('%s compiles, with the stats triggers, to a small program', async (_what, sql) => {
    const program = await database.client.execute({ sql: `EXPLAIN ${sql}`, args: [] });
    expect(program.rows.length).toBeGreaterThan(100);
    expect(program.rows.length).toBeLessThan(5_000);
  });

  // A full re-score rewrites every lead's levels: assigning an indexed column (stage, mql_at,
  // sql_at) rewrites its index entries even when the value stays, about seven times the cost.
  it("a re-score's levels are written without touching the leads' indexes; only a lead that advances rewrites them", async () => {
    // Writes to the leads' own indexes, told from those of a trigger's table (the CRM verdict's change rows) by the root page each cursor was opened on.
    const leadIndexPages = new Set((await database.client.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads'")).rows.map((r) => Number(r.rootpage)));
    const indexWrites = async (statement: InStatement | undefined) => {
      const { sql, args } = statement as { sql: string; args: InArgs };
      const program = await database.client.execute({ sql: `EXPLAIN ${sql}`, args });
      const pageOfCursor = new Map<number, number>();
      let writes = 0;
      for (const row of program.rows) {
        if (row.opcode === 'OpenWrite') pageOfCursor.set(Number(row.p1), Number(row.p2));
        if ((row.opcode === 'IdxDelete' || row.opcode === 'IdxInsert') && leadIndexPages.has(pageOfCursor.get(Number(row.p1)) ?? -1)) writes += 1;
      }
      return writes;
    };
    const level = { fitLevel: 'high', engagementLevel: 'medium', intentLevel: 'low', authorityLevel: 'high' };
    const steady = { id: 'lead-1', ...level, stage: null, stagePath: null, mqlAt: null, sqlAt: null };
    const [levels, ...rest] = scoreQueries([steady], ['lead-2'], 2, '2026-03-02T10:00:00.000Z');
    expect(rest).toHaveLength(0);
    expect(await indexWrites(levels)).toBe(0);
    const advancing = { ...steady, stage: 'mql' as const, stagePath: 'standard' as const, mqlAt: '2026-03-02T10:00:00.000Z' };
    const [, advance] = scoreQueries([advancing], [], 2, '2026-03-02T10:00:00.000Z');
    expect(await indexWrites(advance)).toBeGreaterThan(0);
  });

  it("stats.reps and stats.reasons count a range's rejections from its handovers, never from every rejection by kind", async () => {
    // Not on hour boundaries: stats.reps reads the range's partial first and last hours from the handovers.
    const range = { from: new Date('2026-01-01T10:30:00Z'), to: new Date('2026-04-01T10:30:00Z') };
    const statements = await statementsOf(async () => {
      await computeRepStats(database, ALL_REPS, range, range.to);
      await computeReasons(database, ALL_REPS, range);
    });
    const rejections = [...new Set(statements.filter((s) => /"decisions"\."reason_id"/.test(s) && /from "handovers"/.test(s)))];
    expect(rejections.length).toBeGreaterThanOrEqual(2);
    for (const statement of rejections) {
      const args = Array.from({ length: (statement.match(/\?/g) ?? []).length }, (_, i) => (i % 2 === 0 ? '2026-01-01T00:00:00.000Z' : '2026-04-01T00:00:00.000Z'));
      const detail = await plan(statement, args);
      expect(detail).toMatch(/SEARCH handovers USING (COVERING )?INDEX handovers_started/);
      expect(detail).not.toMatch(/decisions_kind_decided/);
    }
  });

  it("stats.trends and the weekly report count a range's SQLs through leads_sql_at, never reading every lead", async () => {
    const now = new Date('2026-04-01T10:30:00Z');
    const statements = await statementsOf(async () => {
      await trendStats(database, admin, {}, now);
      await weeklyReport(database, { weekEnding: now, now });
    });
    const counts = [...new Set(statements.filter((s) => /from "leads"/.test(s) && /"leads"\."sql_at" >= \?/.test(s)))];
    expect(counts).toHaveLength(2);
    for (const statement of counts) {
      const detail = await plan(statement, Array.from({ length: (statement.match(/\?/g) ?? []).length }, () => '2026-03-01T00:00:00.000Z'));
      expect(detail).toMatch(/SEARCH leads USING (COVERING )?INDEX leads_sql_at/);
      expect(detail).not.toMatch(/SCAN leads/);
    }
  });

  it("the funnel reads its cohort's decisions by lead, never every decision", async () => {
    const statements = await statementsOf(() => computeFunnel(database, 'source', { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') }));
    const funnel = statements.find((s) => /from "leads"/.test(s) && /"decisions"/.test(s))!;
    const detail = await plan(funnel, ['2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', 'accepted', 'rejected', 'accepted']);
    expect(detail).toMatch(/SEARCH leads USING INDEX leads_created/);
    expect(detail).toMatch(/SEARCH decisions USING INDEX decisions_lead \(lead_id=\?\)/);
    expect(detail).not.toMatch(/SCAN decisions/);
  });

  // stats.reps counts the untouched handovers whose deadline is still ahead from their partial
  // index alone; a decision, where there is one, is probed by handover.
  it.each([false, true])("stats.reps's not-yet-due handovers are counted from a covering index (by owner: %s)", async (byOwner) => {
    const detail = await plan(pendingNotYetDueSql(byOwner), ['2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', ...(byOwner ? ['["u-1"]'] : [])]);
    expect(detail).toMatch(/SEARCH h USING COVERING INDEX handovers_untouched_deadline \(deadline>\?\)/);
    expect(detail).toMatch(/SEARCH d USING INDEX decisions_handover_id_unique \(handover_id=\?\)/);
  });

  it("routing reads through indexes: a pool's rotation, a rep's open handovers, a lead's rejecters, the account's other leads", async () => {
    const { Router } = await import('../../server/domain/routing/router');
    const { DEFAULT_CHARTER } = await import('../../shared/charter');
    const statements = await statementsOf(async () => {
      const charter = { ...DEFAULT_CHARTER, handover: { repsMayClaim: false, routing: { ...DEFAULT_CHARTER.handover.routing, accountOwner: true } } };
      const router = new Router(database.db, charter, new Date('2026-11-23T09:00:00Z'));
      await router.route({
        leadId: 'lead-1',
        lead: { source: null, campaign: null, country: 'FR', industry: null, employees: null, targetAccount: false, stage: 'sql', intent: 'high' },
        accountId: 'account-1',
        named: { ownerId: null, ownerEmail: null },
        tier: 'high',
      });
    });
    const routingReads = statements.filter((text) => /routing_rotation|decisions|handovers|account_id|owner_email/.test(text));
    expect(routingReads.length).toBeGreaterThanOrEqual(6);
    for (const text of routingReads) {
      const detail = await plan(text, Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 'x'));
      // Only json_each's rows are scanned; every table is searched through an index (aliases: l, h, d).
      expect({ text, detail }).not.toMatchObject({ detail: expect.stringMatching(/SCAN (?!j VIRTUAL TABLE)/) as string });
      if (/decisions d/.test(text)) expect(detail).toMatch(/SEARCH l USING INDEX leads_account[\s\S]*SEARCH d USING INDEX decisions_lead/);
    }
  });
});
