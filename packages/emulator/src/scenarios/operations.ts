import { fixedFee, HOTMART_FEE_PERCENT, round2 } from '../generator/money.ts';
import {
  billetFor,
  choosePayment,
  chooseTracking,
  pixCodeFor,
  refusalReason,
} from '../generator/payments.ts';
import type { Rng } from '../generator/random.ts';
import type {
  Account,
  Buyer,
  ClubStudent,
  Money,
  Offer,
  Plan,
  Product,
  Sale,
  StateChange,
  Subscription,
  SubscriptionStatus,
  TransactionStatus,
} from '../model.ts';
import type { PurchaseEventName } from '../webhooks/event-names.ts';
import { REST_STATUS_BY_EVENT } from '../webhooks/status.ts';
import type { ScenarioCatalog } from './catalog.ts';
import { newBuyerInput } from './people.ts';
import { ScenarioError } from './scenario-error.ts';

/**
 * What the write operations share: the account, the run's seeded random source and the catalogue. Operations
 * write to the account and return the state change to report; they never notify, so a caller can set up silent
 * prerequisites (the trigger route) or report every step (journeys).
 *
 * @example
 * const ctx: ScenarioContext = { account, random: new Rng(7), catalog: readCatalog(account), tag: 'demo', createdBuyers: 0 };
 */
export interface ScenarioContext {
  readonly account: Account;
  readonly random: Rng;
  readonly catalog: ScenarioCatalog;
  /** Distinguishes the e-mails of buyers created by different runs. */
  readonly tag: string;
  /** Buyers created so far by this context. */
  createdBuyers: number;
}

/**
 * How a checkout pays: card (approved or refused at once), boleto or PIX (pending until paid or expired).
 *
 * @example
 * const sale = sellOnce(ctx, { payment: 'pix' satisfies PaymentKind, status: 'WAITING_PAYMENT' });
 */
export type PaymentKind = 'card' | 'billet' | 'pix';

const DAY = 86_400_000;

const CANCELED_LIKE: ReadonlySet<TransactionStatus> = new Set(['CANCELLED', 'NO_FUNDS', 'BLOCKED']);
const REFUSED_STATUSES = ['NO_FUNDS', 'BLOCKED', 'CANCELLED'] as const satisfies readonly TransactionStatus[];

/** Hotmart's fee as the generator computes it for seeded sales: 9.9 % plus a fixed part per currency. */
function hotmartFee(price: Money): Sale['hotmart_fee'] {
  const fixed = fixedFee(price.currency_code);
  return {
    total: round2((price.value * HOTMART_FEE_PERCENT) / 100 + fixed),
    fixed,
    base: HOTMART_FEE_PERCENT,
    currency_code: price.currency_code,
  };
}

/**
 * Who checks out: mostly new customers, sometimes a returning buyer picked from the sales history — unless
 * `isTaken` says that buyer cannot buy again (already a student of the product, say).
 *
 * @example
 * const buyer = chooseBuyer(ctx);
 */
export function chooseBuyer(ctx: ScenarioContext, isTaken?: (buyer: Buyer) => boolean): Buyer {
  const { account, random } = ctx;
  const count = account.saleCount();
  if (count > 0 && random.chance(0.3)) {
    const returning = account.buyer(account.saleAt(random.int(0, count - 1)).buyer_ucode);
    if (returning && !isTaken?.(returning)) return returning;
  }
  ctx.createdBuyers++;
  return account.addBuyer(newBuyerInput(random, ctx.createdBuyers, ctx.tag));
}

interface CheckoutInput {
  product: Product;
  offerCode: string;
  fullPrice: Money;
  buyer: Buyer;
  payment: PaymentKind;
  plan?: Plan;
}

