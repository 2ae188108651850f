/**
 * Every webhook event name Hotmart documents for version 2.0.0 (reference §6.4), in catalogue order.
 * `ORDER_FULFILLMENT` (physical orders, changelog 2026-06-09) is listed although no sample of it has been published,
 * so the parser keeps it as an event of kind `'unknown'` rather than guessing its shape.
 *
 * @example
 * ```ts
 * import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
 *
 * const subscribable = HOTMART_EVENT_NAMES.filter((name) => name !== 'ORDER_FULFILLMENT');
 * ```
 */
export const HOTMART_EVENT_NAMES = [
  'PURCHASE_APPROVED',
  'PURCHASE_COMPLETE',
  'PURCHASE_CANCELED',
  'PURCHASE_REFUNDED',
  'PURCHASE_CHARGEBACK',
  'PURCHASE_BILLET_PRINTED',
  'PURCHASE_PROTEST',
  'PURCHASE_EXPIRED',
  'PURCHASE_DELAYED',
  'PURCHASE_OUT_OF_SHOPPING_CART',
  'SUBSCRIPTION_CANCELLATION',
  'SWITCH_PLAN',
  'UPDATE_SUBSCRIPTION_CHARGE_DATE',
  'CLUB_FIRST_ACCESS',
  'CLUB_MODULE_COMPLETED',
  'ORDER_FULFILLMENT',
] as const;

/**
 * One of the 16 documented webhook event names.
 *
 * @example
 * ```ts
 * import type { HotmartEventName } from '@hotpilot/hotmart/webhooks';
 *
 * const subscribed: HotmartEventName[] = ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED'];
 * ```
 */
export type HotmartEventName = (typeof HOTMART_EVENT_NAMES)[number];

/**
 * The nine events whose `data` has the purchase shape (reference §6.6): every `PURCHASE_*` except cart abandonment.
 *
 * @example
 * ```ts
 * import { PURCHASE_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
 *
 * const isPurchase = (name: string) => (PURCHASE_EVENT_NAMES as readonly string[]).includes(name);
 * ```
 */
export const PURCHASE_EVENT_NAMES = [
  'PURCHASE_APPROVED',
  'PURCHASE_COMPLETE',
  'PURCHASE_CANCELED',
  'PURCHASE_REFUNDED',
  'PURCHASE_CHARGEBACK',
  'PURCHASE_BILLET_PRINTED',
  'PURCHASE_PROTEST',
  'PURCHASE_EXPIRED',
  'PURCHASE_DELAYED',
] as const satisfies readonly HotmartEventName[];

/**
 * A purchase-family event name.
 *
 * @example
 * ```ts
 * import type { PurchaseEventName } from '@hotpilot/hotmart/webhooks';
 *
 * const refundLike: PurchaseEventName[] = ['PURCHASE_REFUNDED', 'PURCHASE_CHARGEBACK'];
 * ```
 */
export type PurchaseEventName = (typeof PURCHASE_EVENT_NAMES)[number];

/**
 * The payload family of an event: which `data` shape it carries. `'unknown'` covers `ORDER_FULFILLMENT` and any
 * name Hotmart adds later; those events are kept, with their `data` unparsed.
 *
 * @example
 * ```ts
 * import type { HotmartEventKind } from '@hotpilot/hotmart/webhooks';
 *
 * const crmRelevant: HotmartEventKind[] = ['purchase', 'abandonment'];
 * ```
 */
export type HotmartEventKind =
  | 'purchase'
  | 'abandonment'
  | 'subscription_cancellation'
  | 'switch_plan'
  | 'charge_date'
  | 'club_first_access'
  | 'club_module_completed'
  | 'unknown';

/**
 * The payload family of each documented event name (reference §6.4, "Payload family" column).
 *
 * @example
 * ```ts
 * import { HOTMART_EVENT_KINDS } from '@hotpilot/hotmart/webhooks';
 *
 * HOTMART_EVENT_KINDS.SWITCH_PLAN; // 'switch_plan'
 * ```
 */
export const HOTMART_EVENT_KINDS = {
  PURCHASE_APPROVED: 'purchase',
  PURCHASE_COMPLETE: 'purchase',
  PURCHASE_CANCELED: 'purchase',
  PURCHASE_REFUNDED: 'purchase',
  PURCHASE_CHARGEBACK: 'purchase',
  PURCHASE_BILLET_PRINTED: 'purchase',
  PURCHASE_PROTEST: 'purchase',
  PURCHASE_EXPIRED: 'purchase',
  PURCHASE_DELAYED: 'purchase',
  PURCHASE_OUT_OF_SHOPPING_CART: 'abandonment',
  SUBSCRIPTION_CANCELLATION: 'subscription_cancellation',
  SWITCH_PLAN: 'switch_plan',
  UPDATE_SUBSCRIPTION_CHARGE_DATE: 'charge_date',
  CLUB_FIRST_ACCESS: 'club_first_access',
  CLUB_MODULE_COMPLETED: 'club_module_completed',
  ORDER_FULFILLMENT: 'unknown',
} as const satisfies Record<HotmartEventName, HotmartEventKind>;

/**
 * Whether a value is one of the 16 documented event names (exact spelling, case-sensitive).
 *
 * @example
 * ```ts
 * import { isHotmartEventName } from '@hotpilot/hotmart/webhooks';
 *
 * isHotmartEventName('SWITCH_PLAN'); // true
 * isHotmartEventName('CART_ABANDONMENT'); // false: a doc page title, not an event name (reference §6.4)
 * ```
 */
export function isHotmartEventName(value: unknown): value is HotmartEventName {
  return typeof value === 'string' && Object.hasOwn(HOTMART_EVENT_KINDS, value);
}
