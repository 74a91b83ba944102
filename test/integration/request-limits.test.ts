import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../server/domain/audit';
import { addUser } from '../../server/domain/users';
import { startServer, type RunningServer } from '../../server/server';
import { startHeldProxy, type HeldProxy } from '../support/held-proxy';
import { startTestServer, type TestServer } from '../support/server';
import { startSqld, type Sqld } from '../support/sqld';

// One request must not stall everyone: a tRPC batch is bounded, a request has a time
// limit after which it is answered and stops, and one caller has a bounded number of
// requests in flight.

const trpcGet = (url: string, path: string, token: string, input: unknown = {}) =>
  fetch(`${url}/trpc/${path}?${path.includes(',') ? 'batch=1&' : ''}input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(15_000),
  });

describe('tRPC batches', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ limits: { maxBatch: 5 } });
    ({ token } = await server.user({ email: 'mia.manager@example.com', name: 'Mia Manager', role: 'manager', timeZone: 'Europe/Paris' }));
  });
  afterAll(() => server?.close());

  it('refuses a batch over the limit with a 400 naming the limit, in the tRPC error shape, and runs one within it', async () => {
    const within = await trpcGet(server.url, Array(5).fill('queue.team').join(','), token, Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, null])));
    expect(within.status).toBe(200);
    expect(await within.json()).toHaveLength(5);

    const over = await trpcGet(server.url, Array(6).fill('queue.team').join(','), token);
    expect(over.status).toBe(400);
    const body = (await over.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.message).toBe('batch: at most 5 calls per request, got 6');
    expect(body.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, appCode: 'INVALID_INPUT', field: 'batch' });
  });

  it('has a limit by default: 200 calls in one batch are refused', async () => {
    const plain = await startTestServer();
    try {
      const { token: managerToken } = await plain.user({ email: 'max.manager@example.com', name: 'Max Manager', role: 'manager', timeZone: 'UTC' });
      const response = await trpcGet(plain.url, Array(200).fill('queue.team').join(','), managerToken);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('batch: at most 20 calls per request, got 200');
    } finally {
      await plain.close();
    }
  });
});

describe('a request the database is slow on (a real libSQL server behind a hop that holds it)', () => {
  let sqld: Sqld;
  let proxy: HeldProxy;
  let server: RunningServer;
  let token: string;
  const logged: string[] = [];

  beforeAll(async () => {
    sqld = await startSqld();
    proxy = await startHeldProxy(sqld.url);
    server = await startServer({ dbUrl: proxy.url, port: 0, limits: { requestTimeoutMs: 3000, dbTimeoutMs: 60_000, maxInFlightPerCaller: 2 } });
    ({ token } = await addUser(server.database, { email: 'mia.manager@example.com', name: 'Mia Manager', role: 'manager', timeZone: 'Europe/Paris' }, SYSTEM));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  });
  afterEach(() => {
    proxy.hold = () => false;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.close();
    await proxy?.close();
    await sqld?.stop();
  });

  it('answers /healthz meanwhile, times the slow request out with a 503 in words, and lets go of its database call', async () => {
    proxy.hold = (body) => body.includes('handovers');
    const slow = trpcGet(server.url, 'queue.team', token);
    const held = await proxy.nextHeld();

    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const answer = await slow;
    expect(answer.status).toBe(503);
    const body = (await answer.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.message).toBe("the request ran past the server's 3 s time limit and was stopped; retry, or ask for less at once");
    expect(body.error.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, appCode: 'TIMEOUT' });

    // The held call to the database is cancelled, not left holding a connection.
    await held.abandoned;
    expect(logged.some((line) => line.includes('/trpc/queue.team: stopped after 3 s'))).toBe(true);

    // Nothing of it is left: the same caller is served again at once.
    const me = await trpcGet(server.url, 'me', token);
    expect(me.status).toBe(200);
  });

  it('refuses a caller over their requests in flight with a 429, while the others and /healthz are served', async () => {
    proxy.hold = (body) => body.includes('handovers');
    const first = trpcGet(server.url, 'queue.team', token);
    const second = trpcGet(server.url, 'queue.team', token);
    await proxy.nextHeld();
    await proxy.nextHeld();

    const third = await trpcGet(server.url, 'me', token);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    const body = (await third.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.message).toBe('too many requests at once from 127.0.0.1: at most 2 in flight; retry when one has answered');
    expect(body.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMITED' });
    expect((await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);

    expect((await first).status).toBe(503);
    expect((await second).status).toBe(503);
    expect((await trpcGet(server.url, 'me', token)).status).toBe(200);
  });
});