/** The sale a checkout writes, in the REST state of `status`, with the payment details its method carries. */
function checkout(
  ctx: ScenarioContext,
  input: CheckoutInput,
  status: Sale['status'],
  extra: Partial<Sale> = {},
): Sale {
  const { account, random } = ctx;
  const now = account.now();
  const coupons = account
    .coupons(input.product.id)
    .filter(
      (coupon) =>
        coupon.status === 'valid' &&
        coupon.start_date <= now &&
        (coupon.end_date === undefined || coupon.end_date >= now) &&
        (coupon.offer_ids.length === 0 || coupon.offer_ids.includes(input.offerCode)),
    );
  const coupon = coupons.length > 0 && random.chance(0.15) ? random.pick(coupons) : undefined;
  const affiliates = account.affiliates();
  const affiliate = affiliates.length > 0 && random.chance(0.2) ? random.pick(affiliates) : undefined;
  const price: Money = {
    value: round2(input.fullPrice.value * (1 - (coupon?.discount ?? 0))),
    currency_code: input.fullPrice.currency_code,
  };
  // Card sales draw method and installments like the seeded history (installments on Brazilian cards ≥ R$ 100).
  const card = choosePayment(random, input.buyer.address.country_iso, price.value, 'CREDIT_CARD');
  const sale: Parameters<Account['addSale']>[0] = {
    product_id: input.product.id,
    offer_code: input.offerCode,
    buyer_ucode: input.buyer.ucode,
    status,
    payment_type: 'CREDIT_CARD',
    payment_method: card.method,
    installments_number: input.plan ? 1 : card.installments,
    price,
    full_price: input.fullPrice,
    hotmart_fee: hotmartFee(price),
    warranty_expire_date: now + input.product.warranty_period * DAY,
    tracking: chooseTracking(random),
    ...extra,
  };
  if (status === 'APPROVED') sale.approved_date = now;
  if (coupon) sale.coupon_code = coupon.coupon_code;
  if (affiliate) sale.affiliate_code = affiliate.affiliate_code;
  if (input.plan) sale.plan_id = input.plan.id;
  const refused = CANCELED_LIKE.has(status) || status === 'OVERDUE';
  if (refused && input.payment === 'card' && sale.refusal_reason === undefined) {
    sale.refusal_reason = refusalReason(random);
  }
  if (input.payment === 'billet' || input.payment === 'pix') {
    sale.payment_type = input.payment === 'pix' ? 'PIX' : 'BILLET';
    sale.payment_method = sale.payment_type;
    sale.installments_number = 1;
  }
  if (input.payment === 'pix') {
    sale.pix_code = pixCodeFor(random, price.value);
    sale.pix_expiration_date = now + DAY;
  }
  const added = account.addSale(sale);
  // The boleto's URL names the transaction, which only exists once the sale is written.
  return input.payment === 'billet'
    ? account.updateSale(added.transaction, billetFor(random, added.transaction))
    : added;
}

/**
 * A single purchase of a one-time product, written in the REST state that `event` leaves it in (card sales for
 * APPROVED/CANCELED, boleto or PIX for BILLET_PRINTED/EXPIRED).
 *
 * @example
 * const sale = sellOnce(ctx, { payment: 'billet', status: 'PRINTED_BILLET' });
 * account.notify({ event: 'PURCHASE_BILLET_PRINTED', transaction: sale.transaction });
 */
export function sellOnce(
  ctx: ScenarioContext,
  options: {
    payment: PaymentKind;
    status: Sale['status'];
    buyer?: Buyer;
    productId?: number;
    offerCode?: string;
  },
): Sale {
  const { random, catalog } = ctx;
  if (catalog.oneTime.length === 0)
    throw new ScenarioError('unavailable', 'the account has no one-time product');
  const entry =
    options.productId !== undefined
      ? catalog.oneTime.find((candidate) => candidate.product.id === options.productId)
      : random.pick(catalog.oneTime);
  if (!entry) throw new ScenarioError('not_found', `no sellable one-time product ${options.productId}`);
  const offer: Offer | undefined =
    options.offerCode !== undefined
      ? entry.offers.find((candidate) => candidate.code === options.offerCode)
      : (entry.offers.find((candidate) => candidate.is_main_offer && random.chance(0.7)) ??
        random.pick(entry.offers));
  if (!offer)
    throw new ScenarioError('not_found', `offer ${options.offerCode} is not an offer of ${entry.product.id}`);
  return checkout(
    ctx,
    {
      product: entry.product,
      offerCode: offer.code,
      fullPrice: offer.price,
      buyer: options.buyer ?? chooseBuyer(ctx),
      payment: options.payment,
    },
    options.status,
  );
}

