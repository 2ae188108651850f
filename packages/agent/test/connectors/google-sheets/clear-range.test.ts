import { generateKeyPairSync } from 'node:crypto';
import { createGoogleFake, type GoogleFake, type RunningFake, serveFake } from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ActionInputError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import {
  type GoogleSheetsCredentials,
  googleSheetsClearRange,
  googleSheetsConnector,
  ServiceAccountTokenCache,
} from '../../../src/connectors/google-sheets/index.ts';
import { type InvokeOptions, invokeAction } from '../../../src/connectors/invoke.ts';
import { recordingHttp, thrown } from '../kit/support.ts';

// Contract test of `google_sheets_clear_range` (spreadsheets.values.clear: `POST
// /v4/spreadsheets/{id}/values/{range}:clear`, an empty request body, answering `{ spreadsheetId, clearedRange }`
// with the range bounded to the grid) over real HTTP against the Google fake.

const CLIENT_EMAIL = 'hotpilot@acme-project.iam.gserviceaccount.com';
const SHEET = 'subscribers-2026';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let fake: GoogleFake;
let server: RunningFake;
let cache: ServiceAccountTokenCache;

beforeAll(async () => {
  fake = createGoogleFake({
    serviceAccounts: [{ clientEmail: CLIENT_EMAIL, publicKey, keyId: 'key-1' }],
    spreadsheets: [
      {
        spreadsheetId: SHEET,
        title: 'Subscribers',
        sheets: [
          {
            title: 'Subscribers',
            rows: [
              ['subscriber', 'email', 'plan'],
              ['SUB1', 'ana@example.com', 'Mensal'],
              ['SUB2', 'bia@example.com', 'Anual'],
            ],
          },
          { title: 'Other', rows: [['keep', 'me']] },
        ],
      },
      { spreadsheetId: 'second-book', title: 'Second', sheets: [{ title: 'Sheet1', rows: [['x', 'y']] }] },
    ],
  });
  server = await serveFake(fake);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
  cache = new ServiceAccountTokenCache();
});

function connection(settings: Record<string, unknown> = { spreadsheetId: SHEET }) {
  return {
    id: 'sheets',
    kind: 'google-sheets',
    credentials: {
      type: 'service_account',
      private_key_id: 'key-1',
      private_key: PRIVATE_KEY,
      client_email: CLIENT_EMAIL,
      token_uri: `${server.url}/token`,
    },
    settings: { baseUrl: server.url, ...settings },
  };
}

function call(
  input: unknown,
  extra: Partial<InvokeOptions<GoogleSheetsCredentials>> & { waits?: number[] } = {},
) {
  const { waits, ...rest } = extra;
  const http = recordingHttp({ timeoutMs: 1_000 });
  if (waits) http.tuning.sleep = async (ms: number) => void waits.push(ms);
  return invokeAction(googleSheetsClearRange, input, {
    connector: googleSheetsConnector,
    connection: connection(),
    services: { vendorHttp: http.tuning, googleTokenCache: cache },
    ...rest,
  });
}

const rows = (title: string, book = SHEET) => fake.state.spreadsheet(book)?.sheetRows(title);
const clears = () => fake.requests().filter((r) => r.path.endsWith(':clear'));

