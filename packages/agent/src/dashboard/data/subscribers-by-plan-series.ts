import { reportSubscribersByPlan } from '../../store/mirror/reports-subscribers-by-plan.ts';
import type { Store } from '../../store/port.ts';
import type { PageContext } from '../page-context.ts';
import { type ChartSet, chartSet } from './chart-data.ts';
import { monthEndSamples } from './report-dates.ts';

/** Lines drawn at most; the smaller plans are summed into "other plans" so the chart stays readable. */
const MAX_PLANS = 6;

/**
 * Paying subscribers per plan over the last `months` month ends and today (`reportSubscribersByPlan` at each
 * date), the biggest plans today as their own lines and the rest as one "other plans" line.
 *
 * @example
 * import { subscribersByPlanSeries } from './subscribers-by-plan-series.ts';
 * const set = await subscribersByPlanSeries(store, page, { now: Date.now(), months: 12 });
 * set.charts[0]?.series.map((s) => s.label); // ['Curso Pro · Mensal', …]
 */
export async function subscribersByPlanSeries(
  store: Store,
  page: Pick<PageContext, 't' | 'locale' | 'timeZone'>,
  options: { now: number; months: number; connectionId?: string | null },
): Promise<ChartSet> {
  const samples = monthEndSamples(options.now, page.timeZone, options.months);
  const byPlan = new Map<string, { label: string; values: number[] }>();
  for (const [index, sample] of samples.entries()) {
    const report = await reportSubscribersByPlan(store, {
      date: sample.date,
      timeZone: page.timeZone,
      connectionId: options.connectionId ?? null,
    });
    for (const plan of report.plans) {
      const key = `${plan.productId ?? ''}\u0000${plan.planId ?? ''}`;
      let entry = byPlan.get(key);
      if (!entry) {
        const product = plan.productName ?? plan.productId ?? page.t('unknownProduct');
        const name = plan.planName ?? plan.planId ?? page.t('unknownPlan');
        entry = { label: `${product} · ${name}`, values: samples.map(() => 0) };
        byPlan.set(key, entry);
      }
      entry.values[index] = plan.subscribers;
    }
  }
  const last = samples.length - 1;
  const ranked = [...byPlan.values()].sort(
    (a, b) => (b.values[last] ?? 0) - (a.values[last] ?? 0) || a.label.localeCompare(b.label),
  );
  const shown = ranked.slice(0, MAX_PLANS);
  const rest = ranked.slice(MAX_PLANS);
  if (rest.length > 0) {
    shown.push({
      label: page.t('otherPlans'),
      values: samples.map((_, index) => rest.reduce((sum, plan) => sum + (plan.values[index] ?? 0), 0)),
    });
  }
  if (shown.length === 0) return chartSet([]);
  return chartSet([
    {
      title: page.t('chartSubscribersByPlan'),
      kind: 'line',
      xLabel: page.t('chartAxisDate'),
      x: samples.map((sample) => sample.x),
      xLabels: null,
      series: shown,
      format: { style: 'number', locale: page.locale },
    },
  ]);
}
