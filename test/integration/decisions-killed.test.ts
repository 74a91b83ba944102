import { inArray } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../server/db/client';
import { auditLog, decisions, handovers, leads } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { ensureDefaultCharter } from '../../server/domain/charter';
import { addUser, userForToken } from '../../server/domain/users';
import { startChildServer } from '../support/child-server';
import { roundTheClock } from '../support/fixtures';
import { api } from '../support/server';

// The server killed (kill -9) while decisions stream in from many callers at once, written in
// groups: every decision the server acknowledged is in the file afterwards, with its handover
// closed and its audit row; none is there twice.

const HANDOVERS = 300;
const CALLERS = 20;

describe('the server killed while it writes decisions in groups', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('keeps every acknowledged decision', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-decisions-killed-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dbUrl = `file:${join(dir, 'handshake.db')}`;

    const setup = await openDatabase(dbUrl);
    await migrateDatabase(setup);
    await ensureDefaultCharter(setup);
    const { token } = await addUser(setup, { email: 'ines@example.com', name: 'Inès', role: 'rep', ...roundTheClock() }, SYSTEM);
    const rep = (await userForToken(setup, token))!;
    const started = new Date(Date.now() - 10 * 60_000).toISOString();
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const leadIds = Array.from({ length: HANDOVERS }, (_, i) => `lead-${i}`);
    const at = new Date().toISOString();
    await setup.db.insert(leads).values(leadIds.map((id) => ({ id, email: `${id}@northwind.fr`, ownerId: rep.id, stage: 'sql' as const, updatedAt: at })));
    await setup.db.insert(handovers).values(
      leadIds.map((leadId) => ({ id: `handover-${leadId}`, leadId, ownerId: rep.id, originalOwnerId: rep.id, stage: 'sql' as const, tier: 'high' as const, businessHours: 4, startedAt: started, warnAt: later(120), deadline: later(180), charterVersion: 1, createdAt: started })),
    );
    setup.close();

    const server = startChildServer(dbUrl, { HANDSHAKE_DEMO: '0', HANDSHAKE_SECRET_KEY: randomBytes(32).toString('base64') });
    cleanup.push(() => Promise.resolve(server.child.kill('SIGKILL')));
    const [, url] = await server.waitFor(/Handshake server on (http:\/\/\S+)/);
    const client = api(url!, token);

    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const caller = async () => {
      while (next < HANDOVERS && !killed) {
        const leadId = leadIds[next++]!;
        try {
          await client.decision.accept.mutate({ leadId, idempotencyKey: `killed-${leadId}` });
          acknowledged.push(leadId);
        } catch {
          // Refused or cut off by the kill: not acknowledged, so nothing is promised.
        }
        if (acknowledged.length >= HANDOVERS / 3 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CALLERS }, caller));
    await server.exited;
    expect(killed).toBe(true);

    const check = await openDatabase(dbUrl);
    cleanup.push(() => Promise.resolve(check.close()));
    const written = await check.db.select({ leadId: decisions.leadId, key: decisions.idempotencyKey }).from(decisions);
    const writtenLeads = written.map((d) => d.leadId);
    expect(acknowledged.filter((leadId) => !writtenLeads.includes(leadId))).toEqual([]);
    expect(new Set(writtenLeads).size).toBe(writtenLeads.length);
    expect(written.every((d) => d.key === `killed-${d.leadId}`)).toBe(true);
    const closed = await check.db.select({ state: handovers.state }).from(handovers).where(inArray(handovers.leadId, writtenLeads));
    expect(closed.every((h) => h.state === 'accepted')).toBe(true);
    const audits = await check.db.select({ entityId: auditLog.entityId }).from(auditLog).where(inArray(auditLog.action, ['decision.accepted']));
    expect(audits.map((a) => a.entityId).sort()).toEqual([...writtenLeads].sort());
  }, 180_000);
});
