import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../routes/context.ts';
import type { Emulator } from './emulator.ts';
import { ERROR_URI, UNAUTHORIZED_BODY } from './errors.ts';
import { rateLimitHeaders } from './rate-limit.ts';

/**
 * The bearer check and rate limit in front of every API route (reference §2.4–§2.5, §3.6):
 * no `Authorization: Bearer` header → 401 `unauthorized` (Hotmart's exact body); an unknown token → 401
 * `invalid_token`; an expired one → 401 `token_expired`. Authenticated requests count against their client's
 * window, and their responses carry the rate-limit headers (401s do not, as observed on Hotmart).
 *
 * @example
 * app.get('/user/api/v1/me', createGuard(emulator), (c) => c.json({}));
 */
export function createGuard(emulator: Emulator): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) return c.json(UNAUTHORIZED_BODY, 401);
    const now = emulator.clock.now();
    const check = emulator.tokens.check(match[1] as string, now);
    if (check.status === 'unknown') {
      return c.json(
        {
          error: 'invalid_token',
          error_description: 'Access token is missing or invalid.',
          error_uri: ERROR_URI,
        },
        401,
      );
    }
    if (check.status === 'expired') {
      return c.json(
        { error: 'token_expired', error_description: 'Access token expired.', error_uri: ERROR_URI },
        401,
      );
    }
    c.set('clientId', check.clientId);
    const verdict = emulator.rateLimiter.hit(check.clientId, now);
    if (verdict && !verdict.allowed) {
      return c.json(
        {
          error: 'too_many_requests',
          error_description: `Rate limit exceeded: ${verdict.limit} requests per minute`,
          error_uri: ERROR_URI,
        },
        429,
        rateLimitHeaders(verdict),
      );
    }
    await next();
    if (verdict)
      for (const [name, value] of Object.entries(rateLimitHeaders(verdict))) c.res.headers.set(name, value);
  };
}
