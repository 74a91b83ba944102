import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPacket } from '../../shared/packet';
import { handovers, leads } from '../../server/db/schema';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// The review queue for marginal leads under the default charter, whose SQL thresholds are fit
// in ICP, engagement high, intent medium, authority decision-maker. Leads are stored with
// their levels, as scoring leaves them.

const NOW = new Date('2026-06-01T12:00:00.000Z');
const SCORED = '2026-05-31T10:00:00.000Z';
const SQL_LEVELS = { fitLevel: 'in_icp', engagementLevel: 'high', intentLevel: 'medium', authorityLevel: 'decision_maker' };

type TCaller = Awaited<ReturnType<TestServer['user']>>;

describe('the review queue', () => {
  let server: TestServer;
  let manager: TCaller;
  let rep: TCaller;

  /** An MQL in play with the SQL levels but `levels`, scored yesterday. */
  const mql = (n: number, source: string, levels: Partial<typeof SQL_LEVELS>, more: Partial<typeof leads.$inferInsert> = {}) =>
    insertLead(server.database, {
      id: `L${n}`,
      email: `lead${n}@acme.example`,
      firstName: 'Lead',
      lastName: `Number ${n}`,
      title: 'VP Sales',
      company: { name: 'Acme' },
      source,
      stage: 'mql',
      status: 'active',
      ...SQL_LEVELS,
      ...levels,
      charterVersion: 1,
      scoredAt: SCORED,
      createdAt: '2026-05-01T00:00:00.000Z',
      ...more,
    });

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    manager = await server.user({ email: 'maria@example.com', name: 'Maria Manager', role: 'manager', team: 'sales' });
    rep = await server.user({ ...roundTheClock(NOW), email: 'rita@example.com', name: 'Rita Rep', role: 'rep', team: 'sales', managerEmail: 'maria@example.com' });
    await mql(1, 'webinar', { intentLevel: 'low' }); // intent one level short: in
    await mql(2, 'ebook', { fitLevel: 'borderline' }, { scoredAt: '2026-05-31T09:00:00.000Z' }); // fit one level short: in
    await mql(3, 'webinar', { intentLevel: 'none' }); // two levels short
    await mql(4, 'webinar', { intentLevel: 'low', authorityLevel: 'influencer' }); // two criteria short
    await mql(5, 'webinar', { intentLevel: 'low' }, { stage: 'lead' }); // not an MQL
    await mql(6, 'webinar', { intentLevel: 'low' }, { status: 'nurture' }); // not in play
    await mql(7, 'webinar', { intentLevel: 'low' }); // already with sales
    await insertHandover(server.database, { leadId: 'L7', ownerId: rep.id, startedAt: SCORED, warnAt: NOW.toISOString(), deadline: NOW.toISOString(), stage: 'mql' });
    await mql(8, 'webinar', { intentLevel: 'low' }, { scoredAt: null, intentLevel: null }); // never scored
    // Sources without proven conversion: their MQLs wait for review however far from SQL.
    await mql(9, 'podcast', { intentLevel: 'low', authorityLevel: 'influencer' }, { scoredAt: '2026-05-31T08:00:00.000Z' }); // two criteria short: in
    await mql(10, 'ebook', { intentLevel: 'none' }, { scoredAt: '2026-05-31T07:00:00.000Z' }); // two levels short: in
    await mql(11, 'podcast', {}, { stage: 'lead', intentLevel: 'none' }); // not an MQL
    await mql(12, 'podcast', { intentLevel: 'none', authorityLevel: 'influencer' }, { scoredAt: '2026-05-31T11:00:00.000Z' }); // three levels short, scored last: in, after the closer ones
    // The webinar source's year: two SQLs, one won; the ebook source none.
    await insertLead(server.database, { email: 'won@acme.example', source: 'webinar', stage: 'sql', sqlAt: '2026-01-10T00:00:00.000Z', wonAt: '2026-03-01T00:00:00.000Z' });
    await insertLead(server.database, { email: 'open@acme.example', source: 'webinar', stage: 'sql', sqlAt: '2026-02-10T00:00:00.000Z' });
    await insertLead(server.database, { email: 'old@acme.example', source: 'ebook', stage: 'sql', sqlAt: '2025-01-10T00:00:00.000Z', wonAt: '2025-03-01T00:00:00.000Z' });
  });
  afterAll(() => server.close());

  it('lists the MQLs in play one level short of SQL on one criterion, and those from sources with no deal won in a year, the closest to SQL first, with their source’s year', async () => {
    const queue = await manager.api.review.queue.query();
    expect(queue.total).toBe(5);
    expect(queue.leads.map((l) => [l.leadId, l.reasons, l.misses, l.sourceRecord])).toEqual([
      ['L1', ['shortOfSql'], [{ criterion: 'intent', level: 'low', needed: 'medium' }], { sqls: 2, won: 1 }],
      ['L2', ['shortOfSql', 'unprovenSource'], [{ criterion: 'fit', level: 'borderline', needed: 'in_icp' }], { sqls: 0, won: 0 }],
      [
        'L9',
        ['unprovenSource'],
        [
          { criterion: 'intent', level: 'low', needed: 'medium' },
          { criterion: 'authority', level: 'influencer', needed: 'decision_maker' },
        ],
        { sqls: 0, won: 0 },
      ],
      ['L10', ['unprovenSource'], [{ criterion: 'intent', level: 'none', needed: 'medium' }], { sqls: 0, won: 0 }],
      [
        'L12',
        ['unprovenSource'],
        [
          { criterion: 'intent', level: 'none', needed: 'medium' },
          { criterion: 'authority', level: 'influencer', needed: 'decision_maker' },
        ],
        { sqls: 0, won: 0 },
      ],
    ]);
    expect(queue.leads.map((l) => l.short)).toEqual(queue.leads.map((l) => l.misses[0]));
    expect(queue.leads[0]).toMatchObject({ name: 'Lead Number 1', email: 'lead1@acme.example', company: 'Acme', source: 'webinar', scoredAt: SCORED });
    expect(queue.singleAttempts).toEqual({ sent: 0, open: 0, accepted: 0, rejected: 0, won: 0, bySource: [] });
  });

  it('sends one to sales for a single attempt, routed as the charter says, once whatever the retries', async () => {
    const sent = await manager.api.review.send.mutate({ leadId: 'L1', idempotencyKey: 'review-send-L1' });
    expect(sent).toMatchObject({ leadId: 'L1', owner: { id: rep.id, name: 'Rita Rep' }, replayed: false });
    const again = await manager.api.review.send.mutate({ leadId: 'L1', idempotencyKey: 'review-send-L1' });
    expect(again).toMatchObject({ handoverId: sent.handoverId, replayed: true });
    expect(await failure(manager.api.review.send.mutate({ leadId: 'L1', idempotencyKey: 'review-send-L1-bis' }))).toMatchObject({ code: 'CONFLICT' });

    const [handover] = await server.database.db.select().from(handovers).where(eq(handovers.leadId, 'L1'));
    expect(handover).toMatchObject({ id: sent.handoverId, singleAttempt: true, stage: 'mql', state: 'open', routing: { by: 'fallback' } });
    // The rep sees it as such in the packet.
    const packet = ZPacket.parse(await rep.api.packet.get.query({ email: 'lead1@acme.example' }));
    expect(packet.handover).toMatchObject({ id: sent.handoverId, singleAttempt: true });

    const queue = await manager.api.review.queue.query();
    expect(queue.leads.map((l) => l.leadId)).toEqual(['L2', 'L9', 'L10', 'L12']);
    expect(queue.singleAttempts).toEqual({ sent: 1, open: 1, accepted: 0, rejected: 0, won: 0, bySource: [{ source: 'webinar', sent: 1, open: 1, accepted: 0, rejected: 0, won: 0 }] });

    // What it became counts in the figures.
    await rep.api.decision.reject.mutate({ leadId: 'L1', idempotencyKey: 'reject-L1-after-review', reason: 'no_intent' });
    expect((await manager.api.review.queue.query()).singleAttempts).toMatchObject({ sent: 1, open: 0, rejected: 1, bySource: [{ source: 'webinar', sent: 1, open: 0, rejected: 1 }] });
  });

  it('leaves a lead out until it is scored anew', async () => {
    expect(await manager.api.review.dismiss.mutate({ leadId: 'L2' })).toEqual({ leadId: 'L2', dismissed: true });
    expect((await manager.api.review.queue.query()).leads.map((l) => l.leadId)).toEqual(['L9', 'L10', 'L12']);
    await server.database.db.update(leads).set({ scoredAt: '2026-06-01T11:00:00.000Z' }).where(eq(leads.id, 'L2'));
    expect((await manager.api.review.queue.query()).leads.map((l) => l.leadId)).toEqual(['L2', 'L9', 'L10', 'L12']);
  });

  it('keeps a source’s far-from-SQL leads out once one of its leads is won: its conversion is proven', async () => {
    await insertLead(server.database, { email: 'won-ebook@acme.example', source: 'ebook', stage: 'sql', sqlAt: '2026-04-10T00:00:00.000Z', wonAt: '2026-05-20T00:00:00.000Z' });
    const queue = await manager.api.review.queue.query();
    expect(queue.leads.map((l) => [l.leadId, l.reasons, l.sourceRecord])).toEqual([
      ['L2', ['shortOfSql'], { sqls: 1, won: 1 }],
      ['L9', ['unprovenSource'], { sqls: 0, won: 0 }],
      ['L12', ['unprovenSource'], { sqls: 0, won: 0 }],
    ]);
    expect(queue.total).toBe(3);
  });

  it('is for managers and admins, and names the field at fault', async () => {
    expect(await failure(rep.api.review.queue.query())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(rep.api.review.send.mutate({ leadId: 'L2', idempotencyKey: 'review-send-by-rep' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(rep.api.review.dismiss.mutate({ leadId: 'L2' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(manager.api.review.send.mutate({ leadId: 'L2', idempotencyKey: 'short' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'idempotencyKey' });
    expect(await failure(manager.api.review.queue.query({ limit: 0 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'limit' });
    expect(await failure(manager.api.review.dismiss.mutate({ leadId: 'nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
