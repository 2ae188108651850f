import type { Currency, SubscriptionStatus } from '../model.ts';
import type { WebhookEventName } from './event-names.ts';
import type { WebhookPurchaseStatus } from './status.ts';

/**
 * Money in webhooks: `currency_value`, not REST's `currency_code` (reference §3.1).
 *
 * @example
 * const price: WebhookMoney = { value: 1500, currency_value: 'BRL' };
 */
export interface WebhookMoney {
  value: number;
  currency_value: Currency;
}

/**
 * `data` of the purchase family (reference §6.6 "Purchase events").
 *
 * @example
 * const data: PurchaseWebhookData = buildWebhookData(account, { event: 'PURCHASE_APPROVED', transaction: 'HP0001' }, Date.now());
 */
export interface PurchaseWebhookData {
  product: {
    id: number;
    ucode: string;
    name: string;
    /** ISO-8601, unlike every other webhook date (reference §3.1). */
    warranty_date: string;
    support_email: string;
    has_co_production: boolean;
    is_physical_product: boolean;
    content: {
      has_physical_products: boolean;
      products: { id: number; ucode: string; name: string; is_physical_product: boolean }[];
    };
  };
  affiliates: { affiliate_code: string; name: string }[];
  buyer: {
    email: string;
    name: string;
    first_name: string;
    last_name: string;
    checkout_phone_code: string;
    checkout_phone: string;
    address: {
      city: string;
      country: string;
      country_iso: string;
      state: string;
      neighborhood: string;
      zipcode: string;
      address: string;
      number: string;
      complement: string;
    };
    document: string;
    document_type: string;
  };
  producer: { name: string; document: string; legal_nature: string };
  commissions: {
    value: number;
    source: 'MARKETPLACE' | 'PRODUCER' | 'COPRODUCER' | 'AFFILIATE';
    currency_value: Currency;
  }[];
  purchase: {
    approved_date?: number;
    full_price: WebhookMoney;
    price: WebhookMoney;
    checkout_country: { name: string; iso: string };
    order_bump: { is_order_bump: boolean; parent_purchase_transaction?: string };
    event_tickets?: { amount: number };
    original_offer_price: WebhookMoney;
    order_date: number;
    status: WebhookPurchaseStatus;
    transaction: string;
    payment: {
      installments_number: number;
      type: string;
      billet_url?: string;
      billet_barcode?: string;
      pix_code?: string;
      pix_qrcode?: string;
      pix_expiration_date?: number;
      refusal_reason?: string;
    };
    offer: { code: string; coupon_code?: string };
    is_funnel: boolean;
    /** `I` single purchase, `R` recurrence (reference §5.6). */
    business_model: 'I' | 'R';
    invoice_by: 'HOTMART';
    recurrence_number?: number;
    date_next_charge?: number;
    subscription_anticipation_purchase?: boolean;
    origin: { src: string; sck: string; xcod: string };
  };
  subscription?: {
    status: SubscriptionStatus;
    plan: { id: number; name: string };
    subscriber: { code: string };
  };
}

/**
 * `data` of PURCHASE_OUT_OF_SHOPPING_CART (reference §6.6).
 *
 * @example
 * const data = buildWebhookData(account, cartChange, Date.now()) as AbandonmentWebhookData;
 * console.log(data.buyer.email, data.offer.code);
 */
export interface AbandonmentWebhookData {
  affiliate: boolean;
  product: { id: number; name: string };
  buyer_ip: string;
  buyer: { name: string; email: string; phone: string };
  offer: { code: string };
  checkout_country: { name: string; iso: string };
}

/**
 * `data` of SUBSCRIPTION_CANCELLATION (reference §6.6); its dates are ms.
 *
 * @example
 * const data = buildWebhookData(account, { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3' }, Date.now());
 * console.log(data.cancellation_date);
 */
export interface SubscriptionCancellationWebhookData {
  actual_recurrence_value: number;
  cancellation_date: number;
  date_next_charge: number;
  product: { id: number; name: string };
  subscriber: {
    code: string;
    name: string;
    email: string;
    phone: { dddPhone: string; phone: string; dddCell: string; cell: string };
  };
  subscription: { id: number; plan: { id: number; name: string } };
}

