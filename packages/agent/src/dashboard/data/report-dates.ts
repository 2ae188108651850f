import { addDays, type LocalDate, localDateOf, startOfLocalDay } from '../../store/mirror/reports-time.ts';

/**
 * The dates a "figure over time" chart samples: the last day of each of the `months` months before the current
 * one, then today — all local dates in `timeZone` — each with the instant the reports measure at (the start of
 * the next day, exclusive, in epoch seconds for the chart's time axis).
 *
 * @example
 * import { monthEndSamples } from './report-dates.ts';
 * monthEndSamples(Date.UTC(2026, 5, 15), 'UTC', 2).map((s) => s.date); // ['2026-04-30', '2026-05-31', '2026-06-15']
 */
export function monthEndSamples(
  now: number,
  timeZone: string,
  months: number,
): { date: LocalDate; at: number; x: number }[] {
  const today = localDateOf(now, timeZone);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const dates: LocalDate[] = [];
  for (let back = months; back >= 1; back--) {
    // Day 0 of a month is the last day of the one before it.
    const end = new Date(Date.UTC(year, month - back, 0));
    dates.push(end.toISOString().slice(0, 10));
  }
  dates.push(today);
  return dates.map((date) => {
    const at = startOfLocalDay(addDays(date, 1), timeZone);
    return { date, at, x: Math.floor(at / 1000) };
  });
}

/**
 * The local date `days` days before `now`'s (both in `timeZone`) and today: a period of `days` days, today included.
 *
 * @example
 * import { lastDays } from './report-dates.ts';
 * lastDays(Date.UTC(2026, 5, 15, 12), 'UTC', 30); // { from: '2026-05-17', to: '2026-06-15' }
 */
export function lastDays(now: number, timeZone: string, days: number): { from: LocalDate; to: LocalDate } {
  const to = localDateOf(now, timeZone);
  return { from: addDays(to, 1 - Math.max(1, Math.floor(days))), to };
}
