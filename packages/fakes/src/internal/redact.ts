/**
 * What every redacted value prints as.
 *
 * @example
 * redactBody({ token: 'xoxb-1' }); // { token: REDACTED }
 */
export const REDACTED = '[redacted]';

// Headers that carry credentials in the vendors' wire contracts: Bearer private-app tokens (HubSpot), Basic
// `email/token:api_token` (Zendesk), Bearer bot tokens (Slack) and OAuth access tokens (Google).
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

// Body and query fields that carry credentials: Slack accepts `token` as a form field, Google's token endpoint
// receives a signed `assertion`, and the rest cover what a careless client might send.
const SECRET_FIELDS = new Set([
  'token',
  'assertion',
  'access_token',
  'refresh_token',
  'client_secret',
  'api_token',
  'password',
  'private_key',
  'secret',
]);

/**
 * Request headers as a plain object with every credential replaced by `[redacted]`. The scheme of an
 * `Authorization` header is kept (`Bearer [redacted]`) because which scheme a client sent is what one debugs.
 *
 * @example
 * redactHeaders(new Headers({ authorization: 'Bearer pat-1' })); // { authorization: 'Bearer [redacted]' }
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    const name = key.toLowerCase();
    if (!SECRET_HEADERS.has(name)) {
      out[name] = value;
      return;
    }
    const scheme = /^(\w+)\s+\S/.exec(value)?.[1];
    out[name] = scheme && name.endsWith('authorization') ? `${scheme} ${REDACTED}` : REDACTED;
  });
  return out;
}

/**
 * A deep copy of a parsed body with the value of every credential-bearing field replaced by `[redacted]`.
 *
 * @example
 * redactBody({ grant_type: 'x', assertion: 'eyJ…' }); // { grant_type: 'x', assertion: '[redacted]' }
 */
export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = SECRET_FIELDS.has(key.toLowerCase()) ? REDACTED : redactBody(value);
  }
  return out;
}

/**
 * Query parameters as a plain object (repeated keys become arrays) with credentials redacted.
 *
 * @example
 * redactQuery(new URLSearchParams('a=1&token=x')); // { a: '1', token: '[redacted]' }
 */
export function redactQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).map((v) => (SECRET_FIELDS.has(key.toLowerCase()) ? REDACTED : v));
    out[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}
