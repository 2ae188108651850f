import { z } from 'zod';
import type { EmulatorAccount } from '../account.ts';
import type { Subscription, SubscriptionStatus } from '../model.ts';
import { ApiError, invalidParameter, invalidValue, notFound } from '../server/errors.ts';
import type { ScanSource } from '../server/paginate.ts';
import type { QueryReader } from '../server/query.ts';
import {
  cancelledBulkItem,
  cancelledSingleBody,
  engineStatus,
  recurrencyStatus,
  shortSubscription,
  subscriberPurchaseItem,
  subscriptionContext,
  subscriptionItem,
  subscriptionSummaryItem,
  subscriptionTransactionItem,
} from '../views/subscription-views.ts';
import {
  type EmulatorHono,
  jsonBody,
  parseBody,
  queryOf,
  type RouteContext,
  respondWithPage,
  SALES_PAGE,
} from './context.ts';
import { PAYMENT_TYPES, TRANSACTION_STATUSES } from './sales-filter.ts';

const BASE = '/payments/api/v1/subscriptions';
const DAY = 86_400_000;

/**
 * REST subscription statuses (reference §5.2).
 *
 * @example
 * query.manyOf('status', SUBSCRIPTION_STATUSES);
 */
export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'ACTIVE',
  'INACTIVE',
  'DELAYED',
  'CANCELLED_BY_CUSTOMER',
  'CANCELLED_BY_SELLER',
  'CANCELLED_BY_ADMIN',
  'STARTED',
  'OVERDUE',
];

const RECURRENCY_STATUSES = ['PAID', 'NOT_PAID', 'CLAIMED', 'REFUNDED', 'CHARGEBACK'] as const;
const BILLING_TYPES = ['SUBSCRIPTION', 'SMART_INSTALLMENT', 'SMART_RECOVERY'] as const;

/** Statuses a seller can cancel: overdue subscriptions fail like cancelled ones (`…_CANCELED_OR_OVERDUE`, §3.5). */
const CANCELLABLE = new Set<SubscriptionStatus>(['ACTIVE', 'DELAYED', 'STARTED']);
/** Statuses a seller can reactivate. */
const REACTIVATABLE = new Set<SubscriptionStatus>([
  'INACTIVE',
  'CANCELLED_BY_CUSTOMER',
  'CANCELLED_BY_SELLER',
  'CANCELLED_BY_ADMIN',
]);
/** Statuses whose charge day can change: the union of what the sources claim (ACTIVE/OVERDUE/DELAYED, §4.2). */
const DUE_DAY_CHANGEABLE = new Set<SubscriptionStatus>(['ACTIVE', 'DELAYED', 'OVERDUE']);

function inRange(value: number | undefined, start: number | undefined, end: number | undefined): boolean {
  if (start === undefined && end === undefined) return true;
  if (value === undefined) return false;
  return (start === undefined || value >= start) && (end === undefined || value <= end);
}

/** Subscription-level filters shared by list and summary (reference §4.2). */
function subscriptionPredicate(account: EmulatorAccount, query: QueryReader, summary: boolean) {
  const productId = query.int('product_id', { min: 1 });
  const subscriberCode = query.string('subscriber_code');
  const accession = query.dateRange('accession_date', 'end_accession_date');
  const nextCharge = summary
    ? { start: query.date('date_next_charge') }
    : query.dateRange('date_next_charge', 'end_date_next_charge');
  if (summary) {
    return (subscription: Subscription) =>
      (productId === undefined || subscription.product_id === productId) &&
      (subscriberCode === undefined || subscription.subscriber_code === subscriberCode) &&
      inRange(subscription.accession_date, accession.start, accession.end) &&
      inRange(subscription.date_next_charge, nextCharge.start, undefined);
  }
  const plans = new Set(query.strings('plan'));
  const planId = query.int('plan_id', { min: 1 });
  const statuses = query.manyOf('status', SUBSCRIPTION_STATUSES);
  const email = query.string('subscriber_email')?.toLowerCase();
  const transaction = query.string('transaction');
  const trial = query.bool('trial');
  const cancellation = query.dateRange('cancelation_date', 'end_cancelation_date');
  const end = 'end' in nextCharge ? nextCharge.end : undefined;
  const owner = transaction === undefined ? undefined : (account.sale(transaction)?.subscriber_code ?? '');
  return (subscription: Subscription) => {
    if (productId !== undefined && subscription.product_id !== productId) return false;
    if (subscriberCode !== undefined && subscription.subscriber_code !== subscriberCode) return false;
    if (planId !== undefined && subscription.plan_id !== planId) return false;
    if (statuses !== undefined && !statuses.has(subscription.status)) return false;
    if (trial !== undefined && subscription.trial !== trial) return false;
    if (owner !== undefined && subscription.subscriber_code !== owner) return false;
    if (!inRange(subscription.accession_date, accession.start, accession.end)) return false;
    if (!inRange(subscription.cancellation_date, cancellation.start, cancellation.end)) return false;
    if (!inRange(subscription.date_next_charge, nextCharge.start, end)) return false;
    if (plans.size > 0 && !plans.has(account.plan(subscription.plan_id)?.name ?? '')) return false;
    if (email !== undefined && account.buyer(subscription.buyer_ucode)?.email.toLowerCase() !== email)
      return false;
    return true;
  };
}

