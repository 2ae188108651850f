import {
  ConnectionError,
  HotmartApiError,
  RateBudgetError,
  TimeoutError,
  UnexpectedResponseError,
} from '../errors.ts';
import type { HotmartLogger } from './logger.ts';
import type { FetchLike, SleepFn } from './options.ts';
import type { RateBudget } from './rate-budget.ts';
import { retryDelayFromHeaders } from './rate-limit-headers.ts';
import { networkErrorCode, type Redactor, redactUrl, sanitizeCause } from './redact.ts';

/**
 * HTTP methods the Hotmart API uses.
 *
 * @example
 * const method: HttpMethod = 'PATCH';
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Per-call options every operation accepts as its last argument.
 *
 * @example
 * const options: RequestOptions = { signal: AbortSignal.timeout(10_000), maxRetries: 0 };
 */
export interface RequestOptions {
  /** Aborts the call (including waits for retries and the rate budget). */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Retries for this call, overriding the client's `maxRetries`. */
  maxRetries?: number;
  /**
   * Sent as `Idempotency-Key` on every attempt of this call. Hotmart does not document the header, so the client
   * never invents one; pass a key (e.g. `runId:stepId`) when the server you talk to honours it.
   */
  idempotencyKey?: string;
  /**
   * Longest wait for the client's rate budget this call accepts (default: no limit). When the budget would make it
   * wait longer, the call throws `RateBudgetError` (with `retryAt`) without sending anything — for callers that
   * would rather come back later than sit on a worker slot.
   */
  maxBudgetWaitMs?: number;
}

/**
 * Supplies bearer tokens to the core and learns when one was rejected.
 *
 * @example
 * const fixed: TokenSource = { getToken: async () => 'token', invalidate: () => {} };
 */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
  invalidate(token: string): void;
}

/**
 * One logical request; the core may send it several times.
 *
 * @example
 * const request: HttpRequest = { operation: 'user.me', method: 'GET', url: new URL('https://developers.hotmart.com/user/api/v1/me'), idempotent: true };
 */
export interface HttpRequest {
  /** Name for logs, e.g. `sales.history`. */
  readonly operation: string;
  readonly method: HttpMethod;
  readonly url: URL;
  /** JSON body; `undefined` sends none. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether sending it twice has the same effect as once — decides which failures are retried. */
  readonly idempotent: boolean;
  /** Bearer auth with one re-authentication on 401; absent for the token request itself. */
  readonly auth?: TokenSource;
  /** Client-side rate budget; absent for the token host, which Hotmart's API limit does not cover. */
  readonly budget?: RateBudget;
  readonly options?: RequestOptions;
}

/**
 * A successful (2xx) response with its JSON body (`undefined` when the body was empty).
 *
 * @example
 * const { body } = await core.request(request);
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * Dependencies of the core, all injectable so tests control time, randomness and the network.
 *
 * @example
 * const core = new HttpCore({ fetch, now: Date.now, sleep, random: Math.random, logger: silentLogger, timeoutMs: 30_000, maxRetries: 3, userAgent: 'x', redactor: new Redactor() });
 */
