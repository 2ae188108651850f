import { type KeyObject, sign } from 'node:crypto';

/** A parsed response: status, headers and the JSON (or text) body. */
// biome-ignore lint/suspicious/noExplicitAny: tests read vendor JSON loosely and assert on its values
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls a fake over HTTP and parses the answer; JSON bodies are sent with the right content type. */
// biome-ignore lint/suspicious/noExplicitAny: see Reply
export async function call<T = any>(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    json?: unknown;
    body?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Plain-text bodies (Zendesk's 429) stay text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Signs a service-account JWT (RS256) the way Google's client libraries do. */
export function signJwt(
  privateKey: KeyObject,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

/** The form body of a jwt-bearer token request. */
export function jwtBearerForm(assertion: string): string {
  return new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion,
  }).toString();
}
