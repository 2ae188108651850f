import { churnReasonLabels } from '../../agents/retention/churn-form/churn-reasons.ts';
import { type RetentionFigures, retentionFigures } from '../../agents/retention/retention-figures.ts';
import { reportChurnRate } from '../../store/mirror/reports-churn.ts';
import { reportMrr } from '../../store/mirror/reports-mrr.ts';
import { reportSubscribersByPlan } from '../../store/mirror/reports-subscribers-by-plan.ts';
import { addDays, localDateOf } from '../../store/mirror/reports-time.ts';
import { subscriberListCsv } from '../../store/mirror/subscriber-list-csv.ts';
import { subscriberListRows } from '../../store/mirror/subscriber-list-rows.ts';
import { chartPanel } from '../chart-panel.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { lastDays } from '../data/report-dates.ts';
import { retentionChart } from '../data/retention-chart.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { renderPage, table } from '../page-layout.ts';
import { periodDays, periodLinks } from '../period.ts';

// Product ids are digits; plan ids and codes letters, digits, `-` and `_` (reference §4.3).
const PRODUCT = /^\d{1,20}$/;
const PLAN = /^[A-Za-z0-9_-]{1,64}$/;

/** The export link of one plan (or, without arguments, of every active subscriber). */
function exportUrl(productId?: string | null, planId?: string | null): string {
  const query = new URLSearchParams();
  if (productId) query.set('product', productId);
  if (planId) query.set('plan', planId);
  const search = query.toString();
  return `/subscriptions/export.csv${search ? `?${search}` : ''}`;
}

function percent(page: PageContext, rate: number | null): string {
  return rate === null ? '—' : `${page.number(rate * 100, 2)} %`;
}

/**
 * The retention section: recovered against churned MRR per currency (cards and bars) and the churn-form reasons
 * with their counts and shares, reasons labelled in the reader's language.
 */
function retentionSection(page: PageContext, figures: RetentionFigures): SafeHtml {
  const card = (testId: string, amount: string, caption: string) =>
    html`<div class="card"><span class="figure" data-testid="${testId}">${amount}</span><span class="caption">${caption}</span></div>`;
  const cards =
    figures.currencies.length === 0
      ? html`<p class="empty">${page.t('retentionNone')}</p>`
      : html`<div class="cards" id="retention">${figures.currencies.map((row) => [
          card(
            `recovered-${row.currency}`,
            page.money(row.recoveredMrr, row.currency),
            `${page.t('retentionRecovered', { currency: row.currency })} · ${page.t(
              'retentionRecoveredCaption',
              {
                count: page.number(row.recoveredCharges),
                amount: page.money(row.recoveredAmount, row.currency),
              },
            )}`,
          ),
          card(
            `churned-${row.currency}`,
            page.money(row.churnedMrr, row.currency),
            `${page.t('retentionChurned', { currency: row.currency })} · ${page.t('retentionChurnedCaption', {
              count: page.number(row.cancellations),
            })}`,
          ),
        ])}</div>${chartPanel(page, 'retention', { data: retentionChart(figures, page) })}`;
  const reasonRows = figures.reasons.map(
    (row) => html`<tr data-reason="${row.reason}"><td>${churnReasonLabels[page.locale][row.reason]}</td>
<td class="num">${page.number(row.count)}</td><td class="num">${percent(page, row.share)}</td></tr>`,
  );
  return html`<section><h2>${page.t('retentionTitle')}</h2>
<p class="intro">${page.t('retentionIntro', { from: page.date(figures.start), to: page.date(figures.end - 1) })}</p>${cards}</section>
<section><h2>${page.t('churnReasonsTitle')}</h2>${
    figures.answers > 0
      ? html`<p class="muted">${page.t('churnReasonsAnswers', { count: page.number(figures.answers) })}</p>`
      : ''
  }${table(page, [page.t('colReason'), page.t('colAnswers'), page.t('colShare')], reasonRows, {
    id: 'churn-reasons',
    empty: page.t('churnReasonsNone'),
  })}</section>`;
}

/**
 * Subscriptions (`GET /subscriptions`): MRR per currency today, the churn rate over 7, 30 or 90 days (and its
 * monthly equivalent), the retention agent's figures over the same period (recovered against churned MRR per
 * currency, why subscribers cancelled: `retentionFigures`, from the audit log and the MRR ledger), charts of MRR and
 * of subscribers per plan over the last twelve month ends (fetched), and the subscribers of each plan today against
 * the start of the period, each plan's active subscribers (and all of them) as a CSV download
 * (`GET /subscriptions/export.csv?product=&plan=`). Everything else is read from the mirror.
 *
 * @example
 * import { subscriptionsPage } from './subscriptions-page.ts';
 * subscriptionsPage(router, deps);
 */
