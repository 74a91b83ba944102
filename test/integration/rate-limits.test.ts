import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

// Repeated failed sign-ins are slowed down (per client address, per token prefix) and
// ingest floods are capped per key, with 429 and Retry-After; a rep or an integration
// working normally never meets either.

interface TErrorBody {
  error: { message: string; code?: unknown; data?: Record<string, unknown>; field?: unknown };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const me = (url: string, token: string, headers: Record<string, string> = {}) => fetch(`${url}/trpc/me`, { headers: { authorization: `Bearer ${token}`, ...headers } });
const wrongToken = (prefix = 'hs_') => `${prefix}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

function expectRetryAfter(response: Response) {
  const seconds = Number(response.headers.get('retry-after'));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

describe('failed sign-ins', () => {
  it('after 10 wrong tokens from one address, answers 429 with Retry-After — to the right token too', async () => {
    server = await startTestServer();
    const { token } = await server.user({ email: 'sam.rep@example.com', name: 'Sam Rep', role: 'rep', timeZone: 'Europe/Paris' });
    for (let i = 0; i < 10; i += 1) expect((await me(server.url, wrongToken())).status).toBe(401);

    const refused = await me(server.url, wrongToken());
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    const body = (await refused.json()) as TErrorBody;
    expect(body.error.message).toMatch(/^too many failed sign-ins \(over 10 a minute\): retry in \d+ s$/);
    expect(body.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMITED' });

    expect((await me(server.url, token)).status).toBe(429);
  });

  it('counts wrong ingest keys too, and answers in the REST shape', async () => {
    server = await startTestServer({ limits: { authFailuresPerMinute: 3 } });
    const key = await server.ingestKey();
    for (let i = 0; i < 3; i += 1) expect((await server.post('/api/v1/events', { events: [] }, wrongToken('hsk_'))).status).toBe(401);
    const refused = await server.post('/api/v1/events', { events: [] }, key);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', field: null });
  });

  it('limits one token prefix whatever address it comes from (behind a trusted proxy)', async () => {
    server = await startTestServer({ limits: { authFailuresPerMinute: 3, trustProxy: true } });
    const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.9, ${address}` });
    for (let i = 1; i <= 3; i += 1) expect((await me(server.url, wrongToken('hs_AAAAAAAA'), from(`10.0.0.${i}`))).status).toBe(401);
    const samePrefix = await me(server.url, wrongToken('hs_AAAAAAAA'), from('10.0.0.4'));
    expect(samePrefix.status).toBe(429);
    expectRetryAfter(samePrefix);
    expect((await me(server.url, wrongToken('hs_BBBBBBBB'), from('10.0.0.5'))).status).toBe(401);
  });

  it('does not trust X-Forwarded-For unless told the server is behind a proxy', async () => {
    server = await startTestServer({ limits: { authFailuresPerMinute: 3 } });
    for (let i = 1; i <= 3; i += 1) expect((await me(server.url, wrongToken(), { 'x-forwarded-for': `10.0.0.${i}` })).status).toBe(401);
    expect((await me(server.url, wrongToken(), { 'x-forwarded-for': '10.0.0.4' })).status).toBe(429);
  });
});

describe('ingest floods', () => {
  it('caps requests per ingest key a minute with 429 and Retry-After, REST and Segment alike; another key is not held back', async () => {
    server = await startTestServer({ limits: { ingestPerMinute: 5 } });
    const key = await server.ingestKey('flooding source');
    const other = await server.ingestKey('quiet source');
    const at = new Date().toISOString();
    for (let i = 0; i < 3; i += 1) expect((await server.post('/api/v1/events', { events: [{ id: `ev-${i}`, email: 'dana@bigco.com', type: 'page_view', at }] }, key)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await server.post('/api/v1/segment/track', { userId: 'dana@bigco.com', event: 'Pricing Viewed', messageId: `m-${i}` }, key)).status).toBe(200);

    const response = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"events":[]}' });
    expect(response.status).toBe(429);
    expectRetryAfter(response);
    const body = (await response.json()) as TErrorBody;
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', field: null });
    expect(body.error.message).toMatch(/^too many ingest requests for this key \(over 5 a minute\): retry in \d+ s$/);

    expect((await server.post('/api/v1/events', { events: [] }, other)).status).toBe(200);
  });
});

describe('normal use', () => {
  it('never limits a rep clicking around (a couple of typos included) or an integration syncing', async () => {
    server = await startTestServer();
    const { token } = await server.user({ email: 'sam.rep@example.com', name: 'Sam Rep', role: 'rep', timeZone: 'Europe/Paris' });
    const key = await server.ingestKey();
    for (let i = 0; i < 3; i += 1) expect((await me(server.url, `${token}x`)).status).toBe(401);

    const statuses: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      // What the extension sends when a record opens: the packet, the queue, the notifications, who is signed in.
      const calls = ['me', 'queue.mine', 'notifications.mine', 'me', 'queue.mine', 'notifications.mine'].map((path) =>
        fetch(`${server!.url}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } }),
      );
      statuses.push(...(await Promise.all(calls)).map((r) => r.status));
    }
    const at = new Date().toISOString();
    for (let i = 0; i < 60; i += 1) statuses.push((await server.post('/api/v1/events', { events: [{ id: `sync-${i}`, email: `lead${i}@bigco.com`, type: 'page_view', at }] }, key)).status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});
