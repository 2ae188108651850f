import { z } from 'zod';
import {
  EpochMs,
  Money,
  oneOrMany,
  PagingParams,
  PaymentType,
  ProductRef,
  Select,
  SubscriptionStatus,
  strictParams,
  TransactionStatus,
} from './common.ts';

// Every field of a list item is optional: `select` (reference §3.3) trims items to the requested fields.
// Official timestamps are ms; the subscriptions-list sample shows seconds (reference §3.1). Response dates are
// therefore plain numbers, never reinterpreted here.

const positiveId = z.number().int().positive();
const text = z.string().min(1);

/**
 * How a subscription recurrence was billed (reference §5.2).
 *
 * @example
 * BillingType.parse('SMART_INSTALLMENT');
 */
export const BillingType = z.enum(['SUBSCRIPTION', 'SMART_INSTALLMENT', 'SMART_RECOVERY']);
/** A billing type. @example const type: BillingType = 'SUBSCRIPTION'; */
export type BillingType = z.infer<typeof BillingType>;

/**
 * Status of one recurrence (charge) of a subscription (reference §5.2).
 *
 * @example
 * RecurrencyStatus.parse('NOT_PAID');
 */
export const RecurrencyStatus = z.enum(['PAID', 'NOT_PAID', 'CLAIMED', 'REFUNDED', 'CHARGEBACK']);
/** A recurrence status. @example const status: RecurrencyStatus = 'PAID'; */
export type RecurrencyStatus = z.infer<typeof RecurrencyStatus>;

/**
 * Query of `GET /payments/api/v1/subscriptions` (reference §4.2). `status` and `plan` are repeatable (§3.4):
 * pass one value or an array; the output is always an array, one query key per value.
 *
 * @example
 * SubscriptionsListParams.parse({ status: ['CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_SELLER'], max_results: 500 });
 */
export const SubscriptionsListParams = strictParams({
  product_id: positiveId.optional(),
  plan: oneOrMany(text).optional(),
  plan_id: positiveId.optional(),
  accession_date: EpochMs.optional(),
  end_accession_date: EpochMs.optional(),
  status: oneOrMany(SubscriptionStatus).optional(),
  subscriber_code: text.optional(),
  subscriber_email: text.optional(),
  transaction: text.optional(),
  trial: z.boolean().optional(),
  cancelation_date: EpochMs.optional(),
  end_cancelation_date: EpochMs.optional(),
  date_next_charge: EpochMs.optional(),
  end_date_next_charge: EpochMs.optional(),
  select: Select.optional(),
  ...PagingParams.shape,
});
/** Subscription list filters. @example const params: SubscriptionsListParams = { status: 'ACTIVE' }; */
export type SubscriptionsListParams = z.input<typeof SubscriptionsListParams>;
/** Subscription list query as sent. @example const query: SubscriptionsListQuery = { status: ['ACTIVE'] }; */
export type SubscriptionsListQuery = z.output<typeof SubscriptionsListParams>;

/**
 * One subscription of the list (reference §4.2; fixture `subscriptions-list.json`).
 *
 * @example
 * SubscriptionItem.parse({ subscriber_code: 'ABC12DEF', status: 'ACTIVE', price: { value: 10, currency_code: 'BRL' } });
 */
export const SubscriptionItem = z.looseObject({
  subscriber_code: z.string().optional(),
  subscription_id: z.number().optional(),
  status: z.string().optional(),
  accession_date: z.number().optional(),
  end_accession_date: z.number().nullable().optional(),
  request_date: z.number().optional(),
  date_next_charge: z.number().nullable().optional(),
  trial: z.boolean().optional(),
  transaction: z.string().optional(),
  plan: z
    .looseObject({
      name: z.string().optional(),
      id: z.number().optional(),
      recurrency_period: z.number().optional(),
      max_charge_cycles: z.number().nullable().optional(),
    })
    .optional(),
  product: ProductRef.optional(),
  price: Money.optional(),
  subscriber: z
    .looseObject({ name: z.string().optional(), email: z.string().optional(), ucode: z.string().optional() })
    .optional(),
});
/** One subscription. @example const sub: SubscriptionItem = { subscriber_code: 'ABC12DEF' }; */
export type SubscriptionItem = z.infer<typeof SubscriptionItem>;

