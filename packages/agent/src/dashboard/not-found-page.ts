import type { Context } from 'hono';
import { DASHBOARD_HEADERS } from './dashboard-router.ts';
import { html } from './html.ts';
import type { PageContext } from './page-context.ts';
import { renderPage } from './page-layout.ts';

/**
 * The "not found" page of a dashboard record (an event, a run, a connection or an agent that doesn't exist).
 *
 * @example
 * import { notFound } from './not-found-page.ts';
 * const answer = notFound(c, page); // 404 with a link back to the overview
 */
export function notFound(c: Context, page: PageContext): Response {
  const body = html`<p class="notice error" role="alert">${page.t('notFound')}</p><p><a href="/">${page.t('navOverview')}</a></p>`;
  return c.body(renderPage(page, { title: page.t('notFoundTitle'), section: 'overview', body }), 404, {
    ...DASHBOARD_HEADERS,
  });
}
