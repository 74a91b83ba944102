import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../server/domain/audit';
import { addIngestKey, addUser, hashSecret } from '../../server/domain/users';
import { startServer, type RunningServer } from '../../server/server';
import { startHeldProxy, type HeldProxy } from '../support/held-proxy';
import { startSqld, type Sqld } from '../support/sqld';

// A database outage is a 503 in words — in tRPC, REST and /healthz answers and in the
// log — never SQL, its parameters (a token's hash) or a stack; and a libSQL server that
// hangs is given up on after the database time limit instead of holding every request.

const UNAVAILABLE = 'the database is unavailable; retry in a moment';

async function callEverything(server: RunningServer, token: string, key: string) {
  const signal = () => AbortSignal.timeout(15_000);
  const trpc = await fetch(`${server.url}/trpc/me`, { headers: { authorization: `Bearer ${token}` }, signal: signal() });
  const rest = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ id: 'ev-1', email: 'dana@bigco.com', type: 'pricing_view', at: new Date().toISOString() }] }),
    signal: signal(),
  });
  const health = await fetch(`${server.url}/healthz`, { signal: signal() });
  return {
    trpc: { status: trpc.status, text: await trpc.text() },
    rest: { status: rest.status, text: await rest.text() },
    health: { status: health.status, text: await health.text() },
  };
}

function expectNoLeak(text: string, secrets: readonly string[]) {
  expect(text).not.toMatch(/select|insert|Failed query|params|\bat .*\.ts:/i);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('with the libSQL server down', () => {
  let sqld: Sqld;
  let server: RunningServer;
  let token: string;
  let key: string;
  const logged: string[] = [];

  beforeAll(async () => {
    sqld = await startSqld();
    server = await startServer({ dbUrl: sqld.url, port: 0, limits: { dbTimeoutMs: 5_000 } });
    ({ token } = await addUser(server.database, { email: 'sam.rep@example.com', name: 'Sam Rep', role: 'rep', timeZone: 'Europe/Paris' }, SYSTEM));
    key = await addIngestKey(server.database, 'outage test', SYSTEM);
    await sqld.stop();
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.stack} ${String(a.cause)}` : String(a))).join(' ')));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.close();
  });

  it('answers 503 in words on tRPC, REST and /healthz, and logs neither SQL nor a token hash', async () => {
    const { trpc, rest, health } = await callEverything(server, token, key);

    expect(trpc.status).toBe(503);
    expect(JSON.parse(trpc.text)).toMatchObject({ error: { message: UNAVAILABLE, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, appCode: 'UNAVAILABLE' } } });
    expect(rest.status).toBe(503);
    expect(JSON.parse(rest.text)).toEqual({ error: { code: 'UNAVAILABLE', message: UNAVAILABLE, field: null } });
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: UNAVAILABLE } });

    const secrets = [token, hashSecret(token), key, hashSecret(key)];
    for (const text of [trpc.text, rest.text, health.text]) expectNoLeak(text, secrets);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expectNoLeak(line, secrets);
    expect(logged.some((line) => line.includes('UNAVAILABLE'))).toBe(true);
  });
});

describe('with a libSQL server that accepts and never answers', () => {
  let sqld: Sqld;
  let proxy: HeldProxy;
  let server: RunningServer;
  let token: string;
  let key: string;

  beforeAll(async () => {
    sqld = await startSqld();
    proxy = await startHeldProxy(sqld.url);
    server = await startServer({ dbUrl: proxy.url, port: 0, limits: { dbTimeoutMs: 1_000 } });
    ({ token } = await addUser(server.database, { email: 'sam.rep@example.com', name: 'Sam Rep', role: 'rep', timeZone: 'Europe/Paris' }, SYSTEM));
    key = await addIngestKey(server.database, 'hang test', SYSTEM);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
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

  it('gives up after the database time limit with a 503 on tRPC, REST and /healthz, then serves again once it answers', async () => {
    proxy.hold = () => true;
    const { trpc, rest, health } = await callEverything(server, token, key);
    expect([trpc.status, rest.status, health.status]).toEqual([503, 503, 503]);
    expect(JSON.parse(trpc.text)).toMatchObject({ error: { message: UNAVAILABLE } });
    expect(JSON.parse(rest.text)).toMatchObject({ error: { code: 'UNAVAILABLE', message: UNAVAILABLE } });

    proxy.hold = () => false;
    const health2 = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(15_000) });
    expect(health2.status).toBe(200);
    expect(await health2.json()).toEqual({ ok: true });
  });
});
