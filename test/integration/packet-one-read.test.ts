import { eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { accounts, auditLog, handovers, touches } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { ensureDefaultCharter, proposeCharter, signOffCharter } from '../../server/domain/charter';
import { decide } from '../../server/domain/decisions';
import { getPacket, type TPacketQuery } from '../../server/domain/packet';
import { addUser, userForToken, type TNewUser, type TUser } from '../../server/domain/users';
import { insertEvent, insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { referencePacket } from '../support/packet-reference';

// getPacket reads a lead's packet in one statement; the reference (test/support) assembles it
// one query per thing shown. Both must give the same packet for every kind of lead, caller
// and look-up, and the packet follows a charter activated here or by another process.

const NOW = new Date('2026-11-23T09:00:00Z');
const LINKS = { hubspotPortal: '123', demo: false };

describe('packet.get in one read', () => {
  let dir: string;
  let database: Database;
  const people: Record<string, TUser> = {};
  const queries: TPacketQuery[] = [];

  async function person(key: string, input: TNewUser) {
    const { token } = await addUser(database, input, SYSTEM, NOW);
    people[key] = (await userForToken(database, token))!;
    return people[key];
  }
  const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-packet-read-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
    await ensureDefaultCharter(database, new Date('2026-01-01T00:00:00Z'));
    await person('sales', { email: 'sam.sales@example.com', name: 'Sam Sales', role: 'manager', team: 'sales' });
    await person('marketing', { email: 'mia.marketing@example.com', name: 'Mia Marketing', role: 'manager', team: 'marketing' });
    await person('admin', { email: 'ada.admin@example.com', name: 'Ada Admin', role: 'admin' });
    const backup = await person('backup', { ...PARIS_REP, email: 'bea.backup@example.com', name: 'Béa Backup', managerEmail: 'sam.sales@example.com' });
    const rep = await person('rep', { ...PARIS_REP, email: 'remi.rep@example.com', name: 'Rémi Rep', managerEmail: 'sam.sales@example.com', backupEmail: 'bea.backup@example.com' });
    await person('other', { ...PARIS_REP, timeZone: 'America/New_York', email: 'olga.other@example.com', name: 'Olga Other' });

    await database.db.insert(accounts).values({ id: 'acct-1', domain: 'northwind.fr', name: 'Northwind', employees: 420, industry: 'Computer Software', country: 'FR', techStack: ['HubSpot'], targetAccount: true, updatedAt: NOW.toISOString() });

    // A busy lead: account, open handover, more events and touches than the packet shows.
    const busy = await insertLead(database, { email: 'camille@northwind.fr', firstName: 'Camille', title: 'VP Sales', accountId: 'acct-1', ownerId: rep.id, hubspotId: '5101', salesforceId: '00Q5g00000AbCdEFGH', pipedriveId: '77', stage: 'sql', sqlAt: minutesAgo(40) });
    for (let i = 0; i < 60; i++) {
      const type = ['pricing_view', 'page_view', 'content_download', 'email_click'][i % 4]!;
      await insertEvent(database, { id: `busy-${i}`, leadId: busy, type, at: new Date(NOW.getTime() - i * 2 * 86_400_000 - 3_600_000).toISOString(), properties: { asset: `Asset ${i}` } });
    }
    await insertEvent(database, { id: 'busy-tie', leadId: busy, type: 'page_view', at: new Date(NOW.getTime() - 3_600_000).toISOString(), properties: {} });
    const busyHandover = await insertHandover(database, { leadId: busy, ownerId: rep.id, startedAt: minutesAgo(40), warnAt: minutesAgo(-140), deadline: minutesAgo(-200) });
    for (let i = 0; i < 25; i++) {
      await database.db.insert(touches).values({ id: `touch-${i}`, leadId: busy, handoverId: busyHandover, userId: i % 2 ? rep.id : backup.id, channel: i % 3 ? 'call' : 'email', at: minutesAgo(30 - i), idempotencyKey: `touch-key-${i}` });
    }

    // More events in the scoring window than the timeline shows: every one of them is scored.
    const flooded = await insertLead(database, { email: 'flood@northwind.fr', accountId: 'acct-1', ownerId: rep.id, hubspotId: '5103', stage: 'mql' });
    for (let i = 0; i < 70; i++) {
      await insertEvent(database, { id: `flood-${i}`, leadId: flooded, type: i % 7 ? 'page_view' : 'content_download', at: new Date(NOW.getTime() - i * 3_600_000 - 60_000).toISOString(), properties: { asset: `Guide ${i}` } });
    }

    // Nobody's lead with the company as sent, no handover.
    await insertLead(database, { email: 'free@gmail.com', company: { name: 'Solo', employees: 3 }, stage: 'mql', mqlAt: minutesAgo(600), hubspotId: '5102' });

    // Rejected by the manager for the rep; an earlier handover accepted long ago.
    const rejected = await insertLead(database, { email: 'rejected@northwind.fr', accountId: 'acct-1', ownerId: rep.id, pipedriveId: '78', stage: 'sql' });
    await insertHandover(database, { leadId: rejected, ownerId: rep.id, startedAt: '2026-05-04T08:00:00.000Z', warnAt: '2026-05-04T10:00:00.000Z', deadline: '2026-05-04T12:00:00.000Z', state: 'accepted', closedAt: '2026-05-04T09:00:00.000Z' });
    await insertHandover(database, { leadId: rejected, ownerId: rep.id, startedAt: minutesAgo(300), warnAt: minutesAgo(200), deadline: minutesAgo(100) });
    await decide(database, people.sales!, { kind: 'rejected', leadId: rejected, idempotencyKey: 'reject-for-rep', reasonId: 'other', note: 'Wrong region' }, new Date(NOW.getTime() - 3_600_000));

    // Escalated to the backup: the handover's audit names the new owner.
    const escalated = await insertLead(database, { email: 'escalated@northwind.fr', ownerId: rep.id, salesforceId: '00Q5g00000XyZaBCDE', stage: 'sql' });
    const escalatedHandover = await insertHandover(database, { leadId: escalated, ownerId: rep.id, startedAt: minutesAgo(900), warnAt: minutesAgo(700), deadline: minutesAgo(500) });
    await database.db.update(handovers).set({ ownerId: backup.id, escalatedAt: minutesAgo(480), breachedAt: minutesAgo(500) }).where(eq(handovers.id, escalatedHandover));
    await database.db.insert(auditLog).values({ at: minutesAgo(480), actorKind: 'system', action: 'handover.escalate', entity: 'handover', entityId: escalatedHandover, details: { from: rep.id, to: backup.id } });

    queries.push(
      { email: 'camille@northwind.fr' },
      { email: '  Camille@Northwind.FR ' },
      { crm: 'hubspot', recordId: '5101' },
      { crm: 'salesforce', recordId: '00Q5g00000AbCdEFGH' },
      { crm: 'salesforce', recordId: '00Q5g00000AbCdE' },
      { crm: 'pipedrive', recordId: '77' },
      { crm: 'hubspot', recordId: '5102' },
      { crm: 'hubspot', recordId: '5103' },
      { crm: 'pipedrive', recordId: '78' },
      { crm: 'salesforce', recordId: '00Q5g00000XyZaBCDE' },
      { email: 'nobody@example.com' },
    );
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  const packetOrNull = (caller: TUser, query: TPacketQuery, now = NOW) =>
    getPacket(database, caller, query, now, LINKS).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'NOT_FOUND') return null;
      throw error;
    });

  it('equals the packet assembled one query at a time, for every lead, look-up and caller', async () => {
    let compared = 0;
    for (const query of queries) {
      for (const caller of Object.values(people)) {
        expect(await packetOrNull(caller, query), JSON.stringify({ query, caller: caller.email })).toEqual(await referencePacket(database, caller, query, NOW, LINKS));
        compared++;
      }
    }
    expect(compared).toBe(queries.length * Object.keys(people).length);
    const busy = await getPacket(database, people.rep!, queries[0] as TPacketQuery, NOW, LINKS);
    expect([busy.timeline.length, busy.touches.length]).toEqual([50, 20]);
    expect((await getPacket(database, people.rep!, { crm: 'hubspot', recordId: '5103' }, NOW, LINKS)).timeline).toHaveLength(50);
  });

  it('follows a charter activated here: the next packet has its reasons and its scoring window', async () => {
    const body = {
      ...DEFAULT_CHARTER,
      engagement: { ...DEFAULT_CHARTER.engagement, windowDays: 90 },
      rejectionReasons: [...DEFAULT_CHARTER.rejectionReasons, { id: 'moved_on', label: 'Moved on', criterion: null, noteRequired: false, returnsToNurture: true }],
    };
    const before = await getPacket(database, people.rep!, { email: 'camille@northwind.fr' }, NOW, LINKS);
    expect(before.rejectionReasons.map((r) => r.id)).not.toContain('moved_on');
    const version = await proposeCharter(database, people.sales!, body, 'wider window', NOW);
    await signOffCharter(database, people.sales!, version, NOW);
    await signOffCharter(database, people.marketing!, version, NOW);
    for (const query of queries) {
      const packet = await packetOrNull(people.rep!, query);
      expect(packet).toEqual(await referencePacket(database, people.rep!, query, NOW, LINKS));
      if (packet) expect(packet.rejectionReasons.map((r) => r.id)).toContain('moved_on');
    }
  });

  it('follows a charter another process activated on the same file', async () => {
    const other = await openDatabase(database.url);
    try {
      const sales = (await userForToken(other, (await addUser(other, { email: 'sid.sales@example.com', name: 'Sid Sales', role: 'manager', team: 'sales' }, SYSTEM, NOW)).token))!;
      const body = { ...DEFAULT_CHARTER, intent: { ...DEFAULT_CHARTER.intent, windowDays: 7 }, rejectionReasons: [...DEFAULT_CHARTER.rejectionReasons, { id: 'from_elsewhere', label: 'Elsewhere', criterion: null, noteRequired: false, returnsToNurture: false }] };
      const version = await proposeCharter(other, sales, body, undefined, NOW);
      await signOffCharter(other, sales, version, NOW);
      await signOffCharter(other, people.marketing!, version, NOW);
    } finally {
      other.close();
    }
    const packet = await getPacket(database, people.rep!, { email: 'camille@northwind.fr' }, NOW, LINKS);
    expect(packet.rejectionReasons.map((r) => r.id)).toEqual([...DEFAULT_CHARTER.rejectionReasons.map((r) => r.id), 'from_elsewhere']);
    expect(packet).toEqual(await referencePacket(database, people.rep!, { email: 'camille@northwind.fr' }, NOW, LINKS));
  });
});
