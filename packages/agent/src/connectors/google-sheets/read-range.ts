import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  type GoogleSheetsCredentials,
  readValues,
  sheetsClient,
  spreadsheetIdInput,
} from './google-sheets-client.ts';

const input = z.strictObject({
  /** Default: the connection's `spreadsheetId` setting. */
  spreadsheetId: spreadsheetIdInput.optional(),
  /** A1 range, e.g. `'Sales'!A1:F` or `Sales` for the whole tab. */
  range: z.string().trim().min(1).max(500),
  /** `FORMATTED_VALUE` (as shown, the default), `UNFORMATTED_VALUE` (raw numbers) or `FORMULA`. */
  render: z.enum(['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA']).default('FORMATTED_VALUE'),
});

const output = z.strictObject({
  range: z.string(),
  values: z.array(z.array(z.union([z.string(), z.number(), z.boolean()]))),
});

/**
 * Reads the values of a range, row by row (trailing empty rows and cells are left out, as Sheets does:
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/get).
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * import { googleSheetsReadRange } from './read-range.ts';
 * const { values } = await invokeAction(googleSheetsReadRange, { range: "'MRR'!A1:C13" }, {
 *   connector: googleSheetsConnector, connection,
 * });
 */
export const googleSheetsReadRange = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  GoogleSheetsCredentials
>({
  id: 'google_sheets_read_range',
  connector: 'google-sheets',
  title: 'Read a range of a Google Sheet',
  description: 'Reads the values of a range (rows of cells).',
  llmHint:
    "Use to read data from the seller's Google Sheet. Needs an A1 range such as 'Sales'!A1:F100; the spreadsheet id defaults to the connection's.",
  input,
  output,
  effect: 'read',
  idempotent: true,
  run: async (ctx, args) => {
    const sheets = sheetsClient(ctx);
    const id = sheets.spreadsheetId(args.spreadsheetId, 'google_sheets_read_range');
    const result = await readValues(sheets, id, args.range, args.render);
    return { range: result.range, values: result.values };
  },
});
