import { type CellValue, formatA1, parseA1, Spreadsheet, type ValueRenderOption } from '@hotpilot/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Reads and appends visit only the rows a sheet holds; these tests hold them to a walk over every cell of the range,
// which is what Sheets' answer is defined by.

interface Block {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

/** The block a response's range echo names (`'Tab'!B1:B30`, or `'Tab'!B2` for one cell). */
function blockOf(echo: string): Block {
  const cells = parseA1(echo)[0]?.cells ?? {};
  const startRow = cells.startRow ?? 0;
  const startColumn = cells.startColumn ?? 0;
  return {
    startRow,
    startColumn,
    endRow: cells.endRow ?? startRow,
    endColumn: cells.endColumn ?? startColumn,
  };
}

function render(cell: CellValue | null, option: ValueRenderOption): CellValue {
  if (cell === null) return '';
  if (option !== 'FORMATTED_VALUE') return cell;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

/** Every cell of the block, trailing empty cells and rows left out. */
function walk(
  rows: readonly (CellValue | null)[][],
  block: Block,
  dimension: 'ROWS' | 'COLUMNS',
  option: ValueRenderOption,
): CellValue[][] {
  const lines: (CellValue | null)[][] = [];
  const [outerStart, outerEnd, innerStart, innerEnd] =
    dimension === 'ROWS'
      ? [block.startRow, block.endRow, block.startColumn, block.endColumn]
      : [block.startColumn, block.endColumn, block.startRow, block.endRow];
  for (let i = outerStart; i <= outerEnd; i++) {
    const line: (CellValue | null)[] = [];
    for (let j = innerStart; j <= innerEnd; j++) {
      line.push((dimension === 'ROWS' ? rows[i]?.[j] : rows[j]?.[i]) ?? null);
    }
    while (line.length > 0 && line[line.length - 1] === null) line.pop();
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1]?.length === 0) lines.pop();
  return lines.map((line) => line.map((cell) => render(cell, option)));
}

/** The table an append writes after: the first run of rows with a value inside the block, and its columns. */
function tableOf(rows: readonly (CellValue | null)[][], block: Block): Block | undefined {
  const filled = (r: number) => {
    const columns: number[] = [];
    for (let c = block.startColumn; c <= block.endColumn; c++)
      if ((rows[r]?.[c] ?? null) !== null) columns.push(c);
    return columns;
  };
  let first = block.startRow;
  while (first <= block.endRow && first < rows.length && filled(first).length === 0) first++;
  if (first > block.endRow || first >= rows.length) return undefined;
  const table = { startRow: first, endRow: first, startColumn: Number.POSITIVE_INFINITY, endColumn: -1 };
  for (let r = first; r <= block.endRow && filled(r).length > 0; r++) {
    const columns = filled(r);
    table.endRow = r;
    table.startColumn = Math.min(table.startColumn, columns[0] as number);
    table.endColumn = Math.max(table.endColumn, columns[columns.length - 1] as number);
  }
  return table;
}

const letters = 'ABCDEF';
const cell = fc.oneof(
  fc.constantFrom('', 'x', 'Ana', '42', 'TRUE', "'7"),
  fc.integer({ min: -5, max: 99 }),
  fc.boolean(),
);
const values = fc.array(fc.array(fc.oneof(cell, fc.constant(null)), { maxLength: 4 }), { maxLength: 4 });
const at = fc.record({ row: fc.nat({ max: 14 }), column: fc.nat({ max: 5 }) });
const write = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), at, values }),
  fc.record({
    kind: fc.constant('append' as const),
    at,
    width: fc.integer({ min: 1, max: 6 }),
    values,
    insert: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('clear' as const), at, height: fc.nat({ max: 5 }) }),
);
const range = fc.oneof(
  fc
    .tuple(at, fc.nat({ max: 5 }), fc.nat({ max: 3 }))
    .map(
      ([{ row, column }, h, w]) =>
        `${letters[column]}${row + 1}:${letters[Math.min(5, column + w)]}${row + 1 + h}`,
    ),
  fc.nat({ max: 5 }).map((c) => `${letters[c]}:${letters[c]}`),
  fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 10 })).map(([c, r]) => `${letters[c]}${r + 1}:F`),
  fc.constant(''),
);

describe('Spreadsheet reads', () => {
  it('answers every range, dimension and render option as a walk over its cells would', () => {
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 8 }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('ROWS' as const, 'COLUMNS' as const),
        fc.constantFrom<ValueRenderOption>('FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'),
        (writes, ranges, dimension, option) => {
          const book = new Spreadsheet({ sheets: [{ title: 'Sheet1', rowCount: 20, columnCount: 6 }] });
          for (const step of writes) {
            const a1 = `Sheet1!${letters[step.at.column]}${step.at.row + 1}`;
            try {
              if (step.kind === 'update') book.update(a1, step.values, 'USER_ENTERED');
              if (step.kind === 'clear') {
                book.clear(`${a1}:F${step.at.row + 1 + step.height}`);
              }
              if (step.kind === 'append') {
                const target = `Sheet1!${letters[step.at.column]}${step.at.row + 1}:${letters[Math.min(5, step.at.column + step.width - 1)]}`;
                const expected = tableOf(book.sheetRows('Sheet1'), blockOf(book.get(target).range));
                const result = book.append(target, step.values, 'RAW', {
                  insertDataOption: step.insert ? 'INSERT_ROWS' : 'OVERWRITE',
                });
                expect(result.tableRange).toBe(expected && formatA1('Sheet1', expected));
              }
            } catch (error) {
              // Writes past the grid are refused as Sheets refuses them; the sheet stays as it was.
              expect((error as Error).message).toMatch(/exceeds grid limits|Requested writing within range/);
            }
          }
          const rows = book.sheetRows('Sheet1');
          for (const text of ranges) {
            const result = book.get(text === '' ? 'Sheet1' : `Sheet1!${text}`, {
              majorDimension: dimension,
              valueRenderOption: option,
            });
            const expected = walk(rows, blockOf(result.range), dimension, option);
            expect(result.values ?? []).toEqual(expected);
            expect('values' in result).toBe(expected.length > 0);
          }
        },
      ),
      { numRuns: 400, seed: 20260601 },
    );
  });

  it('reads a key column of a long sheet without walking the grid beyond its rows', () => {
    const book = new Spreadsheet({ sheets: [{ title: 'Buyers', rowCount: 1_000_000, columnCount: 4 }] });
    book.append("'Buyers'!A:D", [['date', 'email']], 'RAW');
    for (let i = 0; i < 3; i++) book.append("'Buyers'!A:D", [['2026-01-01', `b${i}@example.com`]], 'RAW');
    const started = performance.now();
    const column = book.get("'Buyers'!B:B", { valueRenderOption: 'UNFORMATTED_VALUE' });
    // A walk over the million rows of the grid took over half a second; the four rows written take microseconds.
    expect(performance.now() - started).toBeLessThan(50);
    expect(column).toEqual({
      range: 'Buyers!B1:B1000000',
      majorDimension: 'ROWS',
      values: [['email'], ['b0@example.com'], ['b1@example.com'], ['b2@example.com']],
    });
  });
});
