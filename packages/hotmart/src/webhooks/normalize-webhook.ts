import type { HotmartEventKind } from './event-names.ts';
import { PurchaseData } from './purchase-data.ts';
import type { WebhookPurchaseStatus } from './purchase-status.ts';
import type { HotmartWebhookEvent, WebhookVersion } from './webhook-event.ts';

/**
 * One view common to every event, whichever family it belongs to: who, what, which order or subscription, how
 * much. Every field past the envelope is optional because each family carries a different subset.
 *
 * - Ids (`product.id`, `plan.id`) are **strings**: club payloads send product ids as strings such as `"00000"`
 *   (reference §6.6), which a number would corrupt; numeric ids become their decimal string.
 * - `buyer.email` is trimmed and lowercased; empty strings are treated as absent.
 * - `amount.currency` is absent for `SUBSCRIPTION_CANCELLATION`, whose `actual_recurrence_value` names none.
 * - `status` is the webhook purchase vocabulary (reference §5.1), set for purchase events only.
 * - `reconciled` is true when the envelope carries `"reconciled": true`, the marker hotpilot's reconciliation puts
 *   on the synthetic events it creates for sales no webhook reported; Hotmart never sends it.
 *
 * @example
 * ```ts
 * import type { NormalizedEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const contactKey = (event: NormalizedEvent) => event.buyer?.email ?? event.subscriberCode;
 * ```
 */
export interface NormalizedEvent {
  id: string;
  name: string;
  kind: HotmartEventKind;
  version: WebhookVersion;
  /** Epoch milliseconds: the event's `creation_date`. */
  occurredAt: number;
  transaction?: string;
  buyer?: { email?: string; name?: string };
  product?: { id?: string; name?: string };
  subscriberCode?: string;
  plan?: { id?: string; name?: string };
  amount?: { value: number; currency?: string };
  status?: WebhookPurchaseStatus;
  offerCode?: string;
  affiliateCode?: string;
  reconciled: boolean;
}

type Parts = Omit<NormalizedEvent, 'id' | 'name' | 'kind' | 'version' | 'occurredAt' | 'reconciled'>;

const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const email = (value: unknown): string | undefined => text(value)?.toLowerCase();

const id = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : text(value);

/** Drops `undefined` members; `undefined` when nothing is left, so empty sub-objects are omitted. */
function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

function fromPurchase(data: PurchaseData): Parts {
  const { purchase } = data;
  // The price the buyer was charged for this offer; full_price (with fees/interest) only when price is missing.
  const money = [purchase.price, purchase.full_price].find(
    (candidate) => typeof candidate?.value === 'number',
  );
  const currency =
    text(money?.currency_value) ??
    text(purchase.full_price?.currency_value) ??
    text(purchase.original_offer_price?.currency_value);
  return {
    transaction: text(purchase.transaction),
    buyer: compact({ email: email(data.buyer?.email), name: text(data.buyer?.name) }),
    product: compact({ id: id(data.product?.id), name: text(data.product?.name) }),
    subscriberCode: text(data.subscription?.subscriber?.code),
    plan: compact({ id: id(data.subscription?.plan?.id), name: text(data.subscription?.plan?.name) }),
    amount: typeof money?.value === 'number' ? compact({ value: money.value, currency }) : undefined,
    status: text(purchase.status),
    offerCode: text(purchase.offer?.code),
    affiliateCode: data.affiliates?.map((affiliate) => text(affiliate.affiliate_code)).find(Boolean),
  };
}

