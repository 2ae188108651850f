import { timingSafeEqual } from 'node:crypto';
import { signatureOf } from './sign-webhook.ts';

/**
 * How far the `webhook-timestamp` may be from now, either way (Standard Webhooks' usual 5 minutes).
 *
 * @example
 * import { DEFAULT_TOLERANCE_SECONDS } from './verify-webhook.ts';
 * const lenient = DEFAULT_TOLERANCE_SECONDS * 2;
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Why a delivery did not verify.
 *
 * @example
 * import type { VerifyFailure } from './verify-webhook.ts';
 * const reason: VerifyFailure = 'timestamp_too_old';
 */
export type VerifyFailure =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature';

/**
 * The outcome of `verifyWebhook`.
 *
 * @example
 * import type { VerifyResult } from './verify-webhook.ts';
 * const result: VerifyResult = { valid: false, reason: 'no_matching_signature' };
 */
export type VerifyResult = { valid: true } | { valid: false; reason: VerifyFailure };

/**
 * Verifies a Standard Webhooks delivery as a receiver must: all three headers present, the timestamp within the
 * tolerance of now (against replays), and one of the `v1` signatures of the header equal — compared in constant
 * time — to the signature computed with one of `secrets` over the raw body. Header names are matched
 * case-insensitively.
 *
 * @example
 * import { verifyWebhook } from './verify-webhook.ts';
 * declare const rawBody: string;
 * declare const headers: Record<string, string>;
 * const result = verifyWebhook({ payload: rawBody, headers, secrets: ['whsec_…'], now: Date.now() });
 * if (!result.valid) console.log(result.reason);
 */
export function verifyWebhook(input: {
  payload: string;
  headers: Readonly<Record<string, string | undefined>>;
  secrets: readonly string[];
  /** Epoch milliseconds. */
  now: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  const id = headers['webhook-id'];
  const timestampText = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestampText || !signatures) return { valid: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestampText)) return { valid: false, reason: 'invalid_timestamp' };
  const timestamp = Number(timestampText);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(input.now / 1000);
  if (nowSeconds - timestamp > tolerance) return { valid: false, reason: 'timestamp_too_old' };
  if (timestamp - nowSeconds > tolerance) return { valid: false, reason: 'timestamp_too_new' };

  const offered = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry, 'utf8'));
  for (const secret of input.secrets) {
    const expected = Buffer.from(signatureOf(secret, id, timestamp, input.payload), 'utf8');
    if (
      offered.some(
        (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
      )
    ) {
      return { valid: true };
    }
  }
  return { valid: false, reason: 'no_matching_signature' };
}
