/**
 * What every redacted value prints as.
 *
 * @example
 * JSON.stringify({ clientSecret: REDACTED }); // '{"clientSecret":"[redacted]"}'
 */
export const REDACTED = '[redacted]';

// Query parameters that carry credentials: the token request sends `client_secret` in the query string
// (reference §2.2); the others cover tokens a caller or a proxy might put there. `page_token` is an opaque cursor,
// not a credential, and stays visible because it is what one needs to debug pagination.
const SECRET_QUERY_KEYS = new Set([
  'client_secret',
  'access_token',
  'refresh_token',
  'token',
  'hottok',
  'basic',
  'authorization',
  'password',
  'secret',
]);

/**
 * The URL as text with the value of every credential-bearing query parameter replaced by `[redacted]`, and any
 * `user:password@` removed. Text that is not a URL is returned unchanged.
 *
 * @example
 * redactUrl('https://x/token?client_id=a&client_secret=b'); // 'https://x/token?client_id=a&client_secret=[redacted]'
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  for (const key of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_QUERY_KEYS.has(key.toLowerCase())) parsed.searchParams.set(key, REDACTED);
  }
  // URLSearchParams percent-encodes the brackets; show the marker as people expect to read it.
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/**
 * Removes known secret values from free text (error messages of the network stack, for instance, which may quote a
 * URL). Secrets are registered as they become known: the client secret and Basic value at start, each access token
 * when it is fetched.
 *
 * @example
 * const redactor = new Redactor();
 * redactor.add('s3cret');
 * redactor.scrub('bad s3cret'); // 'bad [redacted]'
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    // Very short values would match ordinary text; real secrets are long.
    if (secret.length < 4) return;
    this.#secrets.add(secret);
    this.#secrets.add(encodeURIComponent(secret));
    this.#secrets.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }

  scrub(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/**
 * A secret string that prints as `[redacted]` through `String()`, template literals, `JSON.stringify` and
 * `util.inspect`; only `reveal()` gives the value.
 *
 * @example
 * const secret = new Secret('s3cret');
 * `${secret}`; // '[redacted]'
 * secret.reveal(); // 's3cret'
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/**
 * A copy of an arbitrary thrown value that is safe to attach as `cause`: its name, `code` and message with every
 * registered secret removed. The original may quote a URL with `client_secret` in it.
 *
 * @example
 * const cause = sanitizeCause(new TypeError('fetch failed'), new Redactor());
 */
export function sanitizeCause(error: unknown, redactor: Redactor): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redactor.scrub(source.message));
  copy.name = source.name;
  const code = networkErrorCode(error);
  if (code !== undefined) Object.assign(copy, { code });
  const inner = (source as { cause?: unknown }).cause;
  if (inner instanceof Error) copy.cause = sanitizeCause(inner, redactor);
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/**
 * The system error code (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, …) of a fetch failure, looking through
 * `cause` as undici wraps the socket error in a `TypeError('fetch failed')`.
 *
 * @example
 * networkErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })); // 'ECONNREFUSED'
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