function listSource<T>(
  account: EmulatorAccount,
  matches: (subscription: Subscription) => boolean,
  render: (subscription: Subscription) => T,
): ScanSource<Subscription, T> {
  const all = account.subscriptions();
  return {
    lo: 0,
    hi: all.length,
    match: (position) => {
      const subscription = all[position] as Subscription;
      return matches(subscription) ? subscription : undefined;
    },
    render: (subscription) => render(subscription),
  };
}

/** Charges of subscription `s` are positions s·2^12 + (recurrence − 1): 4,096 charges per subscription at most. */
const CHARGE_BITS = 12;

function transactionsSource(account: EmulatorAccount, query: QueryReader) {
  const range = query.dateRange('transaction_date', 'end_transaction_date');
  const billingTypes = query.manyOf('billing_type', BILLING_TYPES);
  const subscriptionStatuses = query.manyOf('subscription_status', SUBSCRIPTION_STATUSES);
  const recurrencyStatuses = query.manyOf('recurrency_status', RECURRENCY_STATUSES);
  const purchaseStatuses = query.manyOf('purchase_status', TRANSACTION_STATUSES);
  const paymentTypes = query.manyOf('purchase_payment_type', PAYMENT_TYPES);
  const name = query.string('subscriber_name')?.toLowerCase();
  const email = query.string('subscriber_email')?.toLowerCase();
  const code = query.string('subscriber_code');
  const offerCode = query.string('offer_code');
  const productId = query.int('product_id', { min: 1 });
  const transaction = query.string('transaction');
  const all = account.subscriptions();
  const subscriptionMatches = (subscription: Subscription): boolean => {
    // Every charge the emulator knows is a plain SUBSCRIPTION charge.
    if (billingTypes !== undefined && !billingTypes.has('SUBSCRIPTION')) return false;
    if (code !== undefined && subscription.subscriber_code !== code) return false;
    if (productId !== undefined && subscription.product_id !== productId) return false;
    if (subscriptionStatuses !== undefined && !subscriptionStatuses.has(subscription.status)) return false;
    if (offerCode !== undefined && account.plan(subscription.plan_id)?.code !== offerCode) return false;
    if (name !== undefined || email !== undefined) {
      const buyer = account.buyer(subscription.buyer_ucode);
      if (name !== undefined && !buyer?.name.toLowerCase().includes(name)) return false;
      if (email !== undefined && buyer?.email.toLowerCase() !== email) return false;
    }
    return true;
  };
  const wanted = new Map<number, boolean>();
  const subscriptionAt = (position: number): Subscription | undefined => {
    const owner = position >> CHARGE_BITS;
    const subscription = all[owner];
    if (!subscription) return undefined;
    let ok = wanted.get(owner);
    if (ok === undefined) {
      ok = subscriptionMatches(subscription);
      wanted.set(owner, ok);
    }
    return ok ? subscription : undefined;
  };
  const source: ScanSource<{ subscription: Subscription; transaction: string }, unknown> = {
    lo: 0,
    hi: all.length << CHARGE_BITS,
    match(position) {
      const subscription = subscriptionAt(position);
      if (!subscription) return undefined;
      const charge = subscription.transactions[position & ((1 << CHARGE_BITS) - 1)];
      if (charge === undefined) return undefined;
      if (transaction !== undefined && charge !== transaction) return undefined;
      const sale = account.sale(charge);
      if (!sale) return undefined;
      if (!inRange(sale.order_date, range.start, range.end)) return undefined;
      if (purchaseStatuses !== undefined && !purchaseStatuses.has(sale.status)) return undefined;
      if (paymentTypes !== undefined && !paymentTypes.has(sale.payment_type)) return undefined;
      if (recurrencyStatuses !== undefined && !recurrencyStatuses.has(recurrencyStatus(sale)))
        return undefined;
      return { subscription, transaction: charge };
    },
    render({ subscription, transaction: charge }) {
      return subscriptionTransactionItem(
        account,
        subscriptionContext(account, subscription),
        account.sale(charge)!,
      );
    },
    // Jump over the unused positions of each subscription and over subscriptions the filters exclude.
    after(position) {
      const owner = position >> CHARGE_BITS;
      const subscription = subscriptionAt(position);
      const next = position + 1;
      if (
        subscription &&
        (next & ((1 << CHARGE_BITS) - 1)) < subscription.transactions.length &&
        next >> CHARGE_BITS === owner
      ) {
        return next;
      }
      return (owner + 1) << CHARGE_BITS;
    },
    before(position) {
      if (position <= 0) return -1;
      const owner = position >> CHARGE_BITS;
      const offset = position & ((1 << CHARGE_BITS) - 1);
      if (offset > 0) return position - 1;
      // Step back to the last charge of the previous subscription (or its first slot when it has none).
      const previous = owner - 1;
      const subscription = all[previous];
      const last = subscription ? Math.max(0, subscription.transactions.length - 1) : 0;
      return (previous << CHARGE_BITS) + last;
    },
  };
  return source;
}

