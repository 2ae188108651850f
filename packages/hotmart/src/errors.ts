import { retryDelayFromHeaders } from './internal/rate-limit-headers.ts';
import { redactUrl } from './internal/redact.ts';

/**
 * The request an error belongs to, with every secret in the query string replaced by `[redacted]`.
 *
 * @example
 * const request: HotmartErrorRequest = { method: 'GET', url: 'https://developers.hotmart.com/user/api/v1/me' };
 */
export interface HotmartErrorRequest {
  readonly method: string;
  readonly url: string;
}

/**
 * Stable machine-readable codes of every error this package throws. Match on these (or on the classes), never on
 * message text.
 *
 * @example
 * const code: HotmartErrorCode = 'hotmart_rate_limit';
 */
export type HotmartErrorCode =
  | 'hotmart_error'
  | 'hotmart_invalid_input'
  | 'hotmart_api_error'
  | 'hotmart_authentication'
  | 'hotmart_permission'
  | 'hotmart_not_found'
  | 'hotmart_bad_request'
  | 'hotmart_rate_limit'
  | 'hotmart_rate_budget'
  | 'hotmart_server'
  | 'hotmart_connection'
  | 'hotmart_timeout'
  | 'hotmart_invalid_json'
  | 'hotmart_no_next_page'
  | 'unexpected_html_response';

interface HotmartErrorInit {
  code?: HotmartErrorCode;
  status?: number | undefined;
  request?: HotmartErrorRequest | undefined;
  cause?: unknown;
}

/**
 * Base class of every error thrown by `@hotpilot/hotmart`. Carries a stable `code`, the HTTP `status` when there
 * was a response, and the redacted `request`.
 *
 * @example
 * import { HotmartError } from '@hotpilot/hotmart';
 * try {
 *   await client.user.me();
 * } catch (error) {
 *   if (error instanceof HotmartError) console.log(error.code, error.status);
 * }
 */
export class HotmartError extends Error {
  override readonly name: string = 'HotmartError';
  readonly code: HotmartErrorCode;
  readonly status: number | undefined;
  readonly request: HotmartErrorRequest | undefined;

  constructor(message: string, init: HotmartErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code ?? 'hotmart_error';
    this.status = init.status;
    this.request = init.request;
  }

  /** A plain, secret-free view for structured logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      request: this.request,
    };
  }
}

/**
 * One problem found while validating client options, call parameters or a request body.
 *
 * @example
 * const issue: InputIssue = { path: 'start_date', message: 'Invalid input' };
 */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown before any request is made when client options, call parameters or a body fail validation. The message
 * names every offending field; input values are never echoed, so secrets cannot leak through it.
 *
 * @example
 * import { InvalidInputError } from '@hotpilot/hotmart';
 * try {
 *   await client.sales.history({ start_dat: 1 } as never);
 * } catch (error) {
 *   if (error instanceof InvalidInputError) console.log(error.issues[0]?.path);
 * }
 */
export class InvalidInputError extends HotmartError {
  override readonly name: string = 'InvalidInputError';
  readonly issues: readonly InputIssue[];

