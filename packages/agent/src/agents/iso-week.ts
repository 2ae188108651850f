const DAY = 86_400_000;

/**
 * The calendar date of an instant as seen in a time zone.
 *
 * @example
 * import { localDate } from './iso-week.ts';
 * localDate(Date.UTC(2026, 0, 5, 1), 'America/Sao_Paulo'); // { year: 2026, month: 1, day: 4 }
 */
export function localDate(at: number, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/**
 * The ISO 8601 week (`2026-W02`) an instant falls in, in a time zone: weeks start on Monday, and week 1 is the one
 * with the year's first Thursday (so 2027-01-01, a Friday, is in `2026-W53`).
 *
 * @example
 * import { isoWeek } from './iso-week.ts';
 * isoWeek(Date.UTC(2026, 0, 5, 12), 'UTC'); // '2026-W02'
 * isoWeek(Date.UTC(2027, 0, 1, 12), 'UTC'); // '2026-W53'
 */
export function isoWeek(at: number, timeZone = 'UTC'): string {
  const { year, month, day } = localDate(at, timeZone);
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = date + (3 - weekday) * DAY;
  const isoYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * DAY));
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}
