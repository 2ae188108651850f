import type { z } from 'zod';
import { type Clock, systemClock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import { isSensitiveKey, redactText } from '../kit/redact.ts';
import { REDACTED } from '../kit/secret.ts';
import { createVendorError, fieldIssues, type VendorRequestInfo } from './errors.ts';
import { type NodeHttpInit, type NodeHttpResult, sendHttp } from './node-transport.ts';

/**
 * HTTP methods the vendor connectors use.
 *
 * @example
 * import type { HttpMethod } from './http.ts';
 * const method: HttpMethod = 'PATCH';
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A bearer token that can go stale (Google's one-hour access tokens): the core asks for it on every attempt and,
 * on a 401, invalidates it and tries once more with a fresh one.
 *
 * @example
 * import type { VendorAuth } from './http.ts';
 * const fixed: VendorAuth = { getToken: async () => 'ya29.token', invalidate: () => {} };
 */
export interface VendorAuth {
  getToken(signal: AbortSignal): Promise<string>;
  invalidate(token: string): void;
}

/**
 * One logical request; the core may send it several times.
 *
 * @example
 * import type { VendorHttpRequest } from './http.ts';
 * const request: VendorHttpRequest = {
 *   method: 'POST', url: 'https://api.hubapi.com/crm/v3/objects/contacts/search', body: { limit: 1 }, idempotent: true,
 * };
 */
export interface VendorHttpRequest {
  readonly method: HttpMethod;
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** A plain value is sent as JSON; a string or `URLSearchParams` as is (set `content-type` for strings). */
  readonly body?: unknown;
  /**
   * Whether sending it twice has the effect of sending it once (reads, searches, PUT/PATCH of values, creates
   * carrying a vendor idempotency key). Decides which failures are retried here: a non-idempotent write is only
   * retried when the vendor cannot have acted on it.
   */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal;
  /** Per-attempt timeout overriding the client's. */
  readonly timeoutMs?: number;
  /** A refreshable bearer token (sent as `Authorization: Bearer …`). */
  readonly auth?: VendorAuth;
  /** Name for logs, e.g. `contacts.search`. */
  readonly operation?: string;
}

/**
 * A successful (2xx) response: headers lower-cased, the body parsed as JSON when it is JSON (text otherwise,
 * `undefined` when empty), and the request as errors may show it.
 *
 * @example
 * import type { VendorHttpResponse } from './http.ts';
 * const show = (response: VendorHttpResponse) => `${response.request.method} ${response.request.url} → ${response.status}`;
 */
export interface VendorHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly request: VendorRequestInfo;
}

/**
 * The vendor's code and message, read from an error body by field (never by matching message text).
 *
 * @example
 * import type { VendorErrorBody } from './http.ts';
 * const slack: VendorErrorBody = { code: 'channel_not_found' };
 */
export interface VendorErrorBody {
  code?: string | undefined;
  message?: string | undefined;
}

/**
 * Dependencies and policy of a vendor HTTP client. Everything with a side effect is injectable (STYLE convention 9).
 *
 * @example
 * import type { VendorHttpOptions } from './http.ts';
 * import { silentLogger } from '../kit/logger.ts';
 * const options: VendorHttpOptions = { fetch, logger: silentLogger, vendor: 'slack', redact: ['xoxb-123'] };
 */
export interface VendorHttpOptions {
  /**
   * How requests reach the vendor. The global fetch itself (undici) is not called: requests go through
   * `sendHttp` (node:http with keep-alive pools, see node-transport.ts), which does the same request — redirects,
   * decompression, abort — for a fraction of undici's CPU. Any other function (a test's fake, a wrapper, a fetch
   * stubbed over the global after this module loaded) is called as is, with `(url, { method, headers, body, signal })`.
   */
  fetch: typeof fetch;
  logger: Logger;
  /** Connector id, used in errors and logs. */
  vendor: string;
  now?: Clock;
  /** Waits between attempts; tests pass one that records the delay and returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Per-attempt timeout, body included (default 30 s). */
  timeoutMs?: number;
  /**
   * The longest wait one call sleeps through (default 60 s). A vendor asking for more (a `Retry-After` of an hour)
   * gets a `VendorRateLimitError` instead, so the engine reschedules the run rather than hold a worker.
   */
  maxRetryDelayMs?: number;
  /** Secret values (tokens, keys) to scrub from anything the vendor echoes back into errors. */
  redact?: readonly string[];
  /** Reads the vendor's error code and message from an error body; a generic reader is the default. */
  describeError?: (body: unknown, status: number) => VendorErrorBody;
  userAgent?: string;
}

