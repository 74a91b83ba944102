import { describe, expect, it } from 'vitest';
import { enqueue, isRetryable, nextToSend, settle } from '../../extension/lib/pending';
import type { TPendingAction } from '../../extension/lib/protocol';

const accept = (key: string, leadId = 'lead-1'): TPendingAction => ({ kind: 'accept', leadId, idempotencyKey: key, createdAt: '2026-11-23T09:00:00Z' });
const touch = (key: string): TPendingAction => ({ kind: 'touch', leadId: 'lead-1', idempotencyKey: key, channel: 'call', at: '2026-11-23T08:59:00Z', createdAt: '2026-11-23T08:59:00Z' });

describe('the offline queue', () => {
  it('keeps each action once, in the order it was made', () => {
    let queue = enqueue([], touch('t1'));
    queue = enqueue(queue, accept('a1'));
    queue = enqueue(queue, touch('t1'));
    expect(queue.map((item) => item.action.idempotencyKey)).toEqual(['t1', 'a1']);
    expect(nextToSend(queue)?.action.idempotencyKey).toBe('t1');
  });

  it('drops what the server took, keeps what it could not reach, and marks what it refused', () => {
    const queue = enqueue(enqueue([], touch('t1')), accept('a1'));
    expect(settle(queue, 't1', { ok: true }).map((i) => i.action.idempotencyKey)).toEqual(['a1']);
    const offline = settle(queue, 't1', { ok: false, error: { code: 'OFFLINE', message: 'unreachable', field: null } });
    expect(offline).toEqual(queue);
    const conflict = settle(queue, 'a1', { ok: false, error: { code: 'CONFLICT', message: 'already rejected by Sam', field: null } });
    expect(conflict[1]!.failed).toEqual({ code: 'CONFLICT', message: 'already rejected by Sam', field: null });
    expect(nextToSend(settle(conflict, 't1', { ok: true }))).toBeUndefined();
  });

  it('retries only what may succeed later', () => {
    for (const code of ['OFFLINE', 'TOO_MANY_REQUESTS', 'INTERNAL_SERVER_ERROR']) expect(isRetryable({ code, message: '', field: null })).toBe(true);
    for (const code of ['BAD_REQUEST', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED']) expect(isRetryable({ code, message: '', field: null })).toBe(false);
  });
});
