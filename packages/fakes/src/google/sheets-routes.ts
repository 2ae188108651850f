import { type Context, Hono } from 'hono';
import { GoogleApiError } from './google-error.ts';
import type { GoogleState, IssuedToken } from './google-state.ts';
import type { MajorDimension, Spreadsheet, ValueInputOption, ValueRenderOption } from './spreadsheet.ts';

const SPREADSHEETS = 'https://www.googleapis.com/auth/spreadsheets';
// Scopes the Sheets API accepts (https://developers.google.com/sheets/api/scopes): reads take any of them, writes
// need one without `.readonly`.
const READ_SCOPES = new Set([
  SPREADSHEETS,
  `${SPREADSHEETS}.readonly`,
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/drive.file',
]);
const WRITE_SCOPES = new Set([
  SPREADSHEETS,
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/drive.file',
]);

const AUTH_HELP =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

// Google answers 401s with a Bearer challenge naming its accounts realm.
const CHALLENGE = { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' };

const PREFIX = '/v4/spreadsheets';

/**
 * The Sheets API v4 routes the connectors use, under `/v4/spreadsheets`, each following its reference page at
 * https://developers.google.com/sheets/api/reference/rest:
 * - `POST /v4/spreadsheets` (spreadsheets.create) and `GET /v4/spreadsheets/{id}` (spreadsheets.get);
 * - `POST /v4/spreadsheets/{id}:batchUpdate` (spreadsheets.batchUpdate; `addSheet`, `deleteSheet`);
 * - `GET|PUT /v4/spreadsheets/{id}/values/{range}` (spreadsheets.values.get / .update);
 * - `POST /v4/spreadsheets/{id}/values/{range}:append` (spreadsheets.values.append);
 * - `POST /v4/spreadsheets/{id}/values/{range}:clear` (spreadsheets.values.clear).
 *
 * @example
 * const routes = createSheetsRoutes(state);
 */
export function createSheetsRoutes(state: GoogleState): Hono {
  const app = new Hono();
  const handle = async (c: Context) => {
    try {
      return await dispatch(c, state);
    } catch (error) {
      if (error instanceof GoogleApiError) return error.toResponse();
      throw error;
    }
  };
  app.all(PREFIX, handle);
  app.all(`${PREFIX}/*`, handle);
  return app;
}

async function dispatch(c: Context, state: GoogleState): Promise<Response> {
  const method = c.req.method.toUpperCase();
  const raw = new URL(c.req.url).pathname.slice(PREFIX.length);
  const segments = raw.split('/').slice(1);

  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/create
  if (raw === '' || raw === '/') {
    if (method !== 'POST') throw notFound();
    authorize(c, state, 'write');
    const body = await readJson(c);
    const properties = (body['properties'] ?? {}) as Record<string, unknown>;
    const sheets = Array.isArray(body['sheets'])
      ? (body['sheets'] as { properties?: Record<string, unknown> }[])
      : [];
    const book = state.createSpreadsheet({
      ...(typeof properties['title'] === 'string' ? { title: properties['title'] } : {}),
      sheets: sheets.map((s, i) => ({
        title:
          typeof s.properties?.['title'] === 'string' ? (s.properties['title'] as string) : `Sheet${i + 1}`,
      })),
    });
    return c.json(book.toResource());
  }

  const [first = '', second, third, ...rest] = segments;
  if (rest.length > 0) throw notFound();

  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/batchUpdate
  if (first.endsWith(':batchUpdate') && second === undefined) {
    if (method !== 'POST') throw notFound();
    authorize(c, state, 'write');
    const book = spreadsheet(state, decodeURIComponent(first.slice(0, -':batchUpdate'.length)));
    const body = await readJson(c);
    const requests = body['requests'];
    if (!Array.isArray(requests) || requests.length === 0) {
      throw new GoogleApiError(400, 'Must specify at least one request.');
    }
    const result = book.batchUpdate(requests);
    return c.json(
      body['includeSpreadsheetInResponse'] === true
        ? { ...result, updatedSpreadsheet: book.toResource() }
        : result,
    );
  }

  const book = spreadsheet(state, decodeURIComponent(first), () =>
    authorize(c, state, method === 'GET' ? 'read' : 'write'),
  );

  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/get
  if (second === undefined) {
    if (method !== 'GET') throw notFound();
    return c.json(book.toResource());
  }
  if (second !== 'values' || third === undefined) throw notFound();

  const query = new URL(c.req.url).searchParams;
  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append
  if (third.endsWith(':append')) {
    if (method !== 'POST') throw notFound();
    const range = decodeURIComponent(third.slice(0, -':append'.length));
    const input = valueInputOption(query);
    const insert = enumParam(query, 'insertDataOption', 'insert_data_option', 'InsertDataOption', [
      'OVERWRITE',
      'INSERT_ROWS',
    ]);
    const { values, majorDimension } = await readValueRange(c, range);
    const result = book.append(range, values, input, {
      ...(insert ? { insertDataOption: insert as 'OVERWRITE' | 'INSERT_ROWS' } : {}),
      majorDimension,
    });
    if (query.get('includeValuesInResponse') === 'true') {
      const updatedData = book.get(result.updates.updatedRange, renderOptions(query));
      return c.json({ ...result, updates: { ...result.updates, updatedData } });
    }
    return c.json(result);
  }

  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/clear
  if (third.endsWith(':clear')) {
    if (method !== 'POST') throw notFound();
    return c.json(book.clear(decodeURIComponent(third.slice(0, -':clear'.length))));
  }

  const range = decodeURIComponent(third);
  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/get
  if (method === 'GET') {
    const majorDimension = enumParam(query, 'majorDimension', 'major_dimension', 'Dimension', [
      'ROWS',
      'COLUMNS',
    ]);
    return c.json(
      book.get(range, {
        ...renderOptions(query),
        ...(majorDimension ? { majorDimension: majorDimension as MajorDimension } : {}),
      }),
    );
  }
  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/update
  if (method === 'PUT') {
    const input = valueInputOption(query);
    const { values, majorDimension } = await readValueRange(c, range);
    const result = book.update(range, values, input, majorDimension);
    if (query.get('includeValuesInResponse') === 'true') {
      return c.json({ ...result, updatedData: book.get(result.updatedRange, renderOptions(query)) });
    }
    return c.json(result);
  }
  throw notFound();
}

function authorize(c: Context, state: GoogleState, access: 'read' | 'write'): IssuedToken {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) {
    throw new GoogleApiError(
      401,
      `Request is missing required authentication credential. ${AUTH_HELP}`,
      'CREDENTIALS_MISSING',
      CHALLENGE,
    );
  }
  const token = state.validToken(match[1] as string);
  if (!token) {
    throw new GoogleApiError(
      401,
      `Request had invalid authentication credentials. ${AUTH_HELP}`,
      'ACCESS_TOKEN_EXPIRED',
      { 'www-authenticate': `${CHALLENGE['www-authenticate']}, error="invalid_token"` },
    );
  }
  const allowed = access === 'read' ? READ_SCOPES : WRITE_SCOPES;
  if (!token.scopes.some((s) => allowed.has(s))) {
    throw new GoogleApiError(
      403,
      'Request had insufficient authentication scopes.',
      'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
    );
  }
  return token;
}

