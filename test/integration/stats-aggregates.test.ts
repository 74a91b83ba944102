import { eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { decisions, handovers, leads } from '../../server/db/schema';
import { DELAY_BUCKETS, DELAY_PAIR_COLUMNS, calendarDelaySql, unpackDelayHistogram } from '../../server/db/schema-stats';
import { rebuildStatements, STATS_TRIGGER_NAMES } from '../../server/db/stats-triggers';
import { makeRng } from '../../server/demo/seed/common';
import { SYSTEM } from '../../server/domain/audit';
import { ensureDefaultCharter } from '../../server/domain/charter';
import { ALL_REPS, computeRepStats } from '../../server/domain/stats';
import { calendarDelayMs, type TRange } from '../../server/domain/stats/common';
import { addUser } from '../../server/domain/users';
import { touchMeetsDeadline } from '../../shared/sla';
import { byCount, medianAndP75, mergeCounts, rate } from '../../shared/stats';
import { startSqld, type Sqld } from '../support/sqld';

// stats.reps from the aggregates kept by triggers (whole UTC days) and the raw rows (the edges),
// held to a brute-force reading of every handover, on an embedded file and on a libSQL server.
// Before migration 0005 the aggregate tables do not exist and every test here fails.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const T0 = Date.parse('2026-01-20T00:00:00.000Z');

/** Every figure of stats.reps for `people`, by reading every handover and its decision. */
async function bruteForce(database: Database, people: string[], range: TRange, now: Date) {
  const rows = await database.db.select().from(handovers).leftJoin(decisions, eq(decisions.handoverId, handovers.id));
  const inRange = rows.filter(({ handovers: h }) => h.startedAt >= range.from.toISOString() && h.startedAt < range.to.toISOString());
  const figuresOf = (owners: string[]) => {
    const mine = inRange.filter(({ handovers: h }) => owners.includes(h.originalOwnerId));
    let accepted = 0, rejected = 0, withoutContact = 0, due = 0, met = 0, untouchedOpen = 0;
    const business: number[] = [];
    const calendar: number[] = [];
    const reasons: { key: string | null; count: number }[] = [];
    for (const { handovers: h, decisions: d } of mine) {
      const rwc = d?.kind === 'rejected' && d.withoutContact;
      if (d?.kind === 'accepted') accepted += 1;
      if (d?.kind === 'rejected') {
        rejected += 1;
        reasons.push({ key: d.reasonId, count: 1 });
      }
      if (rwc) withoutContact += 1;
      if (rwc) due += d.decidedAt > h.deadline ? 1 : 0;
      else if (h.firstTouchAt !== null) due += 1;
      else due += h.deadline <= now.toISOString() ? 1 : 0;
      if (!rwc && h.firstTouchAt !== null && touchMeetsDeadline(new Date(h.firstTouchAt), new Date(h.deadline))) met += 1;
      if (!d && h.firstTouchAt === null) untouchedOpen += 1;
      if (h.firstTouchAt !== null) {
        calendar.push(calendarDelayMs(h.startedAt, h.firstTouchAt));
        if (h.firstTouchBusinessMs !== null) business.push(Math.max(0, h.firstTouchBusinessMs));
      }
    }
    return {
      handovers: mine.length,
      accepted,
      rejected,
      undecided: mine.length - accepted - rejected,
      acceptanceRate: rate(accepted, accepted + rejected),
      slaDue: due,
      slaMet: met,
      slaMetRate: rate(met, due),
      breached: due - met,
      rejectedWithoutContact: withoutContact,
      touched: calendar.length,
      firstTouchBusinessMs: medianAndP75(business),
      firstTouchCalendarMs: medianAndP75(calendar),
      topReasons: byCount(mergeCounts(reasons), 3).map(({ key, count }) => ({ reasonId: key, count })),
      untouchedOpen,
    };
  };
  return { reps: people.map((id) => ({ repId: id, ...figuresOf([id]) })), total: figuresOf(people) };
}

async function fromAggregates(database: Database, range: TRange, now: Date) {
  const stats = await computeRepStats(database, ALL_REPS, range, now);
  const strip = <T extends { topReasons: { reasonId: string | null; count: number; label: string }[] }>(f: T) => ({
    ...f,
    topReasons: f.topReasons.map(({ reasonId, count }) => ({ reasonId, count })),
  });
  return { reps: stats.reps.map(({ name: _n, email: _e, ...f }) => strip(f)), total: strip(stats.total) };
}

/** The aggregates' non-empty rows; a row whose handovers all moved away must be all zeros. */
async function aggregateSnapshot(database: Database) {
  const stats = (await database.client.execute('select * from rep_stats order by grain, period, owner_id')).rows.map((r) => ({ ...r }));
  for (const row of stats) {
    const values = Object.entries(row).filter(([k]) => !['grain', 'period', 'owner_id'].includes(k));
    for (const [column, v] of values) expect(Number(v), `${column} of ${row.grain as string} ${row.period as string}`).toBeGreaterThanOrEqual(0);
    if (Number(row.handovers) === 0) expect(values.every(([, v]) => Number(v) === 0)).toBe(true);
  }
  const reasons = (await database.client.execute('select * from rep_reasons where count != 0 order by grain, period, owner_id, reason_key')).rows.map((r) => ({ ...r }));
  const histograms = (await database.client.execute('select * from rep_delay_histograms order by grain, period, owner_id, kind')).rows.map((r) => ({ ...r }));
  const buckets = (row: (typeof histograms)[number]) => Object.entries(row).filter(([k]) => !['grain', 'period', 'owner_id', 'kind'].includes(k));
  for (const row of histograms) for (const [column, v] of buckets(row)) expect(Number(v), `${column} of ${row.grain as string} ${row.period as string}`).toBeGreaterThanOrEqual(0);
  return { stats: stats.filter((r) => Number(r.handovers) > 0), reasons, histograms: histograms.filter((r) => buckets(r).some(([, v]) => Number(v) !== 0)) };
}

interface TWorld {
  database: Database;
  reps: string[];
}

async function world(database: Database, seed: number, count: number): Promise<TWorld> {
  await ensureDefaultCharter(database);
  const reps: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const { user } = await addUser(database, { email: `rep${i}@example.com`, name: `Rep ${i}`, role: 'rep', timeZone: 'America/Los_Angeles' }, SYSTEM);
    reps.push(user.id);
  }
  const rng = makeRng(seed);
  const leadRows = Array.from({ length: count }, (_, i) => ({ id: `lead-${seed}-${i}`, email: `l${seed}-${i}@example.com`, updatedAt: iso(T0) }));
  await database.db.insert(leads).values(leadRows);
  const handoverRows = [];
  const decisionRows = [];
  for (let i = 0; i < count; i += 1) {
    // Some exactly at or a millisecond either side of a UTC midnight; the rest anywhere in 75 days.
    const midnight = T0 + rng.int(0, 74) * DAY;
    const started = rng.chance(0.15) ? midnight + rng.pick([-1, 0, 1]) : T0 + Math.floor(rng.next() * 75 * DAY);
    const deadline = started + rng.int(1, 72) * HOUR;
    const touched = rng.chance(0.75);
    const touch = touched ? (rng.chance(0.05) ? started - rng.int(1, 5000) : started + Math.round(Math.exp(rng.next() * 19))) : null;
    const owner = rng.pick(reps);
    handoverRows.push({
      id: `ho-${seed}-${i}`,
      leadId: leadRows[i]!.id,
      ownerId: owner,
      originalOwnerId: owner,
      stage: 'sql' as const,
      startedAt: iso(started),
      tier: 'high' as const,
      businessHours: 4,
      warnAt: iso(started + HOUR),
      deadline: iso(deadline),
      state: 'accepted' as const,
      firstTouchAt: touch === null ? null : iso(touch),
      firstTouchBusinessMs: touch === null || rng.chance(0.1) ? null : Math.round((touch - started) * rng.between(0.2, 1)),
      charterVersion: 1,
      createdAt: iso(started),
    });
    if (rng.chance(0.6)) {
      const kind = rng.chance(0.6) ? ('accepted' as const) : ('rejected' as const);
      decisionRows.push({
        id: `d-${seed}-${i}`,
        handoverId: `ho-${seed}-${i}`,
        leadId: leadRows[i]!.id,
        kind,
        reasonId: kind === 'rejected' ? rng.pick(['no_intent', 'duplicate', 'no_authority', 'other', null]) : null,
        decidedById: owner,
        withoutContact: kind === 'rejected' && touch === null,
        charterVersion: 1,
        idempotencyKey: `k-${seed}-${i}`,
        decidedAt: iso(started + rng.int(1, 96) * HOUR),
      });
    }
  }
  for (let i = 0; i < handoverRows.length; i += 100) await database.db.insert(handovers).values(handoverRows.slice(i, i + 100));
  for (let i = 0; i < decisionRows.length; i += 100) await database.db.insert(decisions).values(decisionRows.slice(i, i + 100));
  return { database, reps };
}

