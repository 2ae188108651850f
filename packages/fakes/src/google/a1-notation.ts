/**
 * The cells an A1 range names, 0-based and inclusive. A missing bound is open: `A:C` has no rows, so it spans every
 * row of the sheet; `A2:C` starts at row 2 and runs to the last row.
 *
 * @example
 * const span: CellSpan = { startColumn: 0, startRow: 1, endColumn: 2 }; // A2:C
 */
export interface CellSpan {
  readonly startColumn?: number;
  readonly startRow?: number;
  readonly endColumn?: number;
  readonly endRow?: number;
}

/**
 * One reading of an A1 range: a sheet (by title; absent means the first sheet) and, unless the whole sheet is meant,
 * the cells.
 *
 * @example
 * const reading: A1Reading = { sheetTitle: 'My tab', cells: { startColumn: 0, endColumn: 25 } }; // 'My tab'!A:Z
 */
export interface A1Reading {
  readonly sheetTitle?: string;
  readonly cells?: CellSpan;
}

const CELL = /^([A-Za-z]{0,3})([0-9]*)$/;

/**
 * The possible readings of an A1 range, preferred first, or `[]` when the text is not A1 notation. Text without `!`
 * is ambiguous: Sheets takes it as a sheet title when such a sheet exists (a sheet may be called `A1`), and only
 * otherwise as cells of the first sheet, so both readings are returned in that order.
 *
 * @example
 * parseA1("'My tab'!A:Z"); // [{ sheetTitle: 'My tab', cells: { startColumn: 0, endColumn: 25 } }]
 * parseA1('Sheet1'); // [{ sheetTitle: 'Sheet1' }]
 * parseA1('A1:B2'); // [{ sheetTitle: 'A1:B2' }, { cells: { startColumn: 0, startRow: 0, endColumn: 1, endRow: 1 } }]
 */
export function parseA1(text: string): A1Reading[] {
  if (text.length === 0) return [];
  if (text.startsWith("'")) {
    const quoted = readQuoted(text);
    if (!quoted) return [];
    if (quoted.rest === '') return [{ sheetTitle: quoted.title }];
    if (!quoted.rest.startsWith('!')) return [];
    const cells = parseCells(quoted.rest.slice(1));
    return cells ? [{ sheetTitle: quoted.title, cells }] : [];
  }
  const bang = text.lastIndexOf('!');
  if (bang !== -1) {
    const title = text.slice(0, bang);
    const cells = parseCells(text.slice(bang + 1));
    return title && cells ? [{ sheetTitle: title, cells }] : [];
  }
  const cells = parseCells(text);
  return cells ? [{ sheetTitle: text }, { cells }] : [{ sheetTitle: text }];
}

function readQuoted(text: string): { title: string; rest: string } | undefined {
  // Inside quotes an apostrophe is written twice: 'Bob''s tab'!A1.
  let title = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch !== "'") {
      title += ch;
      continue;
    }
    if (text[i + 1] === "'") {
      title += "'";
      i++;
      continue;
    }
    return title ? { title, rest: text.slice(i + 1) } : undefined;
  }
  return undefined;
}

function parseCells(text: string): CellSpan | undefined {
  const parts = text.split(':');
  if (parts.length > 2) return undefined;
  const start = parseCell(parts[0] ?? '');
  if (!start) return undefined;
  if (parts.length === 1) {
    // A lone reference must be a full cell: `A` or `5` alone are not ranges.
    if (start.column === undefined || start.row === undefined) return undefined;
    return { startColumn: start.column, startRow: start.row, endColumn: start.column, endRow: start.row };
  }
  const end = parseCell(parts[1] ?? '');
  if (!end) return undefined;
  const columnsOnly = start.row === undefined && end.row === undefined;
  const rowsOnly = start.column === undefined && end.column === undefined;
  // Allowed shapes: A1:B2, A:B, 1:2 and A2:B (rows open at the end).
  const openEnd = start.column !== undefined && start.row !== undefined && end.column !== undefined;
  if (!columnsOnly && !rowsOnly && !openEnd) return undefined;
  if (columnsOnly && (start.column === undefined || end.column === undefined)) return undefined;
  if (rowsOnly && (start.row === undefined || end.row === undefined)) return undefined;
  const span: { startColumn?: number; startRow?: number; endColumn?: number; endRow?: number } = {};
  if (start.column !== undefined && end.column !== undefined) {
    span.startColumn = Math.min(start.column, end.column);
    span.endColumn = Math.max(start.column, end.column);
  }
  if (start.row !== undefined && end.row !== undefined) {
    span.startRow = Math.min(start.row, end.row);
    span.endRow = Math.max(start.row, end.row);
  } else if (start.row !== undefined) {
    span.startRow = start.row;
  }
  return span;
}

function parseCell(text: string): { column?: number; row?: number } | undefined {
  const match = CELL.exec(text);
  if (!match || text === '') return undefined;
  const [, letters = '', digits = ''] = match;
  const cell: { column?: number; row?: number } = {};
  if (letters) cell.column = columnIndex(letters);
  if (digits) {
    const row = Number(digits);
    if (row < 1) return undefined;
    cell.row = row - 1;
  }
  return cell;
}

/**
 * The 0-based index of a column written in letters.
 *
 * @example
 * columnIndex('A'); // 0
 * columnIndex('AA'); // 26
 */
export function columnIndex(letters: string): number {
  let index = 0;
  for (const ch of letters.toUpperCase()) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

/**
 * The letters of a 0-based column index.
 *
 * @example
 * columnLetters(25); // 'Z'
 * columnLetters(26); // 'AA'
 */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * A sheet title as it appears in a range Sheets returns: bare when it is a plain word, quoted (apostrophes doubled)
 * when it has spaces or punctuation or could be read as a cell.
 *
 * @example
 * quoteSheetTitle('Sheet1'); // 'Sheet1'
 * quoteSheetTitle('My tab'); // "'My tab'"
 */
export function quoteSheetTitle(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !/^[A-Za-z]{1,3}[0-9]+$/.test(title);
  return plain ? title : `'${title.replaceAll("'", "''")}'`;
}

/**
 * The A1 text of a block of cells (0-based, inclusive) without a sheet: `A1:D10`, or `B2` for a single cell.
 *
 * @example
 * formatCells({ startRow: 1, startColumn: 1, endRow: 1, endColumn: 1 }); // 'B2'
 */
export function formatCells(block: {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}): string {
  const start = `${columnLetters(block.startColumn)}${block.startRow + 1}`;
  const end = `${columnLetters(block.endColumn)}${block.endRow + 1}`;
  return start === end ? start : `${start}:${end}`;
}

/**
 * The A1 text of a block of cells (0-based, inclusive), as Sheets writes it in responses: `Sheet1!A1:D10`, or
 * `Sheet1!B2` for a single cell.
 *
 * @example
 * formatA1('My tab', { startRow: 0, startColumn: 0, endRow: 999, endColumn: 25 }); // "'My tab'!A1:Z1000"
 */
export function formatA1(
  sheetTitle: string,
  block: { startRow: number; startColumn: number; endRow: number; endColumn: number },
): string {
  return `${quoteSheetTitle(sheetTitle)}!${formatCells(block)}`;
}
