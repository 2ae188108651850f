import { VendorError } from '../errors.ts';
import { defineConnector } from '../kit.ts';
import {
  type GoogleSheetsCredentials,
  googleServiceAccountKey,
  googleSheetsSettings,
  readSpreadsheet,
  sheetsClient,
} from './google-sheets-client.ts';

/**
 * The Google Sheets connector: a service account's JSON key, tokens from the JWT-bearer flow, and actions on
 * spreadsheets shared with the account's e-mail. The connection test opens the default spreadsheet when the
 * connection names one (proving the key and the sharing), else only asks for a token (proving the key).
 *
 * @example
 * import { googleSheetsConnector } from './google-sheets-connector.ts';
 * const result = await googleSheetsConnector.test(ctx);
 */
export const googleSheetsConnector = defineConnector<GoogleSheetsCredentials>({
  id: 'google-sheets',
  title: 'Google Sheets',
  description:
    'Google Sheets through a service account key: read, write and append rows, create tabs. Share each spreadsheet with the account e-mail.',
  credentials: googleServiceAccountKey,
  settings: googleSheetsSettings,
  test: async (ctx) => {
    const sheets = sheetsClient(ctx);
    const account = sheets.clientEmail;
    const spreadsheetId = ctx.connection.settings['spreadsheetId'];
    try {
      if (typeof spreadsheetId !== 'string') {
        await sheets.token();
        return {
          ok: true,
          message: `service account ${account} got an access token; share each spreadsheet with this e-mail (Editor)`,
        };
      }
      const { title, tabs } = await readSpreadsheet(sheets, spreadsheetId);
      return {
        ok: true,
        message: `service account ${account} can open "${title ?? spreadsheetId}" (${tabs.length} tab${tabs.length === 1 ? '' : 's'})`,
      };
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      if (error.code === 'invalid_grant' || error.code === 'invalid_client') {
        return {
          ok: false,
          message: `Google refused the service account key (${error.code}): create a new JSON key for ${account} and paste the whole file`,
        };
      }
      if (error.status === 403 || error.status === 404) {
        return {
          ok: false,
          message: `the service account cannot open spreadsheet ${String(spreadsheetId)} (${error.status}): share it with ${account} as Editor`,
        };
      }
      return { ok: false, message: `Google could not be reached: ${error.message}` };
    }
  },
});
