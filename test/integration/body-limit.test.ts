import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

// The body limits of tRPC (256 KiB) and REST ingest (5 MiB) hold whether a client declares
// the body's length or streams it in chunks of unknown length, and a request under the
// limit is answered as if no limit stood in its way.

let server: TestServer;
let token: string;
let ingestKey: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ token } = await server.user({ email: 'rep@example.com', name: 'Rep', role: 'rep' }));
  ingestKey = await server.ingestKey();
});
afterAll(() => server.close());

/**
 * POSTs `body` to `path` on a connection of its own: with its Content-Length, or with
 * Transfer-Encoding: chunked in `parts` pieces (no length declared).
 */
function send(path: string, body: string, authorization: string, chunked: { parts: number } | null): Promise<{ status: number; text: string }> {
  const length = { 'content-length': String(Buffer.byteLength(body)) };
  const headers = { 'content-type': 'application/json', authorization, ...(chunked ? { 'transfer-encoding': 'chunked' } : length) };
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // A server that answers before reading the whole body may close the connection under us.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    const size = Math.ceil(body.length / (chunked?.parts ?? 1));
    for (let i = 0; i < body.length; i += size) req.write(body.slice(i, i + size));
    req.end();
  });
}

const sendDeclared = (path: string, body: string, authorization: string) => send(path, body, authorization, null);
const sendChunked = (path: string, body: string, authorization: string, parts = 4) => send(path, body, authorization, { parts });

const tooLargeForTrpc = JSON.stringify({ leadId: 'x', idempotencyKey: 'k', note: 'n'.repeat(300 * 1024) });

describe('body limits', () => {
  it('refuses a tRPC body over 256 KiB with a 413 naming the body, declared or streamed', async () => {
    for (const send of [sendDeclared, sendChunked]) {
      const reply = await send('/trpc/decision.accept', tooLargeForTrpc, `Bearer ${token}`);
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.text)).toMatchObject({ error: { data: { appCode: 'PAYLOAD_TOO_LARGE', field: 'body' } } });
    }
  });

  it('reads a streamed tRPC body under the limit as it would a declared one', async () => {
    const body = JSON.stringify({ leadId: 'no-such-lead', idempotencyKey: 'key-1', note: 'n'.repeat(100 * 1024) });
    const streamed = await sendChunked('/trpc/decision.accept', body, `Bearer ${token}`, 16);
    const declared = await sendDeclared('/trpc/decision.accept', body, `Bearer ${token}`);
    expect(streamed.status).toBe(declared.status);
    expect(streamed.status).not.toBe(413);
    expect(JSON.parse(streamed.text)).toEqual(JSON.parse(declared.text));
  });

  it('serves a GET with no body', async () => {
    const response = await fetch(`${server.url}/trpc/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { data: { email: 'rep@example.com' } } });
  });

  it('refuses a streamed ingest body over 5 MiB with a 413, and takes one under it', async () => {
    const huge = JSON.stringify({ leads: [{ email: 'big@example.com', title: 'x'.repeat(6 * 1024 * 1024) }] });
    const refused = await sendChunked('/api/v1/leads', huge, `Bearer ${ingestKey}`, 64);
    expect(refused).toEqual({ status: 413, text: JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'body: at most 5 MiB per request', field: 'body' } }) });
    const taken = await sendChunked('/api/v1/leads', JSON.stringify({ leads: [{ email: 'small@example.com' }] }), `Bearer ${ingestKey}`);
    expect(taken.status).toBe(200);
    expect(JSON.parse(taken.text)).toMatchObject({ accepted: 1, created: 1 });
  });
});