function spreadsheet(state: GoogleState, id: string, authorizeFirst?: () => void): Spreadsheet {
  // Authentication comes before the lookup, so an anonymous caller cannot probe which spreadsheets exist.
  authorizeFirst?.();
  const book = state.spreadsheet(id);
  if (!book) throw new GoogleApiError(404, 'Requested entity was not found.');
  return book;
}

function notFound(): GoogleApiError {
  return new GoogleApiError(404, 'Requested entity was not found.');
}

async function readJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GoogleApiError(400, 'Invalid JSON payload received. Unexpected token.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GoogleApiError(400, 'Invalid JSON payload received. Root element must be a message.');
  }
  return body as Record<string, unknown>;
}

async function readValueRange(
  c: Context,
  range: string,
): Promise<{ values: unknown[][]; majorDimension: MajorDimension }> {
  const body = await readJson(c);
  // The body's range, when given, must be the range in the URL.
  if (body['range'] !== undefined && body['range'] !== range) {
    throw new GoogleApiError(
      400,
      `Requested range [${range}] does not match the range in the request body [${String(body['range'])}].`,
    );
  }
  const dimension = body['majorDimension'] ?? 'ROWS';
  if (dimension !== 'ROWS' && dimension !== 'COLUMNS' && dimension !== 'DIMENSION_UNSPECIFIED') {
    throw new GoogleApiError(
      400,
      `Invalid value at 'data.major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), "${String(dimension)}"`,
    );
  }
  const values = body['values'] ?? [];
  if (!Array.isArray(values) || !values.every(Array.isArray)) {
    throw new GoogleApiError(400, "Invalid JSON payload received. 'values' must be a list of lists.");
  }
  return { values: values as unknown[][], majorDimension: dimension === 'COLUMNS' ? 'COLUMNS' : 'ROWS' };
}

function valueInputOption(query: URLSearchParams): ValueInputOption {
  const value = enumParam(query, 'valueInputOption', 'value_input_option', 'ValueInputOption', [
    'RAW',
    'USER_ENTERED',
  ]);
  // Sheets requires the option on every write; leaving it out is the most common first mistake.
  if (!value) throw new GoogleApiError(400, 'Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED');
  return value as ValueInputOption;
}

function renderOptions(query: URLSearchParams): { valueRenderOption?: ValueRenderOption } {
  const render = enumParam(query, 'valueRenderOption', 'value_render_option', 'ValueRenderOption', [
    'FORMATTED_VALUE',
    'UNFORMATTED_VALUE',
    'FORMULA',
  ]);
  return render ? { valueRenderOption: render as ValueRenderOption } : {};
}

function enumParam(
  query: URLSearchParams,
  name: string,
  wireName: string,
  typeName: string,
  allowed: readonly string[],
): string | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!allowed.includes(value)) {
    throw new GoogleApiError(
      400,
      `Invalid value at '${wireName}' (type.googleapis.com/google.apps.sheets.v4.${typeName}), "${value}"`,
    );
  }
  return value;
}
