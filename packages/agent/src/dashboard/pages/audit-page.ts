import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { html } from '../html.ts';
import { positiveInteger } from '../keyset-cursor.ts';
import { pager, renderPage, table } from '../page-layout.ts';
import { printableJson } from '../printable-json.ts';

const PAGE_SIZE = 100;
const ACTION = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The audit log (`GET /audit`): who did what and when — sign-ins, replays, approvals, settings and connection
 * changes, MCP calls — newest first, filtered by action, paginated by id. Details are shown with secret-looking
 * fields masked.
 *
 * @example
 * import { auditPage } from './audit-page.ts';
 * auditPage(router, deps);
 */
export function auditPage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/audit', async (c, page) => {
    const before = positiveInteger(c.req.query('before'));
    const actionQuery = (c.req.query('action') ?? '').trim();
    const action = ACTION.test(actionQuery) ? actionQuery : '';
    const fetched = await deps.store.listAudit({
      limit: PAGE_SIZE + 1,
      ...(before === null ? {} : { beforeId: before }),
      ...(action ? { action } : {}),
    });
    const rows = fetched.slice(0, PAGE_SIZE);
    const next = fetched.length > PAGE_SIZE ? String(rows.at(-1)?.id ?? '') : null;
    const tableRows = rows.map(
      (entry) => html`<tr data-audit-id="${entry.id}">
<td>${page.dateTime(entry.at)}</td><td>${entry.actor}</td>
<td><a href="/audit?action=${encodeURIComponent(entry.action)}"><code>${entry.action}</code></a></td>
<td><code>${entry.target ?? ''}</code></td>
<td>${entry.details === null || entry.details === undefined ? '' : html`<details><summary>${page.t('details')}</summary><pre class="code">${printableJson(entry.details)}</pre></details>`}</td>
</tr>`,
    );
    const body = html`<form class="filters" method="get" action="/audit" role="search">
<label>${page.t('colAction')} <input type="text" name="action" value="${action}" placeholder="run.replay"></label>
<button type="submit">${page.t('filterApply')}</button> <a href="/audit">${page.t('filterClear')}</a></form>
${table(page, [page.t('colWhen'), page.t('colActor'), page.t('colAction'), page.t('colTarget'), page.t('details')], tableRows, { id: 'audit' })}
${pager(page, next, 'before')}`;
    return c.body(renderPage(page, { title: page.t('navAudit'), section: 'audit', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });
}
