import { formatDate, formatDateTime } from '../kit/i18n/format-date.ts';
import { formatMoney } from '../kit/i18n/format-money.ts';
import type { Locale } from '../kit/i18n/locale.ts';

/**
 * Prints rows under a header in aligned columns (two spaces apart; the last column is not padded, so long values
 * such as URLs don't push trailing spaces).
 *
 * @example
 * import { printTable } from './cli-output.ts';
 * printTable(console.log, ['ID', 'NAME'], [['main', 'Main store']]);
 * // ID    NAME
 * // main  Main store
 */
export function printTable(
  out: (line: string) => void,
  header: readonly string[],
  rows: readonly string[][],
): void {
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - displayWidth(cell)),
      )
      .join('  ');
  out(line(header));
  for (const row of rows) out(line(row));
}

// Characters as a terminal counts them: a code point each (not UTF-16 units), so `✓`, `ç` and emoji-free text align.
function displayWidth(text: string): number {
  return [...text].length;
}

/**
 * Prints one JSON document per line (the `--json` form of listings: easy to `grep`, `jq -c` or stream).
 *
 * @example
 * import { printJsonLines } from './cli-output.ts';
 * printJsonLines(console.log, [{ id: 'a' }, { id: 'b' }]); // {"id":"a"} then {"id":"b"}
 */
export function printJsonLines(out: (line: string) => void, rows: readonly unknown[]): void {
  for (const row of rows) out(JSON.stringify(row));
}

/**
 * An epoch-milliseconds instant as ISO 8601 for JSON output, or null.
 *
 * @example
 * import { isoTime } from './cli-output.ts';
 * isoTime(0); // '1970-01-01T00:00:00.000Z'
 * isoTime(null); // null
 */
export function isoTime(ms: number | null | undefined): string | null {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * An instant as people read it in tables: the short date and time in the seller's time zone, or `–`.
 *
 * @example
 * import { shortDateTime } from './cli-output.ts';
 * shortDateTime(Date.UTC(2025, 5, 2, 15, 30), 'pt-BR', 'America/Sao_Paulo'); // '02/06/2025, 12:30'
 */
export function shortDateTime(ms: number | null | undefined, locale: Locale, timeZone: string): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '–';
  return formatDateTime(ms, locale, timeZone, 'short');
}

/**
 * A calendar day (`YYYY-MM-DD`, as reports take and return them) as people read it.
 *
 * @example
 * import { shortLocalDate } from './cli-output.ts';
 * shortLocalDate('2025-06-02', 'pt-BR'); // '02/06/2025'
 */
export function shortLocalDate(date: string, locale: Locale): string {
  // Noon UTC of that day, formatted in UTC, is that day whatever the reader's zone.
  return formatDate(`${date}T12:00:00Z`, locale, 'UTC', 'short');
}

/**
 * An amount in its currency, formatted for the reader (`R$ 1.234,50`), or `–` when there is none. An unknown
 * currency code prints the bare number with the code.
 *
 * @example
 * import { money } from './cli-output.ts';
 * money({ value: 97, currency: 'BRL' }, 'pt-BR'); // 'R$ 97,00'
 * money(undefined, 'en'); // '–'
 */
export function money(
  amount: { value: number; currency?: string | null } | null | undefined,
  locale: Locale,
): string {
  if (!amount || typeof amount.value !== 'number' || !Number.isFinite(amount.value)) return '–';
  if (!amount.currency) return new Intl.NumberFormat(locale).format(amount.value);
  try {
    return formatMoney(amount.value, amount.currency, locale);
  } catch {
    return `${new Intl.NumberFormat(locale).format(amount.value)} ${amount.currency}`;
  }
}

/**
 * A count with the reader's digit grouping (`1.234` in pt-BR).
 *
 * @example
 * import { count } from './cli-output.ts';
 * count(1234, 'pt-BR'); // '1.234'
 */
export function count(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * Reads a positive whole number flag (`--limit 20`), or returns null when the text is not one.
 *
 * @example
 * import { parseCount } from './cli-output.ts';
 * parseCount('20', 1, 1000); // 20
 * parseCount('twenty', 1, 1000); // null
 */
export function parseCount(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : null;
}
