import type { HotmartWebhookEvent } from './webhook-event.ts';

/**
 * Why a body could not be turned into an event. Codes are stable; messages are for people.
 * - `empty_body`: nothing was sent.
 * - `invalid_json`: the body is neither parseable JSON nor a form post.
 * - `invalid_form`: a form-encoded body without any `key=value` field.
 * - `not_an_object`: valid JSON, but not an object (an array, a string, …).
 * - `missing_event`: no `event` name (v2), or no `status` (v1), so the event can't be identified.
 * - `unsupported_version`: `version` is neither `1.0.0` nor `2.0.0`.
 * - `invalid_envelope`: `id` or the creation date is missing or malformed.
 * - `invalid_data`: a known event whose `data` does not fit its family's shape (reference §6.6).
 *
 * @example
 * ```ts
 * import { WEBHOOK_PARSE_ERROR_CODES } from '@hotpilot/hotmart/webhooks';
 *
 * WEBHOOK_PARSE_ERROR_CODES.includes('invalid_data'); // true
 * ```
 */
export const WEBHOOK_PARSE_ERROR_CODES = [
  'empty_body',
  'invalid_json',
  'invalid_form',
  'not_an_object',
  'missing_event',
  'unsupported_version',
  'invalid_envelope',
  'invalid_data',
] as const;

/**
 * One of {@link WEBHOOK_PARSE_ERROR_CODES}.
 *
 * @example
 * ```ts
 * import type { WebhookParseErrorCode } from '@hotpilot/hotmart/webhooks';
 *
 * const retryable = (code: WebhookParseErrorCode) => code === 'empty_body';
 * ```
 */
export type WebhookParseErrorCode = (typeof WEBHOOK_PARSE_ERROR_CODES)[number];

/**
 * A parse failure: a stable `code`, a `message` saying what is wrong and what to do, and where possible the
 * `path` of the offending field and the event's name and id (so a quarantined delivery can be listed). Messages
 * never quote field values, so a hottok can't leak through them.
 *
 * @example
 * ```ts
 * import type { WebhookParseError } from '@hotpilot/hotmart/webhooks';
 *
 * const reason = (error: WebhookParseError) => `${error.code}: ${error.message}`;
 * ```
 */
export interface WebhookParseError {
  code: WebhookParseErrorCode;
  message: string;
  path?: (string | number)[];
  /** The `event` name, when the body got far enough to have one. */
  eventName?: string;
  /** The event `id`, when the body got far enough to have one. */
  eventId?: string;
}

/**
 * What {@link parseWebhook} returns: an event plus the quirks met on the way (`warnings`), or an error. It is a
 * value, never an exception, because the inbox calls the parser after storing the body and must keep going.
 *
 * @example
 * ```ts
 * import { parseWebhook } from '@hotpilot/hotmart/webhooks';
 *
 * const result = parseWebhook('{}');
 * const label = result.ok ? result.event.event : result.error.code; // 'missing_event'
 * ```
 */
export type WebhookParseResult =
  | { ok: true; event: HotmartWebhookEvent; warnings: string[] }
  | { ok: false; error: WebhookParseError };

/**
 * Options of {@link parseWebhook}.
 *
 * @example
 * ```ts
 * import type { ParseWebhookOptions } from '@hotpilot/hotmart/webhooks';
 *
 * const options: ParseWebhookOptions = { receivedAt: Date.now() };
 * ```
 */
export interface ParseWebhookOptions {
  /**
   * When the delivery was received (epoch ms). Used as `creation_date` of v1 posts, which carry no event time,
   * and of v2 bodies missing both `creation_date` and `creationDate`. Pass the inbox's stored `received_at` so
   * re-parsing a stored body gives the same event.
   */
  receivedAt?: number;
}
