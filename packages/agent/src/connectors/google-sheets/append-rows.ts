import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  appendValues,
  cellInput,
  type GoogleSheetsCredentials,
  sheetsClient,
  spreadsheetIdInput,
  valueInputOption,
} from './google-sheets-client.ts';

const input = z.strictObject({
  spreadsheetId: spreadsheetIdInput.optional(),
  /** Where the table is, e.g. `'Sales'!A1` or `Sales`; rows go after its last row. */
  range: z.string().trim().min(1).max(500),
  rows: z.array(z.array(cellInput).max(1_000)).min(1).max(10_000),
  valueInputOption,
});

const output = z.strictObject({
  updatedRange: z.string(),
  updatedRows: z.int(),
});

/**
 * Appends rows after the last row of a table
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append, `INSERT_ROWS`). Not
 * idempotent: a retried step after a lost answer can append twice; use `google_sheets_append_unique` when rows have
 * a key.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { googleSheetsAppendRows } from './append-rows.ts';
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * await invokeAction(googleSheetsAppendRows, { range: 'Sales', rows: [['2026-01-02', 'HP1', 197]] }, {
 *   connector: googleSheetsConnector, connection,
 * });
 */
export const googleSheetsAppendRows = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  GoogleSheetsCredentials
>({
  id: 'google_sheets_append_rows',
  connector: 'google-sheets',
  title: 'Append rows to a Google Sheet',
  description: 'Adds rows after the last row of a table.',
  llmHint:
    'Use to add rows to a log-like Google Sheet (e.g. one row per sale). Needs the tab or range and the rows. Not safe to repeat: prefer google_sheets_append_unique when each row has an id.',
  input,
  output,
  effect: 'write',
  idempotent: false,
  run: async (ctx, args) => {
    const sheets = sheetsClient(ctx);
    const id = sheets.spreadsheetId(args.spreadsheetId, 'google_sheets_append_rows');
    const result = await appendValues(sheets, id, args.range, args.rows, args.valueInputOption);
    return { updatedRange: result.updatedRange, updatedRows: result.updatedRows };
  },
});