/**
 * Query of `GET /payments/api/v1/subscriptions/summary` (reference §4.2).
 *
 * @example
 * SubscriptionsSummaryParams.parse({ product_id: 12345, accession_date: new Date('2024-01-01') });
 */
export const SubscriptionsSummaryParams = strictParams({
  product_id: positiveId.optional(),
  subscriber_code: text.optional(),
  accession_date: EpochMs.optional(),
  end_accession_date: EpochMs.optional(),
  date_next_charge: EpochMs.optional(),
  ...PagingParams.shape,
});
/** Subscription summary filters. @example const params: SubscriptionsSummaryParams = { product_id: 1 }; */
export type SubscriptionsSummaryParams = z.input<typeof SubscriptionsSummaryParams>;
/** Subscription summary query as sent. @example const query: SubscriptionsSummaryQuery = { product_id: 1 }; */
export type SubscriptionsSummaryQuery = z.output<typeof SubscriptionsSummaryParams>;

/**
 * One subscription of the summary, with its last and unpaid recurrences (reference §4.2; fixture
 * `subscriptions-summary.json`). Hotmart computes this data with about 24 h of delay.
 *
 * @example
 * SubscriptionSummaryItem.parse({ subscriber_code: 'ABC12DEF', unpaid_recurrencies: [{ number: 2, charge_date: 0 }] });
 */
export const SubscriptionSummaryItem = z.looseObject({
  subscriber_code: z.string().optional(),
  subscription_id: z.number().optional(),
  status: z.string().optional(),
  lifetime: z.number().optional(),
  accession_date: z.number().optional(),
  end_accession_date: z.number().nullable().optional(),
  trial: z.boolean().optional(),
  plan: z.looseObject({ name: z.string().optional(), recurrency_period: z.number().optional() }).optional(),
  product: ProductRef.optional(),
  offer: z.looseObject({ code: z.string().optional() }).optional(),
  last_recurrency: z
    .looseObject({
      number: z.number().optional(),
      request_date: z.number().optional(),
      status: z.string().optional(),
      transaction_number: z.number().optional(),
      billing_type: z.string().optional(),
    })
    .optional(),
  unpaid_recurrencies: z
    .array(z.looseObject({ number: z.number().optional(), charge_date: z.number().optional() }))
    .optional(),
  subscriber: z
    .looseObject({ name: z.string().optional(), id: z.number().optional(), email: z.string().optional() })
    .optional(),
});
/** One subscription summary. @example const sub: SubscriptionSummaryItem = { lifetime: 200 }; */
export type SubscriptionSummaryItem = z.infer<typeof SubscriptionSummaryItem>;

/**
 * Query of `GET /payments/api/v1/subscriptions/transactions` (reference §4.2). `subscription_status` also accepts
 * `CANCELLED`, which this endpoint takes as a filter value (reference §5.2).
 *
 * @example
 * SubscriptionTransactionsParams.parse({ transaction_date: new Date('2024-01-01'), recurrency_status: 'NOT_PAID' });
 */
export const SubscriptionTransactionsParams = strictParams({
  transaction_date: EpochMs.optional(),
  end_transaction_date: EpochMs.optional(),
  billing_type: BillingType.optional(),
  subscription_status: z.enum([...SubscriptionStatus.options, 'CANCELLED']).optional(),
  recurrency_status: RecurrencyStatus.optional(),
  purchase_status: TransactionStatus.optional(),
  purchase_payment_type: PaymentType.optional(),
  subscriber_name: text.optional(),
  subscriber_email: text.optional(),
  subscriber_code: text.optional(),
  offer_code: text.optional(),
  product_id: positiveId.optional(),
  transaction: text.optional(),
  ...PagingParams.shape,
});
/** Subscription transactions filters. @example const params: SubscriptionTransactionsParams = { billing_type: 'SUBSCRIPTION' }; */
export type SubscriptionTransactionsParams = z.input<typeof SubscriptionTransactionsParams>;
/** Subscription transactions query as sent. @example const query: SubscriptionTransactionsQuery = {}; */
export type SubscriptionTransactionsQuery = z.output<typeof SubscriptionTransactionsParams>;

