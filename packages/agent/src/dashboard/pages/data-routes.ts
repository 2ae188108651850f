import type { Context } from 'hono';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import type { DashboardRouter } from '../dashboard-router.ts';
import { eventsPerMinute } from '../data/events-per-minute.ts';
import { mrrSeries } from '../data/mrr-series.ts';
import { subscribersByPlanSeries } from '../data/subscribers-by-plan-series.ts';
import { timeSavedSeries } from '../data/time-saved-series.ts';
import type { SyncJobs } from '../sync-jobs.ts';

const JSON_HEADERS = (): Record<string, string> => ({
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

const json = (c: Context, value: unknown, status: 200 | 404 = 200) =>
  c.body(JSON.stringify(value), status, JSON_HEADERS());

/** How many months back the "over time" charts go. */
const MONTHS = 12;
/** How many weeks back the time-saved chart goes. */
const WEEKS = 12;

/**
 * The JSON the dashboard's charts and progress panels fetch, under the same session as the pages:
 * `/dashboard/data/mrr.json`, `events-per-minute.json`, `subscribers-by-plan.json`, `time-saved.json` (each a
 * `ChartSet`) and `sync/<connection>.json` (a running sync's progress).
 *
 * @example
 * import { dataRoutes } from './data-routes.ts';
 * dataRoutes(router, deps, syncJobs);
 */
export function dataRoutes(router: DashboardRouter, deps: ResolvedDashboardDeps, syncJobs: SyncJobs): void {
  router.get('/dashboard/data/mrr.json', async (c, page) =>
    json(c, await mrrSeries(deps.store, page, { now: deps.now(), months: MONTHS })),
  );
  router.get('/dashboard/data/events-per-minute.json', async (c, page) =>
    json(c, await eventsPerMinute(deps.store, page, { now: deps.now(), minutes: 60 })),
  );
  router.get('/dashboard/data/subscribers-by-plan.json', async (c, page) =>
    json(c, await subscribersByPlanSeries(deps.store, page, { now: deps.now(), months: MONTHS })),
  );
  router.get('/dashboard/data/time-saved.json', async (c, page) => {
    const { set } = await timeSavedSeries(deps.store, page, deps.agents, { now: deps.now(), weeks: WEEKS });
    return json(c, set);
  });
  router.get('/dashboard/data/sync/:id{[A-Za-z0-9._~-]{1,64}\\.json}', (c) => {
    const id = (c.req.param('id') ?? '').replace(/\.json$/, '');
    const job = syncJobs.get(id);
    return job ? json(c, job) : json(c, { error: 'not_found' }, 404);
  });
}
