import { randomBytes, randomInt } from 'node:crypto';
import {
  type A1Reading,
  type CellSpan,
  columnLetters,
  formatA1,
  formatCells,
  parseA1,
  quoteSheetTitle,
} from './a1-notation.ts';
import { GoogleApiError } from './google-error.ts';

/**
 * What a cell holds: Sheets stores numbers, booleans and text (formulas are kept as their text; the fake does not
 * evaluate them).
 *
 * @example
 * const value: CellValue = 19.9;
 */
export type CellValue = string | number | boolean;

/**
 * How written values are read: `RAW` stores them as given, `USER_ENTERED` parses text as if typed into the UI
 * (`"42"` becomes a number, `"TRUE"` a boolean, a leading `'` forces text).
 *
 * @example
 * const option: ValueInputOption = 'USER_ENTERED';
 */
export type ValueInputOption = 'RAW' | 'USER_ENTERED';

/**
 * How read values are rendered: `FORMATTED_VALUE` (the default) gives text, the others the stored value.
 *
 * @example
 * const option: ValueRenderOption = 'UNFORMATTED_VALUE';
 */
export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';

/**
 * Whether a values matrix lists rows (the default) or columns.
 *
 * @example
 * const dimension: MajorDimension = 'ROWS';
 */
export type MajorDimension = 'ROWS' | 'COLUMNS';

/**
 * The properties of one sheet (tab), in the shape `spreadsheets.get` returns.
 *
 * @example
 * const sheet: SheetProperties = {
 *   sheetId: 0, title: 'Sheet1', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 },
 * };
 */
export interface SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  sheetType: 'GRID';
  gridProperties: { rowCount: number; columnCount: number };
}

/**
 * A sheet to create with a spreadsheet: its title, optional grid size and optional starting rows.
 *
 * @example
 * const seed: SheetSeed = { title: 'Sales', rows: [['date', 'amount'], ['2026-01-02', 19.9]] };
 */
export interface SheetSeed {
  title: string;
  sheetId?: number;
  rowCount?: number;
  columnCount?: number;
  rows?: CellValue[][];
}

interface Sheet {
  properties: SheetProperties;
  rows: (CellValue | undefined)[][];
}

interface Block {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

interface ResolvedRange {
  sheet: Sheet;
  block: Block;
  /** Whether the range names a single cell (or a whole sheet): then it only anchors where writing starts. */
  anchorOnly: boolean;
}

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

/**
 * One spreadsheet held in memory, with the operations of the Sheets v4 API the connectors use. Methods throw
 * `GoogleApiError` with Google's messages on bad input.
 *
 * @example
 * const book = new Spreadsheet({ title: 'Finance', sheets: [{ title: 'Sales' }] });
 * book.update('Sales!A1', [['date', 'amount']], 'RAW');
 * book.get('Sales').values; // [['date', 'amount']]
 */
export class Spreadsheet {
  readonly spreadsheetId: string;
  title: string;
  readonly #sheets: Sheet[] = [];

  constructor(init: { spreadsheetId?: string; title?: string; sheets?: SheetSeed[] }) {
    this.spreadsheetId = init.spreadsheetId ?? randomBytes(33).toString('base64url');
    this.title = init.title ?? 'Untitled spreadsheet';
    const seeds = init.sheets?.length ? init.sheets : [{ title: 'Sheet1' }];
    for (const seed of seeds) {
      const sheet = this.#insertSheet(seed.title, {
        sheetId: seed.sheetId ?? (this.#sheets.length === 0 ? 0 : undefined),
        rowCount: seed.rowCount,
        columnCount: seed.columnCount,
      });
      if (seed.rows) sheet.rows = seed.rows.map((row) => [...row]);
    }
  }

