import { redactText } from '../../kit/redact.ts';
import { createVendorError, VendorError } from '../errors.ts';
import { redactUrl } from '../http.ts';
import type { DeliveryOutcome } from './deliver-webhook.ts';

/**
 * A failed attempt as the connectors' error family, for callers that want an exception (the action, and so
 * workflows, the CLI and MCP): a receiver's 4xx refusal (other than 408, 409 and 429) and 410 Gone are a
 * `VendorRequestError`, which engines don't retry; a 429 is a `VendorRateLimitError` with the receiver's
 * `Retry-After`; 408, 409, 3xx, 5xx, timeouts and network errors are a retryable `VendorError`.
 *
 * @example
 * import { deliverWebhook } from './deliver-webhook.ts';
 * import { deliveryError } from './delivery-error.ts';
 * const outcome = await deliverWebhook({ url: 'https://example.com/h', secrets: ['whsec_…'], webhookId: 'm1', body: '{}', fetch, now: Date.now });
 * if (!outcome.ok) throw deliveryError(outcome, 'https://example.com/h');
 */
export function deliveryError(outcome: Extract<DeliveryOutcome, { ok: false }>, url: string): Error {
  const details = {
    vendor: 'webhook-out',
    status: outcome.status,
    code: outcome.code,
    vendorMessage: outcome.message,
    request: { method: 'POST', url: redactText(redactUrl(new URL(url))) },
  };
  if (outcome.status === 429)
    return createVendorError({ ...details, retryAfterMs: outcome.retryAfterMs ?? 0 });
  // 409 is retryable for webhooks (Standard Webhooks treats only 2xx as done, and a conflict may clear), which the
  // generic vendor mapping, made for APIs, would call a client error.
  if (outcome.retryable) return new VendorError({ ...details, retryable: true });
  return createVendorError({ ...details, retryable: false });
}
