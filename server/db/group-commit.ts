import type { Mutex } from 'async-mutex';
import { requestSignal, runInRequest, runOutsideRequest } from '../http/request-scope';
import { nextTurn } from '../next-turn';

// Group commit: writes that arrive while the write lock is held wait together, and the next
// holder of the lock writes all of them in one batch — one transaction, one sync of the file —
// where each alone would pay its own. Each write keeps its own answer: the group is planned
// in arrival order, each item seeing the ones before it as written, and when the group's batch
// fails (a unique index meeting another process's write, a busy file…) nothing of it is kept
// and every item is written again alone, by the same path a single write takes.

export type TOutcome<TResult> = { ok: true; value: TResult } | { ok: false; error: unknown };

export interface TGroupPlan<TResult> {
  /** Each item's answer, in the order of the items, valid once `write` has succeeded. */
  outcomes: TOutcome<TResult>[];
  /** Writes the items that succeed, all in one batch. */
  write(): Promise<void>;
  /** After the group is committed (signalling the work it queued). */
  afterCommit?(): void;
}

export interface TGroupWriter<TItem, TResult> {
  /** Reads what the group's checks need and decides every item, in order. */
  planGroup(items: readonly TItem[]): Promise<TGroupPlan<TResult>>;
  /** One item alone (the lock already held): for a group of one and after a group's batch failed. */
  writeOne(item: TItem): Promise<TResult>;
}

interface TWaiting<TItem, TResult> {
  item: TItem;
  /** The request that submitted it: stopped before its turn, it is not written. */
  signal: AbortSignal | undefined;
  resolve(result: TResult): void;
  reject(error: unknown): void;
}

/** The most items one batch writes: a bound on the batch's statements and on the wait of the last. */
const MOST_PER_GROUP = 64;

export class GroupCommit<TItem, TResult> {
  readonly #lock: Mutex;
  readonly #writer: TGroupWriter<TItem, TResult>;
  #waiting: TWaiting<TItem, TResult>[] = [];
  #scheduled = false;

  constructor(lock: Mutex, writer: TGroupWriter<TItem, TResult>) {
    this.#lock = lock;
    this.#writer = writer;
  }

  /** Writes `item` with whatever else is waiting; resolves once it is committed, with its own answer. */
  submit(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.#waiting.push({ item, signal: requestSignal(), resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    void this.#lock.runExclusive(() => this.#flush());
  }

  async #flush(): Promise<void> {
    // An embedded file answers every statement synchronously: a holder of the lock that never
    // yields to the event loop would find only itself waiting, the requests that arrived
    // meanwhile still unread on their sockets. One turn of the loop lets them join the group.
    await nextTurn();
    this.#scheduled = false;
    const group = this.#waiting.splice(0, MOST_PER_GROUP);
    if (this.#waiting.length > 0) this.#schedule();
    const live = group.filter((entry) => {
      if (!entry.signal?.aborted) return true;
      entry.reject(entry.signal.reason);
      return false;
    });
    if (live.length === 1) await this.#alone(live[0]!);
    else if (live.length > 1) await runOutsideRequest(() => this.#commit(live));
  }

  async #commit(group: TWaiting<TItem, TResult>[]): Promise<void> {
    let plan: TGroupPlan<TResult>;
    try {
      plan = await this.#writer.planGroup(group.map((entry) => entry.item));
      await plan.write();
    } catch {
      for (const entry of group) await this.#alone(entry);
      return;
    }
    plan.afterCommit?.();
    group.forEach((entry, i) => {
      const outcome = plan.outcomes[i]!;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  }

  async #alone(entry: TWaiting<TItem, TResult>): Promise<void> {
    const write = () => this.#writer.writeOne(entry.item);
    try {
      entry.resolve(await (entry.signal ? runInRequest(entry.signal, write) : runOutsideRequest(write)));
    } catch (error) {
      entry.reject(error);
    }
  }
}