  constructor(subject: string, issues: readonly InputIssue[]) {
    const list = issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    super(`Invalid ${subject}: ${list}`, { code: 'hotmart_invalid_input' });
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Headers in any of the shapes `HotmartApiError.from` accepts. @example const h: HeadersLike = { 'x-request-id': 'abc' }; */
export type HeadersLike = Headers | Readonly<Record<string, string>> | undefined;

interface HotmartApiErrorInit {
  status: number;
  body: unknown;
  headers: HeadersLike;
  request: { method: string; url: string | URL };
  message?: string;
  cause?: unknown;
  now?: () => number;
}

// Hotmart documents no request-id header; these are the ones its gateway (Kong, judging by the
// `X-RateLimit-*-Minute` headers, reference §3.6) and common proxies set.
const REQUEST_ID_HEADERS = ['x-request-id', 'x-kong-request-id', 'x-correlation-id', 'x-amzn-requestid'];

// `error` values that mean "this resource does not exist" whatever the status Hotmart pairs them with
// (reference §3.5: `not_found`, and the endpoint-specific `purchase_not_found`).
const NOT_FOUND_ERRORS = new Set(['not_found', 'purchase_not_found']);

/**
 * An error response from Hotmart (or a successful status with a body the client cannot use). Build one from a
 * response with `HotmartApiError.from`, which picks the subclass by status and by Hotmart's `error` field.
 *
 * @example
 * import { HotmartApiError, NotFoundError } from '@hotpilot/hotmart';
 * const error = HotmartApiError.from(404, { error: 'not_found' }, undefined, { method: 'GET', url: 'https://x/y' });
 * error instanceof NotFoundError; // true
 */
export class HotmartApiError extends HotmartError {
  override readonly name: string = 'HotmartApiError';
  declare readonly status: number;
  declare readonly request: HotmartErrorRequest;
  /** Hotmart's `error` type, e.g. `invalid_token` (reference §3.5). */
  readonly error: string | undefined;
  /** Hotmart's `error_description`. */
  readonly errorDescription: string | undefined;
  /** The request id a response header carried, if any. */
  readonly requestId: string | undefined;
  /** The parsed response body (text when it was not JSON). */
  readonly body: unknown;
  /** The response headers, lower-cased. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: HotmartApiErrorInit, code: HotmartErrorCode = 'hotmart_api_error') {
    const request = { method: init.request.method.toUpperCase(), url: redactUrl(init.request.url) };
    const fields = errorFields(init.body);
    const message =
      init.message ??
      `Hotmart API error ${init.status}${fields.error ? ` ${fields.error}` : ''}` +
        `${fields.errorDescription ? `: ${fields.errorDescription}` : ''} (${request.method} ${request.url})`;
    super(message, { code, status: init.status, request, cause: init.cause });
    this.error = fields.error;
    this.errorDescription = fields.errorDescription;
    this.headers = headerRecord(init.headers);
    this.requestId = REQUEST_ID_HEADERS.map((name) => this.headers[name]).find(
      (value) => value !== undefined,
    );
    this.body = init.body;
  }

  /**
   * Maps a Hotmart error response to the matching class: 401 → `AuthenticationError`, 403 → `PermissionError`,
   * 404 (or `error` = `not_found`/`purchase_not_found`) → `NotFoundError`, 400/405/422 → `BadRequestError`,
   * 429 (or `error` = `too_many_requests`) → `RateLimitError`, 5xx → `ServerError`; anything else stays a
   * `HotmartApiError`. Messages are never inspected.
   *
   * @example
   * const error = HotmartApiError.from(400, { error: 'invalid_token' }, undefined, { method: 'GET', url: 'https://x' });
   * error.code; // 'hotmart_bad_request'
   */
  static from(
    status: number,
    body: unknown,
    headers: HeadersLike,
    request: { method: string; url: string | URL },
    now: () => number = Date.now,
  ): HotmartApiError {
    const init: HotmartApiErrorInit = { status, body, headers, request, now };
    const error = errorFields(body).error;
    if (status === 401) return new AuthenticationError(init);
    if (status === 403) return new PermissionError(init);
    if (status === 429 || error === 'too_many_requests') return new RateLimitError(init);
    if (status === 404 || (error !== undefined && NOT_FOUND_ERRORS.has(error)))
      return new NotFoundError(init);
    if (status === 400 || status === 405 || status === 422) return new BadRequestError(init);
    if (status >= 500) return new ServerError(init);
    return new HotmartApiError(init);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      error: this.error,
      errorDescription: this.errorDescription,
      requestId: this.requestId,
    };
  }
}

/**
 * 401: the bearer token was missing, expired or invalid even after one fresh token (reference §2.5), or the token
 * endpoint refused the credentials.
 *
 * @example
 * import { AuthenticationError } from '@hotpilot/hotmart';
 * const isAuth = (error: unknown) => error instanceof AuthenticationError;
 */
export class AuthenticationError extends HotmartApiError {
  override readonly name: string = 'AuthenticationError';
  constructor(init: HotmartApiErrorInit) {
    super(init, 'hotmart_authentication');
  }
}

/**
 * 403 `unauthorized_client`: the credential has no access to this resource (reference §3.5).
 *
 * @example
 * import { PermissionError } from '@hotpilot/hotmart';
 * const isPermission = (error: unknown) => error instanceof PermissionError;
 */
export class PermissionError extends HotmartApiError {
  override readonly name: string = 'PermissionError';
  constructor(init: HotmartApiErrorInit) {
    super(init, 'hotmart_permission');
  }
}

/**
 * 404 `not_found` (or `purchase_not_found`): the resource does not exist.
 *
 * @example
 * import { NotFoundError } from '@hotpilot/hotmart';
 * const isMissing = (error: unknown) => error instanceof NotFoundError;
 */
export class NotFoundError extends HotmartApiError {
  override readonly name: string = 'NotFoundError';
  constructor(init: HotmartApiErrorInit) {
    super(init, 'hotmart_not_found');
  }
}

/**
 * 400/405/422: Hotmart rejected the request itself, e.g. `invalid_parameter`, or `invalid_token` for a bad
 * `page_token` (reference §3.2, §3.5). Retrying the same request will not help.
 *
 * @example
 * import { BadRequestError } from '@hotpilot/hotmart';
 * const badCursor = (error: unknown) => error instanceof BadRequestError && error.error === 'invalid_token';
 */
export class BadRequestError extends HotmartApiError {
  override readonly name: string = 'BadRequestError';
  constructor(init: HotmartApiErrorInit) {
    super(init, 'hotmart_bad_request');
  }
}

/**
 * 429 `too_many_requests` after the client's retries (reference §3.6). `resetAt` (epoch ms) is when the window
 * resets, from `RateLimit-Reset` or `Retry-After`, when the response said.
 *
 * @example
 * import { RateLimitError } from '@hotpilot/hotmart';
 * const retryAt = (error: unknown) => (error instanceof RateLimitError ? error.resetAt : undefined);
 */
export class RateLimitError extends HotmartApiError {
  override readonly name: string = 'RateLimitError';
  /** Epoch milliseconds at which Hotmart said the rate window resets, if it said. */
  readonly resetAt: number | undefined;
  constructor(init: HotmartApiErrorInit) {
    super(init, 'hotmart_rate_limit');
    const now = (init.now ?? Date.now)();
    const delay = retryDelayFromHeaders(this.headers, now);
    this.resetAt = delay === undefined ? undefined : now + delay;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), resetAt: this.resetAt };
  }
}

