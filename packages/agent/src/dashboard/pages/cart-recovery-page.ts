import { addDays, startOfLocalDay } from '../../store/mirror/reports-time.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { cartFunnel } from '../data/cart-funnel.ts';
import { lastDays } from '../data/report-dates.ts';
import { html } from '../html.ts';
import { renderPage, table } from '../page-layout.ts';
import { periodDays, periodLinks } from '../period.ts';

const RECENT = 20;

/**
 * The cart-recovery funnel (`GET /cart-recovery`): carts abandoned → buyers enrolled in the recovery sequence →
 * carts recovered, with the recovered revenue per currency and the latest recovered carts, over 7, 30 or 90 days
 * in the seller's time zone.
 *
 * @example
 * import { cartRecoveryPage } from './cart-recovery-page.ts';
 * cartRecoveryPage(router, deps);
 */
export function cartRecoveryPage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/cart-recovery', async (c, page) => {
    const days = periodDays(c.req.query('days'));
    const { from, to } = lastDays(deps.now(), page.timeZone, days);
    const range = {
      from: startOfLocalDay(from, page.timeZone),
      to: startOfLocalDay(addDays(to, 1), page.timeZone),
    };
    const funnel = await cartFunnel(deps.store, range);
    const top = Math.max(1, funnel.abandoned, funnel.enrolled, funnel.recovered);
    const share = (count: number) =>
      funnel.abandoned === 0 ? '—' : `${page.number((count / funnel.abandoned) * 100, 1)} %`;
    const stages: [string, string, number][] = [
      ['abandoned', page.t('funnelAbandoned'), funnel.abandoned],
      ['enrolled', page.t('funnelEnrolled'), funnel.enrolled],
      ['recovered', page.t('funnelRecovered'), funnel.recovered],
    ];
    const funnelHtml = html`<ol class="funnel" id="funnel">${stages.map(
      ([id, label, count]) => html`<li data-stage="${id}"><span class="stage">${label}</span>
<span class="bar-track"><span class="bar" style="width:${((count / top) * 100).toFixed(1)}%"></span></span>
<span class="figure" data-testid="funnel-${id}">${page.number(count)}</span><span class="muted">${share(count)}</span></li>`,
    )}</ol>`;
    const revenue =
      funnel.revenue.byCurrency.length === 0
        ? html`<p class="empty">${page.t('recoveredNone')}</p>`
        : html`<div class="cards" id="recovered-revenue">${funnel.revenue.byCurrency.map(
            (
              row,
            ) => html`<div class="card"><span class="figure">${page.money(row.amount, row.currency)}</span>
<span class="caption">${page.t('recoveredCarts', { count: row.carts })}</span></div>`,
          )}</div>`;
    const recent = funnel.revenue.records
      .slice(-RECENT)
      .reverse()
      .map(
        (record) => html`<tr><td>${page.dateTime(record.purchasedAt)}</td><td>${record.email}</td>
<td>${record.productName ?? record.productId}</td>
<td class="num">${record.amount !== null && record.currency !== null ? page.money(record.amount, record.currency) : '—'}</td>
<td>${page.duration(Math.max(0, record.purchasedAt - record.abandonedAt))}</td>
<td><a href="/events/${encodeURIComponent(record.purchaseEventId)}">${record.transaction}</a></td></tr>`,
      );
    const body = html`${periodLinks(page, '/cart-recovery', days)}
<p class="intro">${page.t('funnelIntro', { from: page.date(range.from), to: page.date(range.to - 1) })}</p>
${funnel.truncated ? html`<p class="notice error">${page.t('funnelTruncated')}</p>` : ''}
<section><h2>${page.t('funnelTitle')}</h2>${funnelHtml}</section>
<section><h2>${page.t('recoveredRevenue')}</h2>${revenue}</section>
<section><h2>${page.t('recoveredLatest')}</h2>${table(
      page,
      [
        page.t('colPurchased'),
        page.t('colBuyer'),
        page.t('colProduct'),
        page.t('colAmount'),
        page.t('colTimeToRecover'),
        page.t('colTransaction'),
      ],
      recent,
      { empty: page.t('recoveredNone') },
    )}</section>`;
    return c.body(
      renderPage(page, { title: page.t('navCartRecovery'), section: 'cart-recovery', body }),
      200,
      {
        ...DASHBOARD_HEADERS,
      },
    );
  });
}
