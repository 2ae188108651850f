import type { MiddlewareHandler } from 'hono';
import type { ApiScope } from '../../store/access/api-tokens.ts';
import { ApiError, apiErrorResponse } from '../api/api-error.ts';
import { type AuthEnv, principalOf } from './principal.ts';
import { insufficientScope } from './require-api-auth.ts';

/**
 * Middleware that lets through only principals with `scope` among their effective scopes (a token's own scopes
 * bounded by its owner's role; a session's role-derived ones). Put it after `requireApiAuth`.
 *
 * @example
 * import { Hono } from 'hono';
 * import type { AuthEnv } from './principal.ts';
 * import { requireScope } from './require-scope.ts';
 * const app = new Hono<AuthEnv>();
 * app.post('/tools/write', requireScope('write'), (c) => c.json({ ok: true }));
 */
export function requireScope(scope: ApiScope): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = principalOf(c);
    if (!principal) return apiErrorResponse(c, new ApiError(401, 'unauthorized', 'authentication required'));
    if (!principal.scopes.includes(scope)) return apiErrorResponse(c, insufficientScope(scope));
    await next();
  };
}