/**
 * A refused card: one of the REST refusal states, all reported as CANCELED (reference §5.1).
 *
 * @example
 * const sale = sellOnce(ctx, { payment: 'card', status: refusedCardStatus(ctx) });
 */
export function refusedCardStatus(ctx: ScenarioContext): Sale['status'] {
  return ctx.random.pick(REFUSED_STATUSES);
}

const PENDING: readonly TransactionStatus[] = [
  'STARTED',
  'PROCESSING_TRANSACTION',
  'UNDER_ANALISYS',
  'PRE_ORDER',
];
const AWAITING_PAYMENT: readonly TransactionStatus[] = ['PRINTED_BILLET', 'WAITING_PAYMENT', 'OVERDUE'];

/**
 * The REST states a purchase event can move a sale out of; anything else is a conflict (a boleto that expired
 * cannot be refunded). Re-reporting the state a sale is already in is always allowed, to re-send an event.
 */
const TRANSITIONS: Readonly<Record<PurchaseEventName, readonly TransactionStatus[]>> = {
  PURCHASE_APPROVED: [...PENDING, ...AWAITING_PAYMENT],
  PURCHASE_COMPLETE: ['APPROVED', 'PROTESTED'],
  PURCHASE_CANCELED: [...PENDING, ...AWAITING_PAYMENT, 'NO_FUNDS', 'BLOCKED'],
  PURCHASE_REFUNDED: ['APPROVED', 'COMPLETE', 'PROTESTED', 'PARTIALLY_REFUNDED'],
  PURCHASE_CHARGEBACK: ['APPROVED', 'COMPLETE', 'PROTESTED'],
  PURCHASE_BILLET_PRINTED: PENDING,
  PURCHASE_PROTEST: ['APPROVED', 'COMPLETE'],
  PURCHASE_EXPIRED: AWAITING_PAYMENT,
  PURCHASE_DELAYED: [...PENDING, 'NO_FUNDS', 'BLOCKED'],
};

/**
 * Sets a sale to the REST state a purchase event leaves it in, with the dates that state implies. Throws a
 * `conflict` ScenarioError when the sale's state does not allow the transition.
 *
 * @example
 * const change = applyPurchaseEvent(ctx, 'HP0001', 'PURCHASE_REFUNDED');
 * account.notify(change);
 */
export function applyPurchaseEvent(
  ctx: ScenarioContext,
  transaction: string,
  event: PurchaseEventName,
): StateChange {
  const { account } = ctx;
  const sale = account.sale(transaction);
  if (!sale) throw new ScenarioError('not_found', `unknown transaction ${transaction}`);
  const target = REST_STATUS_BY_EVENT[event];
  const alreadyThere =
    sale.status === target || (event === 'PURCHASE_CANCELED' && CANCELED_LIKE.has(sale.status));
  if (!alreadyThere && !TRANSITIONS[event].includes(sale.status)) {
    throw new ScenarioError(
      'conflict',
      `transaction ${transaction} is ${sale.status}; ${event} cannot apply`,
    );
  }
  if (alreadyThere) return { event, transaction };
  const now = account.now();
  const patch: Partial<Sale> = { status: REST_STATUS_BY_EVENT[event] };
  if (event === 'PURCHASE_APPROVED' && sale.approved_date === undefined) patch.approved_date = now;
  if (event === 'PURCHASE_PROTEST') patch.refund_requested_at = now;
  if (event === 'PURCHASE_REFUNDED') patch.refunded_at = now;
  if (event === 'PURCHASE_CANCELED' && sale.refusal_reason === undefined)
    patch.refusal_reason = 'Transaction refused';
  account.updateSale(transaction, patch);
  return { event, transaction };
}

/** Day of the month (1–31) or, for weekly plans, of the week (1 = Monday … 7 = Sunday), reference model. */
function dueDayOf(date: number, plan: Plan): number {
  const day = new Date(date);
  if (plan.recurrency_period === 7) return ((day.getUTCDay() + 6) % 7) + 1;
  return day.getUTCDate();
}

