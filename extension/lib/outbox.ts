import type { TApiError, TOutboxAction, TOutboxItem } from './types';

// The outbox: every decision and touch goes through it, online or not, so nothing a rep
// clicks is lost between the click and the server's answer. Pure functions over the list,
// plus one delivery loop with its storage and network injected (unit-tested with fakes).
//
// Rules:
// - An item is kept with its idempotency key until the server has it; the server dedupes
//   by that key, so a retry after a lost answer never decides twice.
// - Order is kept per lead: a lead's later item waits while an earlier one is waiting.
// - No answer, a timeout, 429, 503 / BUSY and other 5xx are retried (the minute alarm, and
//   after any successful call); a refused token holds the outbox until the user signs in
//   again; any other 4xx is final: the item is marked failed with the server's words and
//   never retried (CONFLICT: someone else decided first).
// - Items are delivered only under the token of the user who made them.
// - An item may be held until `notBefore` (a decision the rep can still undo): it is not
//   sent before then, and holds up the lead's later items; until then it can be withdrawn.

/** Worth trying again later, with the same idempotency key. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['OFFLINE', 'TIMEOUT', 'TOO_MANY_REQUESTS', 'BUSY', 'SERVER_ERROR']);
/** Not the item's fault: wait for the user to sign in again. */
export const HOLD_CODES: ReadonlySet<string> = new Set(['UNAUTHORIZED', 'NOT_SIGNED_IN']);

export function isRetryable(error: TApiError): boolean {
  return RETRYABLE_CODES.has(error.code);
}

/** After this answer, the rest of the round is pointless: the server (or the token) is not there. */
function endsTheRound(error: TApiError): boolean {
  return HOLD_CODES.has(error.code) || (isRetryable(error) && error.code !== 'SERVER_ERROR');
}

export type TOutcome = { ok: true } | { ok: false; error: TApiError };

/** How long a decision stays in the outbox, unsent, for the rep to undo it. */
export const UNDO_MS = 10_000;

/** `holdMs`: not sent before this long after `now` (the undo window). */
export function newItem(action: TOutboxAction, userId: string, now: Date, leadName?: string, holdMs = 0): TOutboxItem {
  return {
    action,
    ...(leadName ? { leadName } : {}),
    userId,
    createdAt: now.toISOString(),
    ...(holdMs > 0 ? { notBefore: new Date(now.getTime() + holdMs).toISOString() } : {}),
    attempts: 0,
    waiting: null,
    failed: null,
  };
}

/** Still inside its undo window at `now`: not to be sent yet. */
export function isHeld(item: TOutboxItem, now: Date): boolean {
  return item.notBefore !== undefined && Date.parse(item.notBefore) > now.getTime();
}