/**
 * A vendor's HTTP client: the only retry loop for vendor calls (STYLE convention 4).
 *
 * @example
 * import type { VendorHttp } from './http.ts';
 * async function me(http: VendorHttp) {
 *   const response = await http.request({ method: 'GET', url: 'https://acme.zendesk.com/api/v2/users/me', idempotent: true });
 *   return response.body;
 * }
 */
export interface VendorHttp {
  readonly vendor: string;
  /** Sends the request, retrying what is safe to retry; resolves with a 2xx response or throws a vendor error. */
  request(request: VendorHttpRequest): Promise<VendorHttpResponse>;
  /**
   * Parses a response body with a (loose) schema; a body without the fields we need is a non-retriable
   * `UNEXPECTED_RESPONSE` error naming the fields, never their values.
   */
  parse<T>(schema: z.ZodType<T>, response: VendorHttpResponse): T;
}

/**
 * Retry and timeout tuning a composition root (or a test) can put in `ActionContext.services.vendorHttp`; every
 * connector's client picks it up. Tests pass a `sleep` that records the wait and returns at once.
 *
 * @example
 * import type { VendorHttpTuning } from './http.ts';
 * const waits: number[] = [];
 * const tuning: VendorHttpTuning = { sleep: async (ms) => void waits.push(ms), timeoutMs: 500 };
 */
export interface VendorHttpTuning {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  maxRetries?: number;
  timeoutMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * Builds a vendor client from what an action or connection test receives: its `fetch`, `logger` and `now`, plus any
 * `services.vendorHttp` tuning.
 *
 * @example
 * import { vendorHttpFor } from './http.ts';
 * async function post(ctx: Parameters<typeof vendorHttpFor>[0], token: string) {
 *   const http = vendorHttpFor(ctx, { vendor: 'slack', redact: [token] });
 *   return http.request({ method: 'POST', url: 'https://slack.com/api/auth.test', idempotent: true });
 * }
 */
export function vendorHttpFor(
  ctx: { fetch: typeof fetch; logger: Logger; now: Clock; services: Readonly<Record<string, unknown>> },
  options: Pick<VendorHttpOptions, 'vendor' | 'redact' | 'describeError'>,
): VendorHttp {
  const tuning = (ctx.services['vendorHttp'] ?? {}) as VendorHttpTuning;
  return createVendorHttp({
    fetch: ctx.fetch,
    logger: ctx.logger,
    now: ctx.now,
    ...options,
    ...(tuning.sleep ? { sleep: tuning.sleep } : {}),
    ...(tuning.random ? { random: tuning.random } : {}),
    ...(tuning.maxRetries !== undefined ? { maxRetries: tuning.maxRetries } : {}),
    ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
    ...(tuning.maxRetryDelayMs !== undefined ? { maxRetryDelayMs: tuning.maxRetryDelayMs } : {}),
  });
}

/**
 * A URL under a base: the base's path is kept (a base URL may carry a prefix), query values are encoded, and
 * `undefined` values are left out.
 *
 * @example
 * import { vendorUrl } from './http.ts';
 * vendorUrl('https://acme.zendesk.com/', '/api/v2/tickets', { external_id: 'HP 1' });
 * // 'https://acme.zendesk.com/api/v2/tickets?external_id=HP+1'
 */
export function vendorUrl(
  base: string,
  path: string,
  query: Readonly<Record<string, string | number | boolean | undefined>> = {},
): string {
  const url = new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;

// Socket errors raised before any byte left the machine: nothing reached the vendor, so even a non-idempotent
// write can be sent again.
const PRE_SEND_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

// The global fetch as this module found it: only that one is swapped for node:http, so a fake stubbed over the
// global later is still called.
const nativeFetch = globalThis.fetch;

type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; text: string; receivedAt: number }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string | undefined; message: string };

