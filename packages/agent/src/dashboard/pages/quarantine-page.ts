import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { html } from '../html.ts';
import { positiveInteger } from '../keyset-cursor.ts';
import { actionButton, pager, renderPage, table } from '../page-layout.ts';
import { printableBody } from '../printable-body.ts';

const PAGE_SIZE = 50;

/**
 * The quarantine: `GET /quarantine` lists the deliveries that were authenticated but could not be parsed (kept,
 * acknowledged, never dropped), with the reason and the raw body (secrets masked); `POST /quarantine/:seq/requeue`
 * (operators) sends one back to the dispatcher — after a parser fix, say — and wakes it.
 *
 * @example
 * import { quarantinePage } from './quarantine-page.ts';
 * quarantinePage(router, deps);
 */
export function quarantinePage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/quarantine', async (c, page) => {
    const before = positiveInteger(c.req.query('before'));
    const fetched = await deps.store.listInbox({
      status: 'quarantined',
      limit: PAGE_SIZE + 1,
      ...(before === null ? {} : { beforeSeq: before }),
    });
    const rows = fetched.slice(0, PAGE_SIZE);
    const next = fetched.length > PAGE_SIZE ? String(rows.at(-1)?.seq ?? '') : null;
    const tableRows = rows.map((row) => {
      const shown = printableBody(row.body, row.contentType);
      return html`<tr data-seq="${row.seq}">
<td class="num">${row.seq}</td>
<td>${page.dateTime(row.receivedAt)}</td>
<td><code>${row.connectionId}</code></td>
<td class="error-cell">${row.quarantineReason ?? ''}</td>
<td><details><summary>${row.contentType ?? page.t('unknownContentType')} · ${page.number(row.body.length)} B</summary><pre class="code">${shown}</pre></details></td>
<td>${
        page.can('operator')
          ? actionButton(page, `/quarantine/${row.seq}/requeue`, page.t('redispatch'), {
              confirm: page.t('confirmRedispatch'),
              testId: `requeue-${row.seq}`,
            })
          : ''
      }</td>
</tr>`;
    });
    const body = html`<p class="intro">${page.t('quarantineIntro')}</p>
${table(
  page,
  ['#', page.t('colReceived'), page.t('colConnection'), page.t('colReason'), page.t('colBody'), ''],
  tableRows,
  { id: 'quarantine', empty: page.t('quarantineEmpty') },
)}
${pager(page, next, 'before')}`;
    return c.body(renderPage(page, { title: page.t('navQuarantine'), section: 'quarantine', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.post(
    '/quarantine/:seq/requeue',
    async (c, page) => {
      const seq = positiveInteger(c.req.param('seq') ?? '');
      const done = seq !== null && (await deps.store.requeueInbox(seq));
      if (done) {
        deps.engine?.wake();
        await deps.store.appendAudit(
          { actor: page.actor, action: 'inbox.requeue', target: String(seq), details: {} },
          deps.now(),
        );
      }
      return c.redirect(`/quarantine?notice=${done ? 'requeued' : 'notRequeued&kind=error'}`, 303);
    },
    'operator',
  );
}