/** Random ranges: midnights UTC and Los Angeles, any instant, short and long. */
function randomRanges(seed: number, n: number): { range: TRange; now: Date }[] {
  const rng = makeRng(seed);
  const instant = () => {
    const day = T0 - 3 * DAY + rng.int(0, 80) * DAY;
    return rng.pick([day, day + 8 * HOUR, day + Math.floor(rng.next() * DAY)]);
  };
  return Array.from({ length: n }, () => {
    const a = instant();
    const b = rng.chance(0.3) ? a + Math.floor(rng.next() * 2 * DAY) : instant();
    return { range: { from: new Date(Math.min(a, b)), to: new Date(Math.max(a, b)) }, now: new Date(T0 + Math.floor(rng.next() * 90 * DAY)) };
  });
}

for (const where of ['an embedded file', 'a libSQL server'] as const) {
  describe(`stats.reps from the aggregates, on ${where}`, () => {
    let dir: string;
    let sqld: Sqld | undefined;
    let w: TWorld;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'handshake-stats-agg-'));
      if (where === 'a libSQL server') sqld = await startSqld();
      const database = await openDatabase(sqld ? sqld.url : `file:${join(dir, 'handshake.db')}`);
      await migrateDatabase(database);
      w = await world(database, 7, where === 'an embedded file' ? 600 : 300);
    }, 60_000);
    afterAll(async () => {
      w?.database.close();
      await sqld?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('equals a brute-force reading of every handover, over random ranges and nows (fixed seed)', async () => {
      for (const { range, now } of randomRanges(3, where === 'an embedded file' ? 60 : 20)) {
        const expected = await bruteForce(w.database, w.reps, range, now);
        const actual = await fromAggregates(w.database, range, now);
        expect({ range, ...actual }).toEqual({ range, ...expected });
      }
    }, 120_000);

    it('keeps the same aggregates as a rebuild from the tables', async () => {
      const kept = await aggregateSnapshot(w.database);
      expect(kept.stats.length).toBeGreaterThan(0);
      await w.database.client.batch(rebuildStatements(), 'write');
      expect(await aggregateSnapshot(w.database)).toEqual(kept);
    });
  });
}

