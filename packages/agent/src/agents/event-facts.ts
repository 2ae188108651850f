import { AbandonmentData, PurchaseData } from '@hotpilot/hotmart/webhooks';
import type { EventRecord } from '../store/port.ts';

/**
 * What the agents read from a purchase event (`PURCHASE_*`), taken from the stored event's normalised view and its
 * parsed payload. Every field may be missing in a real delivery (reference §6.6), hence the nulls.
 *
 * @example
 * import type { PurchaseFacts } from './event-facts.ts';
 * const label = (facts: PurchaseFacts) => `${facts.product.name ?? 'product'} for ${facts.buyer.email ?? 'someone'}`;
 */
export interface PurchaseFacts {
  eventId: string;
  eventName: string;
  connectionId: string;
  /** Epoch ms of the event (its `creation_date`). */
  occurredAt: number;
  transaction: string | null;
  buyer: {
    email: string | null;
    name: string | null;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
    /** ISO country of the buyer's address, else of the checkout. */
    countryIso: string | null;
  };
  product: { id: string | null; name: string | null };
  /** What the buyer was charged for the offer (normalised by `normalizeWebhook`). */
  amount: { value: number; currency: string } | null;
  orderDate: number | null;
  approvedDate: number | null;
  paymentType: string | null;
  installments: number | null;
  /** `recurrence_number`: 1 for a subscription's first charge, 2… for renewals (absent for single purchases). */
  recurrenceNumber: number | null;
  /** `I` single purchase, `R` recurrence, `S` observed (reference §5.6). */
  businessModel: string | null;
  subscriberCode: string | null;
  offerCode: string | null;
}

/**
 * What the agents read from a cart abandonment (`PURCHASE_OUT_OF_SHOPPING_CART`): no transaction and no price
 * (reference §6.6).
 *
 * @example
 * import type { AbandonmentFacts } from './event-facts.ts';
 * const key = (facts: AbandonmentFacts) => `${facts.buyer.email}:${facts.product.id}`;
 */
export interface AbandonmentFacts {
  eventId: string;
  connectionId: string;
  occurredAt: number;
  buyer: { email: string | null; name: string | null; phone: string | null; countryIso: string | null };
  product: { id: string | null; name: string | null };
  offerCode: string | null;
}

const text = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function dataOf(event: EventRecord): unknown {
  const payload = event.payload as { data?: unknown } | null;
  return payload && typeof payload === 'object' ? payload.data : undefined;
}

function normalizedAmount(event: EventRecord): PurchaseFacts['amount'] {
  const amount = event.normalized['amount'] as { value?: unknown; currency?: unknown } | undefined;
  const value = num(amount?.value);
  const currency = text(amount?.currency);
  return value !== null && currency !== null && /^[A-Za-z]{3}$/.test(currency)
    ? { value, currency: currency.toUpperCase() }
    : null;
}

function normalizedName(event: EventRecord, block: 'buyer' | 'product'): string | null {
  const value = event.normalized[block] as { name?: unknown } | undefined;
  return text(value?.name);
}

/**
 * Reads the facts of a purchase event. A payload that doesn't fit the purchase shape (a v1 form post mapped
 * oddly, say) still yields what the normalised view has.
 *
 * @example
 * import type { EventRecord } from '../store/port.ts';
 * import { purchaseFacts } from './event-facts.ts';
 * declare const event: EventRecord;
 * const { transaction, amount } = purchaseFacts(event);
 */
export function purchaseFacts(event: EventRecord): PurchaseFacts {
  const parsed = PurchaseData.safeParse(dataOf(event));
  const data = parsed.success ? parsed.data : null;
  const buyer = data?.buyer;
  const purchase = data?.purchase;
  const areaCode = text(buyer?.checkout_phone_code);
  const phone = text(buyer?.checkout_phone);
  return {
    eventId: event.id,
    eventName: event.name,
    connectionId: event.connectionId,
    occurredAt: event.occurredAt,
    transaction: event.transaction,
    buyer: {
      email: event.buyerEmail,
      name: normalizedName(event, 'buyer'),
      firstName: text(buyer?.first_name),
      lastName: text(buyer?.last_name),
      phone: phone === null ? null : areaCode === null ? phone : `(${areaCode}) ${phone}`,
      countryIso:
        (text(buyer?.address?.country_iso) ?? text(purchase?.checkout_country?.iso))?.toUpperCase() ?? null,
    },
    product: { id: event.productId, name: normalizedName(event, 'product') },
    amount: normalizedAmount(event),
    orderDate: num(purchase?.order_date),
    approvedDate: num(purchase?.approved_date),
    paymentType: text(purchase?.payment?.type),
    installments: num(purchase?.payment?.installments_number),
    recurrenceNumber: num(purchase?.recurrence_number),
    businessModel: text(purchase?.business_model)?.toUpperCase() ?? null,
    subscriberCode: event.subscriberCode,
    offerCode: text(purchase?.offer?.code),
  };
}

/**
 * Reads the facts of a cart abandonment.
 *
 * @example
 * import type { EventRecord } from '../store/port.ts';
 * import { abandonmentFacts } from './event-facts.ts';
 * declare const event: EventRecord;
 * const { buyer, product, offerCode } = abandonmentFacts(event);
 */
export function abandonmentFacts(event: EventRecord): AbandonmentFacts {
  const parsed = AbandonmentData.safeParse(dataOf(event));
  const data = parsed.success ? parsed.data : null;
  return {
    eventId: event.id,
    connectionId: event.connectionId,
    occurredAt: event.occurredAt,
    buyer: {
      email: event.buyerEmail,
      name: normalizedName(event, 'buyer'),
      phone: text(data?.buyer?.phone),
      countryIso: text(data?.checkout_country?.iso)?.toUpperCase() ?? null,
    },
    product: { id: event.productId, name: normalizedName(event, 'product') },
    offerCode: text(data?.offer?.code) ?? text(event.normalized['offerCode']),
  };
}
