import { z } from 'zod';
import { VendorRequestError } from '../errors.ts';
import { defineAction } from '../kit.ts';
import {
  type GoogleSheetsCredentials,
  quoteSheet,
  readSpreadsheet,
  readValues,
  type SheetsClient,
  sheetsClient,
  spreadsheetIdInput,
  valuesPath,
} from './google-sheets-client.ts';

const input = z.strictObject({
  spreadsheetId: spreadsheetIdInput.optional(),
  /** The tab's title (Sheets refuses `[ ] * ? / \ :` in titles and more than 100 characters). */
  title: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^[\]*?/\\:]+$/, 'must not contain [ ] * ? / \\ or :'),
  /** A header row written to row 1 when the tab is created. */
  headers: z.array(z.string().max(1_000)).min(1).max(1_000).optional(),
});

const output = z.strictObject({
  sheetId: z.int(),
  title: z.string(),
  created: z.boolean(),
});

const batchAnswer = z.looseObject({
  replies: z.array(
    z.looseObject({
      addSheet: z
        .looseObject({ properties: z.looseObject({ sheetId: z.number(), title: z.string() }) })
        .optional(),
    }),
  ),
});

/**
 * Makes sure a tab exists: reads the spreadsheet's tabs and, when the title is missing, adds it with
 * `batchUpdate` `addSheet` (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#addsheetrequest)
 * and writes the header row. Idempotent: an existing tab is returned as it is (given its header row if row 1 is
 * still empty, which covers a creator that died in between). When two calls race, Sheets refuses
 * the second `addSheet` (400, a tab of that name exists); the action then reads the tabs again and returns the one
 * the other call made.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { googleSheetsEnsureTab } from './ensure-tab.ts';
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * const tab = await invokeAction(googleSheetsEnsureTab, { title: 'Sales 2026', headers: ['date', 'transaction', 'amount'] }, {
 *   connector: googleSheetsConnector, connection,
 * });
 */
export const googleSheetsEnsureTab = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  GoogleSheetsCredentials
>({
  id: 'google_sheets_ensure_tab',
  connector: 'google-sheets',
  title: 'Make sure a Google Sheet tab exists',
  description: 'Creates a tab (with an optional header row) when the spreadsheet does not have it yet.',
  llmHint:
    'Use before writing to a tab that may not exist yet (e.g. one tab per year). Needs the tab title; returns its sheetId and whether it was created.',
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const sheets = sheetsClient(ctx);
    const id = sheets.spreadsheetId(args.spreadsheetId, 'google_sheets_ensure_tab');
    const existing = await findTab(sheets, id, args.title);
    if (existing) {
      // A tab left without its header row (its creator's answer was lost, or it crashed in between) gets it now.
      if (args.headers) await writeHeaders(sheets, id, existing.title, args.headers, { onlyIfEmpty: true });
      return { ...existing, created: false };
    }

    let added: { sheetId: number; title: string } | undefined;
    try {
      const response = await sheets.send({
        method: 'POST',
        path: `/v4/spreadsheets/${encodeURIComponent(id)}:batchUpdate`,
        body: { requests: [{ addSheet: { properties: { title: args.title } } }] },
        // Adding a tab twice is refused, not duplicated: safe for the core to resend.
        idempotent: true,
        operation: 'spreadsheets.batchUpdate',
      });
      added = sheets.http.parse(batchAnswer, response).replies[0]?.addSheet?.properties;
    } catch (error) {
      if (!(error instanceof VendorRequestError && error.status === 400)) throw error;
      const raced = await findTab(sheets, id, args.title);
      if (!raced) throw error;
      if (args.headers) await writeHeaders(sheets, id, raced.title, args.headers, { onlyIfEmpty: true });
      return { ...raced, created: false };
    }
    if (!added) throw new Error('Sheets answered addSheet without the new sheet');
    if (args.headers) await writeHeaders(sheets, id, added.title, args.headers, { onlyIfEmpty: false });
    return { sheetId: added.sheetId, title: added.title, created: true };
  },
});

async function writeHeaders(
  sheets: SheetsClient,
  spreadsheetId: string,
  title: string,
  headers: readonly string[],
  options: { onlyIfEmpty: boolean },
): Promise<void> {
  const range = `${quoteSheet(title)}!1:1`;
  if (options.onlyIfEmpty) {
    const { values } = await readValues(sheets, spreadsheetId, range);
    if (values.some((row) => row.length > 0)) return;
  }
  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/update — setting values is
  // idempotent.
  await sheets.send({
    method: 'PUT',
    path: valuesPath(spreadsheetId, range),
    query: { valueInputOption: 'RAW' },
    body: { range, majorDimension: 'ROWS', values: [headers] },
    idempotent: true,
    operation: 'values.update',
  });
}

async function findTab(
  sheets: SheetsClient,
  spreadsheetId: string,
  title: string,
): Promise<{ sheetId: number; title: string } | undefined> {
  const { tabs } = await readSpreadsheet(sheets, spreadsheetId);
  // Sheets compares tab titles without regard to case when it refuses duplicates.
  return tabs.find((tab) => tab.title.toLowerCase() === title.toLowerCase());
}
