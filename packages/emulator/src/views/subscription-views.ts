import type { EmulatorAccount } from '../account.ts';
import type { Buyer, Periodicity, Plan, Product, Sale, Subscription, SubscriptionStatus } from '../model.ts';
import { hotmartDateTime } from './dates.ts';
import { commissionSplit } from './sale-views.ts';

/**
 * Renders subscriptions as the `/payments/api/v1/subscriptions*` endpoints return them (reference §4.2; shapes
 * from the fixtures `api/subscriptions-*.json` and, for transactions, the recorded real item the reference
 * quotes).
 */

const DAY = 86_400_000;

/**
 * Everything a subscription view needs, resolved once.
 *
 * @example
 * const context: SubscriptionContext = subscriptionContext(account, subscription);
 */
export interface SubscriptionContext {
  subscription: Subscription;
  product: Product;
  plan: Plan;
  buyer: Buyer | undefined;
}

/**
 * Resolves a subscription's product, current plan and subscriber.
 *
 * @example
 * const context = subscriptionContext(account, account.subscriptions()[0]!);
 */
export function subscriptionContext(
  account: EmulatorAccount,
  subscription: Subscription,
): SubscriptionContext {
  const product = account.product(subscription.product_id);
  const plan = account.plan(subscription.plan_id);
  if (!product || !plan)
    throw new Error(`subscription ${subscription.subscriber_code} has no product or plan`);
  return { subscription, product, plan, buyer: account.buyer(subscription.buyer_ucode) };
}

/**
 * A stable numeric id for a person, derived from the ucode: summary items carry `subscriber.id` as a number
 * (reference §4.2), and the model names people by ucode only.
 *
 * @example
 * numericId('839F1A4F-43DC-F60F-13FE-6C8BD23F6781') > 0; // true
 */
export function numericId(ucode: string): number {
  return (Number.parseInt(ucode.replace(/-/g, '').slice(0, 7), 16) % 90_000_000) + 10_000_000;
}

/**
 * A subscriptions-list item (`GET /payments/api/v1/subscriptions`).
 *
 * @example
 * const item = subscriptionItem(subscriptionContext(account, subscription));
 */
export function subscriptionItem(context: SubscriptionContext) {
  const { subscription, product, plan, buyer } = context;
  return {
    subscriber_code: subscription.subscriber_code,
    subscription_id: subscription.subscription_id,
    status: subscription.status,
    accession_date: subscription.accession_date,
    ...(subscription.end_accession_date !== undefined && {
      end_accession_date: subscription.end_accession_date,
    }),
    request_date: subscription.request_date,
    date_next_charge: subscription.date_next_charge,
    trial: subscription.trial,
    transaction: subscription.transaction,
    plan: {
      name: plan.name,
      id: plan.id,
      recurrency_period: plan.recurrency_period,
      ...(plan.max_charge_cycles !== undefined && { max_charge_cycles: plan.max_charge_cycles }),
    },
    product: { id: product.id, name: product.name, ucode: product.ucode },
    price: { value: plan.price.value, currency_code: plan.price.currency_code },
    subscriber: { name: buyer?.name ?? '', email: buyer?.email ?? '', ucode: subscription.buyer_ucode },
  };
}

/**
 * The status of a recurrence as `last_recurrency.status`/`recurrency_status` say it (reference §5.2).
 *
 * @example
 * recurrencyStatus(account.sale(transaction)); // 'PAID', 'NOT_PAID', …
 */
export function recurrencyStatus(
  sale: Sale | undefined,
): 'PAID' | 'NOT_PAID' | 'CLAIMED' | 'REFUNDED' | 'CHARGEBACK' {
  switch (sale?.status) {
    case 'APPROVED':
    case 'COMPLETE':
      return 'PAID';
    case 'REFUNDED':
    case 'PARTIALLY_REFUNDED':
      return 'REFUNDED';
    case 'CHARGEBACK':
      return 'CHARGEBACK';
    case 'PROTESTED':
      return 'CLAIMED';
    default:
      return 'NOT_PAID';
  }
}

/**
 * The subscription's newest charge as a sale.
 *
 * @example
 * const newest = lastCharge(account, subscription)?.order_date;
 */
export function lastCharge(account: EmulatorAccount, subscription: Subscription): Sale | undefined {
  const transaction = subscription.transactions[subscription.transactions.length - 1];
  return transaction === undefined ? undefined : account.sale(transaction);
}

/**
 * A subscriptions-summary item (`GET /payments/api/v1/subscriptions/summary`). `lifetime` is read as the
 * subscription's age in days (until it ended), the most plausible reading of the sample's `200`.
 *
 * @example
 * const item = subscriptionSummaryItem(account, subscriptionContext(account, subscription));
 */