/** The first charge date after `after` that falls on `dueDay`, at noon UTC like the samples (reference §6.6). */
function nextChargeDate(after: number, dueDay: number, plan: Plan): number {
  const start = new Date(after);
  const noon = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 12);
  for (let offset = 1; offset <= 62; offset++) {
    const candidate = noon + offset * DAY;
    const date = new Date(candidate);
    if (plan.recurrency_period === 7) {
      if (((date.getUTCDay() + 6) % 7) + 1 === dueDay) return candidate;
    } else {
      const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      if (date.getUTCDate() === Math.min(dueDay, lastDay)) return candidate;
    }
  }
  return noon + plan.recurrency_period * DAY;
}

/**
 * First purchase of a subscription: the approved sale, the subscription, and the link between them.
 *
 * @example
 * const { sale, subscription } = startSubscription(ctx);
 * account.notify({ event: 'PURCHASE_APPROVED', transaction: sale.transaction });
 */
export function startSubscription(
  ctx: ScenarioContext,
  options: { productId?: number; switchable?: boolean; buyer?: Buyer; payment?: PaymentKind } = {},
): { sale: Sale; subscription: Subscription } {
  const { account, random, catalog } = ctx;
  const pool = options.switchable ? catalog.switchable : catalog.subscriptions;
  if (pool.length === 0) {
    throw new ScenarioError(
      'unavailable',
      options.switchable
        ? 'no subscription product has two switchable plans'
        : 'the account has no subscription product',
    );
  }
  const entry =
    options.productId !== undefined
      ? pool.find((candidate) => candidate.product.id === options.productId)
      : random.pick(pool);
  if (!entry) throw new ScenarioError('not_found', `no subscription product ${options.productId}`);
  const plan = random.pick(entry.plans);
  const buyer = options.buyer ?? chooseBuyer(ctx);
  const now = account.now();
  const sale = checkout(
    ctx,
    {
      product: entry.product,
      offerCode: plan.code,
      fullPrice: plan.price,
      buyer,
      payment: options.payment ?? 'card',
      plan,
    },
    'APPROVED',
    { recurrency_number: 1 },
  );
  const subscription = account.addSubscription({
    product_id: entry.product.id,
    plan_id: plan.id,
    buyer_ucode: buyer.ucode,
    status: 'ACTIVE',
    accession_date: now,
    request_date: now,
    date_next_charge: now + plan.recurrency_period * DAY,
    due_day: dueDayOf(now, plan),
    trial: false,
    transaction: sale.transaction,
    current_recurrence: 1,
    transactions: [sale.transaction],
    unpaid: [],
  });
  const linked = account.updateSale(sale.transaction, { subscriber_code: subscription.subscriber_code });
  return { sale: linked, subscription };
}

function subscriptionOf(
  ctx: ScenarioContext,
  subscriberCode: string,
): { subscription: Subscription; plan: Plan } {
  const subscription = ctx.account.subscription(subscriberCode);
  if (!subscription) throw new ScenarioError('not_found', `unknown subscriber ${subscriberCode}`);
  const plan = ctx.account.plan(subscription.plan_id);
  if (!plan) throw new ScenarioError('not_found', `unknown plan ${subscription.plan_id}`);
  return { subscription, plan };
}

const isCancelled = (status: SubscriptionStatus): boolean =>
  status.startsWith('CANCELLED_') || status === 'INACTIVE';

/**
 * The next recurrence of a subscription: a paid renewal (APPROVED) or an unpaid one (OVERDUE, the subscription
 * DELAYED — PURCHASE_DELAYED, reference §6.4).
 *
 * @example
 * account.notify(chargeRenewal(ctx, subscription.subscriber_code, false)); // PURCHASE_DELAYED
 */
