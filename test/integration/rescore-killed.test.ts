import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, lte, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { leads } from '../../server/db/schema';
import { startChildServer } from '../support/child-server';
import { activateMqlCharter, rescoreOutcome, rescoreTeam } from '../support/rescore-team';

// The server killed (kill -9) in the middle of a full re-score, then started again: it
// resumes the job where its last stored chunk ended, and every lead ends scored under the
// new version once — the job's counts add up to the leads, no lead handed over twice. Real
// processes on a real libSQL file; the restarted process sees the killed one's lease held
// by a process gone, and proceeds.

describe('the server killed in the middle of a full re-score', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('resumes it after the restart: every lead scored under the new version once, no duplicate handover', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-rescore-killed-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dbUrl = `file:${join(dir, 'handshake.db')}`;
    // Activated while no server ran: the job waits for the next start.
    const team = await rescoreTeam(dbUrl, 3000, 50);
    const version = await activateMqlCharter(team);
    team.database.close();

    const env = { HANDSHAKE_DEMO: '0', HANDSHAKE_RESCORE_CHUNK: '25' };
    const first = startChildServer(dbUrl, env);
    cleanup.push(() => Promise.resolve(first.child.kill('SIGKILL')));
    await first.waitFor(new RegExp(`Re-score #1 under charter v${version}: [0-9,]+ of 3,000 leads`));
    first.child.kill('SIGKILL');
    await first.exited;

    // What the killed process stored: whole chunks, each with the job's cursor and counts.
    const check = await openDatabase(dbUrl);
    cleanup.push(() => Promise.resolve(check.close()));
    const [stopped] = (await rescoreOutcome(check)).jobs;
    expect(stopped!.finishedAt).toBeNull();
    expect(stopped!.scored).toBeGreaterThan(0);
    expect(stopped!.scored).toBeLessThan(3000);
    expect(stopped!.scored % 25).toBe(0);
    const rescored = await check.db.select({ n: sql<number>`count(*)` }).from(leads).where(eq(leads.charterVersion, version));
    expect(rescored[0]!.n).toBe(stopped!.scored);
    const upToCursor = await check.db.select({ n: sql<number>`count(*)` }).from(leads).where(lte(leads.id, stopped!.cursor!));
    expect(upToCursor[0]!.n).toBe(stopped!.scored);

    const second = startChildServer(dbUrl, env);
    cleanup.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    await second.waitFor(new RegExp(`Re-score #1 under charter v${version}: resumed at ${stopped!.scored.toLocaleString('en-US')} of 3,000 leads`));
    await second.waitFor(new RegExp(`Re-score #1 under charter v${version} done in [0-9.]+ s: 3,000 of 3,000 leads \\(100%\\), 3,000 changed`));

    const outcome = await rescoreOutcome(check);
    expect(outcome.versions).toEqual({ [version]: 3000 });
    expect(outcome.handedOver).toEqual(team.mqlIds);
    expect(outcome.mostHandoversOfALead).toBe(1);
    expect(outcome.handoverAudits).toBe(team.mqlIds.length);
    expect(outcome.jobs).toHaveLength(1);
    expect(outcome.jobs[0]).toMatchObject({ scored: 3000, changed: 3000, handoversOpened: team.mqlIds.length, cursor: team.leadIds.at(-1), leaseHolder: null });
    expect(outcome.jobs[0]!.finishedAt).not.toBeNull();
  });
});
