import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  type GoogleSheetsCredentials,
  sheetsClient,
  spreadsheetIdInput,
  valuesPath,
} from './google-sheets-client.ts';

const input = z.strictObject({
  spreadsheetId: spreadsheetIdInput.optional(),
  /** A1 range to empty, e.g. `'Subscribers'!A2:Z` or `Subscribers` for the whole tab. */
  range: z.string().trim().min(1).max(500),
});

const output = z.strictObject({
  /** The range Sheets cleared, in A1 notation (bounded to the grid). */
  clearedRange: z.string(),
});

const clearAnswer = z.looseObject({ clearedRange: z.string() });

/**
 * Empties the values of a range, keeping its formatting (`POST /v4/spreadsheets/{id}/values/{range}:clear`:
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/clear). Clearing what is already
 * empty changes nothing, so it is retried freely.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { googleSheetsClearRange } from './clear-range.ts';
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * await invokeAction(googleSheetsClearRange, { range: "'Subscribers'!A2:Z" }, { connector: googleSheetsConnector, connection });
 */
export const googleSheetsClearRange = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  GoogleSheetsCredentials
>({
  id: 'google_sheets_clear_range',
  connector: 'google-sheets',
  title: 'Clear a range of a Google Sheet',
  description: 'Empties the cells of a range (values only; formatting stays).',
  llmHint:
    "Use to empty part of the seller's Google Sheet before rewriting it (e.g. a list rebuilt every day). Needs an A1 range; the spreadsheet id defaults to the connection's.",
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const sheets = sheetsClient(ctx);
    const id = sheets.spreadsheetId(args.spreadsheetId, 'google_sheets_clear_range');
    const response = await sheets.send({
      method: 'POST',
      path: valuesPath(id, args.range, ':clear'),
      body: {},
      idempotent: true,
      operation: 'values.clear',
    });
    return { clearedRange: sheets.http.parse(clearAnswer, response).clearedRange };
  },
});
