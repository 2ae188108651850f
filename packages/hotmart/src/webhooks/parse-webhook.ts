import type { z } from 'zod';

import { AbandonmentData } from './abandonment-data.ts';
import { ChargeDateData } from './charge-date-data.ts';
import { ClubFirstAccessData } from './club-first-access-data.ts';
import { ClubModuleCompletedData } from './club-module-completed-data.ts';
import { HOTMART_EVENT_KINDS, type HotmartEventKind, isHotmartEventName } from './event-names.ts';
import { assembleEvent, type EnvelopeParts } from './internal/assemble-event.ts';
import { readEpochMs } from './internal/epoch.ts';
import { legacyFromForm, legacyFromObject, parseLegacy } from './internal/legacy-form.ts';
import {
  decodeBody,
  isFormMediaType,
  isJsonMediaType,
  looksLikeForm,
  looksLikeJson,
  mediaTypeOf,
} from './internal/read-body.ts';
import { describeIssues } from './internal/zod-issue.ts';
import { PurchaseData } from './purchase-data.ts';
import { SubscriptionCancellationData } from './subscription-cancellation-data.ts';
import { SwitchPlanData } from './switch-plan-data.ts';
import type { CreationDateSource, WebhookVersion } from './webhook-event.ts';
import type { ParseWebhookOptions, WebhookParseError, WebhookParseResult } from './webhook-parse-result.ts';

const DATA_SCHEMAS: Record<Exclude<HotmartEventKind, 'unknown'>, z.ZodType> = {
  purchase: PurchaseData,
  abandonment: AbandonmentData,
  subscription_cancellation: SubscriptionCancellationData,
  switch_plan: SwitchPlanData,
  charge_date: ChargeDateData,
  club_first_access: ClubFirstAccessData,
  club_module_completed: ClubModuleCompletedData,
};

const SUPPORTED_VERSIONS: readonly string[] = ['1.0.0', '2.0.0'] satisfies WebhookVersion[];

type Failure = { ok: false; error: WebhookParseError };

const fail = (
  code: WebhookParseError['code'],
  message: string,
  extra: Partial<WebhookParseError> = {},
): Failure => ({
  ok: false,
  error: { code, message, ...extra },
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, value-free description of a JSON value's type for messages. */
const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

type JsonAttempt = { ok: true; value: unknown } | { ok: false; position?: number; truncated?: boolean };

function parseJson(text: string): JsonAttempt {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // V8's SyntaxError may quote the body around the fault; only the position is kept, so a hottok can't leak.
    const message = error instanceof Error ? error.message : '';
    if (message.includes('Unexpected end')) return { ok: false, truncated: true };
    const match = /position (\d+)/.exec(message);
    return match ? { ok: false, position: Number(match[1]) } : { ok: false };
  }
}

function invalidJson(attempt: { position?: number; truncated?: boolean }, hint: string): Failure {
  const where = attempt.truncated
    ? ' (it ends before the JSON is complete: was the body cut short?)'
    : attempt.position === undefined
      ? ''
      : ` (syntax error at character ${attempt.position})`;
  return fail('invalid_json', `the body is not valid JSON${where}; ${hint}`);
}

function readCreationDate(
  raw: Record<string, unknown>,
  options: ParseWebhookOptions,
  warnings: string[],
): { ms: number; source: CreationDateSource } | Failure {
  for (const field of ['creation_date', 'creationDate'] as const) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    const read = readEpochMs(value);
    if (read === undefined) {
      return fail(
        'invalid_envelope',
        `${field} must be a timestamp in epoch milliseconds (a non-negative number), got ${typeName(value)}`,
        { path: [field] },
      );
    }
    if (read.quoted) warnings.push(`${field} was a string of digits; read as epoch milliseconds`);
    if (field === 'creationDate') {
      warnings.push(
        'the creation date was read from "creationDate" (camelCase), a quirk of CLUB_FIRST_ACCESS and ' +
          'UPDATE_SUBSCRIPTION_CHARGE_DATE deliveries (reference §6.5)',
      );
    } else if (raw.creationDate !== undefined && raw.creationDate !== null) {
      warnings.push('both "creation_date" and "creationDate" are present; "creation_date" was used');
    }
    return { ms: read.ms, source: field };
  }
  const { receivedAt } = options;
  if (typeof receivedAt === 'number' && Number.isFinite(receivedAt) && receivedAt >= 0) {
    warnings.push('the body has no creation_date; the time it was received (options.receivedAt) was used');
    return { ms: receivedAt, source: 'received_at' };
  }
  return fail(
    'invalid_envelope',
    'the envelope has neither "creation_date" nor "creationDate" (reference §6.5); add one, in epoch ' +
      'milliseconds, or pass options.receivedAt',
    { path: ['creation_date'] },
  );
}

