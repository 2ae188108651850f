import type { PurchaseFacts } from '../event-facts.ts';

/**
 * Whether a paid purchase is the buyer's first purchase of the offer or a subscription renewal, and what told.
 *
 * @example
 * import type { PurchaseClass } from './classify-purchase.ts';
 * const welcome = (purchase: PurchaseClass) => purchase.kind === 'first-purchase';
 */
export interface PurchaseClass {
  kind: 'first-purchase' | 'renewal';
  /** Where the answer came from: the event's fields, the subscriber's purchases at Hotmart, or the default. */
  basis: 'recurrence_number' | 'business_model' | 'no_subscription' | 'subscriber_purchases' | 'default';
  /** The charge's number in the subscription (1 = first), when known. */
  recurrenceNumber: number | null;
}

// REST statuses of a charge the buyer paid (reference §5.1).
const PAID_STATUSES = new Set(['APPROVED', 'COMPLETE']);

/**
 * Classifies from the event alone, when it can: `recurrence_number` (1 = a subscription's first charge, more =
 * renewal), `business_model` `I` (a single purchase, reference §5.6), or no subscription at all. Null when only the
 * subscription's history can tell (a recurring purchase without a recurrence number).
 *
 * @example
 * import type { PurchaseFacts } from '../event-facts.ts';
 * import { classifyFromEvent } from './classify-purchase.ts';
 * declare const facts: PurchaseFacts;
 * classifyFromEvent({ ...facts, recurrenceNumber: 3 }); // { kind: 'renewal', basis: 'recurrence_number', recurrenceNumber: 3 }
 */
export function classifyFromEvent(
  facts: Pick<PurchaseFacts, 'recurrenceNumber' | 'businessModel' | 'subscriberCode'>,
): PurchaseClass | null {
  const { recurrenceNumber } = facts;
  if (recurrenceNumber !== null && recurrenceNumber >= 1) {
    return {
      kind: recurrenceNumber > 1 ? 'renewal' : 'first-purchase',
      basis: 'recurrence_number',
      recurrenceNumber,
    };
  }
  if (facts.businessModel === 'I') {
    return { kind: 'first-purchase', basis: 'business_model', recurrenceNumber: null };
  }
  if (facts.subscriberCode === null && facts.businessModel === null) {
    return { kind: 'first-purchase', basis: 'no_subscription', recurrenceNumber: null };
  }
  return null;
}

/**
 * A subscriber purchase as `hotmart_list_subscriber_purchases` returns it (the fields read here).
 *
 * @example
 * import type { SubscriberPurchaseLike } from './classify-purchase.ts';
 * const purchase: SubscriberPurchaseLike = { transaction: 'HP1', status: 'APPROVED', recurrency_number: 2 };
 */
export interface SubscriberPurchaseLike {
  transaction?: string | undefined;
  status?: string | undefined;
  approved_date?: number | null | undefined;
  recurrency_number?: number | undefined;
}

/**
 * Classifies from the subscription's purchases at Hotmart: this transaction's own `recurrency_number` when listed,
 * else whether an earlier paid charge exists (then this one renews it).
 *
 * @example
 * import { classifyFromSubscriberPurchases } from './classify-purchase.ts';
 * classifyFromSubscriberPurchases(
 *   [{ transaction: 'HP1', status: 'COMPLETE', approved_date: 1 }, { transaction: 'HP2', status: 'APPROVED' }],
 *   { transaction: 'HP2', paidAt: 2 },
 * ); // { kind: 'renewal', basis: 'subscriber_purchases', recurrenceNumber: null }
 */
export function classifyFromSubscriberPurchases(
  purchases: readonly SubscriberPurchaseLike[],
  current: { transaction: string; paidAt: number },
): PurchaseClass {
  const own = purchases.find((purchase) => purchase.transaction === current.transaction);
  if (typeof own?.recurrency_number === 'number' && own.recurrency_number >= 1) {
    return {
      kind: own.recurrency_number > 1 ? 'renewal' : 'first-purchase',
      basis: 'subscriber_purchases',
      recurrenceNumber: own.recurrency_number,
    };
  }
  const earlier = purchases.some(
    (purchase) =>
      purchase.transaction !== current.transaction &&
      PAID_STATUSES.has(purchase.status ?? '') &&
      typeof purchase.approved_date === 'number' &&
      purchase.approved_date < current.paidAt,
  );
  return {
    kind: earlier ? 'renewal' : 'first-purchase',
    basis: 'subscriber_purchases',
    recurrenceNumber: null,
  };
}
