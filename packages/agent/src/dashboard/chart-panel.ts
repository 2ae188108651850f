import type { ChartSet } from './data/chart-data.ts';
import { html, jsonScript, type SafeHtml } from './html.ts';
import type { PageContext } from './page-context.ts';

/**
 * A place for charts that the client script fills with uPlot: from JSON embedded in the page (`data`) or fetched
 * from a `/dashboard/data/*.json` URL (`url`, for figures that take a moment to compute — the page shows at once
 * and says "loading" meanwhile). When drawn, the element carries `data-state="ready"` and `data-points`.
 *
 * @example
 * import { chartPanel } from './chart-panel.ts';
 * chartPanel(page, 'mrr', { url: '/dashboard/data/mrr.json' });
 * chartPanel(page, 'events', { data: { charts: [], points: 0 } });
 */
export function chartPanel(
  page: PageContext,
  name: string,
  source: { url: string } | { data: ChartSet },
): SafeHtml {
  const sourceId = `chart-data-${name}`;
  const attributes =
    'url' in source ? html`data-chart-url="${source.url}"` : html`data-chart-source="${sourceId}"`;
  return html`<div class="chart" id="chart-${name}" data-testid="chart-${name}" ${attributes} data-empty="${page.t(
    'chartEmpty',
  )}" data-error="${page.t('chartError')}" aria-busy="true"><p class="chart-status">${page.t('chartLoading')}</p></div>${
    'data' in source ? jsonScript(sourceId, source.data) : ''
  }`;
}
