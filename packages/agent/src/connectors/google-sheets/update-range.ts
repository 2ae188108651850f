import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  cellInput,
  type GoogleSheetsCredentials,
  sheetsClient,
  spreadsheetIdInput,
  valueInputOption,
  valuesPath,
} from './google-sheets-client.ts';

const input = z.strictObject({
  spreadsheetId: spreadsheetIdInput.optional(),
  /** A1 range whose top-left cell receives `values[0][0]`, e.g. `'MRR'!A2`. */
  range: z.string().trim().min(1).max(500),
  /** Rows of cells; `null` leaves a cell as it is. */
  values: z.array(z.array(cellInput).max(1_000)).min(1).max(10_000),
  valueInputOption,
});

const output = z.strictObject({
  updatedRange: z.string(),
  updatedRows: z.int(),
  updatedColumns: z.int(),
  updatedCells: z.int(),
});

const updateAnswer = z.looseObject({
  updatedRange: z.string(),
  updatedRows: z.number().default(0),
  updatedColumns: z.number().default(0),
  updatedCells: z.number().default(0),
});

/**
 * Writes values into a range (`PUT /v4/spreadsheets/{id}/values/{range}?valueInputOption=`:
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/update). Setting cells to values
 * is idempotent, so it is retried freely.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * import { googleSheetsUpdateRange } from './update-range.ts';
 * await invokeAction(googleSheetsUpdateRange, { range: "'MRR'!A2", values: [['2026-01', 12_345.6]] }, {
 *   connector: googleSheetsConnector, connection,
 * });
 */
export const googleSheetsUpdateRange = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  GoogleSheetsCredentials
>({
  id: 'google_sheets_update_range',
  connector: 'google-sheets',
  title: 'Write a range of a Google Sheet',
  description: 'Sets the cells of a range to the given rows of values.',
  llmHint:
    "Use to write figures into fixed cells of the seller's Google Sheet (e.g. a weekly report). Needs an A1 range and rows of values; writing the same values again changes nothing.",
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const sheets = sheetsClient(ctx);
    const id = sheets.spreadsheetId(args.spreadsheetId, 'google_sheets_update_range');
    const response = await sheets.send({
      method: 'PUT',
      path: valuesPath(id, args.range),
      query: { valueInputOption: args.valueInputOption },
      body: { range: args.range, majorDimension: 'ROWS', values: args.values },
      idempotent: true,
      operation: 'values.update',
    });
    const answer = sheets.http.parse(updateAnswer, response);
    return {
      updatedRange: answer.updatedRange,
      updatedRows: answer.updatedRows,
      updatedColumns: answer.updatedColumns,
      updatedCells: answer.updatedCells,
    };
  },
});