/**
 * One recurrence transaction of a subscription (reference §4.2, shape from a real recorded response). Its purchase
 * price is `{ currency, value, total_value }`, not `Money`; its payment types include `BALANCE_HOTMART`.
 *
 * @example
 * SubscriptionTransactionItem.parse({ subscriber_code: 'SUBX', recurrency: { status: 'PAID', number: 4 } });
 */
export const SubscriptionTransactionItem = z.looseObject({
  subscriber_code: z.string().optional(),
  status: z.string().optional(),
  adoption_date: z.number().optional(),
  product: ProductRef.optional(),
  plan: z
    .looseObject({
      name: z.string().optional(),
      recurrency_period: z.number().optional(),
      recurrency_type: z.string().optional(),
      offer: z.looseObject({ key: z.string().optional(), code: z.string().optional() }).optional(),
    })
    .optional(),
  subscriber: z
    .looseObject({
      id: z.number().optional(),
      name: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().nullable().optional(),
      phone_ddd: z.string().nullable().optional(),
    })
    .optional(),
  subscription_id: z.number().optional(),
  last_update: z.number().optional(),
  billing_type: z.string().optional(),
  date_next_charge: z.number().nullable().optional(),
  cancellation_date: z.number().nullable().optional(),
  last_recurrency_start_date: z.number().optional(),
  last_recurrency_number: z.number().optional(),
  has_unpaid_recurrency: z.boolean().optional(),
  has_credit_card_change: z.boolean().optional(),
  is_paid_anticipation: z.boolean().optional(),
  is_paid_negotiation: z.boolean().optional(),
  producer: z.looseObject({ name: z.string().optional() }).optional(),
  trial_info: z.looseObject({ trial: z.boolean().optional() }).optional(),
  recurrency: z
    .looseObject({
      status: z.string().optional(),
      number: z.number().optional(),
      start_datetime: z.number().optional(),
      payment_delays_days: z.number().optional(),
      transaction_type: z.string().optional(),
      transaction_sequence: z.number().optional(),
      is_current_purchase: z.boolean().optional(),
      has_retry: z.boolean().optional(),
    })
    .optional(),
  purchase: z
    .looseObject({
      transaction: z.string().optional(),
      order_date: z.number().optional(),
      approved_date: z.number().nullable().optional(),
      status: z.string().optional(),
      payment: z
        .looseObject({
          payment_type: z.string().optional(),
          credit_card_flag: z.string().nullable().optional(),
          refusal_message: z.string().nullable().optional(),
        })
        .optional(),
      installment: z
        .looseObject({ installment_type: z.string().optional(), installment_number: z.number().optional() })
        .optional(),
      price: z
        .looseObject({
          currency: z.string().optional(),
          value: z.number().optional(),
          total_value: z.number().optional(),
        })
        .optional(),
      commission: z
        .looseObject({
          conversion_rate: z.number().optional(),
          currency: z.string().optional(),
          original_value: z.number().optional(),
          original_paid_value: z.number().optional(),
          producer_value: z.number().optional(),
          producer_paid_value: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
});
/** One subscription transaction. @example const tx: SubscriptionTransactionItem = { subscription_id: 7152002 }; */
export type SubscriptionTransactionItem = z.infer<typeof SubscriptionTransactionItem>;

/**
 * One purchase of `GET /payments/api/v1/subscriptions/{subscriber_code}/purchases`, which answers with a bare array
 * (reference §3.2; fixture `subscriptions-purchases.json`). `payment_method` spelling varies between sources
 * (`VISA_CREDIT_CARD` vs `CREDIT_CARD_VISA`, reference §5.3), so it stays a string.
 *
 * @example
 * z.array(SubscriberPurchase).parse([{ transaction: 'HP12315823516751', status: 'APPROVED' }]);
 */
export const SubscriberPurchase = z.looseObject({
  transaction: z.string().optional(),
  approved_date: z.number().nullable().optional(),
  payment_engine: z.string().optional(),
  status: z.string().optional(),
  price: Money.optional(),
  payment_type: z.string().optional(),
  payment_method: z.string().optional(),
  recurrency_number: z.number().optional(),
  under_warranty: z.boolean().optional(),
  purchase_subscription: z.boolean().optional(),
});
/** One subscriber purchase. @example const purchase: SubscriberPurchase = { transaction: 'HP1' }; */
export type SubscriberPurchase = z.infer<typeof SubscriberPurchase>;

/**
 * Body of `POST /payments/api/v1/subscriptions/{subscriber_code}/cancel`. `send_mail` defaults to true, as
 * Hotmart's does (reference §4.2).
 *
 * @example
 * CancelSubscriptionBody.parse({}); // { send_mail: true }
 */
export const CancelSubscriptionBody = strictParams({ send_mail: z.boolean().default(true) });
/** Cancel-one body as callers pass it. @example const body: CancelSubscriptionBody = { send_mail: false }; */
export type CancelSubscriptionBody = z.input<typeof CancelSubscriptionBody>;

/**
 * The subscription returned by cancel-one and reactivate-one, and each entry of the bulk results (reference §4.2;
 * fixtures `subscriptions-{cancel,reactivate}-{single,bulk}.json`). Dates here are `"YYYY-MM-DD HH:MM:SS"` strings
 * (reference §3.1). The official samples disagree on some types (`trial_period` "7" vs 26; `date_last_recurrence`
 * 3 vs a date string), so those accept both.
 *
 * @example
 * SubscriptionChangeResult.parse({ subscriber_code: 'ABC', status: 'INACTIVE', creation_date: '2020-07-20 17:57:42' });
 */
export const SubscriptionChangeResult = z.looseObject({
  subscriber_code: z.string().optional(),
  status: z.string().optional(),
  creation_date: z.string().optional(),
  activation_date: z.string().optional(),
  date_next_charge: z.string().nullable().optional(),
  date_last_recurrence: z.union([z.string(), z.number()]).nullable().optional(),
  current_recurrence: z.number().optional(),
  due_day: z.number().optional(),
  trial_period: z.union([z.string(), z.number()]).nullable().optional(),
  interval_type_between_charges: z.string().optional(),
  interval_between_charges: z.number().optional(),
  max_charge_cycles: z.number().nullable().optional(),
  shopper: z.looseObject({ email: z.string().optional(), phone: z.string().optional() }).optional(),
});
/** A cancelled or reactivated subscription. @example const sub: SubscriptionChangeResult = { status: 'INACTIVE' }; */
export type SubscriptionChangeResult = z.infer<typeof SubscriptionChangeResult>;

const subscriberCodes = z.array(text).min(1);

/**
 * Body of `POST /payments/api/v1/subscriptions/cancel` (cancel many; reference §4.2).
 *
 * @example
 * CancelSubscriptionsBody.parse({ subscriber_code: ['ABC12DEF'], send_mail: false });
 */
export const CancelSubscriptionsBody = strictParams({
  subscriber_code: subscriberCodes,
  send_mail: z.boolean().default(true),
});
/** Cancel-many body. @example const body: CancelSubscriptionsBody = { subscriber_code: ['ABC12DEF'] }; */
export type CancelSubscriptionsBody = z.input<typeof CancelSubscriptionsBody>;

/**
 * Answer of cancel-many and reactivate-many: per-subscription successes and failures, each failure with its
 * `error` code (e.g. `SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE`, `SUBSCRIPTION_ALREADY_ACTIVE`, reference §3.5).
 * A side Hotmart leaves out parses as an empty list.
 *
 * @example
 * BulkSubscriptionResult.parse({ success_subscriptions: [], fail_subscriptions: [{ error: 'SUBSCRIPTION_ALREADY_ACTIVE' }] });
 */
export const BulkSubscriptionResult = z.looseObject({
  success_subscriptions: z.array(SubscriptionChangeResult).default([]),
  fail_subscriptions: z.array(SubscriptionChangeResult.extend({ error: z.string().optional() })).default([]),
});
/** A bulk cancel/reactivate answer. @example const r: BulkSubscriptionResult = { success_subscriptions: [], fail_subscriptions: [] }; */
export type BulkSubscriptionResult = z.infer<typeof BulkSubscriptionResult>;

/**
 * Body of `POST /payments/api/v1/subscriptions/{subscriber_code}/reactivate`. With `charge: true` the subscriber
 * gets a payment link (valid 3 days) and stays INACTIVE until paying (reference §4.2).
 *
 * @example
 * ReactivateSubscriptionBody.parse({ charge: true });
 */
export const ReactivateSubscriptionBody = strictParams({ charge: z.boolean().optional() });
/** Reactivate-one body. @example const body: ReactivateSubscriptionBody = { charge: false }; */
export type ReactivateSubscriptionBody = z.input<typeof ReactivateSubscriptionBody>;

/**
 * Body of `POST /payments/api/v1/subscriptions/reactivate` (reactivate many; reference §4.2).
 *
 * @example
 * ReactivateSubscriptionsBody.parse({ subscriber_code: ['ABC12DEF'], charge: false });
 */
export const ReactivateSubscriptionsBody = strictParams({
  subscriber_code: subscriberCodes,
  charge: z.boolean().optional(),
});
/** Reactivate-many body. @example const body: ReactivateSubscriptionsBody = { subscriber_code: ['ABC'] }; */
export type ReactivateSubscriptionsBody = z.input<typeof ReactivateSubscriptionsBody>;

/**
 * Body of `PATCH /payments/api/v1/subscriptions/{subscriber_code}`: the new charge day, 1–31 (day of month; for
 * weekly plans 1 = Monday … 7 = Sunday). Not allowed during a trial (reference §4.2).
 *
 * @example
 * ChangeDueDayBody.parse({ due_day: 10 });
 */
export const ChangeDueDayBody = strictParams({ due_day: z.number().int().min(1).max(31) });
/** Change-due-day body. @example const body: ChangeDueDayBody = { due_day: 5 }; */
export type ChangeDueDayBody = z.input<typeof ChangeDueDayBody>;

/**
 * Query of `GET /payments/api/v1/subscriptions/switch-plan/plans`: one subscriber code or several, sent as
 * repeated `subscriber_codes` keys (reference §3.4, §4.2).
 *
 * @example
 * SwitchPlanOptionsParams.parse({ subscriber_codes: 'ABC12DEF' }); // { subscriber_codes: ['ABC12DEF'] }
 */
export const SwitchPlanOptionsParams = strictParams({ subscriber_codes: oneOrMany(text) });
/** Switch-plan options query as callers pass it. @example const params: SwitchPlanOptionsParams = { subscriber_codes: ['A'] }; */
export type SwitchPlanOptionsParams = z.input<typeof SwitchPlanOptionsParams>;
/** Switch-plan options query as sent. @example const query: SwitchPlanOptionsQuery = { subscriber_codes: ['A'] }; */
export type SwitchPlanOptionsQuery = z.output<typeof SwitchPlanOptionsParams>;

/**
 * One plan a subscriber can switch to. No sample of this answer is published (reference §4.2), so every field is
 * optional and everything else passes through.
 *
 * @example
 * SwitchPlanOption.parse({ offer_code: 'tz12qeev', name: 'Monthly' });
 */
export const SwitchPlanOption = z.looseObject({
  offer_code: z.string().optional(),
  code: z.string().optional(),
  name: z.string().optional(),
  price: Money.optional(),
});
/** A plan to switch to. @example const option: SwitchPlanOption = { offer_code: 'tz12qeev' }; */
export type SwitchPlanOption = z.infer<typeof SwitchPlanOption>;

/**
 * Body of `POST /payments/api/v1/subscriptions/switch-plan` (reference §4.2).
 *
 * @example
 * SwitchPlanBody.parse({ subscriber_code: 'ABC12DEF', offer_code: 'tz12qeev' });
 */
export const SwitchPlanBody = strictParams({ subscriber_code: text, offer_code: text });
/** Switch-plan body. @example const body: SwitchPlanBody = { subscriber_code: 'ABC', offer_code: 'tz12qeev' }; */
export type SwitchPlanBody = z.input<typeof SwitchPlanBody>;

/**
 * Answer of switch-plan; undocumented, so anything passes (reference §4.2).
 *
 * @example
 * SwitchPlanResponse.parse({});
 */
export const SwitchPlanResponse = z.looseObject({});
/** A switch-plan answer. @example const answer: SwitchPlanResponse = {}; */
export type SwitchPlanResponse = z.infer<typeof SwitchPlanResponse>;
