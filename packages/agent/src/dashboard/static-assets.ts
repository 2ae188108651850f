import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Env, Hono } from 'hono';
import { DASHBOARD_CLIENT_SCRIPT } from './dashboard-client.ts';
import { DASHBOARD_STYLE } from './dashboard-style.ts';

/**
 * A file the dashboard serves under `/assets/`.
 *
 * @example
 * import type { StaticAsset } from './static-assets.ts';
 * const asset: StaticAsset = { path: '/assets/dashboard.css', type: 'text/css; charset=utf-8', body: 'body{}' };
 */
export interface StaticAsset {
  path: string;
  type: string;
  body: string;
}

/**
 * The dashboard's static files: uPlot's browser build and stylesheet, read once from the installed `uplot`
 * package (the machine may have no internet, so never a CDN), and the dashboard's own script and stylesheet.
 *
 * @example
 * import { dashboardAssets } from './static-assets.ts';
 * dashboardAssets().map((asset) => asset.path); // ['/assets/uPlot.iife.min.js', …]
 */
export function dashboardAssets(): StaticAsset[] {
  const require = createRequire(import.meta.url);
  const uplot = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
  return [
    {
      path: '/assets/uPlot.iife.min.js',
      type: 'text/javascript; charset=utf-8',
      body: uplot('uPlot.iife.min.js'),
    },
    { path: '/assets/uPlot.min.css', type: 'text/css; charset=utf-8', body: uplot('uPlot.min.css') },
    { path: '/assets/dashboard.js', type: 'text/javascript; charset=utf-8', body: DASHBOARD_CLIENT_SCRIPT },
    { path: '/assets/dashboard.css', type: 'text/css; charset=utf-8', body: DASHBOARD_STYLE },
  ];
}

/**
 * Serves the assets on `app` (public: they hold no data, and the sign-in page may use them). They change only
 * with a new build, so browsers may keep them an hour.
 *
 * @example
 * import { Hono } from 'hono';
 * import { dashboardAssets, serveAssets } from './static-assets.ts';
 * serveAssets(new Hono(), dashboardAssets());
 */
export function serveAssets<E extends Env>(app: Hono<E>, assets: readonly StaticAsset[]): void {
  for (const asset of assets) {
    app.get(asset.path, (c) =>
      c.body(asset.body, 200, {
        'content-type': asset.type,
        'cache-control': 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      }),
    );
  }
}
