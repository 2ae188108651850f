import {
  ConnectionError,
  HotmartApiError,
  InvalidInputError,
  RateBudgetError,
  RateLimitError,
} from '@hotpilot/hotmart';
import { DeferRunError } from '../../engine/errors.ts';
import type { Clock } from '../../kit/clock.ts';
import { createVendorError, type VendorError } from '../errors.ts';

const VENDOR = 'hotmart';

/**
 * Turns an error of `@hotpilot/hotmart` into the connectors' error family, so the engine reacts to a Hotmart
 * failure like to any vendor's: a 4xx (bad request, not found, refused permission, bad credentials) becomes a
 * `VendorRequestError` and is not retried; a 429 becomes a `VendorRateLimitError` carrying Hotmart's reset time;
 * a 5xx, a timeout or an unreachable host becomes a retryable `VendorError`. Decided by class and status, never by
 * message text (STYLE convention 5). A spent client-side budget (`RateBudgetError`, only thrown when the caller
 * set a longest wait) becomes the engine's `DeferRunError`. The client has already retried what it safely could
 * before any of these reach us. Anything else (a bug, an abort) is returned unchanged.
 *
 * @example
 * import { toVendorError } from './hotmart-errors.ts';
 * try {
 *   await client.sales.refund('HP17715690036014');
 * } catch (error) {
 *   throw toVendorError(error, Date.now);
 * }
 */
export function toVendorError(error: unknown, now: Clock): VendorError | unknown {
  if (error instanceof RateBudgetError) {
    // Nothing was sent: the client's own budget is spent. A workflow gives its slot back until there is room.
    return new DeferRunError(error.message, error.retryAt, { code: error.code, cause: error });
  }
  if (error instanceof HotmartApiError) {
    const retryAfterMs =
      error instanceof RateLimitError && error.resetAt !== undefined
        ? Math.max(0, error.resetAt - now())
        : undefined;
    return createVendorError({
      vendor: VENDOR,
      status: error.status,
      // Hotmart's own `error` field (`purchase_not_found`, `invalid_token`…) when it sent one (reference §3.5).
      code: error.error ?? error.code,
      vendorMessage: error.errorDescription,
      request: error.request,
      // A 2xx that is not JSON (Hotmart's HTML page for unknown paths) will not change on a retry.
      ...(error.status < 300 ? { retryable: false } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  if (error instanceof ConnectionError) {
    return createVendorError({
      vendor: VENDOR,
      status: 0,
      code: error.code,
      vendorMessage: error.message,
      request: error.request,
      retryable: true,
      cause: error,
    });
  }
  if (error instanceof InvalidInputError) {
    // The client refused to send (a malformed id, say): nothing reached Hotmart, and the same input fails again.
    return createVendorError({
      vendor: VENDOR,
      status: 0,
      code: error.code,
      vendorMessage: error.issues.map((issue) => `${issue.path || 'input'}: ${issue.message}`).join('; '),
      request: { method: 'NONE', url: '(not sent)' },
      retryable: false,
      cause: error,
    });
  }
  return error;
}
