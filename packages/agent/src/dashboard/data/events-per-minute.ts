import type { Store } from '../../store/port.ts';
import type { PageContext } from '../page-context.ts';
import { type ChartSet, chartSet } from './chart-data.ts';

const MINUTE = 60_000;
const PAGE = 500;
/** A bound on the rows read for one chart, so a flood of events can't make the overview slow. */
const MAX_EVENTS = 50_000;

/**
 * Events received per minute over the last `minutes` minutes (by `receivedAt`, newest first through the store's
 * keyset pagination, stopping at the window's start), as a bar chart.
 *
 * @example
 * import { eventsPerMinute } from './events-per-minute.ts';
 * const set = await eventsPerMinute(store, page, { now: Date.now(), minutes: 60 });
 * set.charts[0]?.x.length; // 60
 */
export async function eventsPerMinute(
  store: Pick<Store, 'listEvents'>,
  page: Pick<PageContext, 't' | 'locale'>,
  options: { now: number; minutes: number },
): Promise<ChartSet> {
  const end = Math.floor(options.now / MINUTE) * MINUTE + MINUTE;
  const start = end - options.minutes * MINUTE;
  const counts = new Array<number>(options.minutes).fill(0);
  let before: { receivedAt: number; id: string } = { receivedAt: end, id: '' };
  let read = 0;
  scan: for (;;) {
    const rows = await store.listEvents({ limit: PAGE, before });
    for (const event of rows) {
      if (event.receivedAt < start) break scan;
      const slot = Math.floor((event.receivedAt - start) / MINUTE);
      if (slot >= 0 && slot < counts.length) counts[slot]! += 1;
    }
    read += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < PAGE || read >= MAX_EVENTS) break;
    before = { receivedAt: last.receivedAt, id: last.id };
  }
  return chartSet([
    {
      title: page.t('chartEventsPerMinute'),
      kind: 'bars',
      xLabel: page.t('chartAxisMinute'),
      x: counts.map((_, index) => (start + index * MINUTE) / 1000),
      xLabels: null,
      series: [{ label: page.t('chartEventsSeries'), values: counts }],
      format: { style: 'number', locale: page.locale },
    },
  ]);
}