/**
 * Creates a vendor's HTTP client.
 *
 * Retry policy (the only retry loop for vendors):
 * - network errors and timeouts: retried for idempotent requests; a non-idempotent write only when the connection
 *   failed before sending (a lost response may mean the vendor acted: the caller's lookup-before-create makes the
 *   engine's next attempt safe instead).
 * - 408 and 429: always retried — the vendor refused the request without acting. The wait is the vendor's
 *   `Retry-After` (seconds or an HTTP date), `RateLimit-Reset`, or HubSpot's `X-HubSpot-RateLimit-*` window; a wait
 *   longer than `maxRetryDelayMs`, or a 429 after the last retry, becomes a `VendorRateLimitError` so the engine
 *   waits instead.
 * - 5xx: retried for idempotent requests; for other writes only 503 (the vendor's front door refused it).
 * - other 4xx: never retried → `VendorRequestError` (extends `NonRetriableError`) with the vendor's code.
 * - 401 with `auth`: the token is invalidated and the request tried once more with a fresh one.
 * Backoff: exponential from 250 ms, capped at 30 s, half fixed and half random so clients that failed together do
 * not retry together.
 *
 * @example
 * import { createVendorHttp } from './http.ts';
 * import { silentLogger } from '../kit/logger.ts';
 * const http = createVendorHttp({ fetch, logger: silentLogger, vendor: 'slack', redact: ['xoxb-1-2-abc'] });
 * const response = await http.request({
 *   method: 'POST', url: 'https://slack.com/api/auth.test', headers: { authorization: 'Bearer xoxb-1-2-abc' },
 *   idempotent: true,
 * });
 */
