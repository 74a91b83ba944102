import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The SLA "met" rule at its boundary, through the real touch.log and read back two ways: the
// stats (SQL over the stored rows) and the packet (the TypeScript SLA clock). They must agree.
// Rita works 09:00–17:00 UTC, Monday to Friday; 2 March 2026 is a Monday. Every handover
// starts at 10:00 with its deadline at 14:00; the touches come just before, exactly at and
// just after it.

const DEADLINE = '2026-03-02T14:00:00.000Z';
const TOUCHES = [
  { lead: 'early', at: '2026-03-02T13:59:59.999Z', state: 'met' },
  { lead: 'exact', at: DEADLINE, state: 'met' },
  { lead: 'late', at: '2026-03-02T14:00:00.001Z', state: 'missed' },
] as const;
const CALENDAR = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] as string[] };

describe('the SLA met rule in the stats', () => {
  let server: TestServer;
  let rita: Awaited<ReturnType<TestServer['user']>>;
  let maria: Awaited<ReturnType<TestServer['user']>>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date('2026-03-02T16:00:00.000Z') });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', ...CALENDAR });
    rita = await server.user({ email: 'rita@example.com', name: 'Rita Rep', role: 'rep', managerEmail: 'maria@example.com', ...CALENDAR });
    for (const touch of TOUCHES) {
      const leadId = await insertLead(server.database, { id: `lead-${touch.lead}`, email: `${touch.lead}@example.com`, ownerId: rita.id, stage: 'sql' });
      await insertHandover(server.database, {
        leadId,
        ownerId: rita.id,
        startedAt: '2026-03-02T10:00:00.000Z',
        warnAt: '2026-03-02T13:00:00.000Z',
        deadline: DEADLINE,
      });
      await rita.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: `touch-${touch.lead}`, at: touch.at });
    }
  });
  afterAll(() => server.close());

  it('counts a first touch exactly at the deadline as met, one 1 ms later as missed', async () => {
    const stats = await maria.api.stats.reps.query({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });
    expect(stats.reps.map((r) => [r.email, r.slaDue, r.slaMet, r.breached])).toEqual([['rita@example.com', 3, 2, 1]]);
  });

  it('agrees with the SLA state the packet shows for each handover', async () => {
    for (const touch of TOUCHES) {
      const packet = await rita.api.packet.get.query({ email: `${touch.lead}@example.com` });
      expect([touch.lead, packet.handover?.sla.state]).toEqual([touch.lead, touch.state]);
    }
  });
});
