import { z } from 'zod';
import { ActionInputError } from '../errors.ts';
import {
  type VendorHttp,
  type VendorHttpRequest,
  type VendorHttpResponse,
  vendorHttpFor,
  vendorUrl,
} from '../http.ts';
import type { ConnectionTestContext } from '../kit.ts';
import {
  defaultServiceAccountTokenCache,
  GOOGLE_TOKEN_URL,
  isRsaPrivateKey,
  normalizePrivateKey,
  ServiceAccountTokenCache,
  SHEETS_SCOPE,
  serviceAccountAuth,
} from './service-account-token.ts';

/**
 * The Sheets API host (https://developers.google.com/sheets/api/reference/rest).
 *
 * @example
 * import { SHEETS_BASE_URL } from './google-sheets-client.ts';
 * `${SHEETS_BASE_URL}/v4/spreadsheets/abc`;
 */
export const SHEETS_BASE_URL = 'https://sheets.googleapis.com';

/**
 * Credentials of a Google Sheets connection: the service account's JSON key file as Google Cloud downloads it.
 * Only the fields the token flow uses are checked (a missing one is named); the file's other fields
 * (`project_id`, `client_id`, `auth_uri`, …) are accepted so the seller can paste the whole file.
 *
 * @example
 * import { googleServiceAccountKey } from './google-sheets-client.ts';
 * googleServiceAccountKey.parse(JSON.parse(keyFileText));
 */
export const googleServiceAccountKey = z.looseObject({
  type: z.literal('service_account', 'must be "service_account" (a service account key file)').optional(),
  client_email: z.email(),
  private_key: z
    .string()
    .refine(
      isRsaPrivateKey,
      'must be the PEM RSA private key of the JSON key file (-----BEGIN PRIVATE KEY-----…)',
    ),
  private_key_id: z.string().min(1).optional(),
  token_uri: z.url().optional(),
});

/**
 * Parsed Google service-account credentials.
 *
 * @example
 * import type { GoogleSheetsCredentials } from './google-sheets-client.ts';
 * const email = (credentials: GoogleSheetsCredentials) => credentials.client_email;
 */
export type GoogleSheetsCredentials = z.infer<typeof googleServiceAccountKey>;

/**
 * Settings of a Google Sheets connection: API and token URL overrides, and a default spreadsheet for actions (and
 * the connection test) that are not given one.
 *
 * @example
 * import { googleSheetsSettings } from './google-sheets-client.ts';
 * googleSheetsSettings.parse({ spreadsheetId: '1AbC…' });
 */
export const googleSheetsSettings = z.strictObject({
  baseUrl: z.url().optional(),
  /** Default: the key file's `token_uri`, else `https://oauth2.googleapis.com/token`. */
  tokenUrl: z.url().optional(),
  spreadsheetId: z.string().trim().min(1).optional(),
});

/**
 * A spreadsheet id as actions take it (the part of the URL between `/d/` and `/edit`).
 *
 * @example
 * import { spreadsheetIdInput } from './google-sheets-client.ts';
 * spreadsheetIdInput.parse('1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms');
 */
export const spreadsheetIdInput = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a spreadsheet id (from the URL: /spreadsheets/d/<id>/edit)');

/**
 * A cell as actions write it: text, a number, a boolean, or null to leave the cell as it is (update) or empty
 * (append).
 *
 * @example
 * import { cellInput } from './google-sheets-client.ts';
 * cellInput.parse(19.9);
 */
export const cellInput = z.union([z.string().max(50_000), z.number(), z.boolean(), z.null()]);

/**
 * How Sheets reads written values: `USER_ENTERED` parses them as if typed (numbers, dates, formulas), `RAW` stores
 * text as text (https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption).
 *
 * @example
 * import { valueInputOption } from './google-sheets-client.ts';
 * valueInputOption.parse(undefined); // 'USER_ENTERED'
 */
export const valueInputOption = z.enum(['RAW', 'USER_ENTERED']).default('USER_ENTERED');