  /** The spreadsheet resource as `spreadsheets.get` returns it (without grid data). */
  toResource(): Record<string, unknown> {
    return {
      spreadsheetId: this.spreadsheetId,
      properties: {
        title: this.title,
        locale: 'en_US',
        autoRecalc: 'ON_CHANGE',
        timeZone: 'Etc/GMT',
      },
      sheets: this.sheetProperties().map((properties) => ({ properties })),
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${this.spreadsheetId}/edit`,
    };
  }

  /** Every sheet's properties, by index. */
  sheetProperties(): SheetProperties[] {
    return this.#ordered().map((s) => structuredClone(s.properties));
  }

  /** The stored cells of a sheet as rows (empty cells `null`), for inspection by tests and the demo. */
  sheetRows(title: string): (CellValue | null)[][] {
    const sheet = this.#sheetByTitle(title);
    if (!sheet) throw new GoogleApiError(400, `Unable to parse range: ${quoteSheetTitle(title)}`);
    return sheet.rows.map((row) => Array.from(row ?? [], (cell) => cell ?? null));
  }

  /**
   * `spreadsheets.values.get`: the values of a range, trailing empty rows and cells left out (and `values` absent
   * when the range is empty), in rows or columns.
   */
  get(
    range: string,
    options: { majorDimension?: MajorDimension; valueRenderOption?: ValueRenderOption } = {},
  ): { range: string; majorDimension: MajorDimension; values?: (CellValue | string)[][] } {
    const { sheet, block } = this.#resolve(range, { checkGrid: true });
    const render = options.valueRenderOption ?? 'FORMATTED_VALUE';
    const dimension = options.majorDimension ?? 'ROWS';
    const values =
      dimension === 'ROWS' ? readRows(sheet.rows, block, render) : readColumns(sheet.rows, block, render);
    const result: { range: string; majorDimension: MajorDimension; values?: (CellValue | string)[][] } = {
      range: formatA1(sheet.properties.title, block),
      majorDimension: dimension,
    };
    if (values.length > 0) result.values = values;
    return result;
  }

  /**
   * `spreadsheets.values.update`: writes values into a range. A range of several cells bounds the write (Sheets
   * refuses values that overflow it); a single cell or a whole sheet only says where writing starts. `null` leaves
   * a cell as it is; `""` clears it.
   */
  update(
    range: string,
    values: unknown[][],
    input: ValueInputOption,
    majorDimension: MajorDimension = 'ROWS',
  ): UpdateResult {
    const resolved = this.#resolve(range, { checkGrid: true });
    const rows = toRows(values, majorDimension);
    const { sheet, block } = resolved;
    if (!resolved.anchorOnly) {
      const height = block.endRow - block.startRow + 1;
      const width = block.endColumn - block.startColumn + 1;
      const label = `[${formatA1(sheet.properties.title, block)}]`;
      if (rows.length > height) {
        throw new GoogleApiError(
          400,
          `Requested writing within range ${label}, but tried writing to row [${block.startRow + height + 1}]`,
        );
      }
      const widest = Math.max(0, ...rows.map((r) => r.length));
      if (widest > width) {
        throw new GoogleApiError(
          400,
          `Requested writing within range ${label}, but tried writing to column [${columnLetters(block.startColumn + width)}]`,
        );
      }
    }
    const written = writeBlock(sheet, block.startRow, block.startColumn, rows, input, { grow: false });
    return { spreadsheetId: this.spreadsheetId, ...written };
  }

  /**
   * `spreadsheets.values.append`: finds the table inside the range (the first block of consecutive non-empty rows)
   * and writes the values on the rows after it, starting at the table's first column. `INSERT_ROWS` pushes the rows
   * below down first; `OVERWRITE` (the default) writes over them. The grid grows as needed.
   */
  append(
    range: string,
    values: unknown[][],
    input: ValueInputOption,
    options: { insertDataOption?: 'OVERWRITE' | 'INSERT_ROWS'; majorDimension?: MajorDimension } = {},
  ): { spreadsheetId: string; tableRange?: string; updates: UpdateResult } {
    const { sheet, block } = this.#resolve(range, { checkGrid: false });
    const rows = toRows(values, options.majorDimension ?? 'ROWS');
    const table = findTable(sheet, block);
    const startRow = table ? table.endRow + 1 : block.startRow;
    const startColumn = table ? table.startColumn : block.startColumn;
    if (options.insertDataOption === 'INSERT_ROWS' && rows.length > 0) {
      sheet.rows.splice(startRow, 0, ...Array.from({ length: rows.length }, () => []));
      sheet.properties.gridProperties.rowCount += rows.length;
    }
    const written = writeBlock(sheet, startRow, startColumn, rows, input, { grow: true });
    const result: { spreadsheetId: string; tableRange?: string; updates: UpdateResult } = {
      spreadsheetId: this.spreadsheetId,
      updates: { spreadsheetId: this.spreadsheetId, ...written },
    };
    if (table) result.tableRange = formatA1(sheet.properties.title, table);
    return result;
  }

  /**
   * `spreadsheets.values.clear`: empties the values of a range (Sheets keeps the formatting; the fake has none) and
   * answers the cleared range, bounded to the grid. An open-ended range (`'Tab'!A2:Z`, a whole tab) stops at the
   * grid's edge instead of failing.
   */
  clear(range: string): { spreadsheetId: string; clearedRange: string } {
    const { sheet, block } = this.#resolve(range, { checkGrid: false });
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const bounded = {
      startRow: block.startRow,
      startColumn: block.startColumn,
      endRow: Math.min(block.endRow, rowCount - 1),
      endColumn: Math.min(block.endColumn, columnCount - 1),
    };
    for (let r = bounded.startRow; r <= bounded.endRow; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      for (let c = bounded.startColumn; c <= bounded.endColumn; c++) row[c] = undefined;
    }
    return { spreadsheetId: this.spreadsheetId, clearedRange: formatA1(sheet.properties.title, bounded) };
  }

  /**
   * Applies `spreadsheets.batchUpdate` requests all or nothing: every request is checked before any is applied,
   * as Sheets does. Supports `addSheet` and `deleteSheet`.
   */
  batchUpdate(requests: unknown[]): { spreadsheetId: string; replies: Record<string, unknown>[] } {
    const titles = new Set(this.#sheets.map((s) => s.properties.title.toLowerCase()));
    const ids = new Set(this.#sheets.map((s) => s.properties.sheetId));
    const plan: (() => Record<string, unknown>)[] = [];
    requests.forEach((request, i) => {
      const where = `requests[${i}]`;
      if (request === null || typeof request !== 'object' || Array.isArray(request)) {
        throw new GoogleApiError(400, `Invalid JSON payload received. Expected an object at '${where}'.`);
      }
      const kinds = Object.keys(request);
      if (kinds.length !== 1) {
        throw new GoogleApiError(400, `Invalid ${where}: exactly one kind of request must be set.`);
      }
      const kind = kinds[0] as string;
      const body = (request as Record<string, unknown>)[kind];
      if (kind === 'addSheet') {
        plan.push(this.#planAddSheet(body, `${where}.addSheet`, titles, ids));
      } else if (kind === 'deleteSheet') {
        plan.push(this.#planDeleteSheet(body, `${where}.deleteSheet`, titles, ids));
      } else {
        throw new GoogleApiError(501, `${where}.${kind} is not implemented by this fake`);
      }
    });
    return { spreadsheetId: this.spreadsheetId, replies: plan.map((apply) => apply()) };
  }

  #planAddSheet(body: unknown, where: string, titles: Set<string>, ids: Set<number>) {
    const properties = (body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    const title = properties['title'];
    if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) {
      throw new GoogleApiError(400, `Invalid ${where}: Sheet name must not be empty.`);
    }
    let name = title as string | undefined;
    if (name === undefined) {
      let n = this.#sheets.length + 1;
      while (titles.has(`sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    // Sheet names are unique regardless of case in Sheets.
    if (titles.has(name.toLowerCase())) {
      throw new GoogleApiError(
        400,
        `Invalid ${where}: A sheet with the name "${name}" already exists. Please enter another name.`,
      );
    }
    const sheetId = properties['sheetId'];
    if (sheetId !== undefined && (!Number.isInteger(sheetId) || (sheetId as number) < 0)) {
      throw new GoogleApiError(400, `Invalid ${where}: sheetId must be a non-negative integer.`);
    }
    if (sheetId !== undefined && ids.has(sheetId as number)) {
      throw new GoogleApiError(400, `Invalid ${where}: Sheet with id ${sheetId} already exists.`);
    }
    const grid = (properties['gridProperties'] ?? {}) as Record<string, unknown>;
    const index = properties['index'];
    titles.add(name.toLowerCase());
    if (sheetId !== undefined) ids.add(sheetId as number);
    const title_ = name;
    return () => {
      const sheet = this.#insertSheet(title_, {
        sheetId: sheetId as number | undefined,
        rowCount: positiveInt(grid['rowCount']),
        columnCount: positiveInt(grid['columnCount']),
        index: Number.isInteger(index) ? (index as number) : undefined,
      });
      return { addSheet: { properties: structuredClone(sheet.properties) } };
    };
  }

  #planDeleteSheet(body: unknown, where: string, titles: Set<string>, ids: Set<number>) {
    const sheetId = (body as { sheetId?: unknown } | undefined)?.sheetId;
    if (!Number.isInteger(sheetId) || !ids.has(sheetId as number)) {
      throw new GoogleApiError(400, `Invalid ${where}: No grid with id: ${String(sheetId)}`);
    }
    if (ids.size === 1) {
      throw new GoogleApiError(400, `Invalid ${where}: You can't remove all the sheets in a document.`);
    }
    ids.delete(sheetId as number);
    const sheet = this.#sheets.find((s) => s.properties.sheetId === sheetId);
    if (sheet) titles.delete(sheet.properties.title.toLowerCase());
    return () => {
      const at = this.#sheets.findIndex((s) => s.properties.sheetId === sheetId);
      this.#sheets.splice(at, 1);
      this.#ordered().forEach((s, i) => {
        s.properties.index = i;
      });
      return {};
    };
  }

  #insertSheet(
    title: string,
    options: {
      sheetId?: number | undefined;
      rowCount?: number | undefined;
      columnCount?: number | undefined;
      index?: number | undefined;
    },
  ): Sheet {
    let sheetId = options.sheetId;
    while (sheetId === undefined || this.#sheets.some((s) => s.properties.sheetId === sheetId)) {
      sheetId = randomInt(1, 2_000_000_000);
    }
    const ordered = this.#ordered();
    const index = Math.min(Math.max(options.index ?? ordered.length, 0), ordered.length);
    for (const s of ordered) if (s.properties.index >= index) s.properties.index++;
    const sheet: Sheet = {
      properties: {
        sheetId,
        title,
        index,
        sheetType: 'GRID',
        gridProperties: {
          rowCount: options.rowCount ?? DEFAULT_ROWS,
          columnCount: options.columnCount ?? DEFAULT_COLUMNS,
        },
      },
      rows: [],
    };
    this.#sheets.push(sheet);
    return sheet;
  }

  #ordered(): Sheet[] {
    return [...this.#sheets].sort((a, b) => a.properties.index - b.properties.index);
  }

  #sheetByTitle(title: string): Sheet | undefined {
    return (
      this.#sheets.find((s) => s.properties.title === title) ??
      this.#sheets.find((s) => s.properties.title.toLowerCase() === title.toLowerCase())
    );
  }

  #resolve(range: string, options: { checkGrid: boolean }): ResolvedRange {
    for (const reading of parseA1(range)) {
      const sheet =
        reading.sheetTitle === undefined ? this.#ordered()[0] : this.#sheetByTitle(reading.sheetTitle);
      if (!sheet) continue;
      return this.#block(sheet, reading, options);
    }
    throw new GoogleApiError(400, `Unable to parse range: ${range}`);
  }

  #block(sheet: Sheet, reading: A1Reading, options: { checkGrid: boolean }): ResolvedRange {
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const cells: CellSpan = reading.cells ?? {};
    const block: Block = {
      startRow: cells.startRow ?? 0,
      startColumn: cells.startColumn ?? 0,
      endRow: cells.endRow ?? Math.max(rowCount - 1, cells.startRow ?? 0),
      endColumn: cells.endColumn ?? Math.max(columnCount - 1, cells.startColumn ?? 0),
    };
    if (options.checkGrid && (block.endRow >= rowCount || block.endColumn >= columnCount)) {
      throw gridLimitError(sheet, block);
    }
    const single =
      reading.cells !== undefined && block.startRow === block.endRow && block.startColumn === block.endColumn;
    return { sheet, block, anchorOnly: reading.cells === undefined || single };
  }
}

