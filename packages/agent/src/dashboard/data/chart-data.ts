/**
 * How a chart's values read: money of one currency (never mixed: each currency gets its own chart), or plain
 * numbers with an optional unit. `locale` is the Intl locale the browser formats axis labels with, the same one
 * `kit/i18n` formats the page's figures with.
 *
 * @example
 * import type { ChartFormat } from './chart-data.ts';
 * const brl: ChartFormat = { style: 'money', currency: 'BRL', locale: 'pt-BR' };
 */
export type ChartFormat =
  | { style: 'money'; currency: string; locale: string }
  | { style: 'number'; locale: string; unit?: 'minute' | null };

/**
 * One chart as the dashboard's client script draws it with uPlot: x values (epoch seconds on a time axis, or
 * indexes with `xLabels` for categories such as ISO weeks) and one or more series of the same length.
 *
 * @example
 * import type { ChartData } from './chart-data.ts';
 * const chart: ChartData = {
 *   title: 'MRR · BRL', kind: 'line', xLabel: 'Date', x: [1748736000], xLabels: null,
 *   series: [{ label: 'BRL', values: [1250] }], format: { style: 'money', currency: 'BRL', locale: 'pt-BR' },
 * };
 */
export interface ChartData {
  title: string;
  /** `line`, `bars`, or `stacked-bars` (series drawn on top of each other, totals as the bar's height). */
  kind: 'line' | 'bars' | 'stacked-bars';
  /** What the x values are (`Data`, `Semana`…), the legend's first entry. */
  xLabel: string;
  x: number[];
  /** Category labels of the x values (then `x` is 0, 1, 2…); null for a time axis. */
  xLabels: string[] | null;
  series: { label: string; values: (number | null)[] }[];
  format: ChartFormat;
}

/**
 * What a page embeds or a `/dashboard/data/*.json` endpoint answers: the charts and how many data points they
 * hold in all (the page says "no data yet" instead of drawing empty axes when it is 0).
 *
 * @example
 * import type { ChartSet } from './chart-data.ts';
 * const empty: ChartSet = { charts: [], points: 0 };
 */
export interface ChartSet {
  charts: ChartData[];
  points: number;
}

/**
 * Wraps charts in a {@link ChartSet}, counting their non-null values.
 *
 * @example
 * import { chartSet } from './chart-data.ts';
 * chartSet([]).points; // 0
 */
export function chartSet(charts: ChartData[]): ChartSet {
  let points = 0;
  for (const chart of charts) {
    for (const series of chart.series) points += series.values.filter((value) => value !== null).length;
  }
  return { charts, points };
}
