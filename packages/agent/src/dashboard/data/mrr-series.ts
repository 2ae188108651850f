import { reportMrr } from '../../store/mirror/reports-mrr.ts';
import type { Store } from '../../store/port.ts';
import type { PageContext } from '../page-context.ts';
import { type ChartData, type ChartSet, chartSet } from './chart-data.ts';
import { monthEndSamples } from './report-dates.ts';

/**
 * MRR per currency over the last `months` month ends and today, one line chart per currency (amounts of different
 * currencies are never added or drawn on one axis). Read from the mirror with `reportMrr`.
 *
 * @example
 * import { mrrSeries } from './mrr-series.ts';
 * const set = await mrrSeries(store, page, { now: Date.now(), months: 12 });
 * set.charts.map((chart) => chart.title); // ['MRR · BRL', 'MRR · USD']
 */
export async function mrrSeries(
  store: Store,
  page: Pick<PageContext, 't' | 'moneyLocale' | 'timeZone'>,
  options: { now: number; months: number; connectionId?: string | null },
): Promise<ChartSet> {
  const samples = monthEndSamples(options.now, page.timeZone, options.months);
  const byCurrency = new Map<string, (number | null)[]>();
  for (const [index, sample] of samples.entries()) {
    const report = await reportMrr(store, {
      date: sample.date,
      timeZone: page.timeZone,
      connectionId: options.connectionId ?? null,
    });
    for (const { currency, mrr } of report.currencies) {
      let values = byCurrency.get(currency);
      if (!values) {
        // A currency that appears later had no MRR before: zero, not missing.
        values = samples.map(() => 0);
        byCurrency.set(currency, values);
      }
      values[index] = mrr;
    }
  }
  const charts: ChartData[] = [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, values]) => ({
      title: page.t('chartMrrTitle', { currency }),
      kind: 'line',
      xLabel: page.t('chartAxisDate'),
      x: samples.map((sample) => sample.x),
      xLabels: null,
      series: [{ label: currency, values }],
      format: { style: 'money', currency, locale: page.moneyLocale(currency) },
    }));
  return chartSet(charts);
}
