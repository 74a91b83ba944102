/**
 * Counts hits per key in fixed windows, remembering at most `capacity` keys: when full,
 * the key whose window started first is forgotten (entries are kept in the order their
 * windows started, so that is the first one). An attacker inventing keys only pushes out
 * their own oldest counters; memory stays bounded whatever they send.
 */
export class WindowCounter {
  readonly #entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly capacity: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Seconds until `key` is under its limit again; 0 when it is now. */
  retryAfter(key: string): number {
    const entry = this.#live(key);
    if (!entry || entry.count < this.limit) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - this.clock()) / 1000));
  }

  /** Counts one hit for `key`; returns the seconds to wait when this hit is over the limit, else 0. */
  hit(key: string): number {
    let entry = this.#live(key);
    if (!entry) {
      while (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
      entry = { count: 0, resetAt: this.clock() + this.windowMs };
      this.#entries.set(key, entry);
    }
    entry.count += 1;
    return entry.count > this.limit ? Math.max(1, Math.ceil((entry.resetAt - this.clock()) / 1000)) : 0;
  }

  #live(key: string) {
    const entry = this.#entries.get(key);
    if (entry && entry.resetAt <= this.clock()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
