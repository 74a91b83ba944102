import { describe, expect, it } from 'vitest';
import {
  dismiss,
  dropIfRefusedLive,
  enqueue,
  flushOutbox,
  isRetryable,
  newItem,
  nextRelease,
  nextToDeliver,
  settle,
  singleFlight,
  summarize,
  type TOutboxStore,
  UNDO_MS,
  withdraw,
} from '../../extension/lib/outbox';
import type { TApiError, TOutboxAction, TOutboxItem } from '../../extension/lib/types';

const NOW = new Date('2026-11-23T09:00:00Z');
const err = (code: string, message = code.toLowerCase()): TApiError => ({ code, message, field: null });

const accept = (key: string, leadId = 'lead-1'): TOutboxAction => ({ kind: 'accept', leadId, idempotencyKey: key });
const reject = (key: string, leadId = 'lead-1'): TOutboxAction => ({ kind: 'reject', leadId, idempotencyKey: key, reason: 'no_budget' });
const touch = (key: string, leadId = 'lead-1'): TOutboxAction => ({ kind: 'logTouch', leadId, idempotencyKey: key, channel: 'call', at: '2026-11-23T08:59:00Z' });
const item = (action: TOutboxAction, userId = 'rep-1') => newItem(action, userId, NOW);
const keys = (items: readonly TOutboxItem[]) => items.map((i) => i.action.idempotencyKey);

/** The outbox in memory, as the background keeps it in storage.local. */
function memoryStore(initial: TOutboxItem[] = []): TOutboxStore & { items: TOutboxItem[] } {
  const store = {
    items: initial,
    read: () => Promise.resolve(store.items),
    update: (change: (items: TOutboxItem[]) => TOutboxItem[]) => Promise.resolve((store.items = change(store.items))),
  };
  return store;
}

class Failure extends Error {
  constructor(readonly error: TApiError) {
    super(error.message);
  }
}

/**
 * A server that dedupes by idempotency key as the real one does. `answer` decides per call:
 * deliver, fail before recording, or record and then lose the answer (a dropped connection).
 */
function fakeServer(answer: (action: TOutboxAction) => 'ok' | 'lost-answer' | TApiError = () => 'ok') {
  const recorded = new Map<string, TOutboxAction>();
  const calls: string[] = [];
  return {
    recorded,
    calls,
    deliver(action: TOutboxAction): Promise<void> {
      calls.push(action.idempotencyKey);
      const outcome = answer(action);
      if (typeof outcome === 'object') return Promise.reject(new Failure(outcome));
      if (!recorded.has(action.idempotencyKey)) recorded.set(action.idempotencyKey, action);
      return outcome === 'lost-answer' ? Promise.reject(new Failure(err('OFFLINE'))) : Promise.resolve();
    },
  };
}

const toError = (e: unknown) => (e instanceof Failure ? e.error : err('INTERNAL'));

