import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../server/domain/audit';
import { activeCharter } from '../../server/domain/charter';
import { ingestEvents } from '../../server/domain/ingest-events';
import { ingestLeads } from '../../server/domain/ingest-leads';
import { rescoreAfter } from '../../server/domain/rescore';
import { SCORING_SLICE } from '../../server/domain/rescore-plan';
import { READ_SLICE } from '../../server/domain/rescore-reads';
import { activateMqlCharter, rescoreTeam, type TRescoreTeam } from '../support/rescore-team';

// An embedded file answers a statement synchronously (over HTTP each statement waits for the
// network, and other work runs meanwhile), so a chunk of a thousand leads
// (read, scored, written) would hold the server's only thread from its first statement to
// its last, and every request arriving meanwhile (a rep's packet, /healthz) would wait for
// all of it. Work queued while such a chunk runs must get its turn on the way: counted here
// as the turns of the event loop a ticker gets, not as times.

const LEADS = 1000;

/** Counts the turns of the event loop other work gets until stopped. */
function turnCounter(): () => number {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    running = false;
    return turns;
  };
}

async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  const stop = turnCounter();
  await work();
  return stop();
}

describe('long writes let the requests waiting behind them in', () => {
  let dir: string;
  let team: TRescoreTeam;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-yield-'));
    team = await rescoreTeam(`file:${join(dir, 'handshake.db')}`, LEADS);
    await activateMqlCharter(team);
  }, 60_000);

  afterAll(async () => {
    team.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a full re-score chunk of 1,000 leads yields while it reads and while it scores', async () => {
    const charter = await activeCharter(team.database);
    let step: Awaited<ReturnType<typeof rescoreAfter>> | undefined;
    const turns = await turnsDuring(async () => {
      step = await rescoreAfter(team.database, null, charter, new Date(), { limit: LEADS });
    });
    expect(step!.rescored).toBe(LEADS);
    expect(turns).toBeGreaterThanOrEqual(LEADS / SCORING_SLICE + LEADS / READ_SLICE);
  });

  it('an ingest of 1,000 new leads yields while it scores them', async () => {
    const items = Array.from({ length: LEADS }, (_, i) => ({
      email: `new.${i}@buyer${i % 40}.example.com`,
      title: i % 2 ? 'VP Sales' : 'Analyst',
      company: { name: `Buyer ${i % 40}`, domain: `buyer${i % 40}.example.com`, employees: 200 },
    }));
    let created = 0;
    const turns = await turnsDuring(async () => {
      created = (await ingestLeads(team.database, items, SYSTEM, new Date())).created;
    });
    expect(created).toBe(LEADS);
    expect(turns).toBeGreaterThanOrEqual(LEADS / SCORING_SLICE);
  });

  it('an ingest of 1,000 events yields while it reads and re-scores their leads', async () => {
    const items = team.leadIds.map((_, i) => ({
      id: `yield-${i}`,
      email: `lead.${i}@company${i % 50}.example.com`,
      type: 'pricing_view',
      at: new Date(Date.now() - 60_000).toISOString(),
      properties: { url: 'https://example.com/pricing' },
    }));
    let stored = 0;
    const turns = await turnsDuring(async () => {
      stored = (await ingestEvents(team.database, items, SYSTEM, new Date())).accepted;
    });
    expect(stored).toBe(LEADS);
    expect(turns).toBeGreaterThanOrEqual(LEADS / SCORING_SLICE + LEADS / READ_SLICE);
  });
});
