import { isLocale, type Locale } from './locale.ts';

/**
 * How much of a date to write: `short` (`02/06/2025`), `medium` (`2 de jun. de 2025`), `long` (`2 de junho de 2025`)
 * or `full` (with the weekday), in the reader's locale.
 *
 * @example
 * import type { DateStyle } from './format-date.ts';
 * const style: DateStyle = 'long';
 */
export type DateStyle = 'short' | 'medium' | 'long' | 'full';

const STYLES: readonly DateStyle[] = ['short', 'medium', 'long', 'full'];

/**
 * Anything that names an instant: epoch milliseconds (hotpilot's times and Hotmart's `creation_date`), a `Date`,
 * or an ISO 8601 string.
 *
 * @example
 * import type { Instant } from './format-date.ts';
 * const at: Instant = 1763247745737;
 */
export type Instant = number | Date | string;

/**
 * Formats the calendar date of `at` as seen in `timeZone` (an IANA name such as `America/Sao_Paulo`): the seller's
 * or buyer's day, not the server's. Throws a `TypeError` for an invalid instant, time zone or style.
 *
 * @example
 * import { formatDate } from './format-date.ts';
 * const at = Date.UTC(2025, 5, 2, 15, 30);
 * formatDate(at, 'pt-BR', 'America/Sao_Paulo'); // '2 de junho de 2025'
 * formatDate(at, 'es', 'America/Mexico_City', 'full'); // 'lunes, 2 de junio de 2025'
 * formatDate(at, 'en', 'UTC', 'medium'); // 'Jun 2, 2025'
 */
export function formatDate(at: Instant, locale: Locale, timeZone: string, style: DateStyle = 'long'): string {
  return format('formatDate', at, locale, timeZone, style, false);
}

/**
 * Formats the date and the time (hours and minutes) of `at` as seen in `timeZone`.
 *
 * @example
 * import { formatDateTime } from './format-date.ts';
 * const at = Date.UTC(2025, 5, 2, 15, 30);
 * formatDateTime(at, 'pt-BR', 'America/Sao_Paulo'); // '2 de junho de 2025 às 12:30'
 * formatDateTime(at, 'en', 'America/New_York', 'medium'); // 'Jun 2, 2025, 11:30 AM'
 */
export function formatDateTime(
  at: Instant,
  locale: Locale,
  timeZone: string,
  style: DateStyle = 'long',
): string {
  return format('formatDateTime', at, locale, timeZone, style, true);
}

function format(
  caller: string,
  at: Instant,
  locale: Locale,
  timeZone: string,
  style: DateStyle,
  withTime: boolean,
): string {
  const ms = toMs(at);
  if (ms === null) throw new TypeError(`${caller}: invalid instant ${JSON.stringify(at)}`);
  if (!STYLES.includes(style)) throw new TypeError(`${caller}: style must be one of ${STYLES.join(', ')}`);
  if (!isLocale(locale)) throw new TypeError(`${caller}: unsupported locale ${JSON.stringify(locale)}`);
  const key = `${locale}|${style}|${withTime ? 't' : ''}|${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(locale, {
        dateStyle: style,
        ...(withTime ? { timeStyle: 'short' as const } : {}),
        timeZone,
      });
    } catch {
      throw new TypeError(`${caller}: unknown time zone ${JSON.stringify(timeZone)}`);
    }
    if (dateFormatters.size >= MAX_FORMATTERS) dateFormatters.clear();
    dateFormatters.set(key, formatter);
  }
  return formatter.format(ms);
}

// Building an Intl formatter costs far more than using one, and a process uses a handful (locale × style × zone).
const MAX_FORMATTERS = 256;
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function toMs(at: Instant): number | null {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : null;
}
