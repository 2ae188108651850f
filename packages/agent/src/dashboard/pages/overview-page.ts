import { reportSales } from '../../store/mirror/reports-sales.ts';
import { agentTitle } from '../agent-title.ts';
import { chartPanel } from '../chart-panel.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import type { DashboardRouter } from '../dashboard-router.ts';
import { DASHBOARD_HEADERS } from '../dashboard-router.ts';
import { agentHealth } from '../data/agent-health.ts';
import { eventsPerMinute } from '../data/events-per-minute.ts';
import { lastDays } from '../data/report-dates.ts';
import { html } from '../html.ts';
import { renderPage, table } from '../page-layout.ts';
import { runStatusBadge } from '../status-badge.ts';
import { storedSettings } from '../stored-settings.ts';

/**
 * The overview (`GET /`): today's sales per currency (from the mirror, in the seller's time zone), the queue, an
 * MRR chart (fetched, as it takes one report per month), events received per minute over the last hour
 * (embedded), and each agent's health — last run and runs needing a person.
 *
 * @example
 * import { overviewPage } from './overview-page.ts';
 * overviewPage(router, deps);
 */
export function overviewPage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/', async (c, page) => {
    const now = deps.now();
    const today = lastDays(now, page.timeZone, 1);
    const [sales, depth, perMinute, { settings, problem }, quarantined] = await Promise.all([
      reportSales(deps.store, { ...today, timeZone: page.timeZone }),
      deps.store.queueDepth(),
      eventsPerMinute(deps.store, page, { now, minutes: 60 }),
      storedSettings(deps.store),
      deps.store.listInbox({ status: 'quarantined', limit: 101 }),
    ]);
    const health = await agentHealth(deps.store, deps.agents, settings);

    const salesCards =
      sales.totals.length === 0
        ? html`<p class="empty" data-testid="sales-today-empty">${page.t('overviewNoSalesToday')}</p>`
        : html`<div class="cards" data-testid="sales-today">${sales.totals.map(
            (
              total,
            ) => html`<div class="card"><span class="figure">${page.money(total.gross, total.currency)}</span>
<span class="caption">${page.t('overviewSalesCount', { count: total.sales })} · ${page.t('overviewNet')} ${page.money(
              total.net,
              total.currency,
            )}</span></div>`,
          )}</div>`;

    const queue = html`<div class="cards small">
<div class="card"><span class="figure">${page.number(depth.inboxPending)}</span><span class="caption">${page.t('queueInbox')}</span></div>
<div class="card"><span class="figure">${page.number(depth.runsQueued + depth.runsRunning)}</span><span class="caption">${page.t('queueActive')}</span></div>
<div class="card"><span class="figure">${page.number(depth.runsSleeping)}</span><span class="caption">${page.t('queueSleeping')}</span></div>
<a class="card${depth.runsDead > 0 ? ' alert' : ''}" href="/runs?status=dead"><span class="figure">${page.number(depth.runsDead)}</span><span class="caption">${page.t('queueDead')}</span></a>
<a class="card${quarantined.length > 0 ? ' alert' : ''}" href="/quarantine"><span class="figure">${
      quarantined.length > 100 ? '100+' : page.number(quarantined.length)
    }</span><span class="caption">${page.t('queueQuarantined')}</span></a>
</div>`;

    const healthRows = health.map((agent) => {
      const last = agent.lastRun;
      return html`<tr data-agent="${agent.id}">
<td><a href="/agents#agent-${agent.id}">${agentTitle(page, deps.agents, agent.id)}</a></td>
<td>${agent.enabled ? html`<span class="badge s-completed">${page.t('agentOn')}</span>` : html`<span class="badge s-cancelled">${page.t('agentOff')}</span>`}</td>
<td>${last ? html`<a href="/runs/${encodeURIComponent(last.id)}">${page.dateTime(last.createdAt)}</a> ${runStatusBadge(page, last.status)}` : html`<span class="muted">${page.t('never')}</span>`}</td>
<td class="num">${agent.dead > 0 ? html`<a class="alert" href="/runs?status=dead">${page.number(agent.dead)}${agent.capped ? '+' : ''}</a>` : '0'}</td>
<td class="num">${page.number(agent.retrying)}</td>
</tr>`;
    });

    const body = html`
<section><h2>${page.t('overviewSalesToday')}</h2>${salesCards}
${sales.unpriced > 0 ? html`<p class="muted">${page.t('overviewUnpriced', { count: sales.unpriced })}</p>` : ''}</section>
<section><h2>${page.t('overviewQueue')}</h2>${queue}</section>
<div class="grid-2">
<section><h2>${page.t('overviewMrr')}</h2>${chartPanel(page, 'mrr', { url: '/dashboard/data/mrr.json' })}</section>
<section><h2>${page.t('overviewEventsPerMinute')}</h2>${chartPanel(page, 'events-per-minute', { data: perMinute })}</section>
</div>
<section><h2>${page.t('overviewAgents')}</h2>
${problem ? html`<p class="notice error" role="alert">${page.t('settingsDamaged')}</p>` : ''}
${table(page, [page.t('colAgent'), page.t('colState'), page.t('colLastRun'), page.t('colDead'), page.t('colRetrying')], healthRows, { id: 'agent-health' })}
</section>`;

    return c.body(
      renderPage(page, { title: page.t('navOverview'), section: 'overview', body, charts: true }),
      200,
      {
        ...DASHBOARD_HEADERS,
      },
    );
  });
}