export interface HttpCoreOptions {
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly sleep: SleepFn;
  readonly random: () => number;
  readonly logger: HotmartLogger;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly userAgent: string;
  readonly redactor: Redactor;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;
// Hotmart's window is one minute (reference §3.6); a server asking for a longer wait than that (plus slack) is
// better reported to the caller (as RateLimitError.resetAt) than slept through inside one call.
const MAX_SERVER_DELAY_MS = 65_000;

// Socket errors raised before any byte of the request left the machine: nothing reached Hotmart, so even a
// non-idempotent write can be sent again.
const PRE_SEND_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

type AttemptOutcome =
  | {
      readonly kind: 'response';
      readonly response: Response;
      readonly text: string;
      readonly receivedAt: number;
    }
  | { readonly kind: 'failure'; readonly error: ConnectionError; readonly beforeSend: boolean };

/**
 * The one place that sends requests and the only retry loop in the package (STYLE convention 4). Per attempt: get
 * a bearer token, take a slot from the rate budget, send with a timeout, read the body, classify.
 *
 * Retry policy:
 * - Idempotent requests (reads, and writes that set a value) are retried on network errors, timeouts, 408, 409,
 *   429 and 5xx.
 * - Non-idempotent writes (cancel, reactivate, refund, new boleto, coupon create/delete, negotiation, switch plan)
 *   are retried only when Hotmart cannot have acted on them: a network error before the request was sent, 429 (the
 *   rate limiter refused it) and 503 (the gateway refused it). A timeout, a reset connection or a 500 after sending
 *   may mean the write happened; repeating it could cancel, refund or bill twice, or turn a success into a
 *   confusing `refund_request_already_exists`, so the error goes to the caller, who can check and decide.
 * - Delays: the server's `Retry-After`, or on 429 its `RateLimit-Reset`, when present; otherwise exponential
 *   backoff from 250 ms, capped at 30 s, with jitter (half fixed, half random) so clients that failed together do
 *   not retry together.
 * - A 401 on an authenticated request invalidates the token and retries once with a fresh one, outside the retry
 *   count; a second 401 is an `AuthenticationError`.
 *
 * @example
 * const core = new HttpCore({ fetch, now: Date.now, sleep, random: Math.random, logger, timeoutMs: 30_000,
 *   maxRetries: 3, userAgent: 'x', redactor: new Redactor() });
 * const response = await core.request({ operation: 'user.me', method: 'GET', url, idempotent: true, auth: tokens });
 */
export class HttpCore {
  readonly #deps: HttpCoreOptions;

