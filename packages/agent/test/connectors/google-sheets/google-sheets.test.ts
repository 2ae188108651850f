import { generateKeyPairSync, verify } from 'node:crypto';
import { createGoogleFake, type GoogleFake, type RunningFake, serveFake } from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ActionInputError,
  CredentialsError,
  VendorError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import {
  type GoogleSheetsCredentials,
  googleSheetsActions,
  googleSheetsAppendRows,
  googleSheetsAppendUnique,
  googleSheetsConnector,
  googleSheetsEnsureTab,
  googleSheetsReadRange,
  googleSheetsUpdateRange,
  ServiceAccountTokenCache,
} from '../../../src/connectors/google-sheets/index.ts';
import { signServiceAccountJwt } from '../../../src/connectors/google-sheets/service-account-token.ts';
import { type InvokeOptions, invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import { capturingLogger, errorText, recordingHttp, thrown } from '../kit/support.ts';

const CLIENT_EMAIL = 'hotpilot@acme-project.iam.gserviceaccount.com';
const SHEET = 'finance-2026';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const OTHER_KEY = other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let fake: GoogleFake;
let server: RunningFake;
let cache: ServiceAccountTokenCache;
// One clock for the fake and the connector, so token expiry can be stepped through.
let clock = Date.now();

beforeAll(async () => {
  fake = createGoogleFake({
    now: () => new Date(clock),
    serviceAccounts: [{ clientEmail: CLIENT_EMAIL, publicKey, keyId: 'key-1' }],
    spreadsheets: [
      {
        spreadsheetId: SHEET,
        title: 'Finance',
        sheets: [
          {
            title: 'Sales',
            rows: [
              ['date', 'transaction', 'amount'],
              ['2026-01-01', 'HP0001', 97],
            ],
          },
          { title: 'MRR' },
        ],
      },
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
  clock = Date.now();
});

function key(overrides: Record<string, unknown> = {}) {
  return {
    type: 'service_account',
    project_id: 'acme-project',
    private_key_id: 'key-1',
    private_key: PRIVATE_KEY,
    client_email: CLIENT_EMAIL,
    client_id: '1234567890',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: `${server.url}/token`,
    ...overrides,
  };
}

function connection(credentials: Record<string, unknown> = key(), settings: Record<string, unknown> = {}) {
  return {
    id: 'sheets',
    kind: 'google-sheets',
    credentials,
    settings: { baseUrl: server.url, spreadsheetId: SHEET, ...settings },
  };
}

function call<I, O>(
  action: Parameters<typeof invokeAction<I, O, GoogleSheetsCredentials>>[0],
  input: unknown,
  extra: Partial<InvokeOptions<GoogleSheetsCredentials>> = {},
) {
  return invokeAction(action, input, {
    connector: googleSheetsConnector,
    connection: connection(),
    now: () => clock,
    services: { vendorHttp: recordingHttp({ timeoutMs: 1_000 }).tuning, googleTokenCache: cache },
    ...extra,
  });
}

const rows = (title: string) => fake.state.spreadsheet(SHEET)?.sheetRows(title);
const tokenRequests = () => fake.requests().filter((r) => r.path === '/token');

describe('google sheets connector', () => {
  it('lists its actions', () => {
    expect(googleSheetsActions.map((a) => a.id)).toEqual([
      'google_sheets_append_rows',
      'google_sheets_append_unique',
      'google_sheets_update_range',
      'google_sheets_read_range',
      'google_sheets_ensure_tab',
      'google_sheets_clear_range',
    ]);
  });

  it('signs an RS256 JWT with the claims of the service-account flow', () => {
    const jwt = signServiceAccountJwt({
      clientEmail: CLIENT_EMAIL,
      privateKey: PRIVATE_KEY.replaceAll('\n', '\\n'),
      privateKeyId: 'key-1',
      scope: 'https://www.googleapis.com/auth/spreadsheets',
      audience: 'https://oauth2.googleapis.com/token',
      issuedAtSeconds: 1_767_225_600,
    });
    const [header, claims, signature] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: 'key-1',
    });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: CLIENT_EMAIL,
      scope: 'https://www.googleapis.com/auth/spreadsheets',
      aud: 'https://oauth2.googleapis.com/token',
      iat: 1_767_225_600,
      exp: 1_767_229_200,
    });
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${claims}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });

  it('passes its connection test by opening the default spreadsheet, or by getting a token', async () => {
    const options = { now: () => clock, services: { googleTokenCache: cache } };
    expect(await testConnection(googleSheetsConnector, connection(), options)).toEqual({
      ok: true,
      message: `service account ${CLIENT_EMAIL} can open "Finance" (2 tabs)`,
    });
    const tokenOnly = await testConnection(
      googleSheetsConnector,
      connection(key(), { spreadsheetId: undefined }),
      {
        ...options,
        services: { googleTokenCache: new ServiceAccountTokenCache() },
      },
    );
    expect(tokenOnly.ok).toBe(true);
    expect(tokenOnly.message).toContain(`service account ${CLIENT_EMAIL} got an access token`);

    const unshared = await testConnection(
      googleSheetsConnector,
      connection(key(), { spreadsheetId: 'not-shared' }),
      options,
    );
    expect(unshared.ok).toBe(false);
    expect(unshared.message).toContain(`share it with ${CLIENT_EMAIL}`);
  });

  it('fails the connection test clearly with a key Google does not know, without printing it', async () => {
    const result = await testConnection(
      googleSheetsConnector,
      connection(key({ private_key: OTHER_KEY, private_key_id: undefined })),
      { now: () => clock, services: { googleTokenCache: cache } },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toContain('invalid_grant');
    expect(result.message).not.toContain('PRIVATE KEY');
  });

  it('names a missing or broken field of the key file, never its value', async () => {
    const { private_key: _omit, ...noKey } = key();
    const missing = await thrown(() =>
      call(googleSheetsReadRange, { range: 'Sales' }, { connection: connection(noKey) }),
    );
    expect(missing).toBeInstanceOf(CredentialsError);
    expect(missing['fields']).toEqual(['credentials.private_key']);

    const broken = await thrown(() =>
      call(
        googleSheetsReadRange,
        { range: 'Sales' },
        { connection: connection(key({ private_key: 'MIIEvgIBADANBgkq-secret', client_email: 'nope' })) },
      ),
    );
    expect(broken).toBeInstanceOf(CredentialsError);
    expect(broken['fields']).toEqual(['credentials.client_email', 'credentials.private_key']);
    expect(errorText(broken)).not.toContain('MIIEvgIBADANBgkq-secret');
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('google sheets access tokens', () => {
  it('gets one token for concurrent calls and reuses it until shortly before it expires', async () => {
    await Promise.all([
      call(googleSheetsReadRange, { range: 'Sales' }),
      call(googleSheetsReadRange, { range: 'MRR' }),
      call(googleSheetsReadRange, { range: "'Sales'!A1" }),
    ]);
    expect(tokenRequests()).toHaveLength(1);
    const [request] = tokenRequests();
    expect(request?.body).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: '[redacted]',
    });

    clock += 50 * 60_000;
    await call(googleSheetsReadRange, { range: 'Sales' });
    expect(tokenRequests()).toHaveLength(1);
    clock += 6 * 60_000; // 56 minutes after issue: within five minutes of expiry, so a new token is fetched
    await call(googleSheetsReadRange, { range: 'Sales' });
    expect(tokenRequests()).toHaveLength(2);
  });

  it('fetches a new token once when the API refuses the cached one', async () => {
    await call(googleSheetsReadRange, { range: 'Sales' });
    fake.reset(); // the fake forgets the tokens it issued, as if revoked
    const result = await call(googleSheetsReadRange, { range: 'Sales' });
    expect(result.values[0]).toEqual(['date', 'transaction', 'amount']);
    expect(tokenRequests()).toHaveLength(1);
    expect(
      fake
        .requests()
        .filter((r) => r.path.includes('/values/'))
        .map((r) => r.status),
    ).toEqual([401, 200]);
  });

  it('retries a failing token endpoint and then the API', async () => {
    fake.faults.add({ route: 'POST /token', kind: 'server-error', status: 500, times: 1 });
    fake.faults.add({ route: 'GET /v4/**', kind: 'rate-limit', retryAfterSeconds: 4, times: 1 });
    const { waits, tuning } = recordingHttp();
    const result = await call(
      googleSheetsReadRange,
      { range: 'Sales' },
      { services: { vendorHttp: tuning, googleTokenCache: cache } },
    );
    expect(result.values).toHaveLength(2);
    expect(waits).toEqual([188, 4_000]);
    expect(tokenRequests().map((r) => r.status)).toEqual([500, 200]);
  });
});

describe('google sheets values', () => {
  it('reads a range, formatted or raw', async () => {
    expect(await call(googleSheetsReadRange, { range: "'Sales'!A1:C2" })).toEqual({
      range: 'Sales!A1:C2',
      values: [
        ['date', 'transaction', 'amount'],
        ['2026-01-01', 'HP0001', '97'],
      ],
    });
    const raw = await call(googleSheetsReadRange, { range: "'Sales'!C2", render: 'UNFORMATTED_VALUE' });
    expect(raw.values).toEqual([[97]]);
    expect(await call(googleSheetsReadRange, { range: "'MRR'!A1:B2" })).toEqual({
      range: 'MRR!A1:B2',
      values: [],
    });
  });

  it('updates a range, idempotently', async () => {
    const input = {
      range: "'MRR'!A1",
      values: [
        ['month', 'mrr'],
        ['2026-01', 12345.5],
      ],
    };
    const result = await call(googleSheetsUpdateRange, input);
    expect(result).toEqual({ updatedRange: 'MRR!A1:B2', updatedRows: 2, updatedColumns: 2, updatedCells: 4 });
    await call(googleSheetsUpdateRange, input);
    expect(rows('MRR')).toEqual([
      ['month', 'mrr'],
      ['2026-01', 12345.5],
    ]);
    const request = fake.requests().find((r) => r.method === 'PUT');
    expect(request?.query).toEqual({ valueInputOption: 'USER_ENTERED' });
  });

  it('appends rows after the table', async () => {
    const result = await call(googleSheetsAppendRows, {
      range: 'Sales',
      rows: [['2026-01-02', 'HP0002', 197]],
      valueInputOption: 'RAW',
    });
    expect(result).toEqual({ updatedRange: 'Sales!A3:C3', updatedRows: 1 });
    expect(rows('Sales')?.at(-1)).toEqual(['2026-01-02', 'HP0002', 197]);
    const request = fake.requests().find((r) => r.method === 'POST' && r.path.endsWith(':append'));
    expect(request?.query).toEqual({ valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS' });
  });

  it('uses the spreadsheet given in the input over the default, and asks for one when neither exists', async () => {
    fake.state.createSpreadsheet({
      spreadsheetId: 'other-book',
      sheets: [{ title: 'Sheet1', rows: [['x']] }],
    });
    expect(
      (await call(googleSheetsReadRange, { spreadsheetId: 'other-book', range: 'Sheet1' })).values,
    ).toEqual([['x']]);
    const error = await thrown(() =>
      call(
        googleSheetsReadRange,
        { range: 'Sheet1' },
        { connection: connection(key(), { spreadsheetId: undefined }) },
      ),
    );
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toBe(
      'invalid input for google_sheets_read_range: input.spreadsheetId: required: the connection has no default spreadsheetId',
    );
  });

  it('surfaces a bad range as VendorRequestError with Google’s status, without retrying', async () => {
    const error = await thrown(() => call(googleSheetsReadRange, { range: "'Nope'!A1" }));
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ vendor: 'google-sheets', status: 400, code: 'INVALID_ARGUMENT' });
    expect(fake.requests().filter((r) => r.path.includes('/values/'))).toHaveLength(1);
  });
});

describe('google_sheets_append_unique', () => {
  it('appends only rows whose key is new, once even when called again', async () => {
    const input = {
      sheet: 'Sales',
      keyColumn: 'b',
      rows: [
        ['2026-01-01', 'HP0001', 97],
        ['2026-01-02', 'HP0002', 197],
        ['2026-01-02', 'HP0002', 197],
        ['2026-01-03', 'HP0003', 297],
      ],
    };
    const first = await call(googleSheetsAppendUnique, input);
    expect(first).toEqual({ appended: 2, skippedKeys: ['HP0001', 'HP0002'], updatedRange: 'Sales!A3:C4' });
    const again = await call(googleSheetsAppendUnique, input);
    expect(again).toEqual({
      appended: 0,
      skippedKeys: ['HP0001', 'HP0002', 'HP0002', 'HP0003'],
      updatedRange: null,
    });
    expect(rows('Sales')?.map((r) => r[1])).toEqual(['transaction', 'HP0001', 'HP0002', 'HP0003']);
    const read = fake.requests().find((r) => r.method === 'GET' && r.path.includes('/values/'));
    expect(decodeURIComponent(read?.path ?? '')).toContain("/values/'Sales'!B:B");
  });

  it('does not append twice when the first append stored the rows but its answer was lost', async () => {
    fake.faults.add({
      route: 'POST /v4/spreadsheets/*/values/*',
      kind: 'hang',
      afterHandler: true,
      times: 1,
    });
    const input = { sheet: 'Sales', keyColumn: 'B', rows: [['2026-01-05', 'HP0005', 50]] };
    const lost = await thrown(() =>
      call(googleSheetsAppendUnique, input, {
        services: { vendorHttp: recordingHttp({ timeoutMs: 300 }).tuning, googleTokenCache: cache },
      }),
    );
    expect(lost).toBeInstanceOf(VendorError);
    expect(lost).toMatchObject({ code: 'TIMEOUT', retryable: true });
    await vi.waitFor(() =>
      expect(
        fake
          .requests()
          .filter((r) => r.path.endsWith(':append'))
          .map((r) => r.status),
      ).toEqual([0]),
    );

    const retried = await call(googleSheetsAppendUnique, input);
    expect(retried).toEqual({ appended: 0, skippedKeys: ['HP0005'], updatedRange: null });
    expect(rows('Sales')?.filter((r) => r[1] === 'HP0005')).toHaveLength(1);
  });

  it('refuses rows without a key, naming the row', async () => {
    const error = await thrown(() =>
      call(googleSheetsAppendUnique, {
        sheet: 'Sales',
        keyColumn: 'C',
        rows: [
          ['a', 'b', 1],
          ['a', 'b'],
        ],
      }),
    );
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toContain('input.rows[1]: has no key in column C');
    const column = await thrown(() =>
      call(googleSheetsAppendUnique, { sheet: 'Sales', keyColumn: 'B2', rows: [['a']] }),
    );
    expect(column.message).toContain('input.keyColumn: must be a column letter');
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('google_sheets_ensure_tab', () => {
  it('creates a missing tab with its header row, and returns an existing one as it is', async () => {
    const created = await call(googleSheetsEnsureTab, { title: 'Refunds', headers: ['date', 'transaction'] });
    expect(created).toEqual({ sheetId: expect.any(Number), title: 'Refunds', created: true });
    expect(rows('Refunds')).toEqual([['date', 'transaction']]);
    const batch = fake.requests().find((r) => r.path.endsWith(':batchUpdate'));
    expect(batch?.body).toEqual({ requests: [{ addSheet: { properties: { title: 'Refunds' } } }] });

    const again = await call(googleSheetsEnsureTab, { title: 'refunds', headers: ['other'] });
    expect(again).toEqual({ sheetId: created.sheetId, title: 'Refunds', created: false });
    expect(rows('Refunds')).toEqual([['date', 'transaction']]);
    expect(fake.requests().filter((r) => r.path.endsWith(':batchUpdate'))).toHaveLength(1);
  });

  it('treats a tab another call just added as existing, and gives it its missing header row', async () => {
    fake.faults.add({ route: 'POST /v4/spreadsheets/*', kind: 'hang', afterHandler: true, times: 1 });
    const { tuning } = recordingHttp({ timeoutMs: 300 });
    // The first addSheet is stored but its answer is lost; the core resends it and Sheets refuses the duplicate.
    const result = await call(
      googleSheetsEnsureTab,
      { title: 'Leads', headers: ['email'] },
      {
        services: { vendorHttp: tuning, googleTokenCache: cache },
      },
    );
    expect(result).toMatchObject({ title: 'Leads', created: false });
    expect(rows('Leads')).toEqual([['email']]);
    await vi.waitFor(() =>
      expect(
        fake
          .requests()
          .filter((r) => r.path.endsWith(':batchUpdate'))
          .map((r) => r.status)
          .sort(),
      ).toEqual([0, 400]),
    );
  });

  it('refuses a title Sheets would refuse', async () => {
    const error = await thrown(() => call(googleSheetsEnsureTab, { title: 'a/b' }));
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toContain('input.title');
  });
});

describe('google sheets secrets', () => {
  it('keeps the private key and the access token out of errors and logs', async () => {
    const captured = capturingLogger();
    await call(googleSheetsReadRange, { range: 'Sales' }, { logger: captured.logger });
    fake.faults.add({ route: 'GET /v4/**', kind: 'server-error', status: 500 });
    const error = await thrown(() =>
      call(googleSheetsReadRange, { range: 'Sales' }, { logger: captured.logger }),
    );
    expect(error).toBeInstanceOf(VendorError);
    const keyBody = PRIVATE_KEY.split('\n')[1] as string;
    for (const text of [errorText(error), captured.text()]) {
      expect(text).not.toContain(keyBody);
      expect(text).not.toContain('ya29.');
    }
  });
});