function readId(raw: Record<string, unknown>, warnings: string[]): string | Failure {
  const { id } = raw;
  if (typeof id === 'string' && id.trim() !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) {
    warnings.push('the event id was a number; it was converted to a string');
    return String(id);
  }
  return fail(
    'invalid_envelope',
    `the envelope "id" must be a non-empty string (Hotmart sends a UUID, used to de-duplicate deliveries), got ${
      id === undefined ? 'nothing' : typeName(id)
    }`,
    { path: ['id'] },
  );
}

/** The 2.0.0 envelope `{ id, creation_date, event, version, data }` (reference §6.5). */
function parseEnvelope(
  raw: Record<string, unknown>,
  warnings: string[],
  options: ParseWebhookOptions,
): WebhookParseResult {
  const name = raw.event;
  if (typeof name !== 'string' || name.trim() === '') {
    return fail(
      'missing_event',
      `the envelope has no "event" name (got ${name === undefined ? 'nothing' : typeName(name)}); ` +
        'Hotmart sends e.g. "event": "PURCHASE_APPROVED" (reference §6.4)',
      { path: ['event'] },
    );
  }

  let version: WebhookVersion;
  if (raw.version === undefined || raw.version === null) {
    warnings.push('the envelope has no "version"; 2.0.0 was assumed');
    version = '2.0.0';
  } else if (typeof raw.version === 'string' && SUPPORTED_VERSIONS.includes(raw.version)) {
    version = raw.version as WebhookVersion;
    if (version === '1.0.0')
      warnings.push('a JSON body declared version 1.0.0; it was read as a 2.0.0 envelope');
  } else {
    const shown = typeof raw.version === 'string' ? `"${raw.version.slice(0, 20)}"` : typeName(raw.version);
    return fail(
      'unsupported_version',
      `webhook version ${shown} is not supported; this parser reads 2.0.0 (JSON) and 1.0.0 (legacy form posts). ` +
        'Choose 2.0.0 in the Hotmart webhook settings (reference §6.1)',
      { path: ['version'], eventName: name },
    );
  }

  const id = readId(raw, warnings);
  if (typeof id !== 'string') return { ok: false, error: { ...id.error, eventName: name } };
  const creation = readCreationDate(raw, options, warnings);
  if ('ok' in creation) return { ok: false, error: { ...creation.error, eventName: name, eventId: id } };

  let hottok: string | undefined;
  if (typeof raw.hottok === 'string' && raw.hottok !== '') hottok = raw.hottok;
  else if (raw.hottok !== undefined && raw.hottok !== null && raw.hottok !== '') {
    warnings.push(`the body field "hottok" is ${typeName(raw.hottok)}, not a string; it was ignored`);
  }
  const envelope: EnvelopeParts = {
    id,
    version,
    creation_date: creation.ms,
    creation_date_source: creation.source,
    hottok,
    raw,
  };

  const kind = isHotmartEventName(name) ? HOTMART_EVENT_KINDS[name] : 'unknown';
  if (kind === 'unknown') {
    warnings.push(
      name === 'ORDER_FULFILLMENT'
        ? 'ORDER_FULFILLMENT has no published sample (reference §6.4); its data is kept unparsed'
        : `"${name.slice(0, 60)}" is not a documented event (reference §6.4); it is kept with its data unparsed`,
    );
    return { ok: true, event: assembleEvent(envelope, name, kind, raw.data), warnings };
  }

  if (raw.data === undefined || raw.data === null) {
    return fail(
      'invalid_data',
      `${name} has no "data" object; its ${kind} payload is required (reference §6.6)`,
      {
        path: ['data'],
        eventName: name,
        eventId: id,
      },
    );
  }
  const parsed = DATA_SCHEMAS[kind].safeParse(raw.data);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error, ['data']);
    return fail(
      'invalid_data',
      `${name} has a well-formed envelope but its data does not fit the ${kind} shape of reference §6.6: ` +
        `${issue.text}. The delivery should be kept for review; fix the sender, or report a Hotmart payload change`,
      { path: issue.path, eventName: name, eventId: id },
    );
  }
  return { ok: true, event: assembleEvent(envelope, name, kind, parsed.data), warnings };
}

