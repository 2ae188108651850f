import type { Context, MiddlewareHandler } from 'hono';
import { type ApiScope, type ApiTokenRefusal, verifyApiToken } from '../../store/access/api-tokens.ts';
import { findSession } from '../../store/access/sessions.ts';
import { ApiError, apiErrorResponse } from '../api/api-error.ts';
import type { Auth } from './auth-options.ts';
import { verifyCsrfToken } from './csrf-token.ts';
import { type AuthEnv, type Principal, sessionScopes, tokenScopes } from './principal.ts';
import { isSafeMethod, submittedCsrfToken } from './require-session.ts';
import { clearSessionCookie, readSessionCookie } from './session-cookie.ts';

/**
 * Options of {@link requireApiAuth}.
 *
 * @example
 * import type { ApiAuthOptions } from './require-api-auth.ts';
 * const mcp: ApiAuthOptions = { scope: 'mcp', allowSession: false };
 */
export interface ApiAuthOptions {
  /** A scope every request must have (403 `insufficient_scope` otherwise); routes may ask for more. */
  scope?: ApiScope;
  /** Accept a dashboard session (with CSRF on unsafe methods) besides bearer tokens. Default true. */
  allowSession?: boolean;
}

const REALM = 'Bearer realm="hotpilot"';

const REFUSALS: Readonly<Record<ApiTokenRefusal, string>> = {
  malformed: 'the bearer token is not a hotpilot API token (hp_…)',
  unknown: 'the API token is not valid',
  revoked: 'the API token was revoked',
  expired: 'the API token has expired',
  user_disabled: 'the API token is not valid',
};

/**
 * Middleware of `/api/v1` and `/mcp`: the caller is either a bearer API token (`Authorization: Bearer hp_…`,
 * never CSRF-checked: browsers don't attach that header by themselves) or, when allowed, a dashboard session whose
 * unsafe requests carry the session's CSRF token in `x-csrf-token`. Otherwise it answers 401 JSON with
 * `WWW-Authenticate: Bearer` (403 `csrf_failed` for a session without a valid CSRF token, 403
 * `insufficient_scope` when `scope` is missing). Sets `c.get('principal')`.
 *
 * @example
 * import { Hono } from 'hono';
 * import { createAuth } from './auth-options.ts';
 * import type { AuthEnv } from './principal.ts';
 * import { requireApiAuth } from './require-api-auth.ts';
 * const auth = createAuth({ store });
 * const mcp = new Hono<AuthEnv>();
 * mcp.use('*', requireApiAuth(auth, { scope: 'mcp', allowSession: false }));
 */
export function requireApiAuth(auth: Auth, options: ApiAuthOptions = {}): MiddlewareHandler<AuthEnv> {
  const allowSession = options.allowSession ?? true;
  return async (c, next) => {
    const principal = await authenticate(c, auth, allowSession);
    if (principal instanceof ApiError) return apiErrorResponse(c, principal);
    if (options.scope && !principal.scopes.includes(options.scope)) {
      return apiErrorResponse(c, insufficientScope(options.scope));
    }
    c.set('principal', principal);
    await next();
  };
}

/**
 * The 403 answered when a principal lacks a scope (with the `WWW-Authenticate` hint RFC 6750 defines).
 *
 * @example
 * import { insufficientScope } from './require-api-auth.ts';
 * throw insufficientScope('write');
 */
export function insufficientScope(scope: ApiScope): ApiError {
  return new ApiError(403, 'insufficient_scope', `this request needs the "${scope}" scope`, {
    headers: { 'www-authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` },
  });
}

async function authenticate(c: Context, auth: Auth, allowSession: boolean): Promise<Principal | ApiError> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      return unauthorized('invalid_authorization', 'use "Authorization: Bearer hp_…"', 'invalid_request');
    }
    const check = await verifyApiToken(auth.store, match[1]!, { now: auth.now });
    if (!check.ok) {
      auth.logger.info({ reason: check.reason, path: c.req.path, ip: auth.clientIp(c) }, 'API token refused');
      return unauthorized('invalid_token', REFUSALS[check.reason], 'invalid_token');
    }
    return {
      kind: 'token',
      user: check.user,
      token: check.token,
      scopes: tokenScopes(check.token.scopes, check.user.role),
    };
  }
  const token = allowSession ? readSessionCookie(c) : undefined;
  if (token) {
    const found = await findSession(auth.store, token, { now: auth.now, policy: auth.sessionPolicy });
    if (!found) {
      clearSessionCookie(c, { secure: auth.secureCookies });
      return unauthorized('session_expired', 'the session has ended; sign in again');
    }
    if (
      !isSafeMethod(c.req.method) &&
      !verifyCsrfToken(found.session.csrfSecret, await submittedCsrfToken(c))
    ) {
      auth.logger.warn({ path: c.req.path, user: found.user.id }, 'CSRF check failed on an API request');
      return new ApiError(
        403,
        'csrf_failed',
        'a signed-in browser must send the CSRF token (GET /api/v1/me) in the x-csrf-token header',
      );
    }
    return {
      kind: 'session',
      user: found.user,
      session: found.session,
      scopes: sessionScopes(found.user.role),
    };
  }
  return unauthorized('unauthorized', 'authentication required: send "Authorization: Bearer hp_…"');
}

function unauthorized(code: string, message: string, bearerError?: string): ApiError {
  const challenge = bearerError ? `${REALM}, error="${bearerError}"` : REALM;
  return new ApiError(401, code, message, { headers: { 'www-authenticate': challenge } });
}
