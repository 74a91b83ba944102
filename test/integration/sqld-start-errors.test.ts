import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child-server';
import { freePort, startSqld, type Sqld } from '../support/sqld';

// A libSQL server that refuses the token, or does not answer, stops the start with one line
// in words saying what to check — not the first migration's stack trace. The server here
// requires a token (a JWT signed by its key, as Turso issues them).

const SETTINGS = { HANDSHAKE_DEMO: '0', HANDSHAKE_SECRET_KEY: randomBytes(32).toString('base64') };

async function start(dbUrl: string, env: Record<string, string> = {}) {
  const server = startChildServer(dbUrl, { ...SETTINGS, ...env });
  const started = await Promise.race([server.waitFor(/Handshake server on/).then(() => 'serving' as const), server.exited]);
  if (started === 'serving') {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  return { started, output: server.output() };
}

describe('starting on a libSQL server that asks for a token', () => {
  let sqld: Sqld;
  let dir: string;

  beforeAll(async () => {
    sqld = await startSqld({ auth: true });
    dir = await mkdtemp(join(tmpdir(), 'handshake-start-errors-'));
  });
  afterAll(async () => {
    await sqld?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says a token is missing, or refused, in one line, and ends with code 1', async () => {
    const missing = await start(sqld.url);
    expect(missing.started).toBe(1);
    expect(missing.output.trim()).toBe(`Handshake did not start: the libSQL server at ${sqld.url} asks for a token: set HANDSHAKE_DB_AUTH_TOKEN (HTTP 401)`);
    const refused = await start(sqld.url, { HANDSHAKE_DB_AUTH_TOKEN: 'not-a-token' });
    expect(refused.started).toBe(1);
    expect(refused.output.trim()).toBe(`Handshake did not start: the libSQL server at ${sqld.url} refused the token in HANDSHAKE_DB_AUTH_TOKEN (HTTP 401)`);
  });

  it('says so for an embedded replica of it too, and starts with the right token, over HTTP and on a replica', async () => {
    const replica = { HANDSHAKE_DB_SYNC_URL: sqld.url };
    const refused = await start(`file:${join(dir, 'refused.db')}`, { ...replica, HANDSHAKE_DB_AUTH_TOKEN: 'not-a-token' });
    expect(refused.output.trim()).toBe(`Handshake did not start: the libSQL server at ${sqld.url} refused the token in HANDSHAKE_DB_AUTH_TOKEN (HTTP 401)`);
    expect((await start(sqld.url, { HANDSHAKE_DB_AUTH_TOKEN: sqld.token! })).started).toBe('serving');
    const onReplica = await start(`file:${join(dir, 'replica.db')}`, { ...replica, HANDSHAKE_DB_AUTH_TOKEN: sqld.token! });
    expect(onReplica.started).toBe('serving');
    expect(onReplica.output).toContain(`an embedded replica of ${sqld.url}`);
  });

  it('says a server that does not answer is not answering, and what to check', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const { started, output } = await start(nobody, { HANDSHAKE_DB_TIMEOUT_SECONDS: '2' });
    expect(started).toBe(1);
    expect(output.trim()).toBe(
      `Handshake did not start: the libSQL server at ${nobody} did not answer (ECONNREFUSED): is it running, and is the address right? A libsql:// address uses TLS; add ?tls=0 for a server without it`,
    );
  });
});