describe('the outbox, as pure functions', () => {
  it('keeps each action once, in the order it was made', () => {
    let items = enqueue([], item(touch('t1')));
    items = enqueue(items, item(accept('a1')));
    items = enqueue(items, item(touch('t1')));
    expect(keys(items)).toEqual(['t1', 'a1']);
    expect(nextToDeliver(items, 'rep-1')?.action.idempotencyKey).toBe('t1');
  });

  it('sends a lead’s actions in order, skips a lead set aside, and delivers only the maker’s own', () => {
    const items = [item(touch('t1', 'A')), item(accept('a1', 'A')), item(accept('b1', 'B')), item(accept('c1', 'C'), 'rep-2')];
    expect(nextToDeliver(items, 'rep-1')?.action.idempotencyKey).toBe('t1');
    expect(nextToDeliver(items, 'rep-1', new Set(['A']))?.action.idempotencyKey).toBe('b1');
    expect(nextToDeliver(items, 'rep-1', new Set(['A', 'B']))).toBeUndefined();
    expect(nextToDeliver(items, 'rep-2')?.action.idempotencyKey).toBe('c1');
  });

  it('drops what the server took, keeps what it could not reach, holds on a refused token, marks what it refused', () => {
    const items = [item(touch('t1')), item(accept('a1'))];
    expect(keys(settle(items, 't1', { ok: true }))).toEqual(['a1']);

    const offline = settle(items, 't1', { ok: false, error: err('OFFLINE') });
    expect(offline[0]).toMatchObject({ attempts: 1, waiting: err('OFFLINE'), failed: null });

    const held = settle(items, 't1', { ok: false, error: err('UNAUTHORIZED') });
    expect(held[0]).toMatchObject({ attempts: 1, waiting: err('UNAUTHORIZED'), failed: null });

    const conflict = settle(items, 'a1', { ok: false, error: err('CONFLICT', 'this handover was already rejected by Sam') });
    expect(conflict[1]).toMatchObject({ attempts: 1, failed: err('CONFLICT', 'this handover was already rejected by Sam') });
    // A refused action no longer blocks its lead.
    expect(nextToDeliver(settle(conflict, 't1', { ok: true }), 'rep-1')).toBeUndefined();
  });

  it('retries only what may succeed later: no answer, timeouts, 429, 503 and other 5xx', () => {
    for (const code of ['OFFLINE', 'TIMEOUT', 'TOO_MANY_REQUESTS', 'BUSY', 'SERVER_ERROR']) expect(isRetryable(err(code))).toBe(true);
    for (const code of ['INVALID_INPUT', 'BAD_REQUEST', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED', 'HTTP_410']) expect(isRetryable(err(code))).toBe(false);
  });

  it('lets the rep dismiss a refused action, never one still waiting', () => {
    const items = settle([item(accept('a1')), item(touch('t1', 'B'))], 'a1', { ok: false, error: err('CONFLICT') });
    expect(keys(dismiss(items, 'a1'))).toEqual(['t1']);
    expect(keys(dismiss(items, 't1'))).toEqual(['a1', 't1']);
  });

  it('forgets an action refused at the click (the rep saw why), keeps one refused after waiting', () => {
    const live = settle([item(accept('a1'))], 'a1', { ok: false, error: err('CONFLICT') });
    expect(dropIfRefusedLive(live, 'a1')).toEqual([]);
    const waited = settle(settle([item(accept('a1'))], 'a1', { ok: false, error: err('OFFLINE') }), 'a1', { ok: false, error: err('CONFLICT') });
    expect(keys(dropIfRefusedLive(waited, 'a1'))).toEqual(['a1']);
  });

  it('counts what waits and what was refused, per lead, for the signed-in rep', () => {
    const items = settle([item(accept('a1', 'A')), item(touch('t1', 'A')), item(reject('r1', 'B')), item(accept('x', 'C'), 'rep-2')], 'r1', {
      ok: false,
      error: err('CONFLICT'),
    });
    const summary = summarize(items, 'rep-1');
    expect([summary.waiting, summary.failed]).toEqual([2, 1]);
    expect(keys(summary.byLead.get('A')!.waiting)).toEqual(['a1', 't1']);
    expect(keys(summary.byLead.get('B')!.failed)).toEqual(['r1']);
    expect(summary.byLead.has('C')).toBe(false);
  });
});

describe('delivering the outbox', () => {
  it('delivers everything in order when the server answers, each exactly once', async () => {
    const store = memoryStore([item(touch('t1')), item(accept('a1')), item(touch('t2', 'B'))]);
    const server = fakeServer();
    const report = await flushOutbox({ store, userId: 'rep-1', deliver: (a) => server.deliver(a), toError });
    expect(report).toEqual({ delivered: 3, refused: 0, stoppedBy: null });
    expect(server.calls).toEqual(['t1', 'a1', 't2']);
    expect(store.items).toEqual([]);
  });

  it('keeps everything while the server is unreachable, trying once per round, then delivers it once when it is back', async () => {
    const store = memoryStore([item(accept('a1')), item(touch('t1', 'B'))]);
    let up = false;
    const server = fakeServer(() => (up ? 'ok' : err('OFFLINE')));
    const deps = { store, userId: 'rep-1', deliver: (a: TOutboxAction) => server.deliver(a), toError };

    expect((await flushOutbox(deps)).stoppedBy).toEqual(err('OFFLINE'));
    expect(server.calls).toEqual(['a1']); // no point asking again for every item
    await flushOutbox(deps);
    expect(keys(store.items)).toEqual(['a1', 't1']);
    expect(store.items[0]).toMatchObject({ attempts: 2, waiting: err('OFFLINE'), failed: null });

    up = true;
    await flushOutbox(deps);
    await flushOutbox(deps);
    expect(store.items).toEqual([]);
    expect([...server.recorded.keys()]).toEqual(['a1', 't1']);
  });

  it('decides once when the server recorded a decision but its answer was lost: the retry carries the same key', async () => {
    const store = memoryStore([item(accept('a1'))]);
    let first = true;
    const server = fakeServer(() => {
      if (!first) return 'ok';
      first = false;
      return 'lost-answer';
    });
    const deps = { store, userId: 'rep-1', deliver: (a: TOutboxAction) => server.deliver(a), toError };
    await flushOutbox(deps);
    expect(keys(store.items)).toEqual(['a1']);
    await flushOutbox(deps);
    expect(store.items).toEqual([]);
    expect(server.calls).toEqual(['a1', 'a1']);
    expect(server.recorded.size).toBe(1);
  });

  it('marks a conflict failed with the server’s words, never sends it again, and goes on with the rest', async () => {
    const store = memoryStore([item(accept('a1', 'A')), item(touch('t1', 'A')), item(accept('b1', 'B'))]);
    const server = fakeServer((a) => (a.idempotencyKey === 'a1' ? err('CONFLICT', 'this handover was already rejected by Sam Lee') : 'ok'));
    const deps = { store, userId: 'rep-1', deliver: (a: TOutboxAction) => server.deliver(a), toError };
    expect(await flushOutbox(deps)).toEqual({ delivered: 2, refused: 1, stoppedBy: null });
    await flushOutbox(deps);
    expect(server.calls).toEqual(['a1', 't1', 'b1']);
    expect(store.items).toHaveLength(1);
    expect(store.items[0]!.failed).toEqual(err('CONFLICT', 'this handover was already rejected by Sam Lee'));
  });

  it('holds a lead’s later actions behind one the server failed on (5xx), while other leads go through', async () => {
    const store = memoryStore([item(touch('t1', 'A')), item(accept('a1', 'A')), item(accept('b1', 'B'))]);
    const server = fakeServer((a) => (a.idempotencyKey === 't1' ? err('SERVER_ERROR') : 'ok'));
    await flushOutbox({ store, userId: 'rep-1', deliver: (a) => server.deliver(a), toError });
    expect(server.calls).toEqual(['t1', 'b1']);
    expect(keys(store.items)).toEqual(['t1', 'a1']);
  });

  it('stops at a refused token and keeps everything for when the rep signs in again', async () => {
    const store = memoryStore([item(accept('a1')), item(accept('b1', 'B'))]);
    const server = fakeServer(() => err('UNAUTHORIZED'));
    const report = await flushOutbox({ store, userId: 'rep-1', deliver: (a) => server.deliver(a), toError });
    expect(report.stoppedBy?.code).toBe('UNAUTHORIZED');
    expect(server.calls).toEqual(['a1']);
    expect(store.items.every((i) => i.failed === null)).toBe(true);
  });

  it('sends what is added while it runs, and leaves other users’ actions alone', async () => {
    const store = memoryStore([item(accept('a1')), item(accept('x1', 'X'), 'rep-2')]);
    const server = fakeServer((a) => {
      if (a.idempotencyKey === 'a1') void store.update((items) => enqueue(items, item(touch('t1', 'B'))));
      return 'ok';
    });
    await flushOutbox({ store, userId: 'rep-1', deliver: (a) => server.deliver(a), toError });
    expect(server.calls).toEqual(['a1', 't1']);
    expect(keys(store.items)).toEqual(['x1']);
  });
});

describe('a decision held for the rep to undo', () => {
  const held = (action: TOutboxAction, userId = 'rep-1') => newItem(action, userId, NOW, undefined, UNDO_MS);
  const later = (ms: number) => new Date(NOW.getTime() + ms);

  it('is not sent inside its window, and holds up its lead’s later actions while other leads go through', async () => {
    const store = memoryStore([held(accept('a1')), item(touch('t1')), item(touch('t2', 'lead-2'))]);
    const server = fakeServer();
    let clock = later(UNDO_MS - 1);
    const deliver = () => flushOutbox({ store, userId: 'rep-1', deliver: (a) => server.deliver(a), toError: (e) => (e as Failure).error, now: () => clock });
    expect(await deliver()).toEqual({ delivered: 1, refused: 0, stoppedBy: null });
    expect(server.calls).toEqual(['t2']);
    expect(keys(store.items)).toEqual(['a1', 't1']);
    clock = later(UNDO_MS);
    await deliver();
    expect(server.calls).toEqual(['t2', 'a1', 't1']);
    expect(store.items).toEqual([]);
  });

  it('is taken back, unsent, only by its maker and only inside its window; after that it stands', () => {
    const items = [held(accept('a1')), item(touch('t1'))];
    expect(withdraw(items, 'a1', 'rep-2', later(1_000)).withdrawn).toBe(false);
    expect(withdraw(items, 'a1', 'rep-1', later(UNDO_MS)).withdrawn).toBe(false);
    expect(withdraw(items, 't1', 'rep-1', later(1_000)).withdrawn).toBe(false);
    const undone = withdraw(items, 'a1', 'rep-1', later(9_999));
    expect(undone.withdrawn).toBe(true);
    expect(keys(undone.items)).toEqual(['t1']);
  });

  it('says when the next held item may go, so the background can send it then', () => {
    const items = [held(accept('a1')), newItem(reject('r1', 'lead-2'), 'rep-1', later(3_000), undefined, UNDO_MS)];
    expect(nextRelease(items, NOW)).toEqual(later(UNDO_MS));
    expect(nextRelease(items, later(UNDO_MS))).toEqual(later(UNDO_MS + 3_000));
    expect(nextRelease(items, later(UNDO_MS + 3_000))).toBeNull();
    expect(nextToDeliver(items, 'rep-1', new Set(), later(UNDO_MS))?.action.idempotencyKey).toBe('a1');
  });
});

describe('singleFlight', () => {
  it('runs one delivery at a time, and once more for calls made meanwhile', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const run = singleFlight(async () => {
      runs += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5));
      active -= 1;
    });
    await Promise.all([run(), run(), run(), run()]);
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
    await run();
    expect(runs).toBe(3);
  });
});
