// Limits sign-in attempts per e-mail and per IP address (a sliding window in memory). With several
// API processes each keeps its own window: the limit is per process, which still stops guessing.
export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export class LoginRateLimiter {
  readonly #attempts = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: { max?: number; windowMs?: number; now?: () => number } = {}) {
    this.#max = options.max ?? 10;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  check(keys: string[]): RateLimitDecision {
    const now = this.#now();
    let retryAfterMs = 0;
    for (const key of keys) {
      const recent = (this.#attempts.get(key) ?? []).filter((t) => now - t < this.#windowMs);
      this.#attempts.set(key, recent);
      if (recent.length >= this.#max) retryAfterMs = Math.max(retryAfterMs, (recent[0] ?? now) + this.#windowMs - now);
    }
    return { allowed: retryAfterMs === 0, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
  }

  /** Records a failed attempt; successful sign-ins clear the e-mail's window. */
  fail(keys: string[]): void {
    const now = this.#now();
    for (const key of keys) this.#attempts.set(key, [...(this.#attempts.get(key) ?? []), now]);
    if (this.#attempts.size > 100_000) this.#attempts.clear();
  }

  succeed(key: string): void {
    this.#attempts.delete(key);
  }
}