export function chargeRenewal(ctx: ScenarioContext, subscriberCode: string, paid: boolean): StateChange {
  const { account } = ctx;
  const { subscription, plan } = subscriptionOf(ctx, subscriberCode);
  if (isCancelled(subscription.status)) {
    throw new ScenarioError('conflict', `subscription ${subscriberCode} is ${subscription.status}`);
  }
  const product = account.product(subscription.product_id);
  const buyer = account.buyer(subscription.buyer_ucode);
  if (!product || !buyer)
    throw new ScenarioError('not_found', `records of subscriber ${subscriberCode} are missing`);
  const recurrence = subscription.current_recurrence + 1;
  const now = account.now();
  const sale = checkout(
    ctx,
    { product, offerCode: plan.code, fullPrice: plan.price, buyer, payment: 'card', plan },
    paid ? 'APPROVED' : 'OVERDUE',
    { recurrency_number: recurrence, subscriber_code: subscriberCode },
  );
  // Some accounts append a charge to its subscription's transactions themselves on addSale.
  const charged = account.subscription(subscriberCode)?.transactions ?? subscription.transactions;
  account.updateSubscription(subscriberCode, {
    current_recurrence: recurrence,
    transactions: charged.includes(sale.transaction) ? [...charged] : [...charged, sale.transaction],
    date_next_charge: paid
      ? subscription.date_next_charge + plan.recurrency_period * DAY
      : subscription.date_next_charge,
    status: paid ? 'ACTIVE' : 'DELAYED',
    unpaid: paid ? subscription.unpaid : [...subscription.unpaid, { number: recurrence, charge_date: now }],
  });
  return { event: paid ? 'PURCHASE_APPROVED' : 'PURCHASE_DELAYED', transaction: sale.transaction };
}

/**
 * The buyer pays an overdue recurrence: the sale is approved and the subscription active again.
 *
 * @example
 * account.notify(payOverdue(ctx, overdueTransaction)); // PURCHASE_APPROVED
 */
export function payOverdue(ctx: ScenarioContext, transaction: string): StateChange {
  const { account } = ctx;
  const sale = account.sale(transaction);
  if (!sale) throw new ScenarioError('not_found', `unknown transaction ${transaction}`);
  if (sale.status !== 'OVERDUE')
    throw new ScenarioError('conflict', `transaction ${transaction} is ${sale.status}`);
  const change = applyPurchaseEvent(ctx, transaction, 'PURCHASE_APPROVED');
  if (sale.subscriber_code !== undefined) {
    const { subscription, plan } = subscriptionOf(ctx, sale.subscriber_code);
    const unpaid = subscription.unpaid.filter((charge) => charge.number !== sale.recurrency_number);
    account.updateSubscription(sale.subscriber_code, {
      unpaid,
      status: unpaid.length === 0 ? 'ACTIVE' : subscription.status,
      date_next_charge: subscription.date_next_charge + plan.recurrency_period * DAY,
    });
  }
  return change;
}

/**
 * Cancels a subscription (by the customer, the seller, or Hotmart after unpaid charges).
 *
 * @example
 * account.notify(cancelSubscription(ctx, 'I9OT62C3', 'CUSTOMER'));
 */
export function cancelSubscription(
  ctx: ScenarioContext,
  subscriberCode: string,
  by: 'CUSTOMER' | 'SELLER' | 'ADMIN',
): StateChange {
  const { subscription } = subscriptionOf(ctx, subscriberCode);
  if (isCancelled(subscription.status)) {
    throw new ScenarioError('conflict', `subscription ${subscriberCode} is already ${subscription.status}`);
  }
  const now = ctx.account.now();
  ctx.account.updateSubscription(subscriberCode, {
    status: `CANCELLED_BY_${by}`,
    cancellation_date: now,
    end_accession_date: Math.max(now, subscription.date_next_charge),
  });
  return { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: subscriberCode };
}

/**
 * Reactivates a cancelled subscription. Hotmart has no reactivation event; the buyer is charged again, so the
 * visible webhook is the new recurrence's PURCHASE_APPROVED.
 *
 * @example
 * account.notify(reactivateSubscription(ctx, 'I9OT62C3'));
 */
export function reactivateSubscription(ctx: ScenarioContext, subscriberCode: string): StateChange {
  const { subscription, plan } = subscriptionOf(ctx, subscriberCode);
  if (!isCancelled(subscription.status)) {
    throw new ScenarioError('conflict', `subscription ${subscriberCode} is ${subscription.status}`);
  }
  const now = ctx.account.now();
  ctx.account.updateSubscription(subscriberCode, {
    status: 'ACTIVE',
    cancellation_date: undefined,
    end_accession_date: undefined,
    date_next_charge: Math.max(subscription.date_next_charge, now),
    due_day: dueDayOf(now, plan),
  });
  return chargeRenewal(ctx, subscriberCode, true);
}

