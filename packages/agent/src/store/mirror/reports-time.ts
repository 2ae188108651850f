import { StoreError } from '../errors.ts';

/**
 * Calendar dates in a seller's time zone, for the reports. A report period is a range of *local* dates
 * (`2026-05-01` … `2026-05-31` in `America/Sao_Paulo`); the mirror stores epoch milliseconds, so each local date is
 * turned into the instant its day starts. Node's Intl time-zone data does the arithmetic, so daylight-saving days
 * (23 or 25 hours, or a midnight that never happens) start at the right instant.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date, `YYYY-MM-DD`.
 *
 * @example
 * import type { LocalDate } from './reports-time.ts';
 * const firstOfMay: LocalDate = '2026-05-01';
 */
export type LocalDate = string;

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function ymd(date: LocalDate, field: string): Ymd {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const check = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 2026-02-30 over to March: a date that does not survive the round trip does not exist.
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new StoreError('invalid', `${field} must be a calendar date written YYYY-MM-DD`);
}

/**
 * Checks a `YYYY-MM-DD` date (a real calendar day) and returns it; anything else is a `StoreError('invalid')`
 * naming the field.
 *
 * @example
 * import { checkLocalDate } from './reports-time.ts';
 * checkLocalDate('2026-02-28', 'from'); // '2026-02-28'
 * checkLocalDate('2026-02-30', 'from'); // throws StoreError('invalid')
 */
export function checkLocalDate(date: LocalDate, field: string): LocalDate {
  ymd(date, field);
  return date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/**
 * Checks an IANA time-zone name (`America/Sao_Paulo`, `UTC`) against the runtime's time-zone data and returns it;
 * an unknown name is a `StoreError('invalid')`.
 *
 * @example
 * import { checkTimeZone } from './reports-time.ts';
 * checkTimeZone('America/Mexico_City'); // 'America/Mexico_City'
 * checkTimeZone('Mars/Olympus'); // throws StoreError('invalid')
 */
export function checkTimeZone(timeZone: string): string {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) {
    throw new StoreError('invalid', 'timeZone must be an IANA time-zone name such as America/Sao_Paulo');
  }
  try {
    formatter(timeZone);
  } catch {
    throw new StoreError('invalid', `unknown time zone ${JSON.stringify(timeZone)}`);
  }
  return timeZone;
}

/**
 * True when `timeZone` is a time-zone name the runtime knows (for input schemas).
 *
 * @example
 * import { isTimeZone } from './reports-time.ts';
 * isTimeZone('Europe/Madrid'); // true
 * isTimeZone('GMT+99'); // false
 */
