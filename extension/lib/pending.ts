import type { TApiError, TPendingAction, TPendingItem } from './protocol';

// The offline queue as pure functions: what to send next, and what an answer does to it.

/** Errors after which the same request may succeed later: no network, server busy or down. */
export function isRetryable(error: TApiError): boolean {
  return ['OFFLINE', 'TIMEOUT', 'TOO_MANY_REQUESTS', 'INTERNAL_SERVER_ERROR', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT'].includes(error.code);
}

export function enqueue(queue: readonly TPendingItem[], action: TPendingAction): TPendingItem[] {
  if (queue.some((item) => item.action.idempotencyKey === action.idempotencyKey)) return [...queue];
  return [...queue, { action, failed: null }];
}

/** The next item to deliver: the oldest not yet refused. Order is kept: a touch before a decision stays before it. */
export function nextToSend(queue: readonly TPendingItem[]): TPendingItem | undefined {
  return queue.find((item) => item.failed === null);
}

/** The queue after the server answered for `key`: delivered items leave, refused ones stay, marked. */
export function settle(queue: readonly TPendingItem[], key: string, outcome: { ok: true } | { ok: false; error: TApiError }): TPendingItem[] {
  if (outcome.ok) return queue.filter((item) => item.action.idempotencyKey !== key);
  if (isRetryable(outcome.error)) return [...queue];
  return queue.map((item) => (item.action.idempotencyKey === key ? { ...item, failed: outcome.error } : item));
}