/**
 * `data` of SWITCH_PLAN (reference §6.6); the plan's offer code is called `offer.key` here.
 *
 * @example
 * const current = (data as SwitchPlanWebhookData).plans.find((plan) => plan.current);
 */
export interface SwitchPlanWebhookData {
  switch_plan_date: number;
  subscription: {
    subscriber_code: string;
    status: SubscriptionStatus;
    product: { id: number; name: string };
    user: { email: string };
  };
  plans: { id: number; name: string; offer: { key: string }; current: boolean }[];
}

/**
 * `data` of UPDATE_SUBSCRIPTION_CHARGE_DATE (reference §6.6): camelCase keys, ISO `dateNextCharge`.
 *
 * @example
 * const next = new Date((data as ChargeDateWebhookData).subscription.dateNextCharge);
 */
export interface ChargeDateWebhookData {
  subscription: {
    dateNextCharge: string;
    newChargeDay: number;
    oldChargeDay: number;
    status: SubscriptionStatus;
    product: { id: number; name: string };
  };
  subscriber: { name: string; email: string; code: string };
  plan: { id: number; name: string; offer: { code: string } };
}

/**
 * `data` of CLUB_FIRST_ACCESS (reference §6.6).
 *
 * @example
 * const email = (data as ClubFirstAccessWebhookData).user.email;
 */
export interface ClubFirstAccessWebhookData {
  product: { id: number; name: string };
  user: { name: string; email: string };
}

/**
 * `data` of CLUB_MODULE_COMPLETED (reference §6.6): the product id is a string in every sample.
 *
 * @example
 * const moduleId = (data as ClubModuleCompletedWebhookData).module.id;
 */
export interface ClubModuleCompletedWebhookData {
  product: { id: string; name: string };
  user: { email: string; name: string };
  module: { id: string; name: string };
}

/**
 * Every `data` shape, keyed by event.
 *
 * @example
 * type Cancellation = WebhookDataByEvent['SUBSCRIPTION_CANCELLATION'];
 */
export interface WebhookDataByEvent {
  PURCHASE_APPROVED: PurchaseWebhookData;
  PURCHASE_COMPLETE: PurchaseWebhookData;
  PURCHASE_CANCELED: PurchaseWebhookData;
  PURCHASE_REFUNDED: PurchaseWebhookData;
  PURCHASE_CHARGEBACK: PurchaseWebhookData;
  PURCHASE_BILLET_PRINTED: PurchaseWebhookData;
  PURCHASE_PROTEST: PurchaseWebhookData;
  PURCHASE_EXPIRED: PurchaseWebhookData;
  PURCHASE_DELAYED: PurchaseWebhookData;
  PURCHASE_OUT_OF_SHOPPING_CART: AbandonmentWebhookData;
  SUBSCRIPTION_CANCELLATION: SubscriptionCancellationWebhookData;
  SWITCH_PLAN: SwitchPlanWebhookData;
  UPDATE_SUBSCRIPTION_CHARGE_DATE: ChargeDateWebhookData;
  CLUB_FIRST_ACCESS: ClubFirstAccessWebhookData;
  CLUB_MODULE_COMPLETED: ClubModuleCompletedWebhookData;
}

/**
 * The v2.0.0 envelope (reference §6.5). CLUB_FIRST_ACCESS and UPDATE_SUBSCRIPTION_CHARGE_DATE carry
 * `creationDate` instead of `creation_date`; `hottok` appears in the body only for endpoints that ask for it (§6.2).
 *
 * @example
 * const payload: WebhookPayload<'PURCHASE_REFUNDED'> = buildWebhookPayload(account, { event: 'PURCHASE_REFUNDED', transaction: 'HP0001' });
 */
export type WebhookPayload<E extends WebhookEventName = WebhookEventName> = {
  [K in E]: {
    id: string;
    creation_date?: number;
    creationDate?: number;
    event: K;
    version: '2.0.0';
    hottok?: string;
    data: WebhookDataByEvent[K];
  };
}[E];