export function createVendorHttp(options: VendorHttpOptions): VendorHttp {
  const { vendor, logger } = options;
  const fetchFn = options.fetch;
  const send = (url: URL, init: NodeHttpInit): Promise<NodeHttpResult> =>
    fetchFn === nativeFetch && fetchFn === globalThis.fetch
      ? sendHttp(url, init)
      : viaFetch(fetchFn, url, init);
  const now = options.now ?? systemClock;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  const describeError = options.describeError ?? describeErrorBody;
  const userAgent = options.userAgent ?? 'hotpilot';
  const secrets = (options.redact ?? []).filter((s) => typeof s === 'string' && s.length >= 4);

  const scrub = (text: string, extra: readonly string[] = []): string => {
    let out = text;
    for (const secret of [...secrets, ...extra])
      if (secret.length >= 4) out = out.split(secret).join(REDACTED);
    return redactText(out);
  };

  const backoff = (retry: number): number => {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };

  async function attempt(
    request: VendorHttpRequest,
    url: URL,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const controller = new AbortController();
    const limit = request.timeoutMs ?? timeoutMs;
    let timedOut = false;
    // A timer we can clear (unlike AbortSignal.timeout) so finished requests leave nothing pending. It covers the
    // body too: a vendor that sends headers and then stalls is as stuck as one that never answers.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${limit} ms`));
    }, limit);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
    let body: string | undefined;
    if (request.body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = request.body.toString();
    } else if (typeof request.body === 'string') {
      body = request.body;
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;

    try {
      const response = await send(url, { method: request.method, headers, body, signal: controller.signal });
      return {
        kind: 'response',
        status: response.status,
        headers: response.headers,
        text: response.text,
        receivedAt: now(),
      };
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'network', code: networkErrorCode(cause), message: networkErrorMessage(cause) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function request(request: VendorHttpRequest): Promise<VendorHttpResponse> {
    const url = new URL(request.url);
    const info: VendorRequestInfo = { method: request.method, url: scrub(redactUrl(url)) };
    const signal = request.signal;
    const operation = request.operation ?? `${request.method} ${url.pathname}`;
    let retries = 0;
    let reauthenticated = false;

    for (;;) {
      signal?.throwIfAborted();
      const token = request.auth
        ? await request.auth.getToken(signal ?? new AbortController().signal)
        : undefined;
      logger.debug(
        { vendor, operation, method: request.method, url: info.url, attempt: retries + 1 },
        'vendor request',
      );
      const outcome = await attempt(request, url, token, signal);
      const extra = token === undefined ? [] : [token];

      let error: Error;
      let delayMs: number | undefined;
      if (outcome.kind === 'response') {
        const { status, headers, text, receivedAt } = outcome;
        if (status >= 200 && status < 300) {
          return { status, headers, body: parseBody(text, headers['content-type']), request: info };
        }
        if (status === 401 && request.auth && token !== undefined && !reauthenticated) {
          // The token expired early or was revoked: one fresh token, one more try, outside the retry count.
          request.auth.invalidate(token);
          reauthenticated = true;
          logger.info({ vendor, operation }, 'vendor answered 401: refreshing the access token');
          continue;
        }
        const described = describeError(parseBody(scrub(text, extra), headers['content-type']), status);
        const serverDelay = retryDelayFromHeaders(headers, receivedAt);
        const init = {
          vendor,
          status,
          code: described.code || `HTTP_${status}`,
          vendorMessage: described.message ? scrub(described.message, extra).slice(0, 1_000) : undefined,
          request: info,
        };
        if (status === 429 || status === 408) {
          const wait = serverDelay ?? backoff(retries);
          if (status === 429 && (wait > maxRetryDelayMs || retries >= maxRetries)) {
            throw createVendorError({ ...init, retryAfterMs: wait });
          }
          error = createVendorError(init);
          delayMs = Math.min(wait, maxRetryDelayMs);
        } else if (status >= 500) {
          error = createVendorError({ ...init, retryable: true });
          if (!(request.idempotent || status === 503)) throw error;
          if (serverDelay !== undefined && serverDelay > maxRetryDelayMs) throw error;
          delayMs = serverDelay;
        } else {
          throw createVendorError({ ...init, retryable: false });
        }
      } else if (outcome.kind === 'timeout') {
        error = createVendorError({
          vendor,
          status: 0,
          code: 'TIMEOUT',
          vendorMessage: `no answer within ${request.timeoutMs ?? timeoutMs} ms`,
          request: info,
          retryable: true,
        });
        if (!request.idempotent) throw error;
      } else {
        error = createVendorError({
          vendor,
          status: 0,
          code: 'NETWORK_ERROR',
          vendorMessage: scrub(outcome.code ? `${outcome.code}: ${outcome.message}` : outcome.message, extra),
          request: info,
          retryable: true,
        });
        const beforeSend = outcome.code !== undefined && PRE_SEND_ERROR_CODES.has(outcome.code);
        if (!(request.idempotent || beforeSend)) throw error;
      }

      if (retries >= maxRetries) throw error;
      const wait = delayMs ?? backoff(retries);
      logger.warn(
        {
          vendor,
          operation,
          method: request.method,
          url: info.url,
          code: (error as { code?: string }).code,
          status: (error as { status?: number }).status,
          attempt: retries + 1,
          delayMs: wait,
        },
        'vendor request failed; retrying',
      );
      await sleep(wait, signal);
      retries += 1;
    }
  }

  function parse<T>(schema: z.ZodType<T>, response: VendorHttpResponse): T {
    const parsed = schema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    const issues = fieldIssues('body', parsed.error)
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    throw createVendorError({
      vendor,
      status: response.status,
      code: 'UNEXPECTED_RESPONSE',
      vendorMessage: `the response does not have the expected shape (${issues})`,
      request: response.request,
      retryable: false,
    });
  }

  return { vendor, request, parse };
}

/**
 * How long a vendor asked us to wait, in ms: `Retry-After` (seconds or an HTTP date), then `RateLimit-Reset` /
 * `X-RateLimit-Reset` (seconds, or an epoch timestamp in seconds), then HubSpot's window headers when the window is
 * spent (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details). `undefined` when none is usable.
 *
 * @example
 * import { retryDelayFromHeaders } from './http.ts';
 * retryDelayFromHeaders({ 'retry-after': '2' }, Date.now()); // 2000
 */
export function retryDelayFromHeaders(
  headers: Readonly<Record<string, string>>,
  now: number,
): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = (headers['ratelimit-reset'] ?? headers['x-ratelimit-reset'])?.trim();
  if (reset) {
    const value = Number(reset);
    if (Number.isFinite(value) && value >= 0) {
      // A value only meaningful as an epoch (after 2001) is one; otherwise it counts seconds until the reset.
      return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : Math.round(value * 1000);
    }
  }
  if (headers['x-hubspot-ratelimit-secondly-remaining'] === '0') return 1_000;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  if (headers['x-hubspot-ratelimit-remaining'] === '0' && Number.isFinite(interval) && interval > 0)
    return interval;
  return undefined;
}

