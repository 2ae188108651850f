import { createHash, createHmac } from 'node:crypto';
import { secretKey } from './webhook-secret.ts';

/**
 * The three Standard Webhooks headers of one delivery attempt.
 *
 * @example
 * import type { WebhookHeaders } from './sign-webhook.ts';
 * const headers: WebhookHeaders = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1674087231', 'webhook-signature': 'v1,…' };
 */
export interface WebhookHeaders {
  'webhook-id': string;
  /** Seconds since the epoch of this attempt (not of the event). */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256>`, space-separated when several secrets sign (rotation). */
  'webhook-signature': string;
}

/**
 * The `v1` signature of one message: base64 HMAC-SHA256, keyed with the secret's decoded bytes, of
 * `${id}.${timestamp}.${body}` — the exact body bytes sent.
 *
 * @example
 * import { generateWebhookSecret } from './webhook-secret.ts';
 * import { signatureOf } from './sign-webhook.ts';
 * signatureOf(generateWebhookSecret(), 'msg_1', 1674087231, '{"type":"x"}'); // 'v1,K5oZ…='
 */
export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * Signs a message: the `webhook-*` headers for `body`, signed with every secret given (the current one first and,
 * during a rotation, the previous ones), so a receiver still holding an old secret keeps verifying.
 *
 * @example
 * import { generateWebhookSecret } from './webhook-secret.ts';
 * import { signWebhook } from './sign-webhook.ts';
 * const headers = signWebhook({ id: 'msg_1', timestamp: 1674087231, body: '{}', secrets: [generateWebhookSecret()] });
 */
export function signWebhook(message: {
  id: string;
  timestamp: number;
  body: string;
  secrets: readonly string[];
}): WebhookHeaders {
  if (message.secrets.length === 0) throw new TypeError('signWebhook needs at least one secret');
  if (!Number.isInteger(message.timestamp) || message.timestamp < 0) {
    throw new TypeError('webhook-timestamp must be whole seconds since the epoch');
  }
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': message.secrets
      .map((secret) => signatureOf(secret, message.id, message.timestamp, message.body))
      .join(' '),
  };
}

// What may appear in a `webhook-id` as is. Standard Webhooks asks that the id never contain a `.`, the delimiter
// of the signed content; we keep to a conservative header-safe set.
const SAFE_ID = /^[A-Za-z0-9_:-]{1,200}$/;

/**
 * The `webhook-id` for an idempotency key: the key itself when it is header-safe and has no `.` (the signed
 * content's delimiter, which Standard Webhooks forbids in ids), otherwise `msg_` and a SHA-256 digest of it. Either
 * way the same key always gives the same id, so retries and replays carry one id the receiver can dedup on.
 *
 * @example
 * import { webhookIdFor } from './sign-webhook.ts';
 * webhookIdFor('webhook-out:crm:evt-1:deliver'); // 'webhook-out:crm:evt-1:deliver'
 * webhookIdFor('run.1:step'); // 'msg_…' (32 hex characters)
 */
export function webhookIdFor(idempotencyKey: string): string {
  if (SAFE_ID.test(idempotencyKey)) return idempotencyKey;
  return `msg_${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32)}`;
}
