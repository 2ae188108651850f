import { z } from 'zod';

import {
  checkoutCountry,
  optionalBoolean,
  optionalDigits,
  optionalNumber,
  optionalString,
  purchaseStatusField,
} from './internal/schema-fields.ts';
import { WebhookMoney } from './webhook-money.ts';

const contentProduct = z.looseObject({
  id: optionalNumber,
  ucode: optionalString,
  name: optionalString,
  is_physical_product: optionalBoolean,
});

const product = z.looseObject({
  id: optionalNumber,
  ucode: optionalString,
  name: optionalString,
  // ISO-8601 string, unlike the epoch-ms dates of the purchase block (reference §3.1).
  warranty_date: optionalString,
  support_email: optionalString,
  has_co_production: optionalBoolean,
  is_physical_product: optionalBoolean,
  content: z
    .looseObject({
      has_physical_products: optionalBoolean,
      products: z.array(contentProduct).nullish(),
    })
    .nullish(),
});

const address = z.looseObject({
  city: optionalString,
  country: optionalString,
  country_iso: optionalString,
  state: optionalString,
  neighborhood: optionalString,
  zipcode: optionalDigits,
  address: optionalString,
  number: optionalDigits,
  complement: optionalString,
});

const buyer = z.looseObject({
  email: optionalString,
  name: optionalString,
  first_name: optionalString,
  last_name: optionalString,
  checkout_phone_code: optionalDigits,
  checkout_phone: optionalDigits,
  address: address.nullish(),
  document: optionalDigits,
  document_type: optionalString,
});

const purchase = z.looseObject({
  // The one required field of the family: it is the key Hotmart's REST sales history uses, so without it an event
  // can be neither reconciled nor de-duplicated by order.
  transaction: z.string().min(1),
  status: purchaseStatusField,
  order_date: optionalNumber,
  approved_date: optionalNumber,
  price: WebhookMoney.nullish(),
  full_price: WebhookMoney.nullish(),
  original_offer_price: WebhookMoney.nullish(),
  checkout_country: checkoutCountry,
  order_bump: z
    .looseObject({
      is_order_bump: optionalBoolean,
      parent_purchase_transaction: optionalString,
    })
    .nullish(),
  event_tickets: z.looseObject({ amount: optionalNumber }).nullish(),
  payment: z
    .looseObject({
      installments_number: optionalNumber,
      type: optionalString,
      billet_barcode: optionalString,
      billet_url: optionalString,
      pix_code: optionalString,
      pix_qrcode: optionalString,
      refusal_reason: optionalString,
    })
    .nullish(),
  offer: z
    .looseObject({
      code: optionalString,
      coupon_code: optionalString,
    })
    .nullish(),
  origin: z
    .looseObject({
      src: optionalString,
      sck: optionalString,
      xcod: optionalString,
    })
    .nullish(),
  sckPaymentLink: optionalString,
  is_funnel: optionalBoolean,
  // `I` single purchase, `R` recurrence; `S` also observed (reference §5.6).
  business_model: optionalString,
  invoice_by: optionalString,
  recurrence_number: optionalNumber,
  subscription_anticipation_purchase: optionalBoolean,
  buyer_ip: optionalString,
});

/**
 * `data` of the nine purchase events (`PURCHASE_APPROVED` … `PURCHASE_DELAYED`, reference §6.6). Loose: fields added
 * by later changelog entries (`variants`, `shipping`, `offer.metadata`, …) pass through untyped. Only
 * `purchase.transaction` is required; every other block may be missing or null, as in real deliveries.
 *
 * @example
 * ```ts
 * import { PurchaseData } from '@hotpilot/hotmart/webhooks';
 *
 * const data = PurchaseData.parse({ purchase: { transaction: 'HP1234567890', status: 'APPROVED' } });
 * data.purchase.transaction; // 'HP1234567890'
 * ```
 */
export const PurchaseData = z.looseObject({
  product: product.nullish(),
  affiliates: z
    .array(
      z.looseObject({
        affiliate_code: optionalString,
        name: optionalString,
      }),
    )
    .nullish(),
  buyer: buyer.nullish(),
  producer: z
    .looseObject({
      name: optionalString,
      document: optionalDigits,
      legal_nature: optionalString,
    })
    .nullish(),
  commissions: z
    .array(
      z.looseObject({
        value: optionalNumber,
        // `MARKETPLACE`, `PRODUCER`, plus affiliate / co-producer variants (reference §5.4).
        source: optionalString,
        currency_value: optionalString,
      }),
    )
    .nullish(),
  purchase,
  // Present for subscription products only. `status` is the subscription vocabulary (ACTIVE, …), not a purchase one.
  subscription: z
    .looseObject({
      status: optionalString,
      plan: z.looseObject({ id: optionalNumber, name: optionalString }).nullish(),
      subscriber: z.looseObject({ code: optionalString }).nullish(),
    })
    .nullish(),
});

/**
 * The parsed `data` of a purchase event.
 *
 * @example
 * ```ts
 * import type { PurchaseData } from '@hotpilot/hotmart/webhooks';
 *
 * const buyerEmail = (data: PurchaseData) => data.buyer?.email ?? undefined;
 * ```
 */
export type PurchaseData = z.infer<typeof PurchaseData>;