/**
 * What `values.update` returns (and `values.append` under `updates`); zero counts are left out, as in Google's
 * JSON.
 *
 * @example
 * const result: UpdateResult = { spreadsheetId: 'abc', updatedRange: 'Sheet1!A1:B1', updatedRows: 1 };
 */
export interface UpdateResult {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows?: number;
  updatedColumns?: number;
  updatedCells?: number;
}

function writeBlock(
  sheet: Sheet,
  startRow: number,
  startColumn: number,
  rows: unknown[][],
  input: ValueInputOption,
  options: { grow: boolean },
): Omit<UpdateResult, 'spreadsheetId'> {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const height = Math.max(1, rows.length);
  const grid = sheet.properties.gridProperties;
  const endRow = startRow + height - 1;
  const endColumn = startColumn + width - 1;
  if (endRow >= grid.rowCount || endColumn >= grid.columnCount) {
    if (!options.grow) throw gridLimitError(sheet, { startRow, startColumn, endRow, endColumn });
    grid.rowCount = Math.max(grid.rowCount, endRow + 1);
    grid.columnCount = Math.max(grid.columnCount, endColumn + 1);
  }
  let cells = 0;
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value === null || value === undefined) return;
      const target = sheet.rows[startRow + r] ?? [];
      sheet.rows[startRow + r] = target;
      const parsed = parseInput(value, input, r, c);
      target[startColumn + c] = parsed === '' ? undefined : parsed;
      cells++;
    });
  });
  const result: Omit<UpdateResult, 'spreadsheetId'> = {
    updatedRange: formatA1(sheet.properties.title, { startRow, startColumn, endRow, endColumn }),
  };
  if (rows.length > 0) result.updatedRows = rows.length;
  if (rows.length > 0) result.updatedColumns = width;
  if (cells > 0) result.updatedCells = cells;
  return result;
}

