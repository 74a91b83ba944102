import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

// Every 400 names the field at fault, in the one tRPC error shape: inside a union input
// (the member the caller meant), and when the body or `?input=` is not JSON at all.

interface TTrpcError {
  error: { message: string; data: { code: string; httpStatus: number; appCode: string | null; field: string | null } };
}

describe('tRPC bad input names the field', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ token } = await server.user({ email: 'sam.rep@example.com', name: 'Sam Rep', role: 'rep', timeZone: 'Europe/Paris' }));
  });
  afterAll(() => server?.close());

  const query = async (path: string, rawInput: string) => {
    const response = await fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(rawInput)}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as TTrpcError };
  };
  const mutate = async (path: string, body: string, contentType = 'application/json') => {
    const response = await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as TTrpcError };
  };

  it.each([
    [{ crm: '-1', recordId: '123' }, 'crm'],
    [{ crm: 'hubspot' }, 'recordId'],
    [{ recordId: '123' }, 'crm'],
    [{ crm: 'hubspot', recordId: 7 }, 'recordId'],
    [{ email: 42 }, 'email'],
  ])('packet.get %j names %s', async (input, field) => {
    const { status, body } = await query('packet.get', JSON.stringify(input));
    expect(status).toBe(400);
    expect(body.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, appCode: 'INVALID_INPUT', field });
    expect(body.error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('names the whole input when it is not an object', async () => {
    const { status, body } = await query('packet.get', '"dana@bigco.com"');
    expect(status).toBe(400);
    expect(body.error.data).toMatchObject({ appCode: 'INVALID_INPUT', field: 'input' });
    expect(body.error.message).toMatch(/^input: /);
  });

  it.each([
    ['a broken JSON body', '{'],
    ['an empty body', ''],
    ['a byte-order mark alone', '\uFEFF'],
    ['a bare word', 'accept'],
  ])('names the body for %s', async (_label, raw) => {
    const { status, body } = await mutate('decision.accept', raw);
    expect(status).toBe(400);
    expect(body.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, appCode: 'INVALID_INPUT', field: 'body' });
    expect(body.error.message).toBe('body: expected JSON, got something that does not parse');
  });

  it('names the body for a form post, with the 415 tRPC gives it', async () => {
    const { status, body } = await mutate('decision.accept', 'leadId=1&idempotencyKey=12345678', 'application/x-www-form-urlencoded');
    expect(status).toBe(415);
    expect(body.error.data).toMatchObject({ appCode: 'INVALID_INPUT', field: 'body' });
    expect(body.error.message).toBe('body: expected JSON (content-type: application/json)');
  });

  it('names ?input= when a query carries something that is not JSON', async () => {
    const { status, body } = await query('packet.get', '{');
    expect(status).toBe(400);
    expect(body.error.data).toMatchObject({ appCode: 'INVALID_INPUT', field: 'input' });
    expect(body.error.message).toBe('input: expected JSON, got something that does not parse');
  });
});