/**
 * A tab title inside A1 notation, quoted as Sheets wants it: `'Vendas 2026'`, with apostrophes doubled.
 *
 * @example
 * import { quoteSheet } from './google-sheets-client.ts';
 * quoteSheet("Bob's tab"); // "'Bob''s tab'"
 */
export function quoteSheet(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

/**
 * The Sheets API as one connection sees it, with access tokens from the service-account flow.
 *
 * @example
 * import { sheetsClient } from './google-sheets-client.ts';
 * const sheets = sheetsClient(ctx);
 * await sheets.send({ method: 'GET', path: `/v4/spreadsheets/${id}`, idempotent: true });
 */
export interface SheetsClient {
  readonly http: VendorHttp;
  readonly clientEmail: string;
  /** Fetches (or reuses) the access token without calling the Sheets API. */
  token(): Promise<string>;
  send(request: {
    method: VendorHttpRequest['method'];
    path: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    idempotent: boolean;
    operation?: string;
  }): Promise<VendorHttpResponse>;
  /** The spreadsheet to use: the action's, else the connection's default; an `ActionInputError` when neither. */
  spreadsheetId(given: string | undefined, actionId: string): string;
}

/**
 * Creates the client for one call of an action or connection test. The token cache is
 * `services.googleTokenCache` when given, else the process-wide one.
 *
 * @example
 * import { sheetsClient } from './google-sheets-client.ts';
 * const sheets = sheetsClient(ctx);
 * const id = sheets.spreadsheetId(undefined, 'google_sheets_read_range'); // the connection's default spreadsheet
 */
export function sheetsClient(ctx: ConnectionTestContext<GoogleSheetsCredentials>): SheetsClient {
  const credentials = ctx.connection.credentials;
  const settings = ctx.connection.settings;
  const base = typeof settings['baseUrl'] === 'string' ? settings['baseUrl'] : SHEETS_BASE_URL;
  const tokenUrl =
    typeof settings['tokenUrl'] === 'string'
      ? settings['tokenUrl']
      : (credentials.token_uri ?? GOOGLE_TOKEN_URL);
  const cache =
    ctx.services['googleTokenCache'] instanceof ServiceAccountTokenCache
      ? ctx.services['googleTokenCache']
      : defaultServiceAccountTokenCache;
  const http = vendorHttpFor(ctx, {
    vendor: 'google-sheets',
    redact: [credentials.private_key, normalizePrivateKey(credentials.private_key)],
  });
  const auth = serviceAccountAuth({
    http,
    now: ctx.now,
    cache,
    tokenUrl,
    clientEmail: credentials.client_email,
    privateKey: credentials.private_key,
    privateKeyId: credentials.private_key_id,
    scope: SHEETS_SCOPE,
  });
  return {
    http,
    clientEmail: credentials.client_email,
    token: () => auth.getToken(ctx.signal),
    send: (request) =>
      http.request({
        method: request.method,
        url: vendorUrl(base, request.path, request.query),
        body: request.body,
        idempotent: request.idempotent,
        signal: ctx.signal,
        auth,
        ...(request.operation ? { operation: request.operation } : {}),
      }),
    spreadsheetId: (given, actionId) => {
      const id =
        given ?? (typeof settings['spreadsheetId'] === 'string' ? settings['spreadsheetId'] : undefined);
      if (id !== undefined) return id;
      throw new ActionInputError(
        actionId,
        new z.ZodError([
          {
            code: 'custom',
            path: ['spreadsheetId'],
            message: 'required: the connection has no default spreadsheetId',
            input: undefined,
          },
        ]),
      );
    },
  };
}

/**
 * The `/v4/spreadsheets/{id}/values/{range}` path, the range URL-encoded (A1 ranges hold `!`, `'` and spaces).
 *
 * @example
 * import { valuesPath } from './google-sheets-client.ts';
 * valuesPath('abc', "'Sales'!A1"); // "/v4/spreadsheets/abc/values/'Sales'!A1" encoded
 */
export function valuesPath(spreadsheetId: string, range: string, suffix = ''): string {
  return `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}${suffix}`;
}

/**
 * A range of values as `spreadsheets.values.get` answers it; `values` is absent when the range is empty
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values#ValueRange).
 *
 * @example
 * import { valueRange } from './google-sheets-client.ts';
 * valueRange.parse({ range: 'Sheet1!A1:B2', majorDimension: 'ROWS' }).values; // []
 */
export const valueRange = z.looseObject({
  range: z.string(),
  majorDimension: z.string().optional(),
  values: z.array(z.array(z.union([z.string(), z.number(), z.boolean()]))).default([]),
});

/**
 * Reads a range (`GET /v4/spreadsheets/{id}/values/{range}`:
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/get). A read: retried freely.
 *
 * @example
 * import { readValues, sheetsClient } from './google-sheets-client.ts';
 * const { values } = await readValues(sheetsClient(ctx), id, "'Sales'!A:A", 'UNFORMATTED_VALUE');
 */
export async function readValues(
  sheets: SheetsClient,
  spreadsheetId: string,
  range: string,
  render: 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA' = 'FORMATTED_VALUE',
  majorDimension: 'ROWS' | 'COLUMNS' = 'ROWS',
): Promise<z.infer<typeof valueRange>> {
  const response = await sheets.send({
    method: 'GET',
    path: valuesPath(spreadsheetId, range),
    query: { valueRenderOption: render, majorDimension },
    idempotent: true,
    operation: 'values.get',
  });
  return sheets.http.parse(valueRange, response);
}

const appendAnswer = z.looseObject({
  updates: z.looseObject({
    updatedRange: z.string(),
    updatedRows: z.number().default(0),
    updatedCells: z.number().default(0),
  }),
});

/**
 * Appends rows after the table found in a range (`POST …/values/{range}:append` with `insertDataOption=INSERT_ROWS`,
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append). Not idempotent: the HTTP
 * core does not resend it after a lost answer.
 *
 * @example
 * import { appendValues, sheetsClient } from './google-sheets-client.ts';
 * await appendValues(sheetsClient(ctx), id, "'Sales'!A1", [['2026-01-02', 'HP1', 197]], 'USER_ENTERED');
 */
export async function appendValues(
  sheets: SheetsClient,
  spreadsheetId: string,
  range: string,
  rows: readonly (readonly (string | number | boolean | null)[])[],
  input: 'RAW' | 'USER_ENTERED',
): Promise<{ updatedRange: string; updatedRows: number; updatedCells: number }> {
  const response = await sheets.send({
    method: 'POST',
    path: valuesPath(spreadsheetId, range, ':append'),
    query: { valueInputOption: input, insertDataOption: 'INSERT_ROWS' },
    body: { range, majorDimension: 'ROWS', values: rows },
    idempotent: false,
    operation: 'values.append',
  });
  return sheets.http.parse(appendAnswer, response).updates;
}

const spreadsheetAnswer = z.looseObject({
  spreadsheetId: z.string(),
  properties: z.looseObject({ title: z.string().optional() }).optional(),
  sheets: z
    .array(z.looseObject({ properties: z.looseObject({ sheetId: z.number(), title: z.string() }) }))
    .default([]),
});

/**
 * A spreadsheet's title and tabs (`GET /v4/spreadsheets/{id}?fields=…`:
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/get), asking only for the fields used.
 *
 * @example
 * import { readSpreadsheet, sheetsClient } from './google-sheets-client.ts';
 * const { title, tabs } = await readSpreadsheet(sheetsClient(ctx), id);
 */
export async function readSpreadsheet(
  sheets: SheetsClient,
  spreadsheetId: string,
): Promise<{ title: string | undefined; tabs: { sheetId: number; title: string }[] }> {
  const response = await sheets.send({
    method: 'GET',
    path: `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}`,
    query: { fields: 'spreadsheetId,properties.title,sheets.properties(sheetId,title)' },
    idempotent: true,
    operation: 'spreadsheets.get',
  });
  const answer = sheets.http.parse(spreadsheetAnswer, response);
  return {
    title: answer.properties?.title,
    tabs: answer.sheets.map((s) => ({ sheetId: s.properties.sheetId, title: s.properties.title })),
  };
}
