import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The prefix Standard Webhooks gives symmetric signing secrets, for easy identification.
 *
 * @example
 * import { SECRET_PREFIX } from './webhook-secret.ts';
 * const looksLikeSecret = (value: string) => value.startsWith(SECRET_PREFIX);
 */
export const SECRET_PREFIX = 'whsec_';
/**
 * Fewest random bytes in a secret (Standard Webhooks: at least 24 bytes, 192 bits).
 *
 * @example
 * import { generateWebhookSecret, MIN_SECRET_BYTES } from './webhook-secret.ts';
 * const smallest = generateWebhookSecret(MIN_SECRET_BYTES);
 */
export const MIN_SECRET_BYTES = 24;
/**
 * Most random bytes in a secret we accept or generate.
 *
 * @example
 * import { generateWebhookSecret, MAX_SECRET_BYTES } from './webhook-secret.ts';
 * const largest = generateWebhookSecret(MAX_SECRET_BYTES);
 */
export const MAX_SECRET_BYTES = 64;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A Standard Webhooks signing secret: `whsec_` followed by the standard base64 of 24–64 random bytes. The HMAC key
 * is the decoded bytes, not the text. Messages never echo the value.
 *
 * @example
 * import { WebhookSecret } from './webhook-secret.ts';
 * WebhookSecret.safeParse('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').success; // true
 * WebhookSecret.safeParse('my-password').success; // false
 */
export const WebhookSecret = z.string().superRefine((value, context) => {
  if (!value.startsWith(SECRET_PREFIX)) {
    context.addIssue({ code: 'custom', message: `must start with "${SECRET_PREFIX}"` });
    return;
  }
  const encoded = value.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) {
    context.addIssue({ code: 'custom', message: `must be "${SECRET_PREFIX}" followed by standard base64` });
    return;
  }
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    context.addIssue({
      code: 'custom',
      message: `must encode ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} random bytes (it encodes ${bytes})`,
    });
  }
});

/**
 * Generates a new signing secret from `bytes` random bytes (default 32).
 *
 * @example
 * import { generateWebhookSecret } from './webhook-secret.ts';
 * const secret = generateWebhookSecret(); // 'whsec_…' (44 base64 characters after the prefix)
 */
export function generateWebhookSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw new RangeError(`a secret has ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} random bytes, not ${bytes}`);
  }
  return `${SECRET_PREFIX}${randomBytes(bytes).toString('base64')}`;
}

/**
 * The HMAC key of a secret: the base64-decoded part after `whsec_`.
 *
 * @example
 * import { generateWebhookSecret, secretKey } from './webhook-secret.ts';
 * secretKey(generateWebhookSecret(24)).length; // 24
 */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}
