import { Mutex } from 'async-mutex';
import { dismiss, dropIfRefusedLive, enqueue, flushOutbox, newItem, nextRelease, singleFlight, UNDO_MS, withdraw, type TOutboxStore } from '../lib/outbox';
import type { TActionContext, TActionOutcome, TApiError, TOutboxAction, TOutboxItem } from '../lib/types';
import { ExtensionError, toApiError, type TApi } from './api';
import type { TSessionJob } from './session';
import { outboxItem } from './storage';

// Delivers the outbox (lib/outbox.ts holds its rules): every decision and touch is queued
// here, sent at once when the server answers, and otherwise kept and retried (the tick,
// and after any successful call). One delivery round at a time; the stored list is read and
// written under one lock. A decision the rep may undo is held UNDO_MS first: a timer sends it
// when its window closes (alarms fire at most every 30 s), the minute tick when the worker
// was stopped meanwhile (the item is stored, so nothing is lost).

/** How each kind of action reaches the server: a map, so a new kind is a compile error until it is delivered. */
const DELIVER: { [K in TOutboxAction['kind']]: (api: TApi, action: Extract<TOutboxAction, { kind: K }>) => Promise<unknown> } = {
  accept: (api, { leadId, idempotencyKey, note }) => api.decision.accept.mutate({ leadId, idempotencyKey, note }),
  reject: (api, { leadId, idempotencyKey, reason, note }) => api.decision.reject.mutate({ leadId, idempotencyKey, reason, note }),
  logTouch: (api, { leadId, idempotencyKey, channel, at }) => api.touch.log.mutate({ leadId, idempotencyKey, channel, at }),
  assign: (api, { leadId, idempotencyKey, repId }) => api.handover.assign.mutate({ leadId, idempotencyKey, repId }),
  claim: (api, { leadId, idempotencyKey }) => api.handover.claim.mutate({ leadId, idempotencyKey }),
};

/** A timer's slack past a hold's end, so the round that it starts finds the item due. */
const RELEASE_SLACK_MS = 50;

export interface TOutboxRunner {
  read(): Promise<TOutboxItem[]>;
  /** Removes a refused action once the rep has read why. */
  dismiss(idempotencyKey: string): Promise<TOutboxItem[]>;
  /** One delivery round for the signed-in user (a call during a round gets one more round after it). */
  flush(): Promise<void>;
  /** The server just answered: deliver what waits for `userId`, without holding up the answer. */
  flushIfWaiting(userId: string): Promise<void>;
  /** Queues the action, tries to deliver it now (or holds it, when undoable), and says what became of it. A final refusal throws (CONFLICT, INVALID_INPUT…). */
  submit(action: TOutboxAction, context: TActionContext): Promise<TActionOutcome>;
  /** Takes back the signed-in user's held action, unsent; false once its window has closed. */
  undo(idempotencyKey: string): Promise<boolean>;
  /** Waits for a held action's window to close and its delivery round, then says what became of it (as `submit`). */
  settled(idempotencyKey: string): Promise<TActionOutcome | { status: 'undone' }>;
  /** Sets the timer for the next held action (at start-up, and after each change). */
  scheduleHeld(): Promise<void>;
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

  let timer: ReturnType<typeof setTimeout> | undefined;
  async function scheduleHeld(): Promise<void> {
    const release = nextRelease(await store.read(), new Date());
    clearTimeout(timer);
    timer = release
      ? setTimeout(() => void flush().then(scheduleHeld), Math.max(0, release.getTime() - Date.now()) + RELEASE_SLACK_MS)
      : undefined;
  }
  /** Keys taken back by the rep in this worker's life: `settled` tells them from delivered ones. */
  const undone = new Set<string>();

  /** What became of an action after a delivery round. */
  async function outcomeOf(action: TOutboxAction): Promise<TActionOutcome> {
    const key = action.idempotencyKey;
    const items = await store.read();
    const mine = items.find((item) => item.action.idempotencyKey === key);
    if (!mine) return { status: 'delivered' };
    if (mine.failed) {
      const refused = mine.failed;
      await store.update((all) => dropIfRefusedLive(all, key));
      throw ExtensionError.from(refused);
    }
    if (mine.notBefore && Date.parse(mine.notBefore) > Date.now()) return { status: 'held', until: mine.notBefore };
    // Waiting: its own last answer, the one holding up an earlier action on the same lead, or the one that ended the round.
    const ahead = items.find((item) => item.action.leadId === action.leadId && !item.failed && item.waiting);
    return { status: 'waiting', reason: mine.waiting ?? ahead?.waiting ?? lastStop };
  }

  return {
    read: () => store.read(),
    dismiss: (key) => store.update((items) => dismiss(items, key)),
    flush,
    scheduleHeld,

    async undo(key) {
      const { user } = await session.signedIn();
      let withdrawn = false;
      await store.update((items) => {
        const result = withdraw(items, key, user.id, new Date());
        withdrawn = result.withdrawn;
        return result.items;
      });
      if (withdrawn) undone.add(key);
      await scheduleHeld();
      return withdrawn;
    },

    async settled(key) {
      const item = (await store.read()).find((candidate) => candidate.action.idempotencyKey === key);
      if (!item) return undone.has(key) ? { status: 'undone' } : { status: 'delivered' };
      const wait = item.notBefore ? Date.parse(item.notBefore) - Date.now() : 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + RELEASE_SLACK_MS));
      if (undone.has(key)) return { status: 'undone' };
      await flush();
      return outcomeOf(item.action);
    },

    async flushIfWaiting(userId) {
      if ((await store.read()).some((item) => !item.failed && item.userId === userId)) void flush();
    },

    async submit(action, { leadName, undoable }) {
      const { user } = await session.signedIn();
      const hold = undoable && (action.kind === 'accept' || action.kind === 'reject') ? UNDO_MS : 0;
      await store.update((items) => enqueue(items, newItem(action, user.id, new Date(), leadName, hold)));
      if (hold > 0) await scheduleHeld();
      await flush();
      return outcomeOf(action);
    },
  };
}
