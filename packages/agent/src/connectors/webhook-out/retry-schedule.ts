const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait before each retry of a delivery, after a first attempt made at once: 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h — eight attempts over about 27.6 hours. This is the schedule Standard Webhooks' reference
 * implementation (Svix) uses; the spec's own example table goes on with 14 h, 20 h and 24 h, which a seller can
 * get by passing a longer `schedule` to `deliveryWorkflow`.
 *
 * @example
 * import { RETRY_SCHEDULE_MS } from './retry-schedule.ts';
 * RETRY_SCHEDULE_MS.length + 1; // 8 attempts
 */
export const RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
]);

/**
 * The longest `Retry-After` a receiver can impose on one retry.
 *
 * @example
 * import { MAX_RETRY_AFTER_MS } from './retry-schedule.ts';
 * MAX_RETRY_AFTER_MS / 3_600_000; // 24 hours
 */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/**
 * The wait before the next attempt: the scheduled delay, spread by ±`jitter` (a fraction; Standard Webhooks
 * recommends some jitter so endpoints that failed together are not retried together), and never shorter than the
 * receiver's `Retry-After` (capped at 24 h), which the spec asks senders to honour.
 *
 * @example
 * import { retryDelay } from './retry-schedule.ts';
 * retryDelay(300_000, { jitter: 0.1, random: () => 0.5 }); // 300000
 * retryDelay(5_000, { jitter: 0, random: Math.random, retryAfterMs: 60_000 }); // 60000
 */
export function retryDelay(
  scheduledMs: number,
  options: { jitter: number; random: () => number; retryAfterMs?: number | undefined },
): number {
  const spread = scheduledMs * options.jitter * (2 * options.random() - 1);
  const jittered = Math.max(0, Math.round(scheduledMs + spread));
  const asked = options.retryAfterMs === undefined ? 0 : Math.min(options.retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}