function subscriptionOr404(account: EmulatorAccount, code: string): Subscription {
  const subscription = account.subscription(code);
  if (!subscription) throw notFound('Subscriber', code);
  return subscription;
}

const sendMailSchema = z.object({ send_mail: z.boolean().optional() }).passthrough();
const chargeSchema = z.object({ charge: z.boolean().optional() }).passthrough();
const bulkCancelSchema = z
  .object({ subscriber_code: z.array(z.string().min(1)).min(1).max(500), send_mail: z.boolean().optional() })
  .passthrough();
const bulkReactivateSchema = z
  .object({ subscriber_code: z.array(z.string().min(1)).min(1).max(500), charge: z.boolean().optional() })
  .passthrough();
const dueDaySchema = z.object({ due_day: z.number().int() }).passthrough();
const switchSchema = z
  .object({ subscriber_code: z.string().min(1), offer_code: z.string().min(1) })
  .passthrough();

/**
 * Registers the subscription endpoints of reference §4.2.
 *
 * @example
 * registerSubscriptionRoutes(app, context);
 */
export function registerSubscriptionRoutes(app: EmulatorHono, context: RouteContext): void {
  const { emulator, guard } = context;
  const account = emulator.account;

  app.get(BASE, guard, (c) => {
    const query = queryOf(c);
    const matches = subscriptionPredicate(account, query, false);
    const source = listSource(account, matches, (s) => subscriptionItem(subscriptionContext(account, s)));
    return respondWithPage(context, c, { endpoint: 'subscriptions', query, source, size: SALES_PAGE });
  });

  app.get(`${BASE}/summary`, guard, (c) => {
    const query = queryOf(c);
    const matches = subscriptionPredicate(account, query, true);
    const source = listSource(account, matches, (s) =>
      subscriptionSummaryItem(account, subscriptionContext(account, s)),
    );
    // The summary's page_info carries only the tokens and results_per_page (reference §3.2).
    return respondWithPage(context, c, {
      endpoint: 'subscriptions-summary',
      query,
      source,
      size: SALES_PAGE,
      total: false,
    });
  });

  app.get(`${BASE}/transactions`, guard, (c) => {
    const query = queryOf(c);
    const source = transactionsSource(account, query);
    return respondWithPage(context, c, {
      endpoint: 'subscriptions-transactions',
      query,
      source,
      size: SALES_PAGE,
    });
  });

  app.get(`${BASE}/switch-plan/plans`, guard, (c) => {
    const query = queryOf(c);
    // Plural parameter: accept it repeated (reference §3.4) and, leniently, comma-joined.
    const codes = query.strings('subscriber_codes').flatMap((value) => value.split(','));
    if (codes.length === 0) throw invalidParameter('subscriber_codes', 'is required');
    const items = codes.map((code) => {
      const subscription = subscriptionOr404(account, code);
      const current = account.plan(subscription.plan_id);
      const plans = account
        .plans(subscription.product_id)
        .filter((plan) => plan.is_switch_plan_enabled || plan.id === subscription.plan_id)
        .map((plan) => ({
          id: plan.id,
          name: plan.name,
          offer: { key: plan.code },
          price: { value: plan.price.value, currency_code: plan.price.currency_code },
          periodicity: plan.periodicity,
          recurrency_period: plan.recurrency_period,
          current: plan.id === subscription.plan_id,
        }));
      return {
        subscriber_code: code,
        current_plan: {
          id: current?.id ?? 0,
          name: current?.name ?? '',
          offer: { key: current?.code ?? '' },
        },
        plans,
      };
    });
    return c.json({ items });
  });

  app.post(`${BASE}/switch-plan`, guard, async (c) => {
    const body = parseBody(switchSchema, await jsonBody(c));
    const subscription = subscriptionOr404(account, body.subscriber_code);
    const plan = account.planByCode(body.offer_code);
    if (!plan || plan.product_id !== subscription.product_id) {
      throw invalidValue('offer_code', `no plan ${body.offer_code} on the subscription's product`);
    }
    if (plan.id === subscription.plan_id)
      throw invalidValue('offer_code', 'the subscription is already on this plan');
    if (!plan.is_switch_plan_enabled)
      throw invalidValue('offer_code', `plan ${plan.name} does not allow switching`);
    if (!DUE_DAY_CHANGEABLE.has(subscription.status)) {
      throw invalidValue('subscriber_code', `a ${subscription.status} subscription cannot switch plans`);
    }
    const previous = subscription.plan_id;
    account.updateSubscription(subscription.subscriber_code, { plan_id: plan.id });
    account.notify({
      event: 'SWITCH_PLAN',
      subscriber_code: subscription.subscriber_code,
      previous_plan_id: previous,
    });
    return c.json(subscriptionItem(subscriptionContext(account, subscription)));
  });

  app.post(`${BASE}/cancel`, guard, async (c) => {
    const body = parseBody(bulkCancelSchema, await jsonBody(c));
    const success: unknown[] = [];
    const fail: unknown[] = [];
    for (const code of body.subscriber_code) {
      const subscription = account.subscription(code);
      if (!subscription) {
        fail.push({ subscriber_code: code, error: 'SUBSCRIPTION_NOT_FOUND' });
        continue;
      }
      const view = subscriptionContext(account, subscription);
      if (!CANCELLABLE.has(subscription.status)) {
        fail.push(
          shortSubscription(
            view,
            engineStatus(subscription.status),
            'SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE',
          ),
        );
        continue;
      }
      cancel(account, subscription);
      success.push(cancelledBulkItem(account, view));
    }
    return c.json({ success_subscriptions: success, fail_subscriptions: fail });
  });

  app.post(`${BASE}/reactivate`, guard, async (c) => {
    const body = parseBody(bulkReactivateSchema, await jsonBody(c));
    const success: unknown[] = [];
    const fail: unknown[] = [];
    for (const code of body.subscriber_code) {
      const subscription = account.subscription(code);
      if (!subscription) {
        fail.push({ subscriber_code: code, error: 'SUBSCRIPTION_NOT_FOUND' });
        continue;
      }
      const view = subscriptionContext(account, subscription);
      if (!REACTIVATABLE.has(subscription.status)) {
        fail.push(shortSubscription(view, engineStatus(subscription.status), 'SUBSCRIPTION_ALREADY_ACTIVE'));
        continue;
      }
      reactivate(account, subscription, body.charge ?? false);
      success.push(shortSubscription(view, engineStatus(subscription.status)));
    }
    return c.json({ success_subscriptions: success, fail_subscriptions: fail });
  });

  app.get(`${BASE}/:subscriber_code/purchases`, guard, (c) => {
    const subscription = subscriptionOr404(account, c.req.param('subscriber_code'));
    const now = account.now();
    // A bare array, not the paged envelope (reference §3.2).
    const items = subscription.transactions
      .map((transaction) => account.sale(transaction))
      .filter((sale) => sale !== undefined)
      .map((sale) => subscriberPurchaseItem(sale, now));
    return c.json(items);
  });

  app.post(`${BASE}/:subscriber_code/cancel`, guard, async (c) => {
    // `send_mail` is accepted and validated; the emulator sends no e-mail.
    parseBody(sendMailSchema, await jsonBody(c));
    const subscription = subscriptionOr404(account, c.req.param('subscriber_code'));
    if (!CANCELLABLE.has(subscription.status)) {
      throw new ApiError(
        400,
        'it_can_not_cancel_subscription_status',
        `Subscription ${subscription.subscriber_code} is ${subscription.status} and cannot be cancelled`,
      );
    }
    cancel(account, subscription);
    return c.json(cancelledSingleBody(subscriptionContext(account, subscription)));
  });

  app.post(`${BASE}/:subscriber_code/reactivate`, guard, async (c) => {
    const body = parseBody(chargeSchema, await jsonBody(c));
    const subscription = subscriptionOr404(account, c.req.param('subscriber_code'));
    if (!REACTIVATABLE.has(subscription.status)) {
      // The per-item code of the bulk endpoint (reference §3.5); no single-endpoint code is documented.
      throw new ApiError(
        400,
        'SUBSCRIPTION_ALREADY_ACTIVE',
        `Subscription ${subscription.subscriber_code} is active`,
      );
    }
    reactivate(account, subscription, body.charge ?? false);
    const view = subscriptionContext(account, subscription);
    return c.json(shortSubscription(view, engineStatus(subscription.status)));
  });

  app.patch(`${BASE}/:subscriber_code`, guard, async (c) => {
    const body = parseBody(dueDaySchema, await jsonBody(c));
    const subscription = subscriptionOr404(account, c.req.param('subscriber_code'));
    const plan = account.plan(subscription.plan_id);
    // Weekly plans count days of the week, 1 = Monday … 7 = Sunday (reference §4.2).
    const max = plan?.periodicity === 'WEEKLY' ? 7 : 31;
    if (body.due_day < 1 || body.due_day > max) throw invalidValue('due_day', `must be between 1 and ${max}`);
    if (subscription.trial) {
      throw new ApiError(
        400,
        'subscription_in_trial_period',
        `Subscription ${subscription.subscriber_code} is in trial`,
      );
    }
    if (!DUE_DAY_CHANGEABLE.has(subscription.status)) {
      throw invalidValue(
        'subscriber_code',
        `a ${subscription.status} subscription's charge day cannot change`,
      );
    }
    const old = subscription.due_day;
    // The new day applies after the next scheduled charge, so date_next_charge stays (reference §4.2).
    account.updateSubscription(subscription.subscriber_code, { due_day: body.due_day });
    account.notify({
      event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
      subscriber_code: subscription.subscriber_code,
      old_due_day: old,
    });
    return c.body(null, 200);
  });
}

/** Cancels as the producer: CANCELLED_BY_SELLER now, and the webhook sender is told (reference §4.2). */
function cancel(account: EmulatorAccount, subscription: Subscription): void {
  const now = account.now();
  account.updateSubscription(subscription.subscriber_code, {
    status: 'CANCELLED_BY_SELLER',
    cancellation_date: now,
    end_accession_date: now,
  });
  account.notify({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: subscription.subscriber_code });
}

/**
 * Reactivates: without `charge` the subscription is ACTIVE again and charges from the next period; with `charge`
 * the subscriber gets a payment link valid 3 days and the status stays INACTIVE until paid (reference §4.2).
 */
function reactivate(account: EmulatorAccount, subscription: Subscription, charge: boolean): void {
  const now = account.now();
  const plan = account.plan(subscription.plan_id);
  const period = (plan?.recurrency_period ?? 30) * DAY;
  account.updateSubscription(subscription.subscriber_code, {
    status: charge ? 'INACTIVE' : 'ACTIVE',
    cancellation_date: undefined,
    end_accession_date: undefined,
    date_next_charge: charge ? now + 3 * DAY : Math.max(subscription.date_next_charge, now + period),
  });
}
