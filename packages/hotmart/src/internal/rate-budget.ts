import type { SleepFn } from './options.ts';
import { resetDelayFromHeaders } from './rate-limit-headers.ts';

const WINDOW_MS = 60_000;

/**
 * A client-side request budget: at most `limit` requests in any rolling 60 s window (Hotmart allows 500 per minute
 * per credential, reference §3.6). When the budget is spent, `acquire` waits until the oldest request leaves the
 * window instead of failing, so bulk syncs slow down rather than collect 429s.
 *
 * It also follows the server: when a response says `RateLimit-Remaining: n` with `RateLimit-Reset: s`, at most
 * `n` more requests go out until `s` seconds have passed — other processes may share the same credential, and
 * only the server sees them. Without `RateLimit-Reset` the remaining count is ignored (there is no way to know
 * when it would end); the 429 retry path is the backstop then.
 *
 * @example
 * const budget = new RateBudget(500);
 * await budget.acquire(Date.now, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
 */
export class RateBudget {
  #limit: number;
  /** Grant times in ascending order; only the last `limit` matter. */
  readonly #grants: number[] = [];
  #serverRemaining: number | undefined;
  #serverResetAt = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The configured requests per minute. */
  get limit(): number {
    return this.#limit;
  }

  /** Lowers the limit (never raises it): several clients sharing a budget get the strictest setting. */
  lowerLimit(limit: number): void {
    this.#limit = Math.min(this.#limit, limit);
  }

  /**
   * Resolves when one more request may be sent, and records it. The check and the record happen in the same
   * synchronous turn, so concurrent callers cannot both take the last slot.
   */
  async acquire(now: () => number, sleep: SleepFn, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const time = now();
      const wait = this.#waitMs(time);
      if (wait <= 0) {
        this.#grants.push(time);
        if (this.#serverRemaining !== undefined) this.#serverRemaining -= 1;
        return;
      }
      await sleep(wait, signal);
    }
  }

  /** Milliseconds until the next request may be sent (0 if now). */
  waitMs(time: number): number {
    return Math.max(0, this.#waitMs(time));
  }

  /** Reads `RateLimit-Remaining` / `RateLimit-Reset` from a response received at `time`. */
  observe(headers: Readonly<Record<string, string>>, time: number): void {
    const rawRemaining = headers['ratelimit-remaining'];
    if (rawRemaining === undefined || rawRemaining.trim() === '') return;
    const remaining = Number(rawRemaining);
    const resetMs = resetDelayFromHeaders(headers, time);
    if (!Number.isInteger(remaining) || remaining < 0 || resetMs === undefined) return;
    this.#serverRemaining = remaining;
    this.#serverResetAt = time + resetMs;
  }

  #waitMs(time: number): number {
    while (this.#grants.length > 0 && (this.#grants[0] as number) <= time - WINDOW_MS) this.#grants.shift();
    // Keep memory bounded: grants older than the `limit` most recent ones can never decide a wait.
    if (this.#grants.length > this.#limit) this.#grants.splice(0, this.#grants.length - this.#limit);
    let wait = 0;
    if (this.#grants.length >= this.#limit) {
      const oldestInWindow = this.#grants[this.#grants.length - this.#limit] as number;
      wait = oldestInWindow + WINDOW_MS - time;
    }
    if (this.#serverRemaining !== undefined) {
      if (time >= this.#serverResetAt) this.#serverRemaining = undefined;
      else if (this.#serverRemaining <= 0) wait = Math.max(wait, this.#serverResetAt - time);
    }
    return wait;
  }
}

// One budget per credential for the whole process: Hotmart counts per credential (reference §3.6), so two client
// instances with the same clientId must share it. The API base URL is part of the key because a second server
// (the emulator in tests, or sandbox vs production) keeps its own count.
const budgets = new Map<string, RateBudget>();

/**
 * The process-wide budget for one credential on one API host, created on first use.
 *
 * @example
 * const budget = sharedRateBudget('client-id', 'https://developers.hotmart.com', 500);
 */
export function sharedRateBudget(clientId: string, apiBaseUrl: string, limit: number): RateBudget {
  const key = `${apiBaseUrl}\n${clientId}`;
  const existing = budgets.get(key);
  if (existing) {
    existing.lowerLimit(limit);
    return existing;
  }
  const budget = new RateBudget(limit);
  budgets.set(key, budget);
  return budget;
}