export function subscriptionSummaryItem(account: EmulatorAccount, context: SubscriptionContext) {
  const { subscription, product, plan, buyer } = context;
  const last = lastCharge(account, subscription);
  const until = subscription.end_accession_date ?? account.now();
  return {
    subscriber_code: subscription.subscriber_code,
    subscription_id: subscription.subscription_id,
    status: subscription.status,
    lifetime: Math.max(0, Math.floor((until - subscription.accession_date) / DAY)),
    accession_date: subscription.accession_date,
    ...(subscription.end_accession_date !== undefined && {
      end_accession_date: subscription.end_accession_date,
    }),
    trial: subscription.trial,
    plan: { name: plan.name, recurrency_period: plan.recurrency_period },
    product: { name: product.name, id: product.id },
    offer: { code: plan.code },
    last_recurrency: {
      number: subscription.current_recurrence,
      request_date: last?.order_date ?? subscription.request_date,
      status: recurrencyStatus(last),
      transaction_number: 1,
      billing_type: 'SUBSCRIPTION',
    },
    unpaid_recurrencies: subscription.unpaid.map((unpaid) => ({
      number: unpaid.number,
      charge_date: unpaid.charge_date,
    })),
    subscriber: {
      name: buyer?.name ?? '',
      id: numericId(subscription.buyer_ucode),
      email: buyer?.email ?? '',
    },
  };
}

const CARD_FLAGS: Record<string, string> = {
  CREDIT_CARD_VISA: 'VISA',
  CREDIT_CARD_MASTERCARD: 'MASTERCARD',
  CREDIT_CARD_ELO: 'ELO',
  CREDIT_CARD_AMERICAN_EXPRESS: 'AMEX',
  CREDIT_CARD_HIPERCARD: 'HIPERCARD',
  CREDIT_CARD_DINERS: 'DINERS',
};

/**
 * A subscription-transactions item (`GET /payments/api/v1/subscriptions/transactions`): one charge of a
 * subscription with the subscription around it (shape of the real item quoted in reference §4.2).
 *
 * @example
 * const item = subscriptionTransactionItem(account, context, sale);
 */
export function subscriptionTransactionItem(
  account: EmulatorAccount,
  context: SubscriptionContext,
  sale: Sale,
) {
  const { subscription, product, plan, buyer } = context;
  const number = sale.recurrency_number ?? 1;
  const unpaid = subscription.unpaid.find((entry) => entry.number === number);
  const split = commissionSplit(account, sale);
  const paid = sale.status === 'APPROVED' || sale.status === 'COMPLETE';
  const last = lastCharge(account, subscription);
  return {
    subscriber_code: subscription.subscriber_code,
    status: subscription.status,
    adoption_date: subscription.accession_date,
    product: { id: product.id, name: product.name },
    plan: {
      name: plan.name,
      recurrency_period: plan.recurrency_period,
      recurrency_type: plan.periodicity,
      offer: { key: plan.code },
    },
    subscriber: {
      id: numericId(subscription.buyer_ucode),
      name: buyer?.name ?? '',
      email: buyer?.email ?? '',
      phone: buyer ? buyer.phone.slice(2) : '',
      phone_ddd: buyer ? buyer.phone.slice(0, 2) : '',
    },
    subscription_id: subscription.subscription_id,
    last_update: Math.max(sale.refunded_at ?? 0, sale.approved_date ?? 0, sale.order_date),
    billing_type: 'SUBSCRIPTION',
    date_next_charge: subscription.date_next_charge,
    last_recurrency_start_date: last?.order_date ?? subscription.accession_date,
    last_recurrency_number: subscription.current_recurrence,
    has_unpaid_recurrency: subscription.unpaid.length > 0,
    has_credit_card_change: false,
    is_paid_anticipation: false,
    is_paid_negotiation: false,
    producer: { name: account.producer.name },
    trial_info: { trial: subscription.trial },
    recurrency: {
      status: recurrencyStatus(sale),
      number,
      start_datetime: sale.order_date,
      payment_delays_days: unpaid ? Math.max(0, Math.floor((account.now() - unpaid.charge_date) / DAY)) : 0,
      transaction_type: number === 1 ? 'FIRST_PURCHASE' : 'RECURRENCE',
      transaction_sequence: 1,
      is_current_purchase: number === subscription.current_recurrence,
      has_retry: unpaid !== undefined,
    },
    purchase: {
      transaction: sale.transaction,
      order_date: sale.order_date,
      status: sale.status,
      payment: {
        payment_type: sale.payment_type,
        ...(CARD_FLAGS[sale.payment_method] !== undefined && {
          credit_card_flag: CARD_FLAGS[sale.payment_method],
        }),
        ...(sale.refusal_reason !== undefined && { refusal_message: sale.refusal_reason }),
      },
      installment: { installment_type: 'SINGLE', installment_number: sale.installments_number },
      price: {
        currency: sale.price.currency_code,
        value: sale.price.value,
        total_value: sale.full_price.value,
      },
      commission: {
        conversion_rate: 1,
        currency: sale.price.currency_code,
        original_value: split.producer,
        original_paid_value: paid ? split.producer : 0,
        producer_value: split.producer,
        producer_paid_value: paid ? split.producer : 0,
      },
    },
  };
}

