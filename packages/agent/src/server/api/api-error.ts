import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * One field at fault in a request: a dotted path (`body.input.email`, `query.limit`) and what is wrong.
 *
 * @example
 * import type { ApiFieldError } from './api-error.ts';
 * const field: ApiFieldError = { path: 'query.limit', message: 'Too big: expected number to be <=200' };
 */
export interface ApiFieldError {
  path: string;
  message: string;
}

/**
 * Every error the REST API answers with: `{ error: { code, message, fields? } }`. Codes are stable and
 * machine-readable; messages are for people and never hold a secret.
 *
 * @example
 * import type { ApiErrorBody } from './api-error.ts';
 * const body: ApiErrorBody = { error: { code: 'not_found', message: 'no run has this id' } };
 */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: ApiFieldError[] };
}

/**
 * An error a route throws to answer with a status and an error body (the API's error handler renders it).
 *
 * @example
 * import { ApiError } from './api-error.ts';
 * throw new ApiError(404, 'not_found', 'no run has this id');
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly fields: ApiFieldError[] | undefined;
  /** Extra response headers (`Retry-After`, `WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { fields?: ApiFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
  }

  /** The JSON body of this error. */
  toBody(): ApiErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

/**
 * Answers a request with an `ApiError` as JSON (its status, headers and body).
 *
 * @example
 * import { Hono } from 'hono';
 * import { ApiError, apiErrorResponse } from './api-error.ts';
 * const app = new Hono();
 * app.get('/x', (c) => apiErrorResponse(c, new ApiError(403, 'forbidden', 'needs the write scope')));
 */
export function apiErrorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  c.header('cache-control', 'no-store');
  return c.json(error.toBody(), error.status);
}
