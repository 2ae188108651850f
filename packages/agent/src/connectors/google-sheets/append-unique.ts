import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  appendValues,
  cellInput,
  type GoogleSheetsCredentials,
  quoteSheet,
  readValues,
  sheetsClient,
  spreadsheetIdInput,
  valueInputOption,
} from './google-sheets-client.ts';

const COLUMN = /^[A-Z]{1,3}$/;

function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

const keyOf = (cell: unknown): string => (cell === null || cell === undefined ? '' : String(cell).trim());

const input = z
  .strictObject({
    spreadsheetId: spreadsheetIdInput.optional(),
    /** The tab's title, e.g. `Sales`. */
    sheet: z.string().trim().min(1).max(100),
    /** The column holding each row's key, e.g. `B` for a transaction code in column B. */
    keyColumn: z.string().trim().toUpperCase().regex(COLUMN, 'must be a column letter such as A or AB'),
    /** Rows starting at column A; each must have its key in `keyColumn`. */
    rows: z.array(z.array(cellInput).max(1_000)).min(1).max(10_000),
    valueInputOption,
  })
  .superRefine((args, ctx) => {
    if (!COLUMN.test(args.keyColumn)) return;
    const at = columnIndex(args.keyColumn);
    args.rows.forEach((row, i) => {
      if (keyOf(row[at]) === '') {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          message: `has no key in column ${args.keyColumn}`,
        });
      }
    });
  });

const output = z.strictObject({
  appended: z.int(),
  /** Keys of rows left out because the sheet (or an earlier row of this call) has them already. */
  skippedKeys: z.array(z.string()),
  updatedRange: z.string().nullable(),
});

/**
 * Appends only the rows whose key is not in the sheet yet, so the same rows can be sent again safely (a retried
 * step, a replayed event, a reconciliation that re-sends a sale). It reads the key column
 * (`GET …/values/'Tab'!B:B`, unformatted so numbers compare as written), leaves out rows whose key is there (and
 * repeats inside the call), and appends the rest
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append).
 *
 * Concurrency: the read and the append are two requests, and Sheets has no conditional write. Two writers that
 * read before either appends both see a key as absent and both append it. hotpilot avoids that by running the
 * workflows that write one sheet under one engine concurrency key (e.g. `concurrencyKey: () => 'sheet:finance'`,
 * or the key itself when rows are per buyer): runs sharing a key run one at a time, so each read sees every
 * earlier append. Writers outside hotpilot (people editing the sheet, other tools) are not covered.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { googleSheetsAppendUnique } from './append-unique.ts';
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * const result = await invokeAction(googleSheetsAppendUnique, {
 *   sheet: 'Sales', keyColumn: 'B', rows: [['2026-01-02', 'HP1234', 197]],
 * }, { connector: googleSheetsConnector, connection });
 * console.log(result.appended, result.skippedKeys);
 */
export const googleSheetsAppendUnique = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  GoogleSheetsCredentials
>({
  id: 'google_sheets_append_unique',
  connector: 'google-sheets',
  title: 'Append new rows to a Google Sheet',
  description: 'Appends the rows whose key (a column such as the transaction code) is not in the tab yet.',
  llmHint:
    "Use to add records that have an id (sales, refunds) to the seller's Google Sheet without duplicates. Needs the tab, the key column letter and the rows (starting at column A). Safe to repeat.",
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const sheets = sheetsClient(ctx);
    const id = sheets.spreadsheetId(args.spreadsheetId, 'google_sheets_append_unique');
    const tab = quoteSheet(args.sheet);
    const at = columnIndex(args.keyColumn);

    const column = await readValues(
      sheets,
      id,
      `${tab}!${args.keyColumn}:${args.keyColumn}`,
      'UNFORMATTED_VALUE',
    );
    const seen = new Set(column.values.map((row) => keyOf(row[0])).filter((key) => key !== ''));
    const fresh: (typeof args.rows)[number][] = [];
    const skippedKeys: string[] = [];
    for (const row of args.rows) {
      const key = keyOf(row[at]);
      if (seen.has(key)) {
        skippedKeys.push(key);
        continue;
      }
      seen.add(key);
      fresh.push(row);
    }
    if (fresh.length === 0) return { appended: 0, skippedKeys, updatedRange: null };
    // The whole tab as the range: Sheets looks for the table *within* the range, so the tab finds it wherever it
    // ends.
    const result = await appendValues(sheets, id, tab, fresh, args.valueInputOption);
    return { appended: fresh.length, skippedKeys, updatedRange: result.updatedRange };
  },
});
