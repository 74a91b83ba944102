import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { replayChunkStatement, replayLeads } from '../../server/domain/backtest/replay-reads';
import { LOOSE, NOW, RANGE, seedBacktestHistory, STRICT } from '../support/backtest-history';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

const counts = (leads: number, mql: [number, number], sqlCounts: [number, number], becomeSql: number, noLongerSql: number, newToSales: number) => ({
  leads,
  mql: { active: mql[0], proposed: mql[1], change: mql[1] - mql[0] },
  sql: { active: sqlCounts[0], proposed: sqlCounts[1], change: sqlCounts[1] - sqlCounts[0] },
  becomeSql,
  noLongerSql,
  newToSales,
});
const decided = (total: number, active: number, proposed: number) => ({ total, notReachingSales: { active, proposed } });

describe('charter.backtest', () => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['user']>>;
  let admin: Awaited<ReturnType<TestServer['user']>>;
  let rep: Awaited<ReturnType<TestServer['user']>>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    manager = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', team: 'sales' });
    admin = await server.user({ email: 'ops@example.com', name: 'Olu Ops', role: 'admin', team: 'revops' });
    rep = await server.user({ email: 'rita@example.com', name: 'Rita Rep', role: 'rep', team: 'sales' });
    await seedBacktestHistory(server, rep.id);
  });
  afterAll(() => server.close());

  it('a stricter SQL threshold: which leads stop being SQL, by source, and which handovers sales would no longer get', async () => {
    const result = await manager.api.charter.backtest.mutate({ charter: STRICT, ...RANGE });
    expect(result.from).toBe(RANGE.from);
    expect(result.to).toBe(RANGE.to);
    expect(result.active).toEqual({ version: 1, name: DEFAULT_CHARTER.name, handoverStage: 'sql' });
    expect(result.proposed).toEqual({ version: null, name: 'Strict intent', handoverStage: 'sql' });
    // 15 replayed. MQL or beyond: all but L5 under both = 14. SQL by default: L1–3, L6–9, L13,
    // L15, L17 = 10; strict keeps the direct ones, L2, L8, L13, L15 = 4: six are no longer SQL
    // (L1, L3, L6, L7, L9, L17). No handover-less lead gains SQL.
    expect(result.overall).toEqual(counts(15, [14, 14], [10, 4], 0, 6, 0));
    expect(result.bySource).toEqual([
      // L6–L11: MQL+ all six; SQL L6–9 → L8.
      { source: 'paid_search', ...counts(6, [6, 6], [4, 1], 0, 3, 0) },
      // L1–L5: MQL+ L1–4; SQL L1–3 → L2.
      { source: 'webinar', ...counts(5, [4, 4], [3, 1], 0, 2, 0) },
      // L15, L17 (L14 and L16 are outside the range): SQL both → L15.
      { source: 'partner', ...counts(2, [2, 2], [2, 1], 0, 1, 0) },
      // L12 (MQL), L13 (SQL by its demo request).
      { source: '(none)', ...counts(2, [2, 2], [1, 1], 0, 0, 0) },
    ]);
    // Decided handovers started in May: accepted H1, H2, H6; rejected H3, H7, H8, H9, H10; H13
    // open. Under the default replay only H10 (handed over by hand at MQL) was below SQL at its
    // start. Strict: H1 and H6 (accepted), H3, H7, H9 and H10 (rejected) would not be SQL.
    expect(result.decisions).toEqual({
      undecided: 1,
      accepted: decided(3, 0, 2),
      rejected: {
        ...decided(5, 1, 4),
        byReason: [
          { reasonId: 'no_authority', label: 'Wrong role / no authority', ...decided(2, 1, 1) },
          { reasonId: 'no_intent', label: 'No real intent', ...decided(2, 0, 2) },
          { reasonId: 'wrong_company_size', label: 'Wrong company size', ...decided(1, 0, 1) },
        ],
      },
    });
  });

  it('a lower SQL threshold: the leads that become SQL, and those sales never saw', async () => {
    const result = await admin.api.charter.backtest.mutate({ charter: LOOSE, ...RANGE });
    // Influencers L4, L10, L11, L12 become SQL: 14 of 15. Of them, L10 was handed over in May
    // and L11 in March: only L4 and L12 would be new to sales.
    expect(result.overall).toEqual(counts(15, [14, 14], [10, 14], 4, 0, 2));
    expect(result.bySource).toEqual([
      { source: 'paid_search', ...counts(6, [6, 6], [4, 6], 2, 0, 0) },
      { source: 'webinar', ...counts(5, [4, 4], [3, 4], 1, 0, 1) },
      { source: 'partner', ...counts(2, [2, 2], [2, 2], 0, 0, 0) },
      { source: '(none)', ...counts(2, [2, 2], [1, 2], 1, 0, 1) },
    ]);
    // H10, below SQL under the default replay, is an SQL at its start under the loose charter.
    expect(result.decisions).toEqual({
      undecided: 1,
      accepted: decided(3, 0, 0),
      rejected: {
        ...decided(5, 1, 0),
        byReason: [
          { reasonId: 'no_authority', label: 'Wrong role / no authority', ...decided(2, 1, 0) },
          { reasonId: 'no_intent', label: 'No real intent', ...decided(2, 0, 0) },
          { reasonId: 'wrong_company_size', label: 'Wrong company size', ...decided(1, 0, 0) },
        ],
      },
    });
  });

  it('backtests a stored proposal by its version as it does the same charter as a draft', async () => {
    const { version } = await admin.api.charter.propose.mutate({ charter: STRICT, note: 'Strict intent' });
    const stored = await manager.api.charter.backtest.mutate({ version, ...RANGE });
    const draft = await manager.api.charter.backtest.mutate({ charter: STRICT, ...RANGE });
    expect(stored).toEqual({ ...draft, proposed: { ...draft.proposed, version } });
  });

  it('defaults to the 90 days before now', async () => {
    const result = await manager.api.charter.backtest.mutate({ charter: DEFAULT_CHARTER });
    // [03-03 12:00, 06-01 12:00): L14 (04-30) and L16 (06-01 00:00) come in; H11 (03-01) stays out.
    expect(result.from).toBe('2026-03-03T12:00:00.000Z');
    expect(result.to).toBe(NOW.toISOString());
    // The same charter on both sides changes nothing.
    expect(result.overall).toEqual(counts(17, [16, 16], [12, 12], 0, 0, 0));
    expect(result.decisions.rejected.total).toBe(5);
  });

  it('refuses a rep, and names the field at fault', async () => {
    expect(await failure(rep.api.charter.backtest.mutate({ charter: STRICT, ...RANGE }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });

    const badLevel = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, engagement: 'extreme' } } };
    expect(await failure(manager.api.charter.backtest.mutate({ charter: badLevel }))).toMatchObject({ code: 'BAD_REQUEST', status: 400, field: 'charter.thresholds.sql.engagement' });
    const noSql = { ...DEFAULT_CHARTER, thresholds: { mql: DEFAULT_CHARTER.thresholds.mql } };
    expect(await failure(manager.api.charter.backtest.mutate({ charter: noSql }))).toMatchObject({ status: 400, field: 'charter.thresholds.sql' });
    // Every problem of the draft at once, through the report worker.
    const twoBad = { ...badLevel, reviewEveryDays: -1 };
    expect((await failure(manager.api.charter.backtest.mutate({ charter: twoBad }))).problems?.map((p) => p.field)).toEqual(['charter.reviewEveryDays', 'charter.thresholds.sql.engagement']);

    expect(await failure(manager.api.charter.backtest.mutate({}))).toMatchObject({ status: 400, field: 'charter' });
    expect(await failure(manager.api.charter.backtest.mutate({ charter: STRICT, version: 1 }))).toMatchObject({ status: 400, field: 'charter' });
    expect(await failure(manager.api.charter.backtest.mutate({ charter: STRICT, from: RANGE.to, to: RANGE.from }))).toMatchObject({ status: 400, field: 'from' });
    expect(await failure(manager.api.charter.backtest.mutate({ charter: STRICT, to: 'yesterday' }))).toMatchObject({ status: 400, field: 'to' });
    expect(await failure(manager.api.charter.backtest.mutate({ version: 99 }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('reads the leads chunk by chunk in key order, each once', async () => {
    const window = { ...RANGE, lookbackStart: '2026-04-01T00:00:00.000Z' };
    const chunks: string[][] = [];
    for await (const chunk of replayLeads(server.database.db, window, 4)) chunks.push(chunk.map((r) => r.lead.id));
    const replayed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17].map((n) => `lead-${n}`).sort();
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 3]);
    expect(chunks.flat()).toEqual(replayed);
  });

  it('reads its chunks by the indexes: no table scanned, the leads walked by their key', async () => {
    const statement = replayChunkStatement({ ...RANGE, lookbackStart: '2026-04-01T00:00:00.000Z' }, '', 200);
    const details = (await server.database.db.all<{ detail: string }>(sql`explain query plan ${statement}`)).map((row) => row.detail);
    expect(details.filter((detail) => /^SCAN /.test(detail))).toEqual([]);
    expect(details.some((detail) => /^SEARCH leads USING .*\(id>\?\)$/.test(detail))).toBe(true);
    expect(details.join('\n')).toContain('SEARCH events USING COVERING INDEX events_lead_at (lead_id=? AND at>? AND at<?)');
    expect(details.join('\n')).toContain('SEARCH handovers USING COVERING INDEX handovers_lead_started (lead_id=? AND started_at>? AND started_at<?)');
  });
});