/** The soonest instant one of `userId`'s held items may be sent; null when none is held. */
export function nextRelease(items: readonly TOutboxItem[], now: Date): Date | null {
  const times = items.filter((item) => !item.failed && isHeld(item, now)).map((item) => Date.parse(item.notBefore!));
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

/** Takes back `userId`'s item while it is still held (nothing sent); after its window it stands. */
export function withdraw(items: readonly TOutboxItem[], key: string, userId: string, now: Date): { items: TOutboxItem[]; withdrawn: boolean } {
  const index = items.findIndex((item) => item.action.idempotencyKey === key && item.userId === userId && isHeld(item, now));
  if (index < 0) return { items: [...items], withdrawn: false };
  return { items: items.filter((_, i) => i !== index), withdrawn: true };
}

/** Adds an item at the end; the same idempotency key twice is one item. */
export function enqueue(items: readonly TOutboxItem[], item: TOutboxItem): TOutboxItem[] {
  if (items.some((existing) => existing.action.idempotencyKey === item.action.idempotencyKey)) return [...items];
  return [...items, item];
}

/** The next item to send for `userId`: the oldest not refused nor held, of a lead not set aside this round nor held up. */
export function nextToDeliver(items: readonly TOutboxItem[], userId: string, setAside: ReadonlySet<string> = new Set(), now = new Date()): TOutboxItem | undefined {
  // In list order, so a lead's first deliverable item always comes before its later ones;
  // a held item holds up its lead's later ones.
  const heldLeads = new Set<string>();
  for (const item of items) {
    if (item.failed || item.userId !== userId || setAside.has(item.action.leadId) || heldLeads.has(item.action.leadId)) continue;
    if (isHeld(item, now)) heldLeads.add(item.action.leadId);
    else return item;
  }
  return undefined;
}

/** The outbox after the server answered (or did not) for `key`. */
export function settle(items: readonly TOutboxItem[], key: string, outcome: TOutcome): TOutboxItem[] {
  if (outcome.ok) return items.filter((item) => item.action.idempotencyKey !== key);
  const { error } = outcome;
  const final = !isRetryable(error) && !HOLD_CODES.has(error.code);
  return items.map((item) =>
    item.action.idempotencyKey === key ? { ...item, attempts: item.attempts + 1, waiting: final ? item.waiting : error, failed: final ? error : null } : item,
  );
}

/** Removes a refused item (the rep has read why); an item still waiting stays. */
export function dismiss(items: readonly TOutboxItem[], key: string): TOutboxItem[] {
  return items.filter((item) => item.action.idempotencyKey !== key || item.failed === null);
}

/** Removes an item refused on its very first attempt: the rep who clicked got the error there and then. */
export function dropIfRefusedLive(items: readonly TOutboxItem[], key: string): TOutboxItem[] {
  return items.filter((item) => !(item.action.idempotencyKey === key && item.failed && item.attempts === 1 && item.waiting === null));
}

export interface TOutboxSummary {
  waiting: number;
  failed: number;
  /** Per lead: what waits and what was refused, oldest first. */
  byLead: Map<string, { waiting: TOutboxItem[]; failed: TOutboxItem[] }>;
}

export function summarize(items: readonly TOutboxItem[], userId: string): TOutboxSummary {
  const byLead: TOutboxSummary['byLead'] = new Map();
  let waiting = 0;
  let failed = 0;
  for (const item of items) {
    if (item.userId !== userId) continue;
    const lead = byLead.get(item.action.leadId) ?? { waiting: [], failed: [] };
    if (item.failed) {
      lead.failed.push(item);
      failed += 1;
    } else {
      lead.waiting.push(item);
      waiting += 1;
    }
    byLead.set(item.action.leadId, lead);
  }
  return { waiting, failed, byLead };
}

export interface TOutboxStore {
  read(): Promise<TOutboxItem[]>;
  /** Read, change and write as one step (the background holds a lock around it). */
  update(change: (items: TOutboxItem[]) => TOutboxItem[]): Promise<TOutboxItem[]>;
}

export interface TFlushReport {
  delivered: number;
  refused: number;
  /** The answer that ended the round early (server unreachable, token refused); null when all went through. */
  stoppedBy: TApiError | null;
}

/**
 * Delivers the user's items in order, each at most once per round. Reads the store before
 * each item, so what is added meanwhile is sent in the same round.
 */
export async function flushOutbox(deps: {
  store: TOutboxStore;
  userId: string;
  deliver(action: TOutboxAction): Promise<unknown>;
  toError(error: unknown): TApiError;
  /** The clock the holds are read against. */
  now?: () => Date;
}): Promise<TFlushReport> {
  const setAside = new Set<string>();
  const report: TFlushReport = { delivered: 0, refused: 0, stoppedBy: null };
  const now = deps.now ?? (() => new Date());
  for (;;) {
    const item = nextToDeliver(await deps.store.read(), deps.userId, setAside, now());
    if (!item) return report;
    let outcome: TOutcome;
    try {
      await deps.deliver(item.action);
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error: deps.toError(error) };
    }
    await deps.store.update((items) => settle(items, item.action.idempotencyKey, outcome));
    if (outcome.ok) {
      report.delivered += 1;
    } else if (endsTheRound(outcome.error)) {
      report.stoppedBy = outcome.error;
      return report;
    } else if (isRetryable(outcome.error)) {
      setAside.add(item.action.leadId); // this lead waits; the others go on
    } else {
      report.refused += 1;
    }
  }
}

/** Runs `task` once at a time; a call made while it runs gets one more run after the current one. */
export function singleFlight(task: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await task();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
