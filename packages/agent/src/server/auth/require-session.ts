import type { Context, MiddlewareHandler } from 'hono';
import { findSession } from '../../store/access/sessions.ts';
import type { Auth } from './auth-options.ts';
import { PAGE_HEADERS, renderAccessErrorPage } from './auth-pages.ts';
import { CSRF_FIELD, CSRF_HEADER, verifyCsrfToken } from './csrf-token.ts';
import { type AuthEnv, sessionScopes } from './principal.ts';
import { requestLocale } from './request-locale.ts';
import { clearSessionCookie, readSessionCookie } from './session-cookie.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True for methods that must not change anything (no CSRF check needed).
 *
 * @example
 * import { isSafeMethod } from './require-session.ts';
 * isSafeMethod('POST'); // false
 */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The CSRF token a cookie-authenticated request carries: the `x-csrf-token` header, or the `_csrf` field of a
 * form body (server-rendered forms can't set headers).
 *
 * @example
 * import { submittedCsrfToken } from './require-session.ts';
 * const token = await submittedCsrfToken(c);
 */
export async function submittedCsrfToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return undefined;
  try {
    // Hono caches the parsed body, so the route handler can read the form again.
    const form = await c.req.parseBody();
    const value = form[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The login URL that brings a person back to `c`'s page after signing in.
 *
 * @example
 * import { loginRedirect } from './require-session.ts';
 * loginRedirect('/runs?status=dead'); // '/login?next=%2Fruns%3Fstatus%3Ddead'
 */
export function loginRedirect(next: string): string {
  return `/login?${new URLSearchParams({ next }).toString()}`;
}

/**
 * Middleware of dashboard pages: a request without a live session is redirected (303) to
 * `/login?next=<this page>`; an unsafe method (POST, PUT, PATCH, DELETE) must also carry the session's CSRF token
 * (`x-csrf-token` header or `_csrf` form field) or gets a 403 page in the user's language. Sets
 * `c.get('principal')`.
 *
 * @example
 * import { Hono } from 'hono';
 * import { createAuth } from './auth-options.ts';
 * import type { AuthEnv } from './principal.ts';
 * import { requireSession } from './require-session.ts';
 * const dashboard = new Hono<AuthEnv>();
 * dashboard.use('*', requireSession(createAuth({ store })));
 * dashboard.get('/', (c) => c.text(`Hello ${c.get('principal').user.name}`));
 */
export function requireSession(auth: Auth): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = readSessionCookie(c);
    const found = token
      ? await findSession(auth.store, token, { now: auth.now, policy: auth.sessionPolicy })
      : null;
    if (!found) {
      if (token) clearSessionCookie(c, { secure: auth.secureCookies });
      const url = new URL(c.req.url);
      return c.redirect(loginRedirect(`${url.pathname}${url.search}`), 303);
    }
    if (
      !isSafeMethod(c.req.method) &&
      !verifyCsrfToken(found.session.csrfSecret, await submittedCsrfToken(c))
    ) {
      auth.logger.warn({ path: c.req.path, user: found.user.id }, 'CSRF check failed on a dashboard request');
      return c.body(renderAccessErrorPage(requestLocale(c, found.user.locale), 'csrfFailed'), 403, {
        ...PAGE_HEADERS,
      });
    }
    c.set('principal', {
      kind: 'session',
      user: found.user,
      session: found.session,
      scopes: sessionScopes(found.user.role),
    });
    await next();
  };
}
