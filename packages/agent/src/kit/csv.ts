/**
 * A CSV cell: text, a number (written with a dot as the decimal separator, as RFC 4180 readers and spreadsheets
 * expect of data files), a boolean, or empty (null).
 *
 * @example
 * import type { CsvCell } from './csv.ts';
 * const cells: CsvCell[] = ['ana@example.com', 197.5, null];
 */
export type CsvCell = string | number | boolean | null;

/**
 * The UTF-8 byte order mark Excel needs to read a CSV file as UTF-8 (without it, "João" opens as "JoÃ£o").
 *
 * @example
 * import { UTF8_BOM } from './csv.ts';
 * UTF8_BOM.length; // 1
 */
export const UTF8_BOM = '\uFEFF';

// A spreadsheet opening the file runs a cell starting with one of these as a formula (CSV injection, OWASP): a
// buyer who names themselves `=HYPERLINK(…)` must stay text. Tab and carriage return start formulas in some too.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One text cell made safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a
 * `'` in front, so it shows as text instead of running as a formula. Other text is unchanged.
 *
 * @example
 * import { formulaSafe } from './csv.ts';
 * formulaSafe('=1+1'); // "'=1+1"
 * formulaSafe('Ana'); // 'Ana'
 */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = formulaSafe(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV record as RFC 4180 writes it: fields separated by commas, a field with a comma, a quote or a line break
 * quoted (its quotes doubled), ended by CRLF. Text cells are made formula-safe ({@link formulaSafe}) first.
 *
 * @example
 * import { csvLine } from './csv.ts';
 * csvLine(['Souza, Ana', 19.9, null]); // '"Souza, Ana",19.9,\r\n'
 */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(field).join(',')}\r\n`;
}

/**
 * A whole CSV document (RFC 4180, CRLF line ends), with the UTF-8 byte order mark in front when `bom` is set (for
 * Excel; off by default, since other readers show it as a stray character).
 *
 * @example
 * import { toCsv } from './csv.ts';
 * toCsv([['email', 'price'], ['ana@example.com', 197]]); // 'email,price\r\nana@example.com,197\r\n'
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  return (options.bom ? UTF8_BOM : '') + rows.map(csvLine).join('');
}