describe('google_sheets_clear_range', () => {
  it('empties an open-ended range below the header with an empty-body POST …:clear, bounded to the grid', async () => {
    const result = await call({ range: "'Subscribers'!A2:Z" });
    const [request, ...more] = clears();
    expect(more).toHaveLength(0);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(
      `/v4/spreadsheets/${SHEET}/values/${encodeURIComponent("'Subscribers'!A2:Z")}:clear`,
    );
    expect(decodeURIComponent(request?.path ?? '')).toBe(
      `/v4/spreadsheets/${SHEET}/values/'Subscribers'!A2:Z:clear`,
    );
    expect(request?.body).toEqual({});
    expect(result.clearedRange).toMatch(/^Subscribers!A2:Z\d+$/);
    expect(rows('Subscribers')?.[0]).toEqual(['subscriber', 'email', 'plan']);
    expect(
      (rows('Subscribers') ?? [])
        .slice(1)
        .flat()
        .filter((cell) => cell !== null && cell !== undefined && cell !== ''),
    ).toEqual([]);
    expect(rows('Other')).toEqual([['keep', 'me']]);

    // Clearing what is already empty changes nothing and answers the same range.
    expect(await call({ range: "'Subscribers'!A2:Z" })).toEqual(result);
  });

  it('clears a whole tab, and a spreadsheet other than the connection’s when one is given', async () => {
    const whole = await call({ range: 'Other' });
    expect(whole.clearedRange).toMatch(/^Other!A1:/);
    expect(
      (rows('Other') ?? []).flat().filter((cell) => cell !== null && cell !== undefined && cell !== ''),
    ).toEqual([]);

    const other = await call({ spreadsheetId: 'second-book', range: 'Sheet1!A1:B1' });
    expect(other).toEqual({ clearedRange: 'Sheet1!A1:B1' });
    expect(clears().at(-1)?.path).toContain('/v4/spreadsheets/second-book/values/');
    expect(rows('Subscribers')?.[1]).toEqual(['SUB1', 'ana@example.com', 'Mensal']);
  });

  it('refuses a missing or empty range, or no spreadsheet at all, naming what is missing', async () => {
    const empty = await thrown(() => call({ range: '  ' }));
    expect(empty).toBeInstanceOf(ActionInputError);
    expect(empty.message).toContain('input.range: Too small');
    const missing = await thrown(() => call({}));
    expect(missing.message).toContain('input.range');
    const extra = await thrown(() => call({ range: 'A1', values: [] }));
    expect(extra.message).toContain('input: Unrecognized key: "values"');
    const nowhere = await thrown(() => call({ range: 'A1' }, { connection: connection({}) }));
    expect(nowhere.message).toContain('spreadsheetId');
    expect(fake.requests().filter((r) => r.path.startsWith('/v4/'))).toHaveLength(0);
  });

  it('maps an unknown spreadsheet (404) and tab (400) to VendorRequestError without retrying', async () => {
    const book = await thrown(() => call({ spreadsheetId: 'no-such-book', range: 'A1:B2' }));
    expect(book).toBeInstanceOf(VendorRequestError);
    expect(book).toMatchObject({ vendor: 'google-sheets', status: 404, retryable: false });
    const tab = await thrown(() => call({ range: "'Missing'!A1:B2" }));
    expect(tab).toBeInstanceOf(VendorRequestError);
    expect(tab).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect(clears().map((r) => r.status)).toEqual([404, 400]);
  });

  it('waits out a 429’s Retry-After, and hands a long one to the engine', async () => {
    fake.faults.add({ route: 'POST /v4/**', kind: 'rate-limit', retryAfterSeconds: 5, times: 1 });
    const waits: number[] = [];
    const result = await call({ range: "'Subscribers'!A2:C3" }, { waits });
    expect(result).toEqual({ clearedRange: 'Subscribers!A2:C3' });
    expect(waits).toEqual([5_000]);
    expect(clears().map((r) => r.status)).toEqual([429, 200]);

    fake.faults.add({ route: 'POST /v4/**', kind: 'rate-limit', retryAfterSeconds: 300, times: 1 });
    const long = await thrown(() => call({ range: "'Subscribers'!A2:C3" }));
    expect(long).toBeInstanceOf(VendorRateLimitError);
    expect(long).toMatchObject({ status: 429, retryAfter: 300_000 });
  });

  it('fails on credentials Google does not accept, with no secret in the error', async () => {
    const error = await thrown(() =>
      call(
        { range: 'A1' },
        {
          connection: {
            ...connection(),
            credentials: {
              ...connection().credentials,
              client_email: 'someone-else@acme.iam.gserviceaccount.com',
            },
          },
        },
      ),
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
    expect(String(error)).not.toContain(PRIVATE_KEY.slice(40, 80));
  });
});
