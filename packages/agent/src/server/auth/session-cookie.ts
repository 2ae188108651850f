import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Secret } from '../../kit/secret.ts';

/**
 * The name of the session cookie.
 *
 * @example
 * import { SESSION_COOKIE } from './session-cookie.ts';
 * console.log(SESSION_COOKIE); // 'hp_session'
 */
export const SESSION_COOKIE = 'hp_session';

/**
 * True when the public URL is HTTPS, i.e. cookies must carry `Secure`. Behind a TLS-terminating proxy the process
 * itself speaks plain HTTP, so the decision follows the configured public URL, not the request's scheme.
 *
 * @example
 * import { isHttpsUrl } from './session-cookie.ts';
 * isHttpsUrl('https://ops.example.com'); // true
 * isHttpsUrl(null); // false
 */
export function isHttpsUrl(publicUrl: string | null | undefined): boolean {
  return typeof publicUrl === 'string' && /^https:\/\//i.test(publicUrl.trim());
}

/**
 * The session token from the request's cookie, or undefined.
 *
 * @example
 * import { readSessionCookie } from './session-cookie.ts';
 * const token = readSessionCookie(c);
 */
export function readSessionCookie(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Sets the session cookie: `HttpOnly` (no script can read it), `SameSite=Lax` (not sent on cross-site POSTs),
 * `Path=/`, `Secure` when the public URL is HTTPS, and a `Max-Age` equal to the session's absolute lifetime.
 *
 * @example
 * import { setSessionCookie } from './session-cookie.ts';
 * setSessionCookie(c, token, { secure: true, maxAgeMs: 7 * 86_400_000 });
 */
export function setSessionCookie(
  c: Context,
  token: Secret<string>,
  options: { secure: boolean; maxAgeMs: number },
): void {
  setCookie(c, SESSION_COOKIE, token.reveal(), {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: options.secure,
    maxAge: Math.max(0, Math.floor(options.maxAgeMs / 1000)),
  });
}

/**
 * Tells the browser to forget the session cookie (sign-out, or a cookie that names no live session).
 *
 * @example
 * import { clearSessionCookie } from './session-cookie.ts';
 * clearSessionCookie(c, { secure: false });
 */
export function clearSessionCookie(c: Context, options: { secure: boolean }): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', path: '/', secure: options.secure });
}
