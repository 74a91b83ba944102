import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TApi } from '../../extension/background/api';
import { createOutboxRunner } from '../../extension/background/outbox-runner';
import type { TSessionJob } from '../../extension/background/session';
import { UNDO_MS } from '../../extension/lib/outbox';
import type { TOutboxAction } from '../../extension/lib/types';

// The background's outbox runner over the browser's storage (WXT's in-memory fake) and the
// clock (fake timers): a decision the rep may undo is held, unsent, for its window; Undo
// takes it back; a timer sends it when the window closes, also from a worker started again.

// WXT's storage reads the extension API from globalThis.chrome when it is first imported.
await vi.hoisted(async () => {
  (globalThis as { chrome?: unknown }).chrome = (await import('wxt/testing/fake-browser')).fakeBrowser;
});

const accept = (key: string): TOutboxAction => ({ kind: 'accept', leadId: 'lead-1', idempotencyKey: key });

/** A signed-in rep whose server records each decision it is sent. */
function signedInRep() {
  const sent: string[] = [];
  const api = { decision: { accept: { mutate: (input: { idempotencyKey: string }) => (sent.push(input.idempotencyKey), Promise.resolve({})) } } } as unknown as TApi;
  const session = { signedIn: () => Promise.resolve({ serverUrl: 'http://127.0.0.1:8787', user: { id: 'rep-1' }, api }) } as unknown as TSessionJob;
  return { session, sent };
}

describe('the outbox runner, for a decision the rep may undo', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds it unsent for its window, then a timer sends it once', async () => {
    const { session, sent } = signedInRep();
    const runner = createOutboxRunner({ session });
    expect(await runner.submit(accept('a1'), { undoable: true })).toEqual({ status: 'held', until: '2026-11-23T09:00:10.000Z' });
    await vi.advanceTimersByTimeAsync(UNDO_MS - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual(['a1']);
    expect(await runner.read()).toEqual([]);
  });

  it('takes it back on Undo inside the window: nothing is ever sent; after the window, Undo is refused', async () => {
    const { session, sent } = signedInRep();
    const runner = createOutboxRunner({ session });
    await runner.submit(accept('a1'), { undoable: true });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await runner.undo('a1')).toBe(true);
    await vi.advanceTimersByTimeAsync(UNDO_MS * 3);
    expect(sent).toEqual([]);
    expect(await runner.settled('a1')).toEqual({ status: 'undone' });

    await runner.submit(accept('a2'), { undoable: true });
    await vi.advanceTimersByTimeAsync(UNDO_MS + 1_000);
    expect(await runner.undo('a2')).toBe(false);
    expect(sent).toEqual(['a2']);
  });

  it('is sent when its window closes by a worker started again (the item is stored, the timer set anew)', async () => {
    const { session, sent } = signedInRep();
    await createOutboxRunner({ session }).submit(accept('a1'), { undoable: true });
    vi.clearAllTimers(); // the worker stops: its timer is gone, the stored outbox stays
    const restarted = createOutboxRunner({ session });
    await restarted.scheduleHeld();
    await vi.advanceTimersByTimeAsync(UNDO_MS + 1_000);
    expect(sent).toEqual(['a1']);
  });

  it('says what became of it once the window closed: delivered', async () => {
    const { session } = signedInRep();
    const runner = createOutboxRunner({ session });
    await runner.submit(accept('a1'), { undoable: true });
    const outcome = runner.settled('a1');
    await vi.advanceTimersByTimeAsync(UNDO_MS + 1_000);
    expect(await outcome).toEqual({ status: 'delivered' });
  });

  it('sends an action that is not undoable at once', async () => {
    const { session, sent } = signedInRep();
    expect(await createOutboxRunner({ session }).submit(accept('a1'), {})).toEqual({ status: 'delivered' });
    expect(sent).toEqual(['a1']);
  });
});