/**
 * The usual places vendors put an error code and message: `{ error: 'code' }` (Slack, Zendesk, OAuth),
 * `{ error: { status, message } }` (Google), `{ category, message }` (HubSpot), `{ code, message }`.
 *
 * @example
 * import { describeErrorBody } from './http.ts';
 * describeErrorBody({ ok: false, error: 'channel_not_found' }, 200); // { code: 'channel_not_found', message: undefined }
 */
export function describeErrorBody(body: unknown, _status: number): VendorErrorBody {
  if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined };
  if (body === null || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  const nested = record['error'];
  if (nested !== null && typeof nested === 'object') {
    const inner = nested as Record<string, unknown>;
    return {
      code: text(inner['status']) ?? text(inner['code']) ?? text(inner['title']),
      message: text(inner['message']),
    };
  }
  // `error` is a code when it reads like one (`channel_not_found`, `RecordInvalid`); Zendesk also puts sentences
  // there (`Couldn't authenticate you`), which are messages.
  const errorText = text(nested);
  const errorIsCode = errorText !== undefined && /^[A-Za-z0-9_.:-]+$/.test(errorText);
  return {
    code:
      text(record['category']) ??
      (errorIsCode ? errorText : undefined) ??
      text(record['code']) ??
      text(record['errorType']),
    message:
      text(record['message']) ??
      text(record['description']) ??
      text(record['error_description']) ??
      (errorIsCode ? undefined : errorText),
  };
}

/**
 * A URL as logs and errors may show it: no user or password, and the value of every query parameter whose name
 * looks secret (`token`, `key`, `access_token`, …) replaced by `[redacted]`.
 *
 * @example
 * import { redactUrl } from './http.ts';
 * redactUrl(new URL('https://slack.com/api/auth.test?token=xoxb-1')); // 'https://slack.com/api/auth.test?token=[redacted]'
 */
export function redactUrl(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  for (const key of [...copy.searchParams.keys()]) {
    if (isSensitiveKey(key)) copy.searchParams.set(key, REDACTED);
  }
  return copy.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text.trim() === '') return undefined;
  const looksJson = /\bjson\b|\+json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One request through an injected fetch, read to the end. */
async function viaFetch(fetchFn: typeof fetch, url: URL, init: NodeHttpInit): Promise<NodeHttpResult> {
  const response = await fetchFn(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  const text = await response.text();
  return { status: response.status, headers: headerRecord(response.headers), text };
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

// Two shapes reach here. undici's fetch rejects with `TypeError('fetch failed')` whose `cause` is the socket error
// (`code: 'ECONNREFUSED'`, sometimes one level deeper); node:http (sendHttp) rejects with the socket error itself.
// Both read the first `code` along the cause chain.
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkErrorMessage(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return errorMessage(cause instanceof Error ? cause : error).slice(0, 300);
}

// A connection tried on several addresses (`localhost` → ::1 and 127.0.0.1) fails with an AggregateError whose own
// message is empty: its attempts say what happened.
function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.message === '')
    return error.errors.map((attempt) => errorMessage(attempt)).join('; ');
  return error instanceof Error ? error.message : String(error);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