describe('the aggregates follow every write', () => {
  let dir: string;
  let w: TWorld;
  const whole = { from: new Date(T0 - DAY), to: new Date(T0 + 80 * DAY) };
  /** Across midnights, in Los Angeles (08:00 UTC in winter), and UTC. */
  const RANGES: TRange[] = [
    whole,
    { from: new Date(T0 + 8 * HOUR), to: new Date(T0 + 30 * DAY + 8 * HOUR) },
    { from: new Date(T0 + 10 * DAY), to: new Date(T0 + 11 * DAY) },
    { from: new Date(T0 + 10 * DAY - 1), to: new Date(T0 + 10 * DAY + 1) },
  ];
  const holds = async (now: Date) => {
    for (const range of RANGES) expect(await fromAggregates(w.database, range, now)).toEqual(await bruteForce(w.database, w.reps, range, now));
    const kept = await aggregateSnapshot(w.database);
    await w.database.client.batch(rebuildStatements(), 'write');
    expect(await aggregateSnapshot(w.database)).toEqual(kept);
  };
  const repRow = async (range: TRange, now: Date, rep: string) => (await fromAggregates(w.database, range, now)).reps.find((r) => r.repId === rep)!;
  const NOW = new Date(T0 + 90 * DAY);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-stats-writes-'));
    const database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
    w = await world(database, 5, 120);
    // Handovers 1 ms either side of the midnight starting day 10, untouched and undecided.
    for (const [id, at] of [['before', T0 + 10 * DAY - 1], ['after', T0 + 10 * DAY]] as const) {
      await database.db.insert(leads).values({ id: `lead-${id}`, email: `${id}@example.com`, updatedAt: iso(T0) });
      await database.db.insert(handovers).values({
        id: `ho-${id}`, leadId: `lead-${id}`, ownerId: w.reps[0]!, originalOwnerId: w.reps[0]!, stage: 'sql', startedAt: iso(at), tier: 'high',
        businessHours: 4, warnAt: iso(at + HOUR), deadline: iso(at + 4 * HOUR), charterVersion: 1, createdAt: iso(at),
      });
    }
  });
  afterAll(async () => {
    w?.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts a handover 1 ms before midnight in the day before, one at midnight in its day', async () => {
    await holds(NOW);
    const dayBefore = { from: new Date(T0 + 9 * DAY), to: new Date(T0 + 10 * DAY) };
    const day = { from: new Date(T0 + 10 * DAY), to: new Date(T0 + 11 * DAY) };
    const before = await w.database.client.execute(`select count(*) from handovers where started_at >= '${iso(T0 + 9 * DAY)}' and started_at < '${iso(T0 + 10 * DAY)}' and original_owner_id = '${w.reps[0]}'`);
    expect((await repRow(dayBefore, NOW, w.reps[0]!)).handovers).toBe(Number(before.rows[0]![0]));
    expect((await repRow(day, NOW, w.reps[0]!)).untouchedOpen).toBeGreaterThanOrEqual(1);
  });

  it('moves an acceptance into the figures', async () => {
    const before = await repRow(whole, NOW, w.reps[0]!);
    await w.database.db.insert(decisions).values({
      id: 'd-after', handoverId: 'ho-after', leadId: 'lead-after', kind: 'accepted', decidedById: w.reps[0]!, withoutContact: false,
      charterVersion: 1, idempotencyKey: 'k-after', decidedAt: iso(T0 + 10 * DAY + HOUR),
    });
    const after = await repRow(whole, NOW, w.reps[0]!);
    expect([after.accepted - before.accepted, after.undecided - before.undecided, after.untouchedOpen - before.untouchedOpen]).toEqual([1, -1, -1]);
    await holds(NOW);
  });

  it('moves a handover from untouched to met, or to missed, with its touch', async () => {
    // Before either deadline (about 04:00 on day 10): untouched, not yet due.
    const beforeDeadlines = new Date(T0 + 10 * DAY + 3 * HOUR);
    const before = await repRow(whole, beforeDeadlines, w.reps[0]!);
    await w.database.db.update(handovers).set({ firstTouchAt: iso(T0 + 10 * DAY + 4 * HOUR), firstTouchBusinessMs: 4 * HOUR }).where(eq(handovers.id, 'ho-after'));
    await w.database.db.update(handovers).set({ firstTouchAt: iso(T0 + 10 * DAY + 4 * HOUR), firstTouchBusinessMs: 4 * HOUR + 1 }).where(eq(handovers.id, 'ho-before'));
    const after = await repRow(whole, beforeDeadlines, w.reps[0]!);
    expect([after.touched - before.touched, after.slaDue - before.slaDue, after.slaMet - before.slaMet, after.breached - before.breached]).toEqual([2, 2, 1, 1]);
    await holds(beforeDeadlines);
    await holds(NOW);
  });

  it('leaves a reassigned handover with its original owner', async () => {
    const before = await fromAggregates(w.database, whole, NOW);
    await w.database.db.update(handovers).set({ ownerId: w.reps[1]! }).where(eq(handovers.id, 'ho-after'));
    expect(await fromAggregates(w.database, whole, NOW)).toEqual(before);
    await holds(NOW);
  });

  it('counts an untouched handover due once its deadline passes, with no write', async () => {
    const at = T0 + 40 * DAY + 3 * HOUR;
    await w.database.db.insert(leads).values({ id: 'lead-late', email: 'late@example.com', updatedAt: iso(T0) });
    await w.database.db.insert(handovers).values({
      id: 'ho-late', leadId: 'lead-late', ownerId: w.reps[2]!, originalOwnerId: w.reps[2]!, stage: 'sql', startedAt: iso(at), tier: 'high',
      businessHours: 4, warnAt: iso(at + HOUR), deadline: iso(at + 4 * HOUR), charterVersion: 1, createdAt: iso(at),
    });
    const beforeDeadline = new Date(at + 4 * HOUR - 1);
    const atDeadline = new Date(at + 4 * HOUR);
    const due = async (now: Date) => (await repRow(whole, now, w.reps[2]!)).slaDue;
    expect((await due(atDeadline)) - (await due(beforeDeadline))).toBe(1);
    await holds(beforeDeadline);
    await holds(atDeadline);
  });

  it('follows a decision changed or taken back, a start moved and a handover deleted', async () => {
    await w.database.db.update(decisions).set({ kind: 'rejected', reasonId: 'duplicate', withoutContact: true, decidedAt: iso(T0 + 12 * DAY) }).where(eq(decisions.id, 'd-after'));
    await holds(NOW);
    await w.database.db.delete(decisions).where(eq(decisions.id, 'd-after'));
    await w.database.db.update(handovers).set({ startedAt: iso(T0 + 33 * DAY + 5), originalOwnerId: w.reps[3]! }).where(eq(handovers.id, 'ho-after'));
    await holds(NOW);
    await w.database.db.delete(handovers).where(eq(handovers.id, 'ho-after'));
    await holds(NOW);
  });

  it('rebuilds at open when the aggregates were not built by these triggers (a database from before migration 0005)', async () => {
    const expected = await aggregateSnapshot(w.database);
    for (const name of STATS_TRIGGER_NAMES) await w.database.client.execute(`drop trigger ${name}`);
    await w.database.client.executeMultiple('delete from rep_stats; delete from rep_reasons; delete from rep_delay_histograms; delete from stats_aggregates;');
    await migrateDatabase(w.database);
    expect(await aggregateSnapshot(w.database)).toEqual(expected);
    await holds(NOW);
  });

  it('computes the calendar delay in SQL exactly as calendarDelayMs does', async () => {
    const rng = makeRng(17);
    const pairs = Array.from({ length: 500 }, () => {
      const start = T0 + Math.floor(rng.next() * 400 * DAY);
      return [iso(start), iso(start + Math.floor((rng.next() - 0.1) * 30 * DAY))] as const;
    });
    const { rows } = await w.database.client.execute({
      sql: `select ${calendarDelaySql("json_extract(value, '$[1]')", "json_extract(value, '$[0]')")} from json_each(?)`,
      args: [JSON.stringify(pairs)],
    });
    expect(rows.map((r) => Number(r[0]))).toEqual(pairs.map(([s, t]) => calendarDelayMs(s, t)));
  });
});

describe('the packed delay histogram', () => {
  it('unpacks each column into its even and odd bucket, up to 2^26 − 1 and 2^27 − 1 (the largest exact sum)', () => {
    const sums = DELAY_PAIR_COLUMNS.map((_, i) => (i === 0 ? 2 ** 26 - 1 + 2 ** 26 * (2 ** 27 - 1) : i === 1 ? 5 * 2 ** 26 : i === 40 ? 7 : 0));
    const counts = unpackDelayHistogram(sums);
    expect(counts).toHaveLength(DELAY_BUCKETS);
    expect(counts.slice(0, 4)).toEqual([2 ** 26 - 1, 2 ** 27 - 1, 0, 5]);
    expect(counts[80]).toBe(7);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2 ** 26 - 1 + 2 ** 27 - 1 + 5 + 7);
  });
});
