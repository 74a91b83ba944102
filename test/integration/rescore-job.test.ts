import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { proposeCharter, signOffCharter } from '../../server/domain/charter';
import { rescoreIdle, runRescoreJobs, startRescoreJobs, unfinishedJob } from '../../server/domain/rescore-job';
import { activateMqlCharter, rescoreOutcome, rescoreTeam, type TRescoreTeam } from '../support/rescore-team';

// A charter's activation re-scores every lead under the new version, in the background:
// the activation returns at once, the job runs chunk by chunk, and a newer activation takes
// the place of an unfinished older one.

describe('the full re-score after an activation', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function team(count: number): Promise<TRescoreTeam> {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-rescore-job-'));
    const made = await rescoreTeam(`file:${join(dir, 'handshake.db')}`, count);
    cleanup.push(() => rm(dir, { recursive: true, force: true }), () => Promise.resolve(made.database.close()));
    return made;
  }

  it('returns before the re-score runs, which then scores every lead once under the new version and hands over the newly due', async () => {
    const made = await team(300);
    const lines: string[] = [];
    const stop = startRescoreJobs(made.database, { now: () => new Date(), log: (line) => lines.push(line), chunkSize: 20 });
    cleanup.push(() => Promise.resolve(stop()));
    await rescoreIdle(made.database);

    const version = await activateMqlCharter(made);
    // Returned: the job is queued, not one lead scored yet.
    expect(await unfinishedJob(made.database)).toMatchObject({ charterVersion: version, total: 300, scored: 0, cursor: null, finishedAt: null });
    expect((await rescoreOutcome(made.database)).versions).toEqual({ 1: 300 });

    await rescoreIdle(made.database);
    const outcome = await rescoreOutcome(made.database);
    expect(outcome.versions).toEqual({ [version]: 300 });
    expect(outcome.handedOver).toEqual(made.mqlIds);
    expect(outcome.mostHandoversOfALead).toBe(1);
    expect(outcome.handoverAudits).toBe(made.mqlIds.length);
    expect(outcome.jobs).toHaveLength(1);
    expect(outcome.jobs[0]).toMatchObject({ scored: 300, changed: 300, handoversOpened: made.mqlIds.length, cursor: made.leadIds.at(-1), leaseHolder: null });
    expect(outcome.jobs[0]!.finishedAt).not.toBeNull();
    expect(lines[0]).toBe(`Re-score #1 under charter v${version}: started, 300 leads`);
    expect(lines.at(-1)).toMatch(new RegExp(`^Re-score #1 under charter v${version} done in [0-9.]+ s: 300 of 300 leads \\(100%\\), 300 changed, 0 stage changes, ${made.mqlIds.length} handovers opened$`));
  });

  it('lets a newer activation supersede an unfinished re-score: the newer one scores every lead', async () => {
    const made = await team(400);
    const first = await activateMqlCharter(made);
    let second: Promise<number> | undefined;
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      // Partway through the first re-score, a newer version is signed.
      if (!second && /^Re-score #1 .*: [0-9,]+ of 400/.test(line)) {
        second = (async () => {
          const version = await proposeCharter(made.database, made.sales, { ...DEFAULT_CHARTER, note: undefined }, 'back to SQL', new Date());
          await signOffCharter(made.database, made.sales, version, new Date());
          await signOffCharter(made.database, made.marketing, version, new Date());
          return version;
        })();
      }
    };
    await runRescoreJobs(made.database, { now: () => new Date(), log, chunkSize: 5 });
    const newer = await second!;
    expect(newer).toBe(first + 1);

    const outcome = await rescoreOutcome(made.database);
    expect(outcome.versions).toEqual({ [newer]: 400 });
    const [older, latest] = outcome.jobs;
    expect(older).toMatchObject({ charterVersion: first, supersededBy: latest!.id });
    expect(older!.scored).toBeGreaterThan(0);
    expect(older!.scored).toBeLessThan(400);
    expect(latest).toMatchObject({ charterVersion: newer, scored: 400, cursor: made.leadIds.at(-1) });
    expect(latest!.finishedAt).not.toBeNull();
    // Whatever the first one handed over stays handed over, once.
    expect(outcome.mostHandoversOfALead).toBeLessThanOrEqual(1);
    expect(outcome.handoverAudits).toBe(outcome.handedOver.length);
    expect(lines.some((line) => line.startsWith('Re-score #1 under charter v2 superseded at '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Re-score #2 under charter v3 done in /);
  });
});
