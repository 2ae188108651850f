import { randomUUID } from 'node:crypto';

import type { AbandonmentData } from './abandonment-data.ts';
import type { ChargeDateData } from './charge-date-data.ts';
import type { ClubFirstAccessData } from './club-first-access-data.ts';
import type { ClubModuleCompletedData } from './club-module-completed-data.ts';
import { type HotmartEventName, PURCHASE_EVENT_NAMES, type PurchaseEventName } from './event-names.ts';
import { cloneJson, deepMerge } from './internal/deep-merge.ts';
import { CAMEL_CASE_CREATION_DATE, templateData } from './internal/delivery-templates.ts';
import { purchaseDataToLegacy } from './internal/legacy-purchase-data.ts';
import { LEGACY_STATUS_BY_EVENT } from './internal/legacy-status.ts';
import { PurchaseData } from './purchase-data.ts';
import type { SubscriptionCancellationData } from './subscription-cancellation-data.ts';
import type { SwitchPlanData } from './switch-plan-data.ts';

/**
 * A recursive partial: every field optional (and nullable), arrays given whole.
 *
 * @example
 * ```ts
 * import type { DeepPartial, PurchaseData } from '@hotpilot/hotmart/webhooks';
 *
 * const patch: DeepPartial<PurchaseData> = { buyer: { email: 'new@example.com' } };
 * ```
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/**
 * The parsed `data` type of an event name; `Record<string, unknown>` for `ORDER_FULFILLMENT`.
 *
 * @example
 * ```ts
 * import type { EventDataOf } from '@hotpilot/hotmart/webhooks';
 *
 * type SwitchData = EventDataOf<'SWITCH_PLAN'>;
 * ```
 */
export type EventDataOf<N extends HotmartEventName> = N extends PurchaseEventName
  ? PurchaseData
  : N extends 'PURCHASE_OUT_OF_SHOPPING_CART'
    ? AbandonmentData
    : N extends 'SUBSCRIPTION_CANCELLATION'
      ? SubscriptionCancellationData
      : N extends 'SWITCH_PLAN'
        ? SwitchPlanData
        : N extends 'UPDATE_SUBSCRIPTION_CHARGE_DATE'
          ? ChargeDateData
          : N extends 'CLUB_FIRST_ACCESS'
            ? ClubFirstAccessData
            : N extends 'CLUB_MODULE_COMPLETED'
              ? ClubModuleCompletedData
              : Record<string, unknown>;

/**
 * What {@link buildTestDelivery} may change in its template.
 *
 * @example
 * ```ts
 * import type { TestDeliveryOverrides } from '@hotpilot/hotmart/webhooks';
 *
 * const overrides: TestDeliveryOverrides<'PURCHASE_APPROVED'> = { hottok: 'secret', data: { purchase: { transaction: 'HP1' } } };
 * ```
 */
export interface TestDeliveryOverrides<N extends HotmartEventName = HotmartEventName> {
  /** The envelope id; a fresh UUID when neither this nor the base envelope gives one. Ignored for `form`. */
  id?: string;
  /** The creation date (epoch ms), written as `creationDate` for the events that spell it so; default: now. */
  creationDate?: number;
  /** The hottok: sent as the `x-hotmart-hottok` header (JSON) or as the `hottok` field (`form`). */
  hottok?: string;
  /** Also put `hottok` in the JSON body, as some deliveries do (reference §6.2); `false` removes a base one. */
  bodyHottok?: boolean;
  /** The envelope `version` (e.g. `'3.0.0'` to test rejection); default `'2.0.0'`. Ignored for `form`. */
  version?: string;
  /** Deep-merged into the template `data`; arrays replace, `null` sets null. */
  data?: DeepPartial<EventDataOf<N>>;
  /** Produce a v1 form post (`application/x-www-form-urlencoded`) instead; purchase events only. */
  form?: boolean;
}

/**
 * A delivery ready to POST: body text and headers.
 *
 * @example
 * ```ts
 * import type { TestDelivery } from '@hotpilot/hotmart/webhooks';
 *
 * const post = (url: string, delivery: TestDelivery) =>
 *   fetch(url, { method: 'POST', body: delivery.body, headers: delivery.headers });
 * ```
 */
export interface TestDelivery {
  body: string;
  headers: Record<string, string>;
}

