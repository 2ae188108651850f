import type { Context, Hono, MiddlewareHandler } from 'hono';
import { PAGE_HEADERS, renderAccessErrorPage } from '../server/auth/auth-pages.ts';
import type { AuthEnv } from '../server/auth/principal.ts';
import type { UserRole } from '../store/access/user-record.ts';
import type { ResolvedDashboardDeps } from './dashboard-deps.ts';
import { createPageContext, type PageContext } from './page-context.ts';

/**
 * Headers of every dashboard answer: never cached (pages hold CSRF tokens and sales figures), never framed, and a
 * content security policy that runs only this origin's scripts — a payload that slipped past escaping still could
 * not execute — and sends forms and fetches only back here.
 *
 * @example
 * import { DASHBOARD_HEADERS } from './dashboard-router.ts';
 * new Response('<!doctype html>…', { headers: { ...DASHBOARD_HEADERS } });
 */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
});

/**
 * A dashboard handler: the request and the page context of the signed-in person.
 *
 * @example
 * import type { DashboardHandler } from './dashboard-router.ts';
 * const hello: DashboardHandler = async (c, page) => c.text(page.t('navOverview'));
 */
export type DashboardHandler = (c: Context<AuthEnv>, page: PageContext) => Promise<Response> | Response;

/**
 * Registers dashboard routes: each one behind the session middleware (sign-in redirect, CSRF check on POST) and,
 * when asked, a minimum role. The middleware is attached route by route, not with `use('*')`, because the
 * dashboard is mounted at `/` next to the webhook inbox, the API and the sign-in page, which it must not guard.
 *
 * @example
 * import { Hono } from 'hono';
 * import { createDashboardRouter } from './dashboard-router.ts';
 * const router = createDashboardRouter(new Hono(), deps, session);
 * router.get('/hello', (c, page) => c.text(page.t('navOverview')));
 * router.post('/runs/:id/cancel', async (c) => c.redirect('/runs'), 'operator');
 */
export interface DashboardRouter {
  get(path: string, handler: DashboardHandler, minimum?: UserRole): void;
  post(path: string, handler: DashboardHandler, minimum?: UserRole): void;
}

/**
 * Creates a {@link DashboardRouter} on `app`, guarding every route with `session` (the access layer's
 * `requireSession`).
 *
 * @example
 * import { Hono } from 'hono';
 * import { requireSession } from '../server/auth/require-session.ts';
 * import { createDashboardRouter } from './dashboard-router.ts';
 * const router = createDashboardRouter(new Hono(), deps, requireSession(deps.auth));
 */
export function createDashboardRouter(
  app: Hono<AuthEnv>,
  deps: ResolvedDashboardDeps,
  session: MiddlewareHandler<AuthEnv>,
): DashboardRouter {
  const wrap =
    (handler: DashboardHandler, minimum: UserRole | undefined) =>
    async (c: Context<AuthEnv>): Promise<Response> => {
      const page = await createPageContext(c, deps);
      if (minimum && !page.can(minimum)) {
        return c.body(renderAccessErrorPage(page.locale, 'forbidden'), 403, { ...PAGE_HEADERS });
      }
      return handler(c, page);
    };
  return {
    get(path, handler, minimum) {
      app.get(path, session, wrap(handler, minimum));
    },
    post(path, handler, minimum) {
      app.post(path, session, wrap(handler, minimum));
    },
  };
}