/**
 * Moves a subscriber to another switchable plan of the same product (SWITCH_PLAN).
 *
 * @example
 * account.notify(switchPlan(ctx, 'I9OT62C3'));
 */
export function switchPlan(ctx: ScenarioContext, subscriberCode: string, planId?: number): StateChange {
  const { account, random } = ctx;
  const { subscription } = subscriptionOf(ctx, subscriberCode);
  if (isCancelled(subscription.status)) {
    throw new ScenarioError('conflict', `subscription ${subscriberCode} is ${subscription.status}`);
  }
  const others = account
    .plans(subscription.product_id)
    .filter((plan) => plan.id !== subscription.plan_id && plan.is_switch_plan_enabled);
  const target =
    planId !== undefined
      ? others.find((plan) => plan.id === planId)
      : others.length > 0
        ? random.pick(others)
        : undefined;
  if (!target) {
    throw planId !== undefined
      ? new ScenarioError(
          'not_found',
          `plan ${planId} is not another switchable plan of ${subscription.product_id}`,
        )
      : new ScenarioError('unavailable', `product ${subscription.product_id} has no other switchable plan`);
  }
  // Accounts update subscriptions in place: read what the change reports before writing.
  const previousPlanId = subscription.plan_id;
  account.updateSubscription(subscriberCode, { plan_id: target.id });
  return { event: 'SWITCH_PLAN', subscriber_code: subscriberCode, previous_plan_id: previousPlanId };
}

/**
 * Changes the subscription's charge day and moves the next charge to it (UPDATE_SUBSCRIPTION_CHARGE_DATE).
 *
 * @example
 * account.notify(changeDueDay(ctx, 'I9OT62C3', 10));
 */
export function changeDueDay(ctx: ScenarioContext, subscriberCode: string, dueDay?: number): StateChange {
  const { account, random } = ctx;
  const { subscription, plan } = subscriptionOf(ctx, subscriberCode);
  if (isCancelled(subscription.status)) {
    throw new ScenarioError('conflict', `subscription ${subscriberCode} is ${subscription.status}`);
  }
  const maxDay = plan.recurrency_period === 7 ? 7 : 31;
  let next = dueDay ?? random.int(1, plan.recurrency_period === 7 ? 7 : 28);
  if (dueDay === undefined && next === subscription.due_day) next = (next % (maxDay === 7 ? 7 : 28)) + 1;
  if (!Number.isInteger(next) || next < 1 || next > maxDay) {
    throw new ScenarioError('conflict', `due day must be between 1 and ${maxDay} for this plan`);
  }
  const oldDueDay = subscription.due_day;
  account.updateSubscription(subscriberCode, {
    due_day: next,
    date_next_charge: nextChargeDate(account.now(), next, plan),
  });
  return {
    event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
    subscriber_code: subscriberCode,
    old_due_day: oldDueDay,
  };
}

/**
 * The buyer's student record in a members area, created on purchase if the account did not add one.
 *
 * @example
 * const student = enrolStudent(ctx, product.id, buyer);
 */
export function enrolStudent(ctx: ScenarioContext, productId: number, buyer: Buyer): ClubStudent {
  const { account } = ctx;
  const existing = account.students(productId).find((student) => student.buyer_ucode === buyer.ucode);
  if (existing) return existing;
  const classmate = account.students(productId).find((student) => student.role === 'STUDENT');
  return account.addStudent({
    product_id: productId,
    buyer_ucode: buyer.ucode,
    name: buyer.name,
    email: buyer.email,
    role: 'STUDENT',
    status: 'ACTIVE',
    type: 'BUYER',
    engagement: 'NONE',
    locale: buyer.locale,
    plus_access: 'WITHOUT_PLUS_ACCESS',
    class_id: classmate?.class_id ?? '',
    purchase_date: account.now(),
    access_count: 0,
    completed: new Map(),
  });
}