const isPurchaseEvent = (name: unknown): name is PurchaseEventName =>
  typeof name === 'string' && (PURCHASE_EVENT_NAMES as readonly string[]).includes(name);

function formDelivery(name: unknown, data: unknown, hottok: string | undefined): TestDelivery {
  if (!isPurchaseEvent(name)) {
    throw new TypeError(`form deliveries exist for purchase events only (v1 had no ${String(name)} post)`);
  }
  const parsed = PurchaseData.safeParse(data);
  if (!parsed.success) {
    throw new TypeError(
      `the data of this ${name} form delivery is not a purchase payload: ${parsed.error.message}`,
    );
  }
  const fields: [string, string][] = [
    ...(hottok === undefined ? [] : [['hottok', hottok] as [string, string]]),
    ['status', LEGACY_STATUS_BY_EVENT[name]],
    ...purchaseDataToLegacy(parsed.data),
  ];
  // v1 authenticated with the body field only (handlers read $_POST['hottok'], reference §6.2): no header.
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/**
 * Builds a realistic webhook delivery for tests, demos and the emulator: a template per event name (or a whole
 * envelope you pass, such as a fixture), with `overrides` applied. JSON deliveries get a fresh UUID `id` unless
 * one is given, the `creationDate` spelling of the events that use it (reference §6.5), and the headers
 * `content-type: application/json` plus `x-hotmart-hottok` when a hottok is given. With `form: true` it
 * produces the v1 form post of a purchase event instead. Throws `TypeError` on a misuse (a form for a
 * non-purchase event, `bodyHottok` without a hottok), since it only ever runs in tests and tools.
 *
 * @example
 * ```ts
 * import { buildTestDelivery, parseWebhook } from '@hotpilot/hotmart/webhooks';
 *
 * const delivery = buildTestDelivery('PURCHASE_APPROVED', {
 *   hottok: 'test-hottok',
 *   data: { buyer: { email: 'ana@example.com' }, purchase: { transaction: 'HP9990001' } },
 * });
 * const result = parseWebhook(delivery.body, delivery.headers['content-type']);
 * ```
 */
export function buildTestDelivery<N extends HotmartEventName>(
  event: N,
  overrides?: TestDeliveryOverrides<N>,
): TestDelivery;
export function buildTestDelivery(
  event: Record<string, unknown>,
  overrides?: TestDeliveryOverrides,
): TestDelivery;
export function buildTestDelivery(
  event: HotmartEventName | Record<string, unknown>,
  overrides: TestDeliveryOverrides = {},
): TestDelivery {
  const base: Record<string, unknown> =
    typeof event === 'string' ? { event, version: '2.0.0', data: templateData(event) } : cloneJson(event);
  const name = base.event;
  const data = deepMerge(base.data, overrides.data);
  const hottok = overrides.hottok;

  if (overrides.form === true) return formDelivery(name, data, hottok);

  const camel =
    typeof event === 'string'
      ? CAMEL_CASE_CREATION_DATE.has(event)
      : base.creationDate !== undefined && base.creation_date === undefined;
  const dateKey = camel ? 'creationDate' : 'creation_date';
  const { id, event: _name, version, hottok: baseHottok, data: _data, ...rest } = base;
  const baseDate = rest[dateKey];
  delete rest[dateKey];
  let bodyHottok: unknown = baseHottok;
  if (overrides.bodyHottok === true) {
    bodyHottok = hottok ?? baseHottok;
    if (typeof bodyHottok !== 'string')
      throw new TypeError('bodyHottok: true needs a hottok to put in the body');
  } else if (overrides.bodyHottok === false) {
    bodyHottok = undefined;
  }

  const envelope = {
    id: overrides.id ?? (typeof id === 'string' && id !== '' ? id : randomUUID()),
    [dateKey]: overrides.creationDate ?? baseDate ?? Date.now(),
    event: name,
    version: overrides.version ?? version ?? '2.0.0',
    ...(bodyHottok === undefined ? {} : { hottok: bodyHottok }),
    ...rest,
    data,
  };
  return {
    body: JSON.stringify(envelope),
    headers: {
      'content-type': 'application/json',
      ...(hottok === undefined ? {} : { 'x-hotmart-hottok': hottok }),
    },
  };
}
