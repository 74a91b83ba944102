import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectCrm } from '../../server/connectors/connections';
import { CONNECTORS } from '../../server/connectors/registry';
import { loadSecretKey } from '../../server/connectors/secrets';
import { migrateDatabase, openDatabase } from '../../server/db/client';
import { crmOutbox } from '../../server/db/schema-connectors';
import { SYSTEM } from '../../server/domain/audit';
import { decide } from '../../server/domain/decisions';
import { logTouch } from '../../server/domain/touches';
import { addUser, userForToken } from '../../server/domain/users';
import { startChildServer } from '../support/child-server';
import { startHubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';

// The server killed (kill -9) while it writes to the CRM: HubSpot carried the writes out
// but the server never heard back. After a restart each write is delivered once: the
// status update again (the same values), the touch found by its Handshake id, not logged
// twice. Real processes, a real libSQL file, the official client against the stand-in. The
// restarted process sees the killed one's sync lease held by a process gone, and proceeds.

const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('the server killed in the middle of a push', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('delivers every write once after the restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-killed-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dbUrl = `file:${join(dir, 'handshake.db')}`;
    const key = randomBytes(32).toString('base64');
    const hubspot = await startHubSpotStandIn();
    cleanup.push(() => hubspot.close());
    const recordId = hubspot.portal.addContact({ email: 'camille.durand@northwind-analytics.fr', firstname: 'Camille' });

    // The team's state before the start: a rep, her lead on that contact with an open handover, HubSpot connected, a touch and a rejection queued.
    const database = await openDatabase(dbUrl);
    await migrateDatabase(database);
    const { token } = await addUser(database, { email: 'ines@example.com', name: 'Inès', role: 'rep', ...roundTheClock() }, SYSTEM);
    const rep = (await userForToken(database, token))!;
    const leadId = await insertLead(database, { email: 'camille.durand@northwind-analytics.fr', hubspotId: recordId, ownerId: rep.id, stage: 'sql' });
    await insertHandover(database, { leadId, ownerId: rep.id, startedAt: minutes(-30), warnAt: minutes(150), deadline: minutes(210) });
    const context = { database, secretKey: loadSecretKey({ envKey: key, keyFile: 'unused', create: false }), modules: CONNECTORS, now: () => new Date() };
    await connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM);
    await logTouch(database, rep, { leadId, channel: 'call', idempotencyKey: 'touch-before-kill' }, new Date());
    await decide(database, rep, { kind: 'rejected', leadId, reasonId: 'no_budget', idempotencyKey: 'reject-before-kill' }, new Date());
    database.close();

    // HubSpot carries out each write, then holds its answer: the server is killed as soon as the call is logged.
    hubspot.faults.heldAnswers = { ms: 60_000, matches: (method, path) => method !== 'GET' && !path.endsWith('/search') };
    const env = { HANDSHAKE_DEMO: '0', HANDSHAKE_SECRET_KEY: key, HANDSHAKE_SYNC_SECONDS: '5' };
    const first = startChildServer(dbUrl, env);
    cleanup.push(() => Promise.resolve(first.child.kill('SIGKILL')));
    await expect.poll(() => hubspot.portal.createdThroughApi('calls').length, { timeout: 60_000, interval: 20 }).toBe(1);
    first.child.kill('SIGKILL');
    await first.exited;
    hubspot.faults.clear();

    const second = startChildServer(dbUrl, env);
    cleanup.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    const check = await openDatabase(dbUrl);
    cleanup.push(() => Promise.resolve(check.close()));
    await expect
      .poll(async () => (await check.db.select().from(crmOutbox)).map((row) => [row.kind, row.state]), { timeout: 60_000, interval: 250 })
      .toEqual([
        ['touch', 'delivered'],
        ['decision', 'delivered'],
        // The lead's verdict, queued by the first push.
        ['verdict', 'delivered'],
      ]);
    expect(hubspot.portal.createdThroughApi('calls')).toHaveLength(1);
    expect(hubspot.portal.properties('contacts', recordId)).toMatchObject({ hs_lead_status: 'UNQUALIFIED', handshake_rejection_reason: 'no_budget' });
  }, 180_000);
});