/**
 * A subscriber-purchases item (`GET /payments/api/v1/subscriptions/{code}/purchases`, a bare array).
 *
 * @example
 * const items = account.subscriptions()[0]!.transactions.map((t) => subscriberPurchaseItem(account.sale(t)!, now));
 */
export function subscriberPurchaseItem(sale: Sale, now: number) {
  return {
    transaction: sale.transaction,
    ...(sale.approved_date !== undefined && { approved_date: sale.approved_date }),
    payment_engine: 'HotPay',
    status: sale.status,
    price: { value: sale.price.value, currency_code: sale.price.currency_code },
    payment_type: sale.payment_type,
    payment_method: sale.payment_method,
    recurrency_number: sale.recurrency_number ?? 1,
    under_warranty: sale.approved_date !== undefined && now < sale.warranty_expire_date,
    purchase_subscription: true,
  };
}

/** Months between charges per periodicity, for `interval_type_between_charges`/`interval_between_charges`. */
const INTERVAL: Readonly<Record<Periodicity, readonly ['WEEK' | 'MONTH', number]>> = {
  WEEKLY: ['WEEK', 1],
  MONTHLY: ['MONTH', 1],
  BIMONTHLY: ['MONTH', 2],
  QUARTERLY: ['MONTH', 3],
  BIANNUAL: ['MONTH', 6],
  ANNUAL: ['MONTH', 12],
};

/**
 * The status word of the cancel/reactivate responses: the billing engine says `INACTIVE` for any cancelled
 * subscription (fixtures `subscriptions-cancel-*`), where the list says `CANCELLED_BY_*`.
 *
 * @example
 * engineStatus('CANCELLED_BY_SELLER'); // 'INACTIVE'
 */
export function engineStatus(status: SubscriptionStatus): string {
  return status.startsWith('CANCELLED_') ? 'INACTIVE' : status;
}

function shopper(buyer: Buyer | undefined) {
  const phone = buyer?.phone ?? '';
  return {
    email: buyer?.email ?? '',
    phone: phone.length > 2 ? `(${phone.slice(0, 2)}) ${phone.slice(2)}` : phone,
  };
}

/**
 * The short subscription shape of reactivation responses and failed bulk items (fixtures
 * `subscriptions-reactivate-*`, `fail_subscriptions` of `subscriptions-cancel-bulk`): `interval_between_charges`
 * in days there.
 *
 * @example
 * const body = shortSubscription(context, 'INACTIVE');
 */
export function shortSubscription(context: SubscriptionContext, status: string, error?: string) {
  const { subscription, plan, buyer } = context;
  return {
    status,
    ...(error !== undefined && { error }),
    subscriber_code: subscription.subscriber_code,
    creation_date: hotmartDateTime(subscription.request_date),
    interval_between_charges: plan.recurrency_period,
    shopper: shopper(buyer),
  };
}

/**
 * A successful item of `POST /payments/api/v1/subscriptions/cancel` (fixture `subscriptions-cancel-bulk`).
 *
 * @example
 * const item = cancelledBulkItem(account, context);
 */
export function cancelledBulkItem(account: EmulatorAccount, context: SubscriptionContext) {
  const { subscription, plan, buyer } = context;
  const [type, interval] = INTERVAL[plan.periodicity];
  const last = lastCharge(account, subscription);
  return {
    status: engineStatus(subscription.status),
    subscriber_code: subscription.subscriber_code,
    creation_date: hotmartDateTime(subscription.request_date),
    current_recurrence: subscription.current_recurrence,
    date_last_recurrence: hotmartDateTime(last?.order_date ?? subscription.request_date),
    date_next_charge: hotmartDateTime(subscription.date_next_charge),
    due_day: subscription.due_day,
    trial_period: plan.trial_period ?? 0,
    interval_type_between_charges: type,
    interval_between_charges: interval,
    ...(plan.max_charge_cycles !== undefined && { max_charge_cycles: plan.max_charge_cycles }),
    activation_date: hotmartDateTime(subscription.accession_date + 2_000),
    shopper: shopper(buyer),
  };
}

/**
 * The body of `POST /payments/api/v1/subscriptions/{code}/cancel`, following its fixture literally: there
 * `trial_period` is a string and `date_last_recurrence` repeats the recurrence number (the bulk response has
 * a date string), quirks of the published sample (reference §4.2).
 *
 * @example
 * const body = cancelledSingleBody(context);
 */
export function cancelledSingleBody(context: SubscriptionContext) {
  const { subscription, plan, buyer } = context;
  const [type, interval] = INTERVAL[plan.periodicity];
  return {
    trial_period: String(plan.trial_period ?? 0),
    interval_type_between_charges: type,
    activation_date: hotmartDateTime(subscription.accession_date + 2_000),
    subscriber_code: subscription.subscriber_code,
    interval_between_charges: interval,
    date_next_charge: hotmartDateTime(subscription.date_next_charge),
    creation_date: hotmartDateTime(subscription.request_date),
    date_last_recurrence: subscription.current_recurrence,
    current_recurrence: subscription.current_recurrence,
    status: engineStatus(subscription.status),
    due_day: subscription.due_day,
    shopper: shopper(buyer),
  };
}
