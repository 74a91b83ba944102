import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyFailure, createApi, toApiError } from '../../extension/background/api';
import { describeError } from '../../extension/ui/errors';
import { dispatch, parseRequest, type THandlers } from '../../extension/lib/messaging';
import { isRetryable } from '../../extension/lib/outbox';
import { normalizeServerUrl, originPattern } from '../../extension/lib/server-url';
import type { TApiError } from '../../extension/lib/types';

const EXTENSION = { id: 'abcdefghijklmnopabcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const fromPopup = { id: EXTENSION.id, url: `${EXTENSION.baseUrl}popup.html` };
const fromContentScript = { id: EXTENSION.id, url: 'https://app.hubspot.com/contacts/1/record/0-1/2', tab: { id: 7 } };

/** Every handler answers with its own name and input; signIn fails as a bug would. */
const echo = (kind: string) => (input: unknown) => Promise.resolve({ kind, input });
const handlers = {
  ...Object.fromEntries(['getSession', 'signOut', 'getPacket', 'accept', 'getPending', 'syncNow', 'dismissPending'].map((kind) => [kind, echo(kind)])),
  signIn: () => Promise.reject(new Error('boom')),
} as unknown as THandlers;

describe('the message protocol', () => {
  it('answers only this extension, only known messages', () => {
    expect(parseRequest({ kind: 'getSession' }, { id: 'another-extension' }, EXTENSION, handlers)).toBeNull();
    expect(parseRequest({ kind: 'dropDatabase' }, fromPopup, EXTENSION, handlers)).toBeNull();
    expect(parseRequest({ kind: 'toString' }, fromPopup, EXTENSION, handlers)).toBeNull();
    expect(parseRequest('getSession', fromPopup, EXTENSION, handlers)).toBeNull();
    expect(parseRequest({ kind: 'getPacket', input: { email: 'a@b.co' } }, fromContentScript, EXTENSION, handlers)).toEqual({
      request: { kind: 'getPacket', input: { email: 'a@b.co' } },
      sender: { extensionPage: false, tabId: 7 },
    });
  });

  it('ignores a message it has no handler for', () => {
    expect(parseRequest({ kind: 'pending', input: {} }, fromPopup, EXTENSION, handlers)).toBeNull();
  });

  it('refuses sign-in and sign-out from a content script: a page must not redirect or end the session', async () => {
    const parsed = parseRequest({ kind: 'signOut', input: null }, fromContentScript, EXTENSION, handlers)!;
    expect(await dispatch(handlers, parsed.request, parsed.sender, toApiError)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const fromPage = parseRequest({ kind: 'signOut', input: null }, fromPopup, EXTENSION, handlers)!;
    expect(await dispatch(handlers, fromPage.request, fromPage.sender, toApiError)).toEqual({ ok: true, value: { kind: 'signOut', input: null } });
  });

  it('returns a handler’s failure as a value', async () => {
    const parsed = parseRequest({ kind: 'signIn', input: { serverUrl: 'x', token: 'y' } }, fromPopup, EXTENSION, handlers)!;
    expect(await dispatch(handlers, parsed.request, parsed.sender, toApiError)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom', field: null } });
  });
});

describe('failures from the server, classified', () => {
  it('follows HTTP: no answer, 408, 429, 503 and 5xx may be retried; any other 4xx is final', () => {
    const cases: [number | null, string | null, string][] = [
      [null, null, 'OFFLINE'],
      [408, null, 'TIMEOUT'],
      [429, null, 'TOO_MANY_REQUESTS'],
      [429, 'BUSY', 'BUSY'],
      [503, null, 'BUSY'],
      [500, null, 'SERVER_ERROR'],
      [502, null, 'SERVER_ERROR'],
      [400, 'INVALID_INPUT', 'INVALID_INPUT'],
      [401, null, 'UNAUTHORIZED'],
      [403, 'FORBIDDEN', 'FORBIDDEN'],
      [404, 'NOT_FOUND', 'NOT_FOUND'],
      [409, 'CONFLICT', 'CONFLICT'],
    ];
    for (const [status, appCode, code] of cases) {
      const error = classifyFailure({ status, appCode, trpcCode: status === 401 ? 'UNAUTHORIZED' : 'X', message: 'm' });
      expect(error.code, `${status} ${appCode}`).toBe(code);
      const retryable = status === null || status === 408 || status === 429 || status >= 500;
      expect(isRetryable(error), `${status} ${appCode}`).toBe(retryable);
    }
  });

  describe('through the real tRPC client', () => {
    afterEach(() => vi.unstubAllGlobals());

    const answer = (status: number, code: string, appCode: string, message: string, field: string | null) =>
      new Response(JSON.stringify({ error: { message, code: -32000, data: { code, httpStatus: status, appCode, field } } }), {
        status,
        headers: { 'content-type': 'application/json' },
      });

    it('reads a refused connection as OFFLINE', async () => {
      vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed')));
      const error = await createApi('http://127.0.0.1:9', 'token').me.query().catch(toApiError);
      expect(error).toEqual({ code: 'OFFLINE', message: 'The Handshake server cannot be reached.', field: null });
    });

    it('reads the server’s conflict and invalid input, with the field at fault', async () => {
      vi.stubGlobal('fetch', () => Promise.resolve(answer(409, 'CONFLICT', 'CONFLICT', 'this handover was already accepted by Sam Lee at 2026-11-23T10:00:00Z', null)));
      const conflict = (await createApi('http://127.0.0.1:9', 't').decision.accept.mutate({ leadId: 'l', idempotencyKey: 'k-123456' }).catch(toApiError)) as TApiError;
      expect(conflict).toMatchObject({ code: 'CONFLICT', field: null });
      const when = new Date('2026-11-23T10:00:00Z').toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
      expect(describeError(conflict)).toBe(`Someone else got there first: This handover was already accepted by Sam Lee at ${when}.`);

      vi.stubGlobal('fetch', () => Promise.resolve(answer(400, 'BAD_REQUEST', 'INVALID_INPUT', 'reason: expected one of no_budget, other', 'reason')));
      const invalid = await createApi('http://127.0.0.1:9', 't').decision.reject.mutate({ leadId: 'l', idempotencyKey: 'k-123456', reason: 'x' }).catch(toApiError);
      expect(invalid).toEqual({ code: 'INVALID_INPUT', message: 'reason: expected one of no_budget, other', field: 'reason' });
    });

    it('reads a proxy’s 502 page (not JSON) as a server failure, to be retried', async () => {
      vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })));
      const error = (await createApi('http://127.0.0.1:9', 't').queue.mine.query().catch(toApiError)) as TApiError;
      expect(isRetryable(error)).toBe(true);
    });
  });
});

describe('the server address', () => {
  it('keeps an http(s) base URL without its trailing slash, and its origin for the permission', () => {
    expect(normalizeServerUrl(' https://handshake.example.com/ ')).toEqual({ ok: true, url: 'https://handshake.example.com', origin: 'https://handshake.example.com' });
    expect(normalizeServerUrl('https://tools.example.com/handshake/')).toMatchObject({ ok: true, url: 'https://tools.example.com/handshake' });
    expect(normalizeServerUrl('http://127.0.0.1:8787')).toMatchObject({ ok: true, url: 'http://127.0.0.1:8787' });
    expect(originPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/*');
  });

  it('refuses what is not a server address, and plain http beyond this computer (the token would travel in clear)', () => {
    for (const input of ['', 'handshake', 'ftp://example.com', 'javascript:alert(1)', 'https://user:pw@example.com']) {
      expect(normalizeServerUrl(input), input).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'serverUrl' } });
    }
    expect(normalizeServerUrl('http://handshake.example.com')).toMatchObject({ ok: false });
    expect(normalizeServerUrl('http://localhost:8787')).toMatchObject({ ok: true });
  });
});
