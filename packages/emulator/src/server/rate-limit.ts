/**
 * Hotmart's rate limit (reference §3.6): 500 requests per minute per credential, reads and writes together, with
 * `RateLimit-*` and Kong-style `X-RateLimit-*-Minute` headers and 429 `too_many_requests` beyond it. A fixed
 * window on the emulator clock, so a test can exhaust it and then advance the clock past the reset.
 */

/**
 * Rate-limit settings.
 *
 * @example
 * const options: RateLimitOptions = { limit: 500, windowMs: 60_000, enabled: true };
 */
export interface RateLimitOptions {
  /** Requests allowed per window (default 500). */
  limit: number;
  /** Window length in ms (default 60,000). */
  windowMs: number;
  enabled: boolean;
}

/**
 * The outcome of one request against the limit, with what the headers report.
 *
 * @example
 * const verdict: RateLimitVerdict | undefined = limiter.hit('client', Date.now());
 */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/**
 * Default settings: Hotmart's documented 500 per minute.
 *
 * @example
 * new RateLimiter(DEFAULT_RATE_LIMIT).options.limit; // 500
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 500, windowMs: 60_000, enabled: true };

/**
 * Counts requests per client in fixed windows.
 *
 * @example
 * const limiter = new RateLimiter({ limit: 2 });
 * limiter.hit('client', 0).allowed; // true
 * limiter.hit('client', 1).allowed; // true
 * limiter.hit('client', 2).allowed; // false
 */
export class RateLimiter {
  #options: RateLimitOptions;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.#options = { ...DEFAULT_RATE_LIMIT, ...options };
    this.#check();
  }

  get options(): RateLimitOptions {
    return { ...this.#options };
  }

  configure(options: Partial<RateLimitOptions>): RateLimitOptions {
    this.#options = { ...this.#options, ...options };
    this.#check();
    this.#windows.clear();
    return this.options;
  }

  #check(): void {
    const { limit, windowMs } = this.#options;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rate limit must be a positive integer');
    if (!Number.isInteger(windowMs) || windowMs < 1)
      throw new RangeError('rate-limit window must be positive ms');
  }

  /** The state of a client's window without counting a request (for 429s injected by faults). */
  peek(key: string, now: number): RateLimitVerdict {
    const { limit, windowMs } = this.#options;
    const start = Math.floor(now / windowMs) * windowMs;
    const window = this.#windows.get(key);
    const count = window && window.start === start ? window.count : 0;
    return {
      allowed: count < limit,
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
    };
  }

  /** Counts one request; undefined when the limiter is turned off. */
  hit(key: string, now: number): RateLimitVerdict | undefined {
    if (!this.#options.enabled) return undefined;
    const { limit, windowMs } = this.#options;
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.#windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.#windows.set(key, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count++;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
    };
  }

  reset(): void {
    this.#windows.clear();
  }
}

/**
 * The rate-limit headers of a response (reference §3.6).
 *
 * @example
 * rateLimitHeaders({ allowed: true, limit: 500, remaining: 499, resetSeconds: 60 })['RateLimit-Remaining']; // '499'
 */
export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  return {
    'RateLimit-Limit': String(verdict.limit),
    'RateLimit-Remaining': String(verdict.remaining),
    'RateLimit-Reset': String(verdict.resetSeconds),
    'X-RateLimit-Limit-Minute': String(verdict.limit),
    'X-RateLimit-Remaining-Minute': String(verdict.remaining),
  };
}
