import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/client';
import { handovers, users } from '../../server/db/schema';
import { SYSTEM } from '../../server/domain/audit';
import { outOfOfficeAt } from '../../server/domain/routing/availability';
import { escalationTarget } from '../../server/domain/routing/escalation';
import { Router } from '../../server/domain/routing/router';
import { addUser, type TUser } from '../../server/domain/users';
import { insertHandover, insertLead, PARIS_REP } from '../support/fixtures';

// Properties of routing and escalation over any mix of who is away, not taking leads or at
// capacity, on a real database file: never to someone who cannot take the lead, and never to
// nobody while anyone can. Each case sets everyone's availability, then asks.

const NOW = new Date('2026-11-23T09:00:00Z');
const AWAY = [{ from: '2026-11-20', to: '2026-11-30' }];
const REPS = ['r0', 'r1', 'r2', 'r3', 'r4'];
const CHARTER: TCharter = {
  ...DEFAULT_CHARTER,
  handover: {
    repsMayClaim: false,
    routing: { crmOwner: 'never', accountOwner: false, accountOwnerDays: 90, highTierWorkingNow: false, rules: [{ name: 'France', when: { countries: ['FR'] }, pool: { kind: 'team', managerEmail: 'm@team.com' } }], fallback: { kind: 'everyone' } },
  },
};

const ZRepState = fc.record({ away: fc.boolean(), inactive: fc.boolean(), capacity: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }) });

describe('routing properties', () => {
  let dir: string;
  let database: Database;
  const ids: Record<string, string> = {};
  let handoverId: string;
  let leadId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handshake-routing-'));
    database = await openDatabase(`file:${join(dir, 'handshake.db')}`);
    await migrateDatabase(database);
    ids.m = (await addUser(database, { ...PARIS_REP, email: 'm@team.com', name: 'M', role: 'manager' }, SYSTEM)).user.id;
    for (const rep of REPS) ids[rep] = (await addUser(database, { ...PARIS_REP, email: `${rep}@team.com`, name: rep, managerEmail: 'm@team.com' }, SYSTEM)).user.id;
    await database.db.update(users).set({ backupId: ids.r1 }).where(eq(users.id, ids.r0!));
    leadId = await insertLead(database, { email: 'buyer@acme.fr', company: { name: 'Acme', country: 'FR' }, stage: 'sql' });
    handoverId = await insertHandover(database, { leadId, ownerId: ids.r0!, startedAt: '2026-11-23T07:00:00Z', warnAt: '2026-11-23T07:45:00Z', deadline: '2026-11-23T08:00:00Z', routing: { by: 'rule', rule: 'France', skipped: [] } });
    // One open handover each for r2 and r3: a capacity of 1 puts them at capacity.
    for (const rep of ['r2', 'r3']) {
      const other = await insertLead(database, { email: `other-${rep}@else.fr` });
      await insertHandover(database, { leadId: other, ownerId: ids[rep]!, startedAt: '2026-11-23T07:00:00Z', warnAt: '2026-11-24T07:45:00Z', deadline: '2026-11-24T08:00:00Z' });
    }
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function setTeam(reps: { away: boolean; inactive: boolean; capacity: number | null }[], managerAway: boolean) {
    for (const [i, rep] of REPS.entries()) {
      const state = reps[i]!;
      await database.db.update(users).set({ outOfOffice: state.away ? AWAY : [], available: !state.inactive, capacity: state.capacity }).where(eq(users.id, ids[rep]!));
    }
    await database.db.update(users).set({ outOfOffice: managerAway ? AWAY : [] }).where(eq(users.id, ids.m!));
    return database.db.select().from(users);
  }
  const openOf = (rep: string) => (rep === 'r2' || rep === 'r3' ? 1 : rep === 'r0' ? 1 : 0);
  const canTake = (user: TUser, rep: string) => user.available && !outOfOfficeAt(user, NOW) && (user.capacity === null || openOf(rep) < user.capacity);

  it('escalates only to someone who can take the lead, and to nobody only when nobody can', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ZRepState, { minLength: 5, maxLength: 5 }), fc.boolean(), async (reps, managerAway) => {
        const everyone = await setTeam(reps, managerAway);
        const byId = new Map(everyone.map((u) => [u.id, u]));
        const [handover] = await database.db.select().from(handovers).where(eq(handovers.id, handoverId));
        const owner = byId.get(ids.r0!)!;
        const { to, trace } = await escalationTarget(database.db, new Router(database.db, CHARTER, NOW), CHARTER, handover!, owner, NOW);
        const others = REPS.slice(1).filter((rep) => canTake(byId.get(ids[rep]!)!, rep));
        if (to) {
          expect(to.id).not.toBe(owner.id);
          expect(outOfOfficeAt(to, NOW)).toBeUndefined();
          if (to.id !== ids.m) expect(others).toContain(REPS.find((rep) => ids[rep] === to.id));
          // The backup first when they can; the manager only when no rep can.
          if (others.includes('r1')) expect(trace.via).toBe('backup');
          if (trace.via === 'manager') expect(others).toEqual([]);
        } else {
          expect(others).toEqual([]);
          expect(managerAway).toBe(true);
          expect(trace.via).toBe('nobody');
        }
      }),
      { numRuns: 60 },
    );
  });

  it('routes only to a rep who can take the lead, and to nobody only when no rep can', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ZRepState, { minLength: 5, maxLength: 5 }), async (reps) => {
        const everyone = await setTeam(reps, false);
        const byId = new Map(everyone.map((u) => [u.id, u]));
        const router = new Router(database.db, CHARTER, NOW);
        const routed = await router.route({
          leadId,
          lead: { source: null, campaign: null, country: 'FR', industry: 'Software', employees: 300, targetAccount: false, stage: 'sql', intent: 'high' },
          accountId: null,
          named: { ownerId: null, ownerEmail: null },
          tier: 'high',
        });
        const able = REPS.filter((rep) => canTake(byId.get(ids[rep]!)!, rep));
        if (routed) {
          expect(able).toContain(REPS.find((rep) => ids[rep] === routed.owner.id));
          for (const skip of routed.trace.skipped) expect(able).not.toContain(REPS.find((rep) => ids[rep] === skip.userId));
        } else expect(able).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
