import type { MiddlewareHandler } from 'hono';
import { roleAtLeast, type UserRole } from '../../store/access/user-record.ts';
import { ApiError, apiErrorResponse } from '../api/api-error.ts';
import { PAGE_HEADERS, renderAccessErrorPage } from './auth-pages.ts';
import { type AuthEnv, principalOf } from './principal.ts';
import { requestLocale } from './request-locale.ts';

/**
 * Middleware that lets through only principals whose user has at least `minimum` role (viewer < operator <
 * admin). Put it after `requireSession` or `requireApiAuth`. Refusals are a 403 page in the user's language for
 * dashboard sessions asking for HTML, and a 403 JSON error (`forbidden`) otherwise; a request that reached it
 * unauthenticated (a wiring mistake) gets 401.
 *
 * @example
 * import { Hono } from 'hono';
 * import type { AuthEnv } from './principal.ts';
 * import { requireRole } from './require-role.ts';
 * const admin = new Hono<AuthEnv>();
 * admin.use('*', requireRole('admin'));
 */
export function requireRole(minimum: UserRole): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = principalOf(c);
    if (!principal) {
      return apiErrorResponse(c, new ApiError(401, 'unauthorized', 'authentication required'));
    }
    if (!roleAtLeast(principal.user.role, minimum)) {
      if (principal.kind === 'session' && (c.req.header('accept') ?? '').includes('text/html')) {
        return c.body(renderAccessErrorPage(requestLocale(c, principal.user.locale), 'forbidden'), 403, {
          ...PAGE_HEADERS,
        });
      }
      return apiErrorResponse(c, new ApiError(403, 'forbidden', `this needs the ${minimum} role or higher`));
    }
    await next();
  };
}
