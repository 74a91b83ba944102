import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { handovers, leads } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { activeCharter } from '../../server/domain/charter';
import { ingestEvents } from '../../server/domain/ingest-events';
import { rescoreAfter, type TReadAhead } from '../../server/domain/rescore';
import { scoreInPlace, scoreInWorker, type TChunkScorer } from '../../server/domain/rescore-workers';
import { activateMqlCharter, rescoreTeam, type TRescoreTeam } from '../support/rescore-team';

// On an embedded file a full re-score's chunks are scored in a worker thread, which reads
// the file on a connection of its own, and the next chunk is read while one is written
// (server/domain/rescore-workers.ts). What it writes must be what scoring in place writes, and
// a chunk read ahead must never be written over a write that came after it was read.

const NOW = new Date();
const CHUNK = 50;

/** Events that move a lead's engagement and intent, an hour before NOW. */
function eventsOf(email: string, key: string, kinds: readonly string[]) {
  return kinds.map((type, i) => ({ id: `${key}-${i}`, email, type, at: new Date(NOW.getTime() - 3_600_000 + i * 1000).toISOString(), properties: {} }));
}

const emailOf = (i: number) => `lead.${i}@company${i % 50}.example.com`;

/** What a re-score leaves on the leads and handovers, without the ids it draws at random. */
async function scoresOf(database: Database) {
  const rows = await database.db
    .select({
      id: leads.id,
      stage: leads.stage,
      stagePath: leads.stagePath,
      status: leads.status,
      ownerId: leads.ownerId,
      fit: leads.fitLevel,
      engagement: leads.engagementLevel,
      intent: leads.intentLevel,
      authority: leads.authorityLevel,
      charterVersion: leads.charterVersion,
      scoredAt: leads.scoredAt,
      mqlAt: leads.mqlAt,
      sqlAt: leads.sqlAt,
    })
    .from(leads)
    .orderBy(leads.id);
  const opened = await database.db
    .select({ leadId: handovers.leadId, ownerId: handovers.ownerId, state: handovers.state, startedAt: handovers.startedAt, tier: handovers.tier, deadline: handovers.deadline })
    .from(handovers)
    .orderBy(handovers.leadId);
  return { rows, opened };
}

/** The scorer, counting the chunks it reads. */
function counted(scorer: TChunkScorer): TChunkScorer & { reads: number } {
  const wrapper = {
    ...scorer,
    reads: 0,
    read: (...args: Parameters<TChunkScorer['read']>) => {
      wrapper.reads += 1;
      return scorer.read(...args);
    },
  };
  return wrapper;
}

/** Every chunk of the full re-score under the active charter, from the first lead. */
async function rescoreAll(database: Database, scorer: TChunkScorer): Promise<{ steps: number; readAheads: number }> {
  const charter = await activeCharter(database);
  let cursor: string | null = null;
  let readAhead: TReadAhead | null = null;
  let steps = 0;
  let readAheads = 0;
  for (;;) {
    const step = await rescoreAfter(database, cursor, charter, NOW, { scorer, limit: CHUNK, readAhead });
    if (step.lastId === null) return { steps, readAheads };
    steps += 1;
    if (step.readAhead) readAheads += 1;
    ({ readAhead } = step);
    cursor = step.lastId;
  }
}

describe('a full re-score scored in a worker thread', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function scratch(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-rescore-worker-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function team(dir: string, count: number): Promise<TRescoreTeam> {
    const made = await rescoreTeam(`file:${join(dir, 'a.db')}`, count);
    cleanup.push(() => Promise.resolve(made.database.close()));
    return made;
  }

  async function workerScorer(database: Database): Promise<TChunkScorer> {
    const scorer = scoreInWorker(database);
    cleanup.push(() => scorer.close());
    await scorer.ready;
    return scorer;
  }

  it('writes exactly what scoring in place writes: levels, stages, owners and handovers', async () => {
    const dir = await scratch();
    const made = await team(dir, 300);
    // Some leads with events, so that the chunks' scores differ from lead to lead.
    const kinds = ['pricing_view', 'demo_request', 'email_click', 'content_download', 'webinar_attended'];
    const items = Array.from({ length: 300 }, (_, i) => i)
      .filter((i) => i % 7 === 1)
      .flatMap((i) => eventsOf(emailOf(i), `e${i}`, kinds.slice(0, 1 + (i % kinds.length))));
    expect((await ingestEvents(made.database, items, SYSTEM, NOW)).accepted).toBe(items.length);
    await activateMqlCharter(made, NOW);
    // The same database twice, its re-score queued: one scored in place, the other in a worker.
    await made.database.client.execute(`VACUUM INTO '${join(dir, 'b.db')}'`);
    const inPlace = made.database;
    const inWorker = await openDatabase(`file:${join(dir, 'b.db')}`);
    cleanup.push(() => Promise.resolve(inWorker.close()));

    const placed = await rescoreAll(inPlace, scoreInPlace(inPlace));
    const worked = await rescoreAll(inWorker, await workerScorer(inWorker));

    expect(placed).toEqual({ steps: 300 / CHUNK, readAheads: 0 });
    // Each step read the chunk after it ahead (after the last one, none left).
    expect(worked).toEqual({ steps: 300 / CHUNK, readAheads: 300 / CHUNK });
    const expected = await scoresOf(inPlace);
    expect(expected.opened.length).toBeGreaterThan(0);
    expect(new Set(expected.rows.map((r) => r.engagement)).size).toBeGreaterThan(1);
    expect(await scoresOf(inWorker)).toEqual(expected);
  });

  it('uses a chunk read ahead only when nothing was written since, and reads it again otherwise', async () => {
    const dir = await scratch();
    const made = await team(dir, 200);
    await activateMqlCharter(made, NOW);
    const { database } = made;
    const charter = await activeCharter(database);
    const scorer = counted(await workerScorer(database));

    // Nothing written between two steps: the second writes the chunk the first read ahead.
    const first = await rescoreAfter(database, null, charter, NOW, { scorer, limit: CHUNK });
    expect(first.readAhead?.afterId).toBe(made.leadIds[CHUNK - 1]);
    expect(scorer.reads).toBe(2);
    const second = await rescoreAfter(database, first.lastId, charter, NOW, { scorer, limit: CHUNK, readAhead: first.readAhead });
    expect(second.lastId).toBe(made.leadIds[2 * CHUNK - 1]);
    expect(scorer.reads).toBe(3);

    // A lead of the chunk read ahead gets events (and is re-scored by their ingest) before its step.
    const index = 2 * CHUNK + 1;
    const id = made.leadIds[index]!;
    const levelsOf = async () => (await scoresOf(database)).rows.find((r) => r.id === id)!;
    const before = await levelsOf();
    const ingested = await ingestEvents(database, eventsOf(emailOf(index), 'late', ['demo_request', 'pricing_view', 'pricing_view', 'webinar_attended']), SYSTEM, NOW);
    expect(ingested.accepted).toBe(4);
    const afterIngest = await levelsOf();
    expect([afterIngest.engagement, afterIngest.intent]).not.toEqual([before.engagement, before.intent]);

    const third = await rescoreAfter(database, second.lastId, charter, NOW, { scorer, limit: CHUNK, readAhead: second.readAhead });
    expect(third.lastId).toBe(made.leadIds[3 * CHUNK - 1]);
    // Read again (and the chunk after it ahead): the events the ingest stored are scored, not written over.
    expect(await levelsOf()).toMatchObject({ engagement: afterIngest.engagement, intent: afterIngest.intent, stage: afterIngest.stage });
    expect(scorer.reads).toBe(5);
  });
});
