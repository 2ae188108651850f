import { setCookie } from 'hono/cookie';
import { safeNextPath } from '../../server/auth/auth-routes.ts';
import { knownLocale } from '../../server/auth/request-locale.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import type { DashboardRouter } from '../dashboard-router.ts';
import { LANGUAGE_COOKIE } from '../page-context.ts';

/** A year: the choice is a preference, not a secret. */
const ONE_YEAR_S = 365 * 86_400;

/**
 * The language switcher (`POST /language`, CSRF-checked like every form): remembers the chosen language in the
 * `hp_lang` cookie and goes back to the page it was used on (a local path only, never another site).
 *
 * @example
 * import { languageRoute } from './language-route.ts';
 * languageRoute(router, deps);
 */
export function languageRoute(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.post('/language', async (c) => {
    const form = await c.req.parseBody();
    const locale = knownLocale(typeof form.lang === 'string' ? form.lang : null);
    if (locale) {
      setCookie(c, LANGUAGE_COOKIE, locale, {
        path: '/',
        sameSite: 'Lax',
        httpOnly: true,
        secure: deps.auth.secureCookies,
        maxAge: ONE_YEAR_S,
      });
    }
    const next = new URL(safeNextPath(form.next), 'http://local');
    // `?lang=` outranks the cookie, so a page reached with one must not keep it after switching.
    next.searchParams.delete('lang');
    next.searchParams.delete('notice');
    return c.redirect(`${next.pathname}${next.search}`, 303);
  });
}
