import { type Clock, systemClock } from '../../kit/clock.ts';
import { type Logger, silentLogger } from '../../kit/logger.ts';
import { defaultPasswordHasher, type PasswordHasher } from '../../store/access/password-hash.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../../store/access/sessions.ts';
import type { Store } from '../../store/port.ts';
import { type ClientIpResolver, socketClientIp } from './client-ip.ts';
import { createLoginRateLimiter, type LoginRateLimiter } from './login-rate-limiter.ts';
import { isHttpsUrl } from './session-cookie.ts';

/**
 * What the auth middleware and the sign-in routes share. Build it once per process with {@link createAuth} and
 * pass the same object to `requireSession`, `requireApiAuth` and `createAuthRoutes`, so they share one login rate
 * limiter.
 *
 * @example
 * import type { AuthOptions } from './auth-options.ts';
 * const options: AuthOptions = { store, publicUrl: 'https://ops.example.com' };
 */
export interface AuthOptions {
  store: Store;
  now?: Clock;
  logger?: Logger;
  /** The URL people reach hotpilot at; HTTPS makes the session cookie `Secure`. */
  publicUrl?: string | null;
  sessionPolicy?: SessionPolicy;
  passwordHasher?: PasswordHasher;
  loginLimiter?: LoginRateLimiter;
  /** Default: the socket's peer address; behind a proxy use `forwardedClientIp(1)`. */
  clientIp?: ClientIpResolver;
}

/**
 * {@link AuthOptions} with every default filled in.
 *
 * @example
 * import type { Auth } from './auth-options.ts';
 * const secureCookies = (auth: Auth) => auth.secureCookies;
 */
export interface Auth {
  readonly store: Store;
  readonly now: Clock;
  readonly logger: Logger;
  readonly publicUrl: string | null;
  readonly secureCookies: boolean;
  readonly sessionPolicy: SessionPolicy;
  readonly passwordHasher: PasswordHasher;
  readonly loginLimiter: LoginRateLimiter;
  readonly clientIp: ClientIpResolver;
}

/**
 * Fills in the defaults of the auth options: system clock, silent logger, default session policy
 * (12 h idle, 7 days absolute), default scrypt cost, a fresh in-memory login rate limiter (5 failures per e-mail,
 * 20 per IP, in 15 minutes) and the socket address as client IP.
 *
 * @example
 * import { createAuth } from './auth-options.ts';
 * const auth = createAuth({ store, publicUrl: config.publicUrl, logger });
 */
export function createAuth(options: AuthOptions): Auth {
  const now = options.now ?? systemClock;
  return Object.freeze({
    store: options.store,
    now,
    logger: options.logger ?? silentLogger,
    publicUrl: options.publicUrl ?? null,
    secureCookies: isHttpsUrl(options.publicUrl),
    sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    passwordHasher: options.passwordHasher ?? defaultPasswordHasher,
    loginLimiter: options.loginLimiter ?? createLoginRateLimiter({ now }),
    clientIp: options.clientIp ?? socketClientIp,
  });
}
