import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Locale } from '../../kit/i18n/locale.ts';
import { MAX_PASSWORD_LENGTH } from '../../store/access/password-policy.ts';
import { createSession, deleteSession, findSession } from '../../store/access/sessions.ts';
import { randomSecret } from '../../store/access/token-digest.ts';
import { verifyPassword } from '../../store/access/users.ts';
import { authMessages } from './auth-messages.ts';
import type { Auth } from './auth-options.ts';
import { type LoginPageView, PAGE_HEADERS, renderAccessErrorPage, renderLoginPage } from './auth-pages.ts';
import { CSRF_FIELD, verifyCsrfToken } from './csrf-token.ts';
import { knownLocale, requestLocale } from './request-locale.ts';
import { submittedCsrfToken } from './require-session.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.ts';

/**
 * The cookie holding the sign-in form's CSRF token. There is no session yet to keep a secret in, so the sign-in
 * form uses a double-submit token instead: the form field must equal this cookie. A cross-site page can neither
 * read the cookie nor (SameSite=Lax) make the browser send it with a cross-site POST, so it can't sign a victim
 * into the attacker's account (login CSRF).
 *
 * @example
 * import { LOGIN_CSRF_COOKIE } from './auth-routes.ts';
 * console.log(LOGIN_CSRF_COOKIE); // 'hp_login_csrf'
 */
export const LOGIN_CSRF_COOKIE = 'hp_login_csrf';

const LOGIN_CSRF = /^[A-Za-z0-9_-]{43}$/;

/**
 * The local path to go to after signing in: `next` when it is a path on this site (starts with one `/`, no
 * scheme, no `//` or `/\` that browsers read as another host, no control characters), else `/`. Stops the
 * sign-in page from being an open redirect.
 *
 * @example
 * import { safeNextPath } from './auth-routes.ts';
 * safeNextPath('/runs?status=dead'); // '/runs?status=dead'
 * safeNextPath('//evil.example'); // '/'
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  return next;
}

/**
 * The sign-in and sign-out routes, with server-rendered pages in pt-BR, es and en (language from `?lang=`, the
 * user, or `Accept-Language`):
 * - `GET /login` — the form (redirects to `next` when already signed in);
 * - `POST /login` — checks the form's CSRF token, the login rate limit (429 with `Retry-After`), then the e-mail
 *   and password; on success starts a new session (deleting the one the browser came with), sets `hp_session` and
 *   redirects (303) to `next`;
 * - `POST /logout` — with the session's CSRF token (`_csrf` field or `x-csrf-token`): deletes the session, clears
 *   the cookie and redirects to `/login`.
 *
 * @example
 * import { Hono } from 'hono';
 * import { createAuth } from './auth-options.ts';
 * import { createAuthRoutes } from './auth-routes.ts';
 * const app = new Hono();
 * app.route('/', createAuthRoutes(createAuth({ store, publicUrl: 'https://ops.example.com' })));
 */