  constructor(deps: HttpCoreOptions) {
    this.#deps = deps;
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const { now, sleep, logger } = this.#deps;
    const signal = request.options?.signal;
    const maxRetries = request.options?.maxRetries ?? this.#deps.maxRetries;
    const logUrl = redactUrl(request.url);
    let retries = 0;
    let reauthenticated = false;

    for (;;) {
      signal?.throwIfAborted();
      const token = request.auth ? await request.auth.getToken(signal) : undefined;
      if (request.budget) {
        const maxWait = request.options?.maxBudgetWaitMs;
        if (maxWait !== undefined) {
          const time = now();
          const wait = request.budget.waitMs(time);
          if (wait > maxWait) throw new RateBudgetError(request, time + wait, wait);
        }
        await request.budget.acquire(now, sleep, signal);
      }
      logger.debug(
        { operation: request.operation, method: request.method, url: logUrl, attempt: retries + 1 },
        'hotmart request',
      );
      const outcome = await this.#attempt(request, token);

      let error: HotmartApiError | ConnectionError;
      let delayMs: number | undefined;
      if (outcome.kind === 'response') {
        const { response, text, receivedAt } = outcome;
        const headers = headerRecord(response.headers);
        request.budget?.observe(headers, receivedAt);
        if (response.ok) return this.#success(request, response.status, headers, text);

        if (response.status === 401 && request.auth && token !== undefined && !reauthenticated) {
          // The token may have been revoked or expired early (reference §2.5): one fresh token, one more try.
          request.auth.invalidate(token);
          reauthenticated = true;
          logger.info(
            { operation: request.operation, url: logUrl },
            'hotmart 401: refreshing the access token',
          );
          continue;
        }

        // Scrubbed first: a server echoing the bearer or the query back must not put it into an error.
        error = HotmartApiError.from(
          response.status,
          parseErrorBody(this.#deps.redactor.scrub(text)),
          headers,
          request,
          now,
        );
        if (!isRetryableStatus(response.status, request.idempotent)) throw error;
        const serverDelay =
          response.status === 429
            ? retryDelayFromHeaders(headers, receivedAt)
            : headers['retry-after'] !== undefined
              ? retryDelayFromHeaders({ 'retry-after': headers['retry-after'] }, receivedAt)
              : undefined;
        if (serverDelay !== undefined && serverDelay > MAX_SERVER_DELAY_MS) throw error;
        delayMs = serverDelay;
      } else {
        error = outcome.error;
        if (!request.idempotent && !outcome.beforeSend) throw error;
      }

      if (retries >= maxRetries) throw error;
      const wait = delayMs ?? this.#backoff(retries);
      logger.warn(
        {
          operation: request.operation,
          method: request.method,
          url: logUrl,
          status: error.status,
          code: error.code,
          attempt: retries + 1,
          delayMs: wait,
        },
        'hotmart request failed; retrying',
      );
      await sleep(wait, signal);
      retries += 1;
    }
  }

  /** Jittered exponential backoff for the n-th retry (0-based). */
  #backoff(retry: number): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
    return Math.round(ceiling / 2 + this.#deps.random() * (ceiling / 2));
  }

  async #attempt(request: HttpRequest, token: string | undefined): Promise<AttemptOutcome> {
    const { fetch, now, redactor, userAgent } = this.#deps;
    const timeoutMs = request.options?.timeoutMs ?? this.#deps.timeoutMs;
    const callerSignal = request.options?.signal;
    const controller = new AbortController();
    let timedOut = false;
    // A timer we can clear (unlike AbortSignal.timeout) so finished requests leave nothing pending. It covers
    // reading the body too: a server that sends headers and then stalls is as stuck as one that never answers.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

    // Every call carries JSON headers: Hotmart's samples send Content-Type: application/json even on GETs and on
    // the body-less token request (reference §2.2, §2.4).
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': userAgent,
      ...request.headers,
    };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (request.options?.idempotencyKey !== undefined)
      headers['idempotency-key'] = request.options.idempotencyKey;

    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      const text = await response.text();
      return { kind: 'response', response, text, receivedAt: now() };
    } catch (cause) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timedOut)
        return { kind: 'failure', error: new TimeoutError(request, timeoutMs), beforeSend: false };
      const code = networkErrorCode(cause);
      return {
        kind: 'failure',
        error: new ConnectionError(request, { cause: sanitizeCause(cause, redactor) }),
        beforeSend: code !== undefined && PRE_SEND_ERROR_CODES.has(code),
      };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  #success(
    request: HttpRequest,
    status: number,
    headers: Readonly<Record<string, string>>,
    text: string,
  ): HttpResponse {
    if (text.trim() === '') return { status, headers, body: undefined };
    const contentType = headers['content-type'] ?? '';
    const init = {
      status,
      body: this.#deps.redactor.scrub(text.slice(0, 500)),
      headers,
      request,
      now: this.#deps.now,
    };
    if (/\bjson\b|\+json/i.test(contentType)) {
      try {
        return { status, headers, body: JSON.parse(text) };
      } catch {
        throw new UnexpectedResponseError(
          {
            ...init,
            message: `Hotmart answered ${status} with a body that is not valid JSON (${request.method} ${redactUrl(request.url)})`,
          },
          'hotmart_invalid_json',
        );
      }
    }
    // Hotmart answers unknown paths with 200 and the docs site's HTML shell (reference §1): almost always a wrong
    // path or host, never data.
    if (/html/i.test(contentType) || text.trimStart().startsWith('<')) {
      throw new UnexpectedResponseError(
        {
          ...init,
          message:
            `Hotmart answered ${status} with HTML instead of JSON (${request.method} ${redactUrl(request.url)}); ` +
            'this usually means the path or the API host is wrong',
        },
        'unexpected_html_response',
      );
    }
    // No or another content type, but a JSON body: accept it; the body is what matters.
    try {
      return { status, headers, body: JSON.parse(text) };
    } catch {
      throw new UnexpectedResponseError(
        {
          ...init,
          message: `Hotmart answered ${status} with ${contentType || 'no content type'} instead of JSON (${request.method} ${redactUrl(request.url)})`,
        },
        'hotmart_invalid_json',
      );
    }
  }
}

function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (!idempotent) return status === 429 || status === 503;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function parseErrorBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2000);
  }
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of headers.entries()) record[name.toLowerCase()] = value;
  return record;
}
