/**
 * Retry delay policy: exponential growth with full jitter.
 *
 * @example
 * import type { BackoffOptions } from './backoff.ts';
 * const pinned: BackoffOptions = { baseMs: 500, capMs: 60_000, random: () => 0.5 };
 */
export interface BackoffOptions {
  /** Delay cap before jitter for the first retry (default 1 s). */
  baseMs?: number;
  /** Upper bound of any delay (default 10 min). */
  capMs?: number;
  /** Uniform random in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/**
 * The delay before retry number `failures` (1 for the first retry): uniform in `[0, min(cap, base · 2^(failures-1)))`
 * — "full jitter", so many runs failing together (a vendor outage) don't retry in lockstep.
 *
 * @example
 * import { backoffDelay } from './backoff.ts';
 * backoffDelay(3, { random: () => 0.5 }); // 2000 (half of 4 s)
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 600_000;
  const random = options.random ?? Math.random;
  // 2^n overflows to Infinity for large n, and min() clamps that to the cap.
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}