/**
 * A student opens the members area for the first time (CLUB_FIRST_ACCESS).
 *
 * @example
 * account.notify(firstAccess(ctx, student.user_id));
 */
export function firstAccess(ctx: ScenarioContext, userId: string): StateChange {
  const { account } = ctx;
  const student = account.student(userId);
  if (!student) throw new ScenarioError('not_found', `unknown student ${userId}`);
  if (student.first_access_date !== undefined) {
    throw new ScenarioError('conflict', `student ${userId} has accessed the members area before`);
  }
  const now = account.now();
  account.updateStudent(userId, {
    first_access_date: now,
    last_access_date: now,
    access_count: student.access_count + 1,
    engagement: 'LOW',
  });
  return { event: 'CLUB_FIRST_ACCESS', user_id: userId, product_id: student.product_id };
}

/**
 * A student completes every page of a module (CLUB_MODULE_COMPLETED): the next unfinished module in sequence
 * unless one is named. The pages' completion dates are what the REST progress route reports.
 *
 * @example
 * account.notify(completeModule(ctx, student.user_id));
 */
export function completeModule(ctx: ScenarioContext, userId: string, moduleId?: string): StateChange {
  const { account } = ctx;
  const student = account.student(userId);
  if (!student) throw new ScenarioError('not_found', `unknown student ${userId}`);
  const modules = [...account.modules(student.product_id)].sort((a, b) => a.sequence - b.sequence);
  const isDone = (id: string) => account.pages(id).every((page) => student.completed.has(page.page_id));
  const module =
    moduleId !== undefined
      ? modules.find((candidate) => candidate.module_id === moduleId)
      : modules.find((candidate) => !isDone(candidate.module_id));
  if (!module) {
    throw moduleId !== undefined
      ? new ScenarioError('not_found', `module ${moduleId} is not a module of product ${student.product_id}`)
      : new ScenarioError('conflict', `student ${userId} has completed every module`);
  }
  const now = account.now();
  const completed = new Map(student.completed);
  for (const page of account.pages(module.module_id))
    if (!completed.has(page.page_id)) completed.set(page.page_id, now);
  const totalPages = modules.reduce((total, each) => total + account.pages(each.module_id).length, 0);
  const share = totalPages === 0 ? 1 : completed.size / totalPages;
  account.updateStudent(userId, {
    completed,
    first_access_date: student.first_access_date ?? now,
    last_access_date: now,
    access_count: student.access_count + 1,
    engagement: share >= 0.66 ? 'HIGH' : share >= 0.33 ? 'MEDIUM' : 'LOW',
  });
  return {
    event: 'CLUB_MODULE_COMPLETED',
    user_id: userId,
    product_id: student.product_id,
    module_id: module.module_id,
  };
}

/**
 * Sells a members-area product (one-time or subscription) and enrols the buyer.
 *
 * @example
 * const { change, student } = sellClubAccess(ctx);
 * account.notify(change);
 */
export function sellClubAccess(
  ctx: ScenarioContext,
  productId?: number,
): { change: StateChange; student: ClubStudent } {
  const { account, random, catalog } = ctx;
  if (catalog.club.length === 0)
    throw new ScenarioError('unavailable', 'the account has no members-area product');
  const entry =
    productId !== undefined
      ? catalog.club.find((candidate) => candidate.product.id === productId)
      : random.pick(catalog.club);
  if (!entry) throw new ScenarioError('not_found', `no members-area product ${productId}`);
  const students = account.students(entry.product.id);
  const buyer = chooseBuyer(ctx, (candidate) =>
    students.some((student) => student.buyer_ucode === candidate.ucode),
  );
  const sale = entry.product.is_subscription
    ? startSubscription(ctx, { productId: entry.product.id, buyer }).sale
    : sellOnce(ctx, { payment: 'card', status: 'APPROVED', buyer, productId: entry.product.id });
  const student = enrolStudent(ctx, entry.product.id, buyer);
  account.updateStudent(student.user_id, { purchase_date: sale.order_date });
  return { change: { event: 'PURCHASE_APPROVED', transaction: sale.transaction }, student };
}
