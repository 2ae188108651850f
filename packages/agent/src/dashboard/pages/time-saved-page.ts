import { AGENT_IDS } from '../../agents/settings.ts';
import { agentTitle } from '../agent-title.ts';
import { chartPanel } from '../chart-panel.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { timeSavedSeries } from '../data/time-saved-series.ts';
import { html } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { renderPage, table } from '../page-layout.ts';

const WEEKS = 12;

function hours(page: PageContext, minutes: number): string {
  return new Intl.NumberFormat(page.locale, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(
    minutes / 60,
  );
}

/**
 * Time saved (`GET /time-saved`): minutes of manual work each agent saved per ISO week over the last twelve weeks,
 * as stacked bars (embedded in the page) and a table, from the agents' finished runs (`timeSaved`).
 *
 * @example
 * import { timeSavedPage } from './time-saved-page.ts';
 * timeSavedPage(router, deps);
 */
export function timeSavedPage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/time-saved', async (c, page) => {
    const { set, report } = await timeSavedSeries(deps.store, page, deps.agents, {
      now: deps.now(),
      weeks: WEEKS,
    });
    const weeks = [...new Set(report.rows.map((row) => row.week))].sort().reverse();
    const agents = AGENT_IDS.filter(
      (id) => (report.totals[id] ?? 0) > 0 || report.rows.some((r) => r.agent === id),
    );
    const rows = weeks.map(
      (week) =>
        html`<tr><td><code>${week}</code></td>${agents.map((agent) => {
          const row = report.rows.find((candidate) => candidate.week === week && candidate.agent === agent);
          return html`<td class="num">${row ? page.t('minutesRuns', { minutes: page.number(row.minutes, 1), runs: row.runs }) : '—'}</td>`;
        })}</tr>`,
    );
    const totals = agents.map(
      (agent) => html`<div class="card"><span class="figure">${hours(page, report.totals[agent] ?? 0)}</span>
<span class="caption">${agentTitle(page, deps.agents, agent)}</span></div>`,
    );
    const body = html`<p class="intro">${page.t('timeSavedIntro', { weeks: WEEKS })}</p>
<div class="cards"><div class="card total"><span class="figure" data-testid="time-saved-total">${hours(page, report.totalMinutes)}</span>
<span class="caption">${page.t('timeSavedTotal')}</span></div>${totals}</div>
<section><h2>${page.t('chartTimeSaved')}</h2>${chartPanel(page, 'time-saved', { data: set })}</section>
<section><h2>${page.t('timeSavedByWeek')}</h2>${table(
      page,
      [page.t('colWeek'), ...agents.map((agent) => agentTitle(page, deps.agents, agent))],
      rows,
      { id: 'time-saved', empty: page.t('timeSavedNone') },
    )}</section>`;
    return c.body(
      renderPage(page, { title: page.t('navTimeSaved'), section: 'time-saved', body, charts: true }),
      200,
      { ...DASHBOARD_HEADERS },
    );
  });
}
