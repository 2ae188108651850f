import { createHash } from 'node:crypto';
import { formatDate } from '../../kit/i18n/format-date.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { subscriberListHeaders } from '../../store/mirror/subscriber-list-csv.ts';
import type { SubscriberListRow } from '../../store/mirror/subscriber-list-rows.ts';

/**
 * A cell of the subscribers tab as written (RAW: text stays text, never a formula).
 *
 * @example
 * import type { SheetCell } from './subscriber-list-sheet.ts';
 * const cell: SheetCell = 197;
 */
export type SheetCell = string | number;

/**
 * The header row of the subscribers tab, in the seller's language (the same columns as the CSV export).
 *
 * @example
 * import { sheetHeaders } from './subscriber-list-sheet.ts';
 * sheetHeaders('pt-BR')[0]; // 'Código do assinante'
 */
export function sheetHeaders(locale: Locale): string[] {
  return subscriberListHeaders(locale);
}

/**
 * One subscription as a row of the subscribers tab: the subscriber code in column A (the row's key), the price a
 * number (so the sheet can sum it) with its currency beside it, dates written for the seller's language and time
 * zone, unknown values empty.
 *
 * @example
 * import { sheetRow } from './subscriber-list-sheet.ts';
 * const cells = sheetRow(row, { locale: 'pt-BR', timeZone: 'America/Sao_Paulo' }); // ['I9OT62C3', 'ana@example.com', …]
 */
export function sheetRow(row: SubscriberListRow, options: { locale: Locale; timeZone: string }): SheetCell[] {
  const date = (ms: number | null) =>
    ms === null ? '' : formatDate(ms, options.locale, options.timeZone, 'short');
  return [
    row.subscriberCode,
    row.email ?? '',
    row.name ?? '',
    row.productId ?? '',
    row.productName ?? '',
    row.planId ?? '',
    row.planCode ?? '',
    row.planName ?? '',
    row.status,
    row.price ?? '',
    row.currency ?? '',
    date(row.accessionDate),
    date(row.nextChargeDate),
    row.connectionId,
  ];
}

/**
 * Rows of cells as text for comparing what a sheet holds with what it should: each cell as text, trailing empty
 * cells and trailing empty rows dropped (Sheets leaves them out when it reads).
 *
 * @example
 * import { normalizeGrid } from './subscriber-list-sheet.ts';
 * normalizeGrid([['a', 1, ''], []]); // [['a', '1']]
 */
export function normalizeGrid(rows: readonly (readonly (string | number | boolean | null)[])[]): string[][] {
  const out = rows.map((row) => {
    const cells = row.map((cell) => (cell === null ? '' : String(cell)));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells;
  });
  while (out.length > 0 && (out[out.length - 1] as string[]).length === 0) out.pop();
  return out;
}

/**
 * A short digest of a value's JSON, for step ids that name the write they do: a later attempt that decides to
 * write something else gets a new step, not the stored output of the old one.
 *
 * @example
 * import { digest } from './subscriber-list-sheet.ts';
 * digest(['101', '102']).length; // 12
 */
export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 12);
}
