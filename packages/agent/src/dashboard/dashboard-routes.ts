import { Hono } from 'hono';
import type { AuthEnv } from '../server/auth/principal.ts';
import { requireSession } from '../server/auth/require-session.ts';
import { type DashboardDeps, resolveDashboardDeps } from './dashboard-deps.ts';
import { createDashboardRouter } from './dashboard-router.ts';
import { agentsPages } from './pages/agents-pages.ts';
import { approvalsPage } from './pages/approvals-page.ts';
import { auditPage } from './pages/audit-page.ts';
import { cartRecoveryPage } from './pages/cart-recovery-page.ts';
import { connectionsPages } from './pages/connections-pages.ts';
import { dataRoutes } from './pages/data-routes.ts';
import { eventsPages } from './pages/events-pages.ts';
import { languageRoute } from './pages/language-route.ts';
import { overviewPage } from './pages/overview-page.ts';
import { quarantinePage } from './pages/quarantine-page.ts';
import { runsPages } from './pages/runs-pages.ts';
import { subscriptionsPage } from './pages/subscriptions-page.ts';
import { timeSavedPage } from './pages/time-saved-page.ts';
import { dashboardAssets, serveAssets } from './static-assets.ts';
import { createSyncJobs, type SyncJobs } from './sync-jobs.ts';

/**
 * The dashboard app plus what its owner must stop on shutdown (syncs started from the connections page).
 *
 * @example
 * import type { DashboardApp } from './dashboard-routes.ts';
 * const stop = (dashboard: DashboardApp) => dashboard.syncJobs.stopAll();
 */
export type DashboardApp = Hono<AuthEnv> & { readonly syncJobs: SyncJobs };

/**
 * The signed-in dashboard: server-rendered pages in pt-BR, es and en (overview, events, runs, quarantine, cart
 * recovery, subscriptions, agents, time saved, connections, approvals, audit log), the JSON their charts fetch
 * under `/dashboard/data/`, and the static files under `/assets/` (uPlot served from the installed package).
 * Mount it at `/` next to the sign-in routes, built with the same `auth`; every page and form needs a session,
 * and every form carries its CSRF token. Pages are guarded route by route, so the app can share `/` with the
 * webhook inbox and the API.
 *
 * @example
 * import { Hono } from 'hono';
 * import { registry } from '../connectors/registry.ts';
 * import { createAuth } from '../server/auth/auth-options.ts';
 * import { createAuthRoutes } from '../server/auth/auth-routes.ts';
 * import { createDashboardRoutes } from './dashboard-routes.ts';
 * const auth = createAuth({ store, publicUrl: 'https://ops.example.com' });
 * const app = new Hono();
 * app.route('/', createAuthRoutes(auth));
 * app.route('/', createDashboardRoutes({ store, registry, auth, engine, logger }));
 */
export function createDashboardRoutes(options: DashboardDeps): DashboardApp {
  const deps = resolveDashboardDeps(options);
  const app = new Hono<AuthEnv>();
  serveAssets(app, dashboardAssets());
  const router = createDashboardRouter(app, deps, requireSession(deps.auth));
  const syncJobs = createSyncJobs({
    store: deps.store,
    registry: deps.registry,
    fetch: deps.fetch,
    logger: deps.logger,
    now: deps.now,
  });
  overviewPage(router, deps);
  eventsPages(router, deps);
  runsPages(router, deps);
  quarantinePage(router, deps);
  cartRecoveryPage(router, deps);
  subscriptionsPage(router, deps);
  agentsPages(router, deps);
  timeSavedPage(router, deps);
  connectionsPages(router, deps, syncJobs);
  approvalsPage(router, deps);
  auditPage(router, deps);
  dataRoutes(router, deps, syncJobs);
  languageRoute(router, deps);
  return Object.assign(app, { syncJobs });
}
