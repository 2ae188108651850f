import { type Clock, systemClock } from '../../kit/clock.ts';

/**
 * Limits of `createLoginRateLimiter`: at most `maxPerEmail` failed sign-ins for one e-mail and `maxPerIp` from one
 * client address within `windowMs`. More failures per IP are allowed than per e-mail, because an office or a mobile
 * carrier puts many people behind one address.
 *
 * @example
 * import type { LoginRateLimits } from './login-rate-limiter.ts';
 * const limits: LoginRateLimits = { maxPerEmail: 5, maxPerIp: 20, windowMs: 15 * 60_000 };
 */
export interface LoginRateLimits {
  maxPerEmail: number;
  maxPerIp: number;
  windowMs: number;
}

/**
 * 5 failures per e-mail and 20 per IP address in 15 minutes.
 *
 * @example
 * import { DEFAULT_LOGIN_RATE_LIMITS } from './login-rate-limiter.ts';
 * console.log(DEFAULT_LOGIN_RATE_LIMITS.maxPerEmail); // 5
 */
export const DEFAULT_LOGIN_RATE_LIMITS: Readonly<LoginRateLimits> = Object.freeze({
  maxPerEmail: 5,
  maxPerIp: 20,
  windowMs: 15 * 60_000,
});

/**
 * The verdict before a sign-in attempt.
 *
 * @example
 * import type { LoginRateVerdict } from './login-rate-limiter.ts';
 * const header = (v: LoginRateVerdict) => (v.allowed ? null : String(Math.ceil(v.retryAfterMs / 1000)));
 */
export type LoginRateVerdict =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; by: 'email' | 'ip' };

/**
 * Counts failed sign-ins in memory, per process, in a sliding window.
 *
 * With several hotpilot web processes behind a load balancer each counts on its own, so an attacker spread over
 * them gets up to N times the attempts (still a few per minute, against 12-character passwords hashed with
 * scrypt); sticky sessions on `/login` or a single web process restore the exact limit. A restart forgets the
 * counts.
 *
 * @example
 * import { createLoginRateLimiter } from './login-rate-limiter.ts';
 * const limiter = createLoginRateLimiter();
 * const verdict = limiter.check('203.0.113.7', 'ana@example.com');
 * if (verdict.allowed) limiter.fail('203.0.113.7', 'ana@example.com');
 */
export interface LoginRateLimiter {
  readonly limits: Readonly<LoginRateLimits>;
  /** May this IP try this e-mail now? */
  check(ip: string, email: string): LoginRateVerdict;
  /** Records a failed attempt against both keys. */
  fail(ip: string, email: string): void;
  /**
   * A successful sign-in clears the e-mail's failures (the person got in). The IP's failures stay: otherwise an
   * attacker with an account of their own could sign in between guesses to reset the address's count.
   */
  succeed(ip: string, email: string): void;
}

/**
 * Builds a limiter. Memory is bounded: at most `maxKeys` keys are tracked (the least recently failed are dropped
 * first), so a flood of random e-mails can't grow the process.
 *
 * @example
 * import { createLoginRateLimiter } from './login-rate-limiter.ts';
 * const limiter = createLoginRateLimiter({ limits: { maxPerEmail: 3, maxPerIp: 10, windowMs: 60_000 } });
 */
export function createLoginRateLimiter(
  options: { limits?: Partial<LoginRateLimits>; now?: Clock; maxKeys?: number } = {},
): LoginRateLimiter {
  const limits = Object.freeze({ ...DEFAULT_LOGIN_RATE_LIMITS, ...options.limits });
  const now = options.now ?? systemClock;
  const maxKeys = options.maxKeys ?? 50_000;
  // Map order is insertion order; a key is re-inserted on each failure, so the first key is the stalest.
  const failures = new Map<string, number[]>();

  const recent = (key: string, at: number): number[] => {
    const list = failures.get(key);
    if (!list) return [];
    const kept = list.filter((time) => at - time < limits.windowMs);
    if (kept.length === 0) failures.delete(key);
    else if (kept.length !== list.length) failures.set(key, kept);
    return kept;
  };

  const blockedFor = (key: string, max: number, at: number): number => {
    const list = recent(key, at);
    if (list.length < max) return 0;
    // Allowed again once enough of the oldest failures have left the window.
    const oldestThatMustExpire = list[list.length - max]!;
    return Math.max(1, oldestThatMustExpire + limits.windowMs - at);
  };

  const add = (key: string, at: number, max: number) => {
    const list = recent(key, at);
    list.push(at);
    failures.delete(key);
    failures.set(key, list.slice(-max));
    while (failures.size > maxKeys) {
      const stalest = failures.keys().next().value;
      if (stalest === undefined) break;
      failures.delete(stalest);
    }
  };

  return {
    limits,
    check(ip, email) {
      const at = now();
      const byEmail = blockedFor(emailKey(email), limits.maxPerEmail, at);
      const byIp = blockedFor(ipKey(ip), limits.maxPerIp, at);
      if (byEmail === 0 && byIp === 0) return { allowed: true };
      return byEmail >= byIp
        ? { allowed: false, retryAfterMs: byEmail, by: 'email' }
        : { allowed: false, retryAfterMs: byIp, by: 'ip' };
    },
    fail(ip, email) {
      const at = now();
      add(emailKey(email), at, limits.maxPerEmail);
      add(ipKey(ip), at, limits.maxPerIp);
    },
    succeed(_ip, email) {
      failures.delete(emailKey(email));
    },
  };
}

const emailKey = (email: string) => `e:${String(email).trim().toLowerCase()}`;
const ipKey = (ip: string) => `i:${ip}`;
