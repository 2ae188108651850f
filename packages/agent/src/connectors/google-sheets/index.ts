import type { AnyAction } from '../kit.ts';
import { googleSheetsAppendRows } from './append-rows.ts';
import { googleSheetsAppendUnique } from './append-unique.ts';
import { googleSheetsClearRange } from './clear-range.ts';
import { googleSheetsEnsureTab } from './ensure-tab.ts';
import { googleSheetsReadRange } from './read-range.ts';
import { googleSheetsUpdateRange } from './update-range.ts';

export type { GoogleSheetsCredentials } from './google-sheets-client.ts';
export { googleSheetsConnector } from './google-sheets-connector.ts';
export { ServiceAccountTokenCache } from './service-account-token.ts';
export {
  googleSheetsAppendRows,
  googleSheetsAppendUnique,
  googleSheetsClearRange,
  googleSheetsEnsureTab,
  googleSheetsReadRange,
  googleSheetsUpdateRange,
};

/**
 * Every Google Sheets action, for the registry.
 *
 * @example
 * import { googleSheetsActions } from './index.ts';
 * googleSheetsActions.map((action) => action.id); // ['google_sheets_append_rows', …]
 */
export const googleSheetsActions: readonly AnyAction[] = [
  googleSheetsAppendRows,
  googleSheetsAppendUnique,
  googleSheetsUpdateRange,
  googleSheetsReadRange,
  googleSheetsEnsureTab,
  googleSheetsClearRange,
];
