import { columnLetters, formatA1, parseA1, quoteSheetTitle } from '@hotpilot/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('A1 notation', () => {
  it('reads the range forms the connectors use', () => {
    expect(parseA1('Sheet1!A1:D10')).toEqual([
      { sheetTitle: 'Sheet1', cells: { startColumn: 0, startRow: 0, endColumn: 3, endRow: 9 } },
    ]);
    expect(parseA1("'My tab'!A:Z")).toEqual([
      { sheetTitle: 'My tab', cells: { startColumn: 0, endColumn: 25 } },
    ]);
    expect(parseA1('Sheet1')).toEqual([{ sheetTitle: 'Sheet1' }]);
    expect(parseA1("'Bob''s tab'")).toEqual([{ sheetTitle: "Bob's tab" }]);
    expect(parseA1('Sheet1!2:5')).toEqual([{ sheetTitle: 'Sheet1', cells: { startRow: 1, endRow: 4 } }]);
    expect(parseA1('Sheet1!B2:D')).toEqual([
      { sheetTitle: 'Sheet1', cells: { startColumn: 1, endColumn: 3, startRow: 1 } },
    ]);
    expect(parseA1('D10:A1')[1]).toEqual({ cells: { startColumn: 0, startRow: 0, endColumn: 3, endRow: 9 } });
  });

  it('refuses text that is not A1 notation', () => {
    for (const text of [
      '',
      "'unterminated!A1",
      'Sheet1!A0',
      'Sheet1!A1:B2:C3',
      'Sheet1!A',
      'Sheet1!1',
      "'x'A1",
      'S!A:5',
    ]) {
      expect(parseA1(text)).toEqual([]);
    }
  });

  it('quotes titles only when Sheets does', () => {
    expect(quoteSheetTitle('Sheet1')).toBe('Sheet1');
    expect(quoteSheetTitle('My tab')).toBe("'My tab'");
    expect(quoteSheetTitle('A1')).toBe("'A1'");
    expect(quoteSheetTitle("Bob's")).toBe("'Bob''s'");
  });

  it('turns column indexes into letters and back for every column Sheets allows', () => {
    expect(columnLetters(0)).toBe('A');
    expect(columnLetters(25)).toBe('Z');
    expect(columnLetters(26)).toBe('AA');
    expect(columnLetters(18_277)).toBe('ZZZ');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18_277 }), (column) => {
        const [reading] = parseA1(`S!${columnLetters(column)}1`);
        expect(reading?.cells?.startColumn).toBe(column);
      }),
    );
  });

  it('reads back every range it formats', () => {
    const title = fc.oneof(
      fc.constantFrom('Sheet1', 'My tab', "Bob's tab", 'Vendas 2026', 'A1'),
      fc.string({ minLength: 1 }),
    );
    const block = fc
      .record({ r1: fc.nat(5000), r2: fc.nat(5000), c1: fc.nat(700), c2: fc.nat(700) })
      .map(({ r1, r2, c1, c2 }) => ({
        startRow: Math.min(r1, r2),
        endRow: Math.max(r1, r2),
        startColumn: Math.min(c1, c2),
        endColumn: Math.max(c1, c2),
      }));
    fc.assert(
      fc.property(title, block, (sheetTitle, cells) => {
        const [reading] = parseA1(formatA1(sheetTitle, cells));
        expect(reading?.sheetTitle).toBe(sheetTitle);
        expect(reading?.cells).toEqual(cells);
      }),
    );
  });
});
