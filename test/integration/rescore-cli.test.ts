import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { runCli } from '../support/cli';
import { activateMqlCharter, rescoreOutcome, rescoreTeam } from '../support/rescore-team';

// `npm run cli -- rescore` as an operator runs it: it runs the re-score an activation left
// unfinished (no server was running), printing its progress, and exits once it is done; run
// again, it re-scores every lead under the active charter, changing nothing.

const cli = (dbUrl: string, ...args: string[]) => runCli(dbUrl, args);

describe('npm run cli -- rescore', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('runs the unfinished re-score to its end with its progress, then re-scores under the active charter when asked again', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-rescore-cli-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dbUrl = `file:${join(dir, 'handshake.db')}`;
    const team = await rescoreTeam(dbUrl, 2500, 50);
    const version = await activateMqlCharter(team);
    team.database.close();

    const first = await cli(dbUrl, 'rescore');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Re-score #1 under charter v${version}: started, 2,500 leads`);
    expect(lines.slice(1, -1).every((line) => /^Re-score #1 under charter v2: [0-9,]+ of 2,500 leads \([0-9]+%\), /.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`^Re-score #1 under charter v${version} done in [0-9.]+ s: 2,500 of 2,500 leads \\(100%\\), 2,500 changed, 0 stage changes, ${team.mqlIds.length.toLocaleString('en-US')} handovers opened$`));

    const again = await cli(dbUrl, 'rescore');
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^Re-score #2 under charter v${version} done in [0-9.]+ s: 2,500 of 2,500 leads \\(100%\\), 0 changed, 0 stage changes, 0 handovers opened$`));

    const check = await openDatabase(dbUrl);
    try {
      const outcome = await rescoreOutcome(check);
      expect(outcome.versions).toEqual({ [version]: 2500 });
      expect(outcome.handedOver).toEqual(team.mqlIds);
      expect(outcome.mostHandoversOfALead).toBe(1);
      expect(outcome.jobs.map((j) => [j.id, j.charterVersion, j.scored, j.finishedAt !== null, j.supersededBy])).toEqual([
        [1, version, 2500, true, null],
        [2, version, 2500, true, null],
      ]);
    } finally {
      check.close();
    }
  });
});