export function isTimeZone(timeZone: string): boolean {
  try {
    checkTimeZone(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock extends Ymd {
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? Number.NaN,
    month: parts['month'] ?? Number.NaN,
    day: parts['day'] ?? Number.NaN,
    hour: parts['hour'] ?? Number.NaN,
    minute: parts['minute'] ?? Number.NaN,
    second: parts['second'] ?? Number.NaN,
  };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function dateText({ year, month, day }: Ymd): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// The local date is constant within a 15-minute slot of UTC whenever the slot's first and last millisecond agree
// (offsets and their changes fall on quarter hours, and two changes never fall within one slot), so a report over a
// million sales formats each slot once instead of each sale.
const SLOT_MS = 900_000;
const slotCache = new Map<string, Map<number, LocalDate>>();
const SLOT_CACHE_LIMIT = 50_000;

/**
 * The calendar date of the instant `ms` as seen in `timeZone`: the seller's day, not the server's.
 *
 * @example
 * import { localDateOf } from './reports-time.ts';
 * localDateOf(Date.UTC(2026, 4, 2, 2, 0), 'America/Sao_Paulo'); // '2026-05-01' (23:00 the day before)
 * localDateOf(Date.UTC(2026, 4, 2, 2, 0), 'UTC'); // '2026-05-02'
 */
export function localDateOf(ms: number, timeZone: string): LocalDate {
  let cache = slotCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    slotCache.set(timeZone, cache);
  }
  const slot = Math.floor(ms / SLOT_MS);
  const hit = cache.get(slot);
  if (hit !== undefined) return hit;
  const first = dateText(wallClock(slot * SLOT_MS, timeZone));
  const last = dateText(wallClock(slot * SLOT_MS + SLOT_MS - 1, timeZone));
  if (first !== last) return dateText(wallClock(ms, timeZone));
  if (cache.size >= SLOT_CACHE_LIMIT) cache.clear();
  cache.set(slot, first);
  return first;
}

function offsetAt(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant (epoch ms) at which `date` begins in `timeZone`: the first millisecond whose local date is `date`.
 * Usually local midnight; on a day whose midnight is skipped by a daylight-saving change, the instant of the change.
 *
 * @example
 * import { startOfLocalDay } from './reports-time.ts';
 * startOfLocalDay('2026-05-01', 'America/Sao_Paulo') === Date.UTC(2026, 4, 1, 3); // true (UTC−3)
 * startOfLocalDay('2026-05-01', 'UTC') === Date.UTC(2026, 4, 1); // true
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const { year, month, day } = ymd(date, 'date');
  checkTimeZone(timeZone);
  const midnightUtc = Date.UTC(year, month - 1, day);
  // Offsets a day either side cover a change near midnight; the candidate that opens the day is the earliest one
  // whose local date is `date` while the millisecond before it still belongs to an earlier date.
  const candidates = new Set<number>();
  for (const probe of [midnightUtc - DAY_MS, midnightUtc, midnightUtc + DAY_MS]) {
    const offset = offsetAt(probe, timeZone);
    candidates.add(midnightUtc - offset);
    candidates.add(midnightUtc - offsetAt(midnightUtc - offset, timeZone));
  }
  const sorted = [...candidates].sort((a, b) => a - b);
  for (const candidate of sorted) {
    if (localDateOf(candidate, timeZone) >= date && localDateOf(candidate - 1, timeZone) < date)
      return candidate;
  }
  // Unreachable with real time-zone data; fall back to the plain offset rather than fail a report.
  return midnightUtc - offsetAt(midnightUtc, timeZone);
}

/**
 * The date `days` calendar days after `date` (before it when negative).
 *
 * @example
 * import { addDays } from './reports-time.ts';
 * addDays('2026-02-28', 1); // '2026-03-01'
 * addDays('2026-03-01', -1); // '2026-02-28'
 */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = ymd(date, 'date');
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return dateText({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/**
 * How many calendar days `from` … `to` spans, both included (`1` when they are the same day).
 *
 * @example
 * import { daysBetween } from './reports-time.ts';
 * daysBetween('2026-05-01', '2026-05-31'); // 31
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = ymd(from, 'from');
  const b = ymd(to, 'to');
  return (
    Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS) + 1
  );
}

/**
 * The period a report covers, as asked (local dates in a time zone, one Hotmart connection or all) and as queried
 * (the instants `[start, end)`).
 *
 * @example
 * import type { ReportPeriod } from './reports-time.ts';
 * const days = (period: ReportPeriod) => Math.round((period.end - period.start) / 86_400_000);
 */
export interface ReportPeriod {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
  connectionId: string | null;
  /** The period as instants: `[start, end)`. */
  start: number;
  end: number;
}

/**
 * A period of local dates as the half-open interval of instants the mirror is queried with: `[start, end)`, from
 * the start of `from` to the start of the day after `to`. `to` before `from` is a `StoreError('invalid')`.
 *
 * @example
 * import { localPeriod } from './reports-time.ts';
 * const { start, end, days } = localPeriod('2026-05-01', '2026-05-31', 'America/Sao_Paulo');
 * console.log(days); // 31
 */
export function localPeriod(
  from: LocalDate,
  to: LocalDate,
  timeZone: string,
): { start: number; end: number; days: number } {
  checkLocalDate(from, 'from');
  checkLocalDate(to, 'to');
  if (to < from) throw new StoreError('invalid', `to (${to}) is before from (${from})`);
  return {
    start: startOfLocalDay(from, timeZone),
    end: startOfLocalDay(addDays(to, 1), timeZone),
    days: daysBetween(from, to),
  };
}