function parseInput(value: unknown, input: ValueInputOption, r: number, c: number): CellValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GoogleApiError(400, `Invalid values[${r}][${c}]: number_value`);
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') {
    throw new GoogleApiError(
      400,
      `Invalid values[${r}][${c}]: ${Array.isArray(value) ? 'list' : 'struct'}_value`,
    );
  }
  if (input === 'RAW') return value;
  // As if typed into the UI: a leading apostrophe forces text, numbers and booleans are recognised.
  if (value.startsWith("'")) return value.slice(1);
  const trimmed = value.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^true$/i.test(trimmed)) return true;
  if (/^false$/i.test(trimmed)) return false;
  return value;
}

function renderCell(cell: CellValue | undefined, render: ValueRenderOption): CellValue {
  if (cell === undefined) return '';
  if (render !== 'FORMATTED_VALUE') return cell;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

// Reading visits only the stored rows and cells inside the range: the grid beyond them is empty, and Sheets leaves
// out trailing empty rows and cells (a key column of a 1,000,000-row grid costs the rows written, not the grid).

function readRows(
  rows: readonly ((CellValue | undefined)[] | undefined)[],
  block: Block,
  render: ValueRenderOption,
): CellValue[][] {
  const lines: CellValue[][] = [];
  let kept = 0;
  const lastRow = Math.min(block.endRow, rows.length - 1);
  for (let r = block.startRow; r <= lastRow; r++) {
    const row = rows[r];
    const line: CellValue[] = [];
    if (row) {
      let end = Math.min(block.endColumn, row.length - 1);
      while (end >= block.startColumn && row[end] === undefined) end--;
      for (let c = block.startColumn; c <= end; c++) line.push(renderCell(row[c], render));
    }
    lines.push(line);
    if (line.length > 0) kept = lines.length;
  }
  lines.length = kept;
  return lines;
}

function readColumns(
  rows: readonly ((CellValue | undefined)[] | undefined)[],
  block: Block,
  render: ValueRenderOption,
): CellValue[][] {
  const lastRow = Math.min(block.endRow, rows.length - 1);
  let lastColumn = -1;
  for (let r = block.startRow; r <= lastRow; r++) {
    const row = rows[r];
    if (row) lastColumn = Math.max(lastColumn, Math.min(block.endColumn, row.length - 1));
  }
  const lines: CellValue[][] = [];
  let kept = 0;
  for (let c = block.startColumn; c <= lastColumn; c++) {
    let end = lastRow;
    while (end >= block.startRow && rows[end]?.[c] === undefined) end--;
    const line: CellValue[] = [];
    for (let r = block.startRow; r <= end; r++) line.push(renderCell(rows[r]?.[c], render));
    lines.push(line);
    if (line.length > 0) kept = lines.length;
  }
  lines.length = kept;
  return lines;
}

function toRows(values: unknown[][], dimension: MajorDimension): unknown[][] {
  if (dimension === 'ROWS') return values;
  const rows: unknown[][] = [];
  values.forEach((column, c) => {
    column.forEach((value, r) => {
      const row = rows[r] ?? [];
      rows[r] = row;
      row[c] = value;
    });
  });
  return Array.from(rows, (row) => Array.from(row ?? [], (v) => (v === undefined ? null : v)));
}

function findTable(sheet: Sheet, block: Block): Block | undefined {
  const lastRow = Math.min(block.endRow, sheet.rows.length - 1);
  let first = -1;
  for (let r = block.startRow; r <= lastRow; r++) {
    if (firstFilled(sheet.rows[r], block) !== -1) {
      first = r;
      break;
    }
  }
  if (first === -1) return undefined;
  let last = first;
  let startColumn = Number.POSITIVE_INFINITY;
  let endColumn = -1;
  for (let r = first; r <= lastRow; r++) {
    const row = sheet.rows[r];
    const start = firstFilled(row, block);
    if (start === -1) break;
    last = r;
    startColumn = Math.min(startColumn, start);
    endColumn = Math.max(endColumn, lastFilled(row as (CellValue | undefined)[], block));
  }
  return { startRow: first, endRow: last, startColumn, endColumn };
}

/** The first column of the block holding a value in the row, or -1. */
function firstFilled(row: readonly (CellValue | undefined)[] | undefined, block: Block): number {
  if (!row) return -1;
  const end = Math.min(block.endColumn, row.length - 1);
  for (let c = block.startColumn; c <= end; c++) if (row[c] !== undefined) return c;
  return -1;
}

/** The last column of the block holding a value in a row known to hold one. */
function lastFilled(row: readonly (CellValue | undefined)[], block: Block): number {
  let c = Math.min(block.endColumn, row.length - 1);
  while (c > block.startColumn && row[c] === undefined) c--;
  return c;
}

function positiveInt(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) > 0 ? (value as number) : undefined;
}

function gridLimitError(sheet: Sheet, block: Block): GoogleApiError {
  // Unlike ranges in responses, this message always quotes the sheet title.
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const title = sheet.properties.title.replaceAll("'", "''");
  return new GoogleApiError(
    400,
    `Range ('${title}'!${formatCells(block)}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
  );
}
