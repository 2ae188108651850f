import type { Clock } from '../../kit/clock.ts';
import { redactText } from '../../kit/redact.ts';
import { redactUrl, retryDelayFromHeaders } from '../http.ts';
import { signWebhook } from './sign-webhook.ts';

/**
 * Per-attempt timeout: Standard Webhooks recommends 15–30 s so receivers have time to acknowledge.
 *
 * @example
 * import { DEFAULT_DELIVERY_TIMEOUT_MS } from './deliver-webhook.ts';
 * const patient = { timeoutMs: DEFAULT_DELIVERY_TIMEOUT_MS * 2 };
 */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;
/** Bytes of a receiver's answer we read (and throw away) so the connection can be reused. */
const MAX_RESPONSE_BYTES = 4_096;

/**
 * One signed delivery attempt.
 *
 * @example
 * import type { DeliveryRequest } from './deliver-webhook.ts';
 * const request: DeliveryRequest = {
 *   url: 'https://example.com/hooks', secrets: ['whsec_…'], webhookId: 'msg_1', body: '{}', fetch, now: Date.now,
 * };
 */
export interface DeliveryRequest {
  url: string;
  /** Current secret first; previous ones during a rotation. */
  secrets: readonly string[];
  webhookId: string;
  /** The exact JSON text sent and signed. */
  body: string;
  fetch: typeof fetch;
  now: Clock;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * What one attempt came to. Never a secret: the URL is redacted and no part of the receiver's answer is kept.
 * `status` is 0 when no response arrived. `retryable` follows Standard Webhooks' status handling: 2xx delivered;
 * 408, 409, 429, 3xx, 5xx, timeouts and network errors may succeed later; other 4xx won't; 410 Gone means the
 * receiver wants no more deliveries (`gone`).
 *
 * @example
 * import type { DeliveryOutcome } from './deliver-webhook.ts';
 * const failed: DeliveryOutcome = {
 *   ok: false, status: 503, code: 'HTTP_503', message: 'endpoint answered 503', retryable: true, gone: false,
 *   timestamp: 1674087231, durationMs: 12,
 * };
 */
export type DeliveryOutcome =
  | { ok: true; status: number; timestamp: number; durationMs: number }
  | {
      ok: false;
      status: number;
      code: string;
      message: string;
      retryable: boolean;
      gone: boolean;
      /** The receiver's `Retry-After` (or rate-limit reset), in ms. */
      retryAfterMs?: number;
      timestamp: number;
      durationMs: number;
    };

/**
 * Signs and POSTs one webhook message, once (the retry schedule lives in `deliveryWorkflow`, not here). Redirects
 * are not followed — Standard Webhooks counts a 3xx as a failure, since following them loads both sides for
 * nothing. Resolves with the outcome for any answer or network failure; rejects only when `signal` aborts.
 *
 * @example
 * import { deliverWebhook } from './deliver-webhook.ts';
 * const outcome = await deliverWebhook({
 *   url: 'https://example.com/hooks', secrets: ['whsec_…'], webhookId: 'msg_1',
 *   body: JSON.stringify({ type: 'webhook.ping', timestamp: new Date().toISOString(), data: {} }),
 *   fetch, now: Date.now,
 * });
 * if (!outcome.ok) console.log(outcome.code, outcome.retryable);
 */
export async function deliverWebhook(request: DeliveryRequest): Promise<DeliveryOutcome> {
  const started = request.now();
  const timestamp = Math.floor(started / 1000);
  const headers = signWebhook({
    id: request.webhookId,
    timestamp,
    body: request.body,
    secrets: request.secrets,
  });
  const where = redactText(redactUrl(new URL(request.url)));
  const limit = request.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  // A timer we can clear, covering the body too: a receiver that answers headers and then stalls is stuck as well.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${limit} ms`));
  }, limit);
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const elapsed = () => Math.max(0, request.now() - started);

  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'hotpilot-webhooks', ...headers },
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    await drain(response);
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, status, timestamp, durationMs: elapsed() };
    const retryAfterMs = retryDelayFromHeaders(headerRecord(response.headers), request.now());
    const gone = status === 410;
    const clientError = status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
    return {
      ok: false,
      status,
      code: gone ? 'ENDPOINT_GONE' : `HTTP_${status}`,
      message: `POST ${where} answered ${status}`,
      retryable: !clientError,
      gone,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      timestamp,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    const code = timedOut ? 'TIMEOUT' : 'NETWORK_ERROR';
    const detail = timedOut ? `no answer within ${limit} ms` : networkMessage(error);
    return {
      ok: false,
      status: 0,
      code,
      message: redactText(`POST ${where} failed: ${detail}`),
      retryable: true,
      gone: false,
      timestamp,
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let read = 0;
  try {
    while (read < MAX_RESPONSE_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } finally {
    reader.releaseLock();
  }
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

function networkMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message =
    typeof cause?.message === 'string'
      ? cause.message
      : error instanceof Error
        ? error.message
        : String(error);
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 300);
}
