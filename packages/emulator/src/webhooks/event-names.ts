import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import type { StateChange } from '../model.ts';

/**
 * The v2.0.0 webhook events the emulator can deliver (reference §6.4, the fifteen digital-product events;
 * `ORDER_FULFILLMENT` is left out because no sample of its payload exists).
 *
 * @example
 * const subscribed: WebhookEventName[] = ['PURCHASE_APPROVED', 'SUBSCRIPTION_CANCELLATION'];
 */
export type WebhookEventName = StateChange['event'];

/**
 * Every event the emulator delivers, in the order of reference §6.4.
 *
 * @example
 * const subscribeToAll = [...WEBHOOK_EVENT_NAMES];
 */
export const WEBHOOK_EVENT_NAMES: readonly WebhookEventName[] = HOTMART_EVENT_NAMES.filter(
  (name): name is WebhookEventName => name !== 'ORDER_FULFILLMENT',
);

/**
 * The purchase-family events: those whose state change names a transaction.
 *
 * @example
 * const refundLike: PurchaseEventName[] = ['PURCHASE_REFUNDED', 'PURCHASE_CHARGEBACK'];
 */
export type PurchaseEventName = Extract<StateChange, { transaction: string }>['event'];

/**
 * The purchase-family events (reference §6.6 "Purchase events": every `PURCHASE_*` except the cart abandonment).
 *
 * @example
 * const isPurchase = PURCHASE_EVENT_NAMES.includes('PURCHASE_REFUNDED' as PurchaseEventName);
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
] as const satisfies readonly PurchaseEventName[];

const purchaseEvents: ReadonlySet<string> = new Set(PURCHASE_EVENT_NAMES);

/**
 * Narrows a state change to the purchase family.
 *
 * @example
 * const change: StateChange = { event: 'PURCHASE_APPROVED', transaction: 'HP0001' };
 * if (isPurchaseChange(change)) console.log(change.transaction);
 */
export function isPurchaseChange(
  change: StateChange,
): change is Extract<StateChange, { transaction: string }> {
  return purchaseEvents.has(change.event);
}
