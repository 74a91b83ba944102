import { describe, expect, it, vi } from 'vitest';
import type { TApi } from '../../extension/background/api';
import { toApiError } from '../../extension/background/api';
import { createHandlers, type TJobs } from '../../extension/background/handlers';
import type { TSessionJob } from '../../extension/background/session';
import { dispatch, type TMessageKind, type TRequest } from '../../extension/lib/messaging';
import type { TRole, TRoutingPreview, TRoutingShares } from '../../extension/lib/types';

// The routing messages: asked only from the extension's own pages, and for a manager or an
// admin only — a rep's request stops in the background, before the token goes anywhere.

// WXT's storage reads the extension API from globalThis.chrome when it is first imported.
await vi.hoisted(async () => {
  (globalThis as { chrome?: unknown }).chrome = (await import('wxt/testing/fake-browser')).fakeBrowser;
});

const SHARES: TRoutingShares = { pools: [] };
const PREVIEW: TRoutingPreview = { charterVersion: null, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', leads: [], leftOut: 0, load: [] };

function backgroundFor(role: TRole) {
  const calls: string[] = [];
  const api = {
    stats: { routing: { query: () => (calls.push('stats.routing'), Promise.resolve(SHARES)) } },
    routing: { preview: { mutate: (input: unknown) => (calls.push(`routing.preview ${JSON.stringify(input)}`), Promise.resolve(PREVIEW)) } },
  } as unknown as TApi;
  const session = { signedIn: () => Promise.resolve({ serverUrl: 'http://127.0.0.1:8787', user: { id: 'u-1', role }, api }) } as unknown as TSessionJob;
  const outbox = { flushIfWaiting: () => Promise.resolve() };
  const handlers = createHandlers({ session, outbox } as unknown as TJobs);
  const ask = <K extends TMessageKind>(request: TRequest<K>, extensionPage = true) => dispatch(handlers, request, { extensionPage, tabId: extensionPage ? null : 3 }, toApiError);
  return { calls, ask };
}

describe('the routing messages', () => {
  it('answers a manager and an admin from the server', async () => {
    for (const role of ['manager', 'admin'] as const) {
      const { calls, ask } = backgroundFor(role);
      expect(await ask({ kind: 'getRoutingShares', input: null })).toEqual({ ok: true, value: SHARES });
      expect(await ask({ kind: 'previewRouting', input: { from: PREVIEW.from } })).toEqual({ ok: true, value: PREVIEW });
      expect(calls).toEqual(['stats.routing', `routing.preview {"from":"${PREVIEW.from}"}`]);
    }
  });

  it('refuses a rep without asking the server', async () => {
    const { calls, ask } = backgroundFor('rep');
    expect(await ask({ kind: 'getRoutingShares', input: null })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only a manager or an admin may see routing.', field: null } });
    expect(await ask({ kind: 'previewRouting', input: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('refuses a content script, even a manager’s', async () => {
    const { calls, ask } = backgroundFor('manager');
    expect(await ask({ kind: 'getRoutingShares', input: null }, false)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ask({ kind: 'previewRouting', input: {} }, false)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });
});