/**
 * 5xx: Hotmart failed (502 also when a query ran over 30 s, reference §3.5), after the client's retries.
 *
 * @example
 * import { ServerError } from '@hotpilot/hotmart';
 * const isServer = (error: unknown) => error instanceof ServerError;
 */
export class ServerError extends HotmartApiError {
  override readonly name: string = 'ServerError';
  constructor(init: HotmartApiErrorInit) {
    super(init, 'hotmart_server');
  }
}

/**
 * A 2xx response whose body is not usable JSON. Code `unexpected_html_response` when Hotmart answered with its
 * docs HTML shell, which it does with status 200 for unknown paths (reference §1); `hotmart_invalid_json` for a body
 * that claims JSON but does not parse. Never retried: the same request gets the same answer.
 *
 * @example
 * import { UnexpectedResponseError } from '@hotpilot/hotmart';
 * const wrongPath = (error: unknown) =>
 *   error instanceof UnexpectedResponseError && error.code === 'unexpected_html_response';
 */
export class UnexpectedResponseError extends HotmartApiError {
  override readonly name: string = 'UnexpectedResponseError';
  constructor(init: HotmartApiErrorInit, code: 'unexpected_html_response' | 'hotmart_invalid_json') {
    super(init, code);
  }
}

/**
 * The request never got a response: DNS failure, refused or reset connection. `cause` is a sanitised copy of the
 * underlying error (name, code, message with secrets removed).
 *
 * @example
 * import { ConnectionError } from '@hotpilot/hotmart';
 * const isNetwork = (error: unknown) => error instanceof ConnectionError;
 */
export class ConnectionError extends HotmartError {
  override readonly name: string = 'ConnectionError';
  declare readonly request: HotmartErrorRequest;
  constructor(
    request: { method: string; url: string | URL },
    options: { cause?: unknown; message?: string; code?: 'hotmart_connection' | 'hotmart_timeout' } = {},
  ) {
    const redacted = { method: request.method.toUpperCase(), url: redactUrl(request.url) };
    super(options.message ?? `Could not reach Hotmart (${redacted.method} ${redacted.url})`, {
      code: options.code ?? 'hotmart_connection',
      request: redacted,
      cause: options.cause,
    });
  }
}

/**
 * One attempt took longer than `timeoutMs` (and the client's retries were used up or not allowed).
 *
 * @example
 * import { TimeoutError } from '@hotpilot/hotmart';
 * const isTimeout = (error: unknown) => error instanceof TimeoutError;
 */
export class TimeoutError extends ConnectionError {
  override readonly name: string = 'TimeoutError';
  constructor(request: { method: string; url: string | URL }, timeoutMs: number) {
    const url = redactUrl(request.url);
    super(request, {
      code: 'hotmart_timeout',
      message: `Hotmart did not answer within ${timeoutMs} ms (${request.method.toUpperCase()} ${url})`,
    });
  }
}

/**
 * The client's own request budget (500 per minute per credential by default) is spent and the call asked not to
 * wait longer than `maxBudgetWaitMs` for it: nothing was sent. `retryAt` is when the budget has room again. Callers
 * that hold a scarce resource while they wait (a workflow's worker slot) use it to give that resource back.
 *
 * @example
 * import { RateBudgetError } from '@hotpilot/hotmart';
 * const whenFree = (error: unknown) => (error instanceof RateBudgetError ? error.retryAt : null);
 */
export class RateBudgetError extends HotmartError {
  override readonly name: string = 'RateBudgetError';
  /** Epoch milliseconds at which the budget has room for this call. */
  readonly retryAt: number;
  constructor(request: { method: string; url: string | URL }, retryAt: number, waitMs: number) {
    const redacted = { method: request.method.toUpperCase(), url: redactUrl(request.url) };
    super(
      `The client's Hotmart request budget is spent for the next ${Math.ceil(waitMs)} ms; not sent (${redacted.method} ${redacted.url})`,
      { code: 'hotmart_rate_budget', request: redacted },
    );
    this.retryAt = retryAt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAt: this.retryAt };
  }
}

function errorFields(body: unknown): { error: string | undefined; errorDescription: string | undefined } {
  if (typeof body !== 'object' || body === null) return { error: undefined, errorDescription: undefined };
  const record = body as Record<string, unknown>;
  return {
    error: typeof record['error'] === 'string' ? record['error'] : undefined,
    errorDescription:
      typeof record['error_description'] === 'string' ? record['error_description'] : undefined,
  };
}

function headerRecord(headers: HeadersLike): Readonly<Record<string, string>> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    // Response headers carry no credentials, but a proxy could reflect a request header back; drop the ones that
    // could hold one.
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'set-cookie' || lower === 'cookie') continue;
    record[lower] = value;
  }
  return record;
}
