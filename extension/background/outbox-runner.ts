import { Mutex } from 'async-mutex';
import { dismiss, dropIfRefusedLive, enqueue, flushOutbox, newItem, singleFlight, type TOutboxStore } from '../lib/outbox';
import type { TActionContext, TActionOutcome, TApiError, TOutboxAction, TOutboxItem } from '../lib/types';
import { ExtensionError, toApiError, type TApi } from './api';
import type { TSessionJob } from './session';
import { outboxItem } from './storage';

// Delivers the outbox (lib/outbox.ts holds its rules): every decision and touch is queued
// here, sent at once when the server answers, and otherwise kept and retried (the tick,
// and after any successful call). One delivery round at a time; the stored list is read and
// written under one lock.

/** How each kind of action reaches the server: a map, so a new kind is a compile error until it is delivered. */
const DELIVER: { [K in TOutboxAction['kind']]: (api: TApi, action: Extract<TOutboxAction, { kind: K }>) => Promise<unknown> } = {
  accept: (api, { leadId, idempotencyKey, note }) => api.decision.accept.mutate({ leadId, idempotencyKey, note }),
  reject: (api, { leadId, idempotencyKey, reason, note }) => api.decision.reject.mutate({ leadId, idempotencyKey, reason, note }),
  logTouch: (api, { leadId, idempotencyKey, channel, at }) => api.touch.log.mutate({ leadId, idempotencyKey, channel, at }),
};

export interface TOutboxRunner {
  read(): Promise<TOutboxItem[]>;
  /** Removes a refused action once the rep has read why. */
  dismiss(idempotencyKey: string): Promise<TOutboxItem[]>;
  /** One delivery round for the signed-in user (a call during a round gets one more round after it). */
  flush(): Promise<void>;
  /** The server just answered: deliver what waits for `userId`, without holding up the answer. */
  flushIfWaiting(userId: string): Promise<void>;
  /** Queues the action, tries to deliver it now, and says what became of it. A final refusal throws (CONFLICT, INVALID_INPUT…). */
  submit(action: TOutboxAction, context: TActionContext): Promise<TActionOutcome>;
}

export function createOutboxRunner({ session }: { session: TSessionJob }): TOutboxRunner {
  const lock = new Mutex();
  const store: TOutboxStore = {
    read: () => outboxItem.getValue(),
    update: (change) =>
      lock.runExclusive(async () => {
        const next = change(await outboxItem.getValue());
        await outboxItem.setValue(next);
        return next;
      }),
  };
  /** Why the last delivery round stopped early (server unreachable, token refused); null when it went through. */
  let lastStop: TApiError | null = null;

  const flush = singleFlight(async () => {
    const signedIn = await session.signedIn().catch(() => null);
    if (!signedIn) return;
    ({ stoppedBy: lastStop } = await flushOutbox({
      store,
      userId: signedIn.user.id,
      deliver: (action) => (DELIVER[action.kind] as (api: TApi, action: TOutboxAction) => Promise<unknown>)(signedIn.api, action),
      toError: toApiError,
    }));
  });

  return {
    read: () => store.read(),
    dismiss: (key) => store.update((items) => dismiss(items, key)),
    flush,

    async flushIfWaiting(userId) {
      if ((await store.read()).some((item) => !item.failed && item.userId === userId)) void flush();
    },

    async submit(action, { leadName }) {
      const { user } = await session.signedIn();
      const key = action.idempotencyKey;
      await store.update((items) => enqueue(items, newItem(action, user.id, new Date(), leadName)));
      await flush();
      const items = await store.read();
      const mine = items.find((item) => item.action.idempotencyKey === key);
      if (!mine) return { status: 'delivered' };
      if (mine.failed) {
        const refused = mine.failed;
        await store.update((all) => dropIfRefusedLive(all, key));
        throw ExtensionError.from(refused);
      }
      // Waiting: its own last answer, the one holding up an earlier action on the same lead, or the one that ended the round.
      const ahead = items.find((item) => item.action.leadId === action.leadId && !item.failed && item.waiting);
      return { status: 'waiting', reason: mine.waiting ?? ahead?.waiting ?? lastStop };
    },
  };
}