/** A JSON value: an envelope, or v1 fields that a proxy re-encoded as JSON. */
function parseJsonValue(
  value: unknown,
  warnings: string[],
  options: ParseWebhookOptions,
): WebhookParseResult {
  if (!isPlainObject(value)) {
    return fail(
      'not_an_object',
      `the body is JSON ${typeName(value)}, not an object; Hotmart sends one event per request as ` +
        '{ "id", "event", "version", "creation_date", "data" } (reference §6.5)',
    );
  }
  const legacyShaped =
    value.event === undefined &&
    value.data === undefined &&
    typeof value.status === 'string' &&
    (value.prod !== undefined || value.transaction !== undefined || value.hottok !== undefined);
  if (legacyShaped) {
    warnings.push(
      'the JSON body holds flat v1 fields (status, prod, transaction…); it was read as a legacy post',
    );
    return parseLegacy(legacyFromObject(value, warnings), warnings, options);
  }
  return parseEnvelope(value, warnings, options);
}

function parseForm(text: string, warnings: string[], options: ParseWebhookOptions): WebhookParseResult {
  const read = legacyFromForm(text, warnings);
  return read.ok ? parseLegacy(read.delivery, warnings, options) : read;
}

function parse(
  body: string | Uint8Array,
  contentType: string | null | undefined,
  options: ParseWebhookOptions,
): WebhookParseResult {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return fail(
      'empty_body',
      `no body was given (got ${typeName(body)}); pass the request body as a string or bytes`,
    );
  }
  const { text, warnings } = decodeBody(body);
  const trimmed = text.trim();
  if (trimmed === '') {
    return fail('empty_body', 'the body is empty; Hotmart always sends a JSON envelope (or a v1 form post)');
  }
  const media = mediaTypeOf(contentType);

  if (isFormMediaType(media)) {
    if (looksLikeJson(trimmed)) {
      const attempt = parseJson(text);
      if (attempt.ok) {
        warnings.push(`the content type is ${media} but the body is JSON; it was parsed as JSON`);
        return parseJsonValue(attempt.value, warnings, options);
      }
    }
    return parseForm(text, warnings, options);
  }

  if (isJsonMediaType(media)) {
    const attempt = parseJson(text);
    if (attempt.ok) return parseJsonValue(attempt.value, warnings, options);
    if (looksLikeForm(trimmed)) {
      warnings.push(
        `the content type is ${media} but the body is a form post; it was read as a legacy v1 post`,
      );
      return parseForm(text, warnings, options);
    }
    return invalidJson(
      attempt,
      'check what is posting to this URL: Hotmart sends a JSON object (reference §6.5)',
    );
  }

  // No content type, or one that says nothing useful (text/plain, octet-stream): go by the body.
  if (!looksLikeJson(trimmed) && looksLikeForm(trimmed)) return parseForm(text, warnings, options);
  const attempt = parseJson(text);
  if (attempt.ok) return parseJsonValue(attempt.value, warnings, options);
  return invalidJson(
    attempt,
    'the body is neither a JSON envelope (starting with "{") nor a legacy form post ("key=value&…"); ' +
      'send Content-Type: application/json with the event object',
  );
}

/**
 * Parses a Hotmart webhook body into a typed event. JSON bodies are 2.0.0 envelopes (reference §6.5);
 * `application/x-www-form-urlencoded` bodies, or bodies shaped `key=value&…`, are legacy 1.0.0 posts (reference
 * §6.2), normalised to the 2.0.0 purchase shape. Mislabelled bodies are read by their content, with a warning.
 *
 * Never throws and never drops what it understood: unknown keys pass through in `data` and `raw`; unknown event
 * names (and `ORDER_FULFILLMENT`) come back as kind `'unknown'`; a known event whose `data` does not fit its shape
 * is an `invalid_data` error, for the inbox to quarantine. The caller keeps the raw body either way.
 *
 * @example
 * ```ts
 * import { parseWebhook } from '@hotpilot/hotmart/webhooks';
 *
 * const body = JSON.stringify({
 *   id: '5c1c2f0e-3d9b-4c61-9f45-5f1f0d1e2a3b',
 *   creation_date: 1763247745737,
 *   event: 'PURCHASE_APPROVED',
 *   version: '2.0.0',
 *   data: { purchase: { transaction: 'HP1234567890', status: 'APPROVED' } },
 * });
 * const result = parseWebhook(body, 'application/json');
 * if (result.ok && result.event.kind === 'purchase') {
 *   result.event.data.purchase.transaction; // 'HP1234567890'
 * }
 * ```
 */
export function parseWebhook(
  body: string | Uint8Array,
  contentType?: string | null,
  options: ParseWebhookOptions = {},
): WebhookParseResult {
  try {
    return parse(body, contentType, options ?? {});
  } catch (error) {
    // A safety net for the "never throws" contract the inbox relies on; reaching it is a bug in this parser.
    const kind = error instanceof Error ? error.name : typeof error;
    return fail(
      'invalid_envelope',
      `the parser failed unexpectedly (${kind}); the stored body is intact — please report this delivery`,
    );
  }
}
