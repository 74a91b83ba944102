import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitSettings, loadConfig } from '../../server/config';
import { ingestKeys, segmentPending } from '../../server/db/schema';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const CAP = 1_000;

/** `n` page calls, each from its own visitor that no identify has named. */
const anonymousPages = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: 'page', anonymousId: `${prefix}-${i}`, messageId: `${prefix}-m${i}`, timestamp: '2026-11-23T08:00:00Z', properties: { path: '/pricing' } }));

describe('Segment calls kept for visitors not yet identified, per ingest key', () => {
  let server: TestServer;
  let flood: string;
  let quiet: string;
  const keptBy = async (name: string) => {
    const [row] = await server.database.db
      .select({ n: count() })
      .from(segmentPending)
      .innerJoin(ingestKeys, eq(segmentPending.ingestKeyId, ingestKeys.id))
      .where(eq(ingestKeys.name, name));
    return row!.n;
  };
  const keptIds = async () => new Set((await server.database.db.select({ id: segmentPending.id }).from(segmentPending)).map((row) => row.id));

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW, limits: { segmentPendingPerKey: CAP } });
    flood = await server.ingestKey('flood');
    quiet = await server.ingestKey('quiet');
  });
  afterAll(() => server.close());

  it('keeps at most the configured number per key: the calls kept longest are let go first, and the reply says how many', { timeout: 120_000 }, async () => {
    const quietReply = await server.post('/api/v1/segment/batch', { batch: anonymousPages('q', 5) }, quiet);
    expect(quietReply.body).toMatchObject({ accepted: 0, pending: 5, pendingDropped: 0, rejected: [] });

    // The finding: one key parking 20,000 calls from visitors never identified.
    const replies = [];
    for (let request = 0; request < 4; request += 1) {
      replies.push((await server.post('/api/v1/segment/batch', { batch: anonymousPages(`f${request}`, 5_000) }, flood)).body);
    }
    expect(replies.map((r) => [r.pending, r.pendingDropped])).toEqual([
      [CAP, 5_000 - CAP],
      [CAP, 5_000],
      [CAP, 5_000],
      [CAP, 5_000],
    ]);
    expect(await keptBy('flood')).toBe(CAP);
    // The other key's calls are its own: none let go for the flood.
    expect(await keptBy('quiet')).toBe(5);

    // Kept: the last CAP calls of the last request, in the order they were sent.
    const kept = await keptIds();
    expect(kept.has('f3-m4999')).toBe(true);
    expect(kept.has(`f3-m${5_000 - CAP}`)).toBe(true);
    expect(kept.has(`f3-m${5_000 - CAP - 1}`)).toBe(false);
    expect(kept.has('f0-m4999')).toBe(false);

    // A small request lets go as many of the oldest as it keeps.
    const more = await server.post('/api/v1/segment/batch', { batch: anonymousPages('f4', 10) }, flood);
    expect(more.body).toMatchObject({ pending: 10, pendingDropped: 10 });
    const after = await keptIds();
    expect(after.has(`f3-m${5_000 - CAP}`)).toBe(false);
    expect(after.has(`f3-m${5_000 - CAP + 10}`)).toBe(true);
    expect(await keptBy('flood')).toBe(CAP);

    // A visitor whose call was let go is identified with nothing to resolve; one still kept resolves.
    const lost = await server.post('/api/v1/segment/identify', { anonymousId: 'f0-0', traits: { email: 'lost@visitor.io' } }, flood);
    expect(lost.body).toMatchObject({ accepted: 1, resolved: 0 });
    const found = await server.post('/api/v1/segment/identify', { anonymousId: 'f4-3', traits: { email: 'found@visitor.io' } }, flood);
    expect(found.body).toMatchObject({ accepted: 2, resolved: 1, pending: 0, pendingDropped: 0 });
  });
});

describe('the bound on kept Segment calls', () => {
  it('is 50,000 per key unless HANDSHAKE_SEGMENT_PENDING_PER_KEY says otherwise, and a bad value names the variable', () => {
    expect(limitSettings(loadConfig({})).segmentPendingPerKey).toBe(50_000);
    expect(limitSettings(loadConfig({ HANDSHAKE_SEGMENT_PENDING_PER_KEY: '2000' })).segmentPendingPerKey).toBe(2_000);
    expect(() => loadConfig({ HANDSHAKE_SEGMENT_PENDING_PER_KEY: '0' })).toThrow(/^HANDSHAKE_SEGMENT_PENDING_PER_KEY: /);
  });
});
