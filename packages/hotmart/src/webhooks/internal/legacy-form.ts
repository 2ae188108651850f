import { createHash } from 'node:crypto';

import { PurchaseData } from '../purchase-data.ts';
import type { ParseWebhookOptions, WebhookParseError, WebhookParseResult } from '../webhook-parse-result.ts';
import { assembleEvent, type EnvelopeParts } from './assemble-event.ts';
import { readLegacyDate } from './epoch.ts';
import { legacyToPurchaseData } from './legacy-purchase-data.ts';
import { legacyStatusMapping } from './legacy-status.ts';
import { describeIssues } from './zod-issue.ts';

/**
 * A v1 delivery reduced to its fields, whatever the transport (form body, or the same fields re-sent as JSON).
 *
 * @example
 * ```ts
 * import type { LegacyDelivery } from './legacy-form.ts';
 *
 * const delivery: LegacyDelivery = { fields: new Map([['status', 'approved']]), raw: { status: 'approved' }, canonical: '[]' };
 * ```
 */
export interface LegacyDelivery {
  /** First value of each field, used to build the event. */
  fields: Map<string, string>;
  /** Every field as received; a repeated key keeps all its values as an array. */
  raw: Record<string, unknown>;
  /** A stable rendering of the fields without the hottok, hashed into the event id. */
  canonical: string;
}

const fail = (code: WebhookParseError['code'], message: string, extra: Partial<WebhookParseError> = {}) =>
  ({ ok: false, error: { code, message, ...extra } }) as const;

function canonicalOf(pairs: readonly (readonly [string, string])[]): string {
  // Sorted, so a sender that reorders fields on redelivery still produces the same id; the hottok is left out so
  // the id survives a hottok rotation and no digest of the secret is ever published.
  const kept = pairs.filter(([key]) => key !== 'hottok').map(([key, value]) => `${key}=${value}`);
  return JSON.stringify(kept.sort());
}

function deliveryOf(pairs: readonly (readonly [string, string])[], warnings: string[]): LegacyDelivery {
  const values = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const seen = values.get(key);
    if (seen === undefined) {
      values.set(key, [value]);
    } else {
      if (seen.length === 1)
        warnings.push(`legacy field "${key.slice(0, 40)}" appears more than once; its first value was used`);
      seen.push(value);
    }
  }
  const fields = new Map<string, string>();
  const raw: Record<string, unknown> = {};
  for (const [key, all] of values) {
    fields.set(key, all[0]!);
    // defineProperty, not assignment: a field named "__proto__" must stay a key instead of replacing the prototype.
    Object.defineProperty(raw, key, {
      value: all.length === 1 ? all[0] : all,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { fields, raw, canonical: canonicalOf(pairs) };
}

/**
 * Reads a form-encoded body; `invalid_form` when it holds no `key=value` field at all.
 *
 * @example
 * ```ts
 * import { legacyFromForm } from './legacy-form.ts';
 *
 * const read = legacyFromForm('status=approved&transaction=HP1', []);
 * if (read.ok) read.delivery.fields.get('status'); // 'approved'
 * ```
 */
export function legacyFromForm(
  text: string,
  warnings: string[],
): { ok: true; delivery: LegacyDelivery } | ReturnType<typeof fail> {
  const pairs = [...new URLSearchParams(text.trim())].filter(([key]) => key.length > 0);
  if (pairs.length === 0 || !text.includes('=')) {
    return fail(
      'invalid_form',
      'the body was sent as a form but holds no key=value fields; a v1 (legacy) delivery reads ' +
        '"hottok=…&status=…&transaction=…" joined by "&" (reference §6.2)',
    );
  }
  return { ok: true, delivery: deliveryOf(pairs, warnings) };
}

/**
 * Reads v1 fields that arrived as a flat JSON object (a proxy re-encoding the form). Non-scalar values stay in raw.
 *
 * @example
 * ```ts
 * import { legacyFromObject } from './legacy-form.ts';
 *
 * legacyFromObject({ status: 'approved', prod: 1439 }, []).fields.get('prod'); // '1439'
 * ```
 */
export function legacyFromObject(object: Record<string, unknown>, warnings: string[]): LegacyDelivery {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      pairs.push([key, String(value)]);
    }
  }
  const delivery = deliveryOf(pairs, warnings);
  return { ...delivery, raw: object };
}

