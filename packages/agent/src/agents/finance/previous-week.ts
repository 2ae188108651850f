import { addDays, localDateOf } from '../../store/mirror/reports-time.ts';
import { isoWeek } from '../iso-week.ts';

/**
 * An ISO week as local dates: its label and its Monday and Sunday.
 *
 * @example
 * import type { IsoWeekDates } from './previous-week.ts';
 * const week: IsoWeekDates = { week: '2026-W22', from: '2026-05-25', to: '2026-05-31' };
 */
export interface IsoWeekDates {
  /** ISO 8601 week, e.g. `2026-W22`. */
  week: string;
  /** Monday, `YYYY-MM-DD`. */
  from: string;
  /** Sunday, `YYYY-MM-DD`. */
  to: string;
}

/**
 * The ISO week (Monday to Sunday) before the one `at` falls in, in a time zone: what a report run on Monday
 * morning covers. The weekday is the zone's, so Monday 01:00 in São Paulo (04:00 UTC) and Sunday 23:00 (Monday
 * 02:00 UTC) land in different weeks.
 *
 * @example
 * import { previousIsoWeek } from './previous-week.ts';
 * previousIsoWeek(Date.parse('2026-06-01T10:00:00Z'), 'America/Sao_Paulo');
 * // { week: '2026-W22', from: '2026-05-25', to: '2026-05-31' }
 */
export function previousIsoWeek(at: number, timeZone: string): IsoWeekDates {
  if (!Number.isFinite(at)) throw new RangeError('previousIsoWeek: at must be an instant');
  const today = localDateOf(at, timeZone);
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const from = addDays(today, -weekday - 7);
  const to = addDays(from, 6);
  return { week: isoWeek(Date.parse(`${from}T12:00:00Z`), 'UTC'), from, to };
}