export function createAuthRoutes(auth: Auth): Hono {
  const app = new Hono();
  // A sign-in form is a few hundred bytes; anything much larger is not one, and is refused before it is read.
  const formLimit = bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) => c.text('Payload Too Large', 413, { 'cache-control': 'no-store' }),
  });

  const loginCsrf = (c: Context): string => {
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const value = existing && LOGIN_CSRF.test(existing) ? existing : randomSecret(32);
    setCookie(c, LOGIN_CSRF_COOKIE, value, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/login',
      secure: auth.secureCookies,
      maxAge: 3600,
    });
    return value;
  };

  const showLogin = (c: Context, status: 200 | 401 | 403 | 429, view: Omit<LoginPageView, 'csrf'>) =>
    c.body(renderLoginPage({ ...view, csrf: loginCsrf(c) }), status, { ...PAGE_HEADERS });

  const audit = async (action: string, userId: string, details: Record<string, unknown>) => {
    try {
      await auth.store.appendAudit({ actor: `user:${userId}`, action, target: userId, details }, auth.now());
    } catch (error) {
      auth.logger.error({ err: error, action }, 'could not write the audit log');
    }
  };

  app.get('/login', async (c) => {
    const next = safeNextPath(c.req.query('next'));
    const token = readSessionCookie(c);
    if (token && (await findSession(auth.store, token, { now: auth.now, policy: auth.sessionPolicy }))) {
      return c.redirect(next, 303);
    }
    const locale = requestLocale(c);
    const signedOut = c.req.query('signed_out') === '1';
    return showLogin(c, 200, {
      locale,
      next,
      ...(signedOut ? { notice: { kind: 'info' as const, text: authMessages.t(locale, 'signedOut') } } : {}),
    });
  });

  app.post('/login', formLimit, async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      form = {};
    }
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const locale: Locale = knownLocale(text('lang')) ?? requestLocale(c);
    const next = safeNextPath(text('next'));
    const email = text('email').trim().slice(0, 254);
    const password = text('password');
    const error = (key: 'formExpired' | 'invalidCredentials') => ({
      kind: 'error' as const,
      text: authMessages.t(locale, key),
    });

    if (!sameToken(getCookie(c, LOGIN_CSRF_COOKIE), text(CSRF_FIELD))) {
      return showLogin(c, 403, { locale, next, email, notice: error('formExpired') });
    }

    const ip = auth.clientIp(c);
    const verdict = auth.loginLimiter.check(ip, email);
    if (!verdict.allowed) {
      auth.logger.warn({ ip, by: verdict.by }, 'sign-in refused: too many failed attempts');
      c.header('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000));
      return showLogin(c, 429, {
        locale,
        next,
        email,
        notice: { kind: 'error', text: authMessages.t(locale, 'rateLimited', { minutes }) },
      });
    }

    const user =
      email !== '' && password !== '' && password.length <= MAX_PASSWORD_LENGTH * 4
        ? await verifyPassword(auth.store, email, password, { hasher: auth.passwordHasher, now: auth.now })
        : null;
    if (!user) {
      auth.loginLimiter.fail(ip, email);
      auth.logger.info({ ip }, 'sign-in failed: invalid e-mail or password');
      return showLogin(c, 401, { locale, next, email, notice: error('invalidCredentials') });
    }

    auth.loginLimiter.succeed(ip, email);
    const { token } = await createSession(
      auth.store,
      {
        userId: user.id,
        ip,
        userAgent: c.req.header('user-agent') ?? null,
        replaces: readSessionCookie(c) ?? null,
      },
      { now: auth.now, policy: auth.sessionPolicy },
    );
    setSessionCookie(c, token, { secure: auth.secureCookies, maxAgeMs: auth.sessionPolicy.absoluteMs });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login', secure: auth.secureCookies });
    auth.logger.info({ user: user.id, ip }, 'signed in');
    await audit('auth.sign_in', user.id, { ip });
    c.header('cache-control', 'no-store');
    return c.redirect(next, 303);
  });

  app.post('/logout', formLimit, async (c) => {
    const token = readSessionCookie(c);
    let locale = requestLocale(c);
    if (token) {
      const found = await findSession(auth.store, token, { now: auth.now, policy: auth.sessionPolicy });
      if (found) {
        locale = requestLocale(c, found.user.locale);
        if (!verifyCsrfToken(found.session.csrfSecret, await submittedCsrfToken(c))) {
          return c.body(renderAccessErrorPage(locale, 'csrfFailed'), 403, { ...PAGE_HEADERS });
        }
        await deleteSession(auth.store, token);
        auth.logger.info({ user: found.user.id }, 'signed out');
        await audit('auth.sign_out', found.user.id, {});
      }
    }
    clearSessionCookie(c, { secure: auth.secureCookies });
    c.header('cache-control', 'no-store');
    return c.redirect(`/login?${new URLSearchParams({ signed_out: '1', lang: locale }).toString()}`, 303);
  });

  return app;
}

function sameToken(cookie: string | undefined, field: string): boolean {
  if (!cookie || !LOGIN_CSRF.test(cookie) || field.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}