function partsOf(event: HotmartWebhookEvent): Parts {
  switch (event.kind) {
    case 'purchase':
      return fromPurchase(event.data);
    case 'abandonment': {
      const { data } = event;
      return {
        buyer: compact({ email: email(data.buyer?.email), name: text(data.buyer?.name) }),
        product: compact({ id: id(data.product?.id), name: text(data.product?.name) }),
        offerCode: text(data.offer?.code),
      };
    }
    case 'subscription_cancellation': {
      const { data } = event;
      const value = data.actual_recurrence_value;
      return {
        buyer: compact({ email: email(data.subscriber?.email), name: text(data.subscriber?.name) }),
        product: compact({ id: id(data.product?.id), name: text(data.product?.name) }),
        subscriberCode: text(data.subscriber?.code),
        plan: compact({ id: id(data.subscription?.plan?.id), name: text(data.subscription?.plan?.name) }),
        amount: typeof value === 'number' ? { value } : undefined,
      };
    }
    case 'switch_plan': {
      const { data } = event;
      // The plan switched to is the one flagged `current` (reference §6.6).
      const current = data.plans?.find((plan) => plan.current === true);
      return {
        buyer: compact({ email: email(data.subscription?.user?.email) }),
        product: compact({
          id: id(data.subscription?.product?.id),
          name: text(data.subscription?.product?.name),
        }),
        subscriberCode: text(data.subscription?.subscriber_code),
        plan: compact({ id: id(current?.id), name: text(current?.name) }),
        offerCode: text(current?.offer?.key),
      };
    }
    case 'charge_date': {
      const { data } = event;
      return {
        buyer: compact({ email: email(data.subscriber?.email), name: text(data.subscriber?.name) }),
        product: compact({
          id: id(data.subscription?.product?.id),
          name: text(data.subscription?.product?.name),
        }),
        subscriberCode: text(data.subscriber?.code),
        plan: compact({ id: id(data.plan?.id), name: text(data.plan?.name) }),
        offerCode: text(data.plan?.offer?.code),
      };
    }
    case 'club_first_access':
    case 'club_module_completed': {
      const { data } = event;
      return {
        buyer: compact({ email: email(data.user?.email), name: text(data.user?.name) }),
        product: compact({ id: id(data.product?.id), name: text(data.product?.name) }),
      };
    }
    case 'unknown': {
      // v1 posts with an unmapped status (and any future event shaped like a purchase) still name a transaction
      // and a buyer; pull them out when the purchase shape fits, otherwise report the envelope alone.
      const purchase = PurchaseData.safeParse(event.data);
      return purchase.success ? fromPurchase(purchase.data) : {};
    }
  }
}

/**
 * Reduces any parsed event to the {@link NormalizedEvent} view, taking each field from wherever its family keeps
 * it: purchases from `buyer`, `purchase.price`, `purchase.transaction` and `subscription.subscriber.code`;
 * cancellations from `subscriber` and `actual_recurrence_value`; plan switches from `subscription.user.email` and
 * the `current` plan; charge-date changes from `subscriber` and `plan`; club events from `user` and `product`;
 * abandonments from `buyer`, `product` and `offer`.
 *
 * @example
 * ```ts
 * import { normalizeWebhook, parseWebhook } from '@hotpilot/hotmart/webhooks';
 *
 * const result = parseWebhook(
 *   '{"id":"e1","creation_date":1763247745737,"event":"CLUB_FIRST_ACCESS","version":"2.0.0",' +
 *     '"data":{"product":{"id":42,"name":"Curso"},"user":{"email":" Ana@Example.com "}}}',
 * );
 * if (result.ok) {
 *   const view = normalizeWebhook(result.event);
 *   view.buyer?.email; // 'ana@example.com'
 *   view.product?.id; // '42'
 * }
 * ```
 */
export function normalizeWebhook(event: HotmartWebhookEvent): NormalizedEvent {
  const parts = partsOf(event);
  const view: NormalizedEvent = {
    id: event.id,
    name: event.event,
    kind: event.kind,
    version: event.version,
    occurredAt: event.creation_date,
    reconciled: event.raw.reconciled === true,
  };
  for (const [key, value] of Object.entries(parts)) {
    if (value !== undefined) Object.assign(view, { [key]: value });
  }
  return view;
}