export function subscriptionsPage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/subscriptions', async (c, page) => {
    const days = periodDays(c.req.query('days'));
    const period = lastDays(deps.now(), page.timeZone, days);
    const scope = { timeZone: page.timeZone };
    const [mrr, churn, plans, retention] = await Promise.all([
      reportMrr(deps.store, { ...scope, date: period.to }),
      reportChurnRate(deps.store, { ...scope, ...period }),
      reportSubscribersByPlan(deps.store, { ...scope, date: period.to, compareTo: addDays(period.from, -1) }),
      retentionFigures(deps.store, { ...scope, ...period }),
    ]);
    const mrrCards =
      mrr.currencies.length === 0
        ? html`<p class="empty">${page.t('subscriptionsNone')}</p>`
        : html`<div class="cards" id="mrr-today">${mrr.currencies.map(
            (row) => html`<div class="card"><span class="figure">${page.money(row.mrr, row.currency)}</span>
<span class="caption">${page.t('subscribersCount', { count: row.subscribers })}${
              row.trial.subscribers > 0
                ? html` · ${page.t('trialCount', { count: row.trial.subscribers, amount: page.money(row.trial.mrr, row.currency) })}`
                : ''
            }</span></div>`,
          )}</div>`;
    const churnCards = html`<div class="cards small" id="churn">
<div class="card"><span class="figure" data-testid="churn-rate">${percent(page, churn.rate)}</span><span class="caption">${page.t('churnRate', { days })}</span></div>
<div class="card"><span class="figure">${percent(page, churn.monthlyRate)}</span><span class="caption">${page.t('churnMonthly')}</span></div>
<div class="card"><span class="figure">${page.number(churn.cancelled)}</span><span class="caption">${page.t('churnCancelled')}</span></div>
<div class="card"><span class="figure">${page.number(churn.activeAtStart)}</span><span class="caption">${page.t('churnActiveAtStart')}</span></div>
</div>`;
    const planRows = plans.plans.map(
      (plan) => html`<tr><td>${plan.productName ?? plan.productId ?? page.t('unknownProduct')}</td>
<td>${plan.planName ?? plan.planId ?? page.t('unknownPlan')}</td>
<td class="num">${page.number(plan.subscribers)}</td><td class="num">${page.number(plan.trials)}</td>
<td class="num">${plan.change === null ? '—' : `${plan.change > 0 ? '+' : ''}${page.number(plan.change)}`}</td>
<td><a href="${exportUrl(plan.productId, plan.planId)}" download>${page.t('subscriptionsDownloadCsv')}</a></td></tr>`,
    );
    const body = html`${periodLinks(page, '/subscriptions', days)}
<section><h2>${page.t('subscriptionsMrrToday')}</h2>${mrrCards}
${mrr.unpriced > 0 ? html`<p class="muted">${page.t('subscriptionsUnpriced', { count: mrr.unpriced })}</p>` : ''}</section>
<section><h2>${page.t('subscriptionsChurn')}</h2>${churnCards}</section>
${retentionSection(page, retention)}
<div class="grid-2">
<section><h2>${page.t('chartSubscribersByPlan')}</h2>${chartPanel(page, 'subscribers-by-plan', { url: '/dashboard/data/subscribers-by-plan.json' })}</section>
<section><h2>${page.t('overviewMrr')}</h2>${chartPanel(page, 'mrr', { url: '/dashboard/data/mrr.json' })}</section>
</div>
<section><h2>${page.t('subscriptionsByPlan')}</h2>${table(
      page,
      [
        page.t('colProduct'),
        page.t('colPlan'),
        page.t('colSubscribers'),
        page.t('colTrials'),
        page.t('colChange', { days }),
        page.t('colExport'),
      ],
      planRows,
      { id: 'plans', empty: page.t('subscriptionsNone') },
    )}
<p><a id="export-all" href="${exportUrl()}" download>${page.t('subscriptionsDownloadAll')}</a></p></section>`;
    return c.body(
      renderPage(page, { title: page.t('navSubscriptions'), section: 'subscriptions', body, charts: true }),
      200,
      { ...DASHBOARD_HEADERS },
    );
  });

  // The active subscribers (of one product and plan, when asked) as a CSV download, with the byte order mark Excel
  // needs to read it as UTF-8; the same file `hotpilot subscribers export --bom` writes.
  router.get('/subscriptions/export.csv', async (c, page) => {
    const product = c.req.query('product') || null;
    const plan = c.req.query('plan') || null;
    if ((product !== null && !PRODUCT.test(product)) || (plan !== null && !PLAN.test(plan))) {
      return c.text(page.t('subscriptionsExportInvalid'), 400, { 'cache-control': 'no-store' });
    }
    const rows = await subscriberListRows(deps.store, { productId: product, plan });
    const name = ['subscribers', product, plan, localDateOf(deps.now(), page.timeZone)]
      .filter(Boolean)
      .join('-');
    return c.body(subscriberListCsv(rows, { locale: page.locale, bom: true }), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });
}