/**
 * Turns a v1 delivery into a `version: '1.0.0'` event. A known `status` gives a purchase event with `data` in the
 * v2 purchase shape (reference §6.6) as far as the fields allow; an unknown one gives kind `'unknown'` named
 * `V1_<STATUS>`. v1 has no event id, so the id is `v1-` + 32 hex digits of SHA-256 over the transaction, the
 * status and the canonical fields: a redelivery of the same post gets the same id and is de-duplicated.
 *
 * @example
 * ```ts
 * import { legacyFromObject, parseLegacy } from './legacy-form.ts';
 *
 * const warnings: string[] = [];
 * const delivery = legacyFromObject({ status: 'refunded', transaction: 'HP1' }, warnings);
 * const result = parseLegacy(delivery, warnings, { receivedAt: Date.now() }); // PURCHASE_REFUNDED, version 1.0.0
 * ```
 */
export function parseLegacy(
  delivery: LegacyDelivery,
  warnings: string[],
  options: ParseWebhookOptions,
): WebhookParseResult {
  const { fields } = delivery;
  const status = fields.get('status')?.trim().toLowerCase();
  if (!status) {
    return fail(
      'missing_event',
      'the legacy (v1) post has no "status" field, so its event cannot be told; v1 posts carry ' +
        '"status=approved" and similar (reference §6.2). Check the sender or switch the webhook to version 2.0.0',
      { path: ['status'] },
    );
  }
  const transaction = fields.get('transaction')?.trim() || undefined;
  const digest = createHash('sha256')
    .update(JSON.stringify([transaction ?? '', status, delivery.canonical]))
    .digest('hex');
  const id = `v1-${digest.slice(0, 32)}`;
  const mapping = legacyStatusMapping(status);
  // Sanitised before it is used in a name or a message: the status is whatever the sender wrote.
  const label = status.replace(/[^a-z0-9]+/g, '_').slice(0, 40);
  const eventName = mapping ? mapping.event : `V1_${label.toUpperCase()}`;

  let creation: { ms: number; source: 'received_at' | 'purchase_date' } | undefined;
  if (
    typeof options.receivedAt === 'number' &&
    Number.isFinite(options.receivedAt) &&
    options.receivedAt >= 0
  ) {
    // v1 posts carry no event time; the delivery time is closer to the status change than the order date.
    creation = { ms: options.receivedAt, source: 'received_at' };
  } else {
    const purchaseDate = readLegacyDate(fields.get('purchase_date'));
    if (purchaseDate) {
      creation = { ms: purchaseDate.ms, source: 'purchase_date' };
      warnings.push(
        'creation_date of this legacy post is its purchase_date; pass options.receivedAt to use the delivery time',
      );
      if (purchaseDate.assumedZone)
        warnings.push('purchase_date has no time zone; Brasília time (UTC-3) was assumed');
    }
  }
  if (creation === undefined) {
    return fail(
      'invalid_envelope',
      'the legacy (v1) post has no event time and no readable purchase_date; pass options.receivedAt ' +
        '(the time the inbox received it) to parse it',
      { path: ['purchase_date'], eventName, eventId: id },
    );
  }

  const data = legacyToPurchaseData(fields, mapping?.status ?? status.toUpperCase(), warnings);
  const envelope: EnvelopeParts = {
    id,
    version: '1.0.0',
    creation_date: creation.ms,
    creation_date_source: creation.source,
    hottok: fields.get('hottok') || undefined,
    raw: delivery.raw,
  };

  if (mapping === undefined) {
    warnings.push(`legacy status "${label}" has no v2 event; kept as ${eventName} of kind unknown`);
    return { ok: true, event: assembleEvent(envelope, eventName, 'unknown', data), warnings };
  }
  if (transaction === undefined) {
    return fail(
      'invalid_data',
      `the legacy (v1) "${label}" post has no "transaction" field, which every purchase event needs to be ` +
        'reconciled with the sales history; check the sender',
      { path: ['transaction'], eventName, eventId: id },
    );
  }
  const parsed = PurchaseData.safeParse(data);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error, ['data']);
    return fail('invalid_data', `the legacy (v1) post could not be normalised: ${issue.text}`, {
      path: issue.path,
      eventName,
      eventId: id,
    });
  }
  warnings.push(`legacy v1 form post normalised to ${mapping.event} (reference §6.2)`);
  if (mapping.note) warnings.push(mapping.note);
  return { ok: true, event: assembleEvent(envelope, mapping.event, 'purchase', parsed.data), warnings };
}
