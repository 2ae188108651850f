import type { RetentionFigures } from '../../agents/retention/retention-figures.ts';
import type { PageContext } from '../page-context.ts';
import { type ChartSet, chartSet } from './chart-data.ts';

/**
 * Recovered against churned MRR over a period, one two-bar chart per currency (amounts of different currencies are
 * never drawn on one axis), from the figures the subscriptions page already read (`retentionFigures`).
 *
 * @example
 * import { retentionChart } from './retention-chart.ts';
 * const set = retentionChart(figures, page);
 * set.charts.map((chart) => chart.title); // ['Recovered and churned MRR · BRL']
 */
export function retentionChart(
  figures: Pick<RetentionFigures, 'currencies'>,
  page: Pick<PageContext, 't' | 'moneyLocale'>,
): ChartSet {
  return chartSet(
    figures.currencies.map((row) => ({
      title: page.t('chartRetentionTitle', { currency: row.currency }),
      kind: 'bars',
      xLabel: page.t('chartAxisMovement'),
      // Two categories and one series: bars of several series at one x would be drawn over each other.
      x: [0, 1],
      xLabels: [
        page.t('retentionRecovered', { currency: row.currency }),
        page.t('retentionChurned', { currency: row.currency }),
      ],
      series: [{ label: row.currency, values: [row.recoveredMrr, row.churnedMrr] }],
      format: { style: 'money', currency: row.currency, locale: page.moneyLocale(row.currency) },
    })),
  );
}
