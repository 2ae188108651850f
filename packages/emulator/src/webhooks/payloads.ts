import { randomUUID } from 'node:crypto';
import type { Account, Buyer, StateChange, Subscription } from '../model.ts';
import { isPurchaseChange, type WebhookEventName } from './event-names.ts';
import { WebhookPayloadError } from './payload-error.ts';
import type {
  AbandonmentWebhookData,
  ChargeDateWebhookData,
  ClubFirstAccessWebhookData,
  ClubModuleCompletedWebhookData,
  SubscriptionCancellationWebhookData,
  SwitchPlanWebhookData,
  WebhookDataByEvent,
  WebhookPayload,
} from './payload-types.ts';
import { buildPurchaseData } from './purchase-payload.ts';

/**
 * How an envelope is stamped.
 *
 * @example
 * const options: BuildWebhookPayloadOptions = { id: randomUUID(), hottok: 'h0t' };
 */
export interface BuildWebhookPayloadOptions {
  /** Envelope `id`; a fresh UUID by default (ids are UUIDs, reference §6.5). */
  id?: string;
  /** Envelope creation time in ms; the account's clock by default. */
  creationDate?: number;
  /** When set, also sent as the body field `hottok`, as older and some real deliveries do (reference §6.2). */
  hottok?: string;
}

/** Events whose envelope says `creationDate` rather than `creation_date` (reference §6.5). */
const camelCaseCreationDate: ReadonlySet<WebhookEventName> = new Set([
  'CLUB_FIRST_ACCESS',
  'UPDATE_SUBSCRIPTION_CHARGE_DATE',
]);

function subscriptionRecords(account: Account, event: WebhookEventName, subscriberCode: string) {
  const subscription = account.subscription(subscriberCode);
  if (!subscription) throw new WebhookPayloadError(event, `unknown subscriber ${subscriberCode}`);
  const product = account.product(subscription.product_id);
  if (!product) throw new WebhookPayloadError(event, `unknown product ${subscription.product_id}`);
  const plan = account.plan(subscription.plan_id);
  if (!plan) throw new WebhookPayloadError(event, `unknown plan ${subscription.plan_id}`);
  const buyer = account.buyer(subscription.buyer_ucode);
  if (!buyer) throw new WebhookPayloadError(event, `unknown buyer of subscriber ${subscriberCode}`);
  return { subscription, product, plan, buyer };
}

/**
 * Cancellation payloads split the phone into landline and mobile with their area codes (reference §6.6). A
 * Brazilian number (code 55) starts with the two-digit DDD; nine digits after it make a mobile.
 */
function splitPhone(buyer: Buyer): SubscriptionCancellationWebhookData['subscriber']['phone'] {
  const digits = buyer.phone.replace(/\D/g, '');
  if (buyer.phone_code === '55' && digits.length >= 10) {
    const ddd = digits.slice(0, 2);
    const rest = digits.slice(2);
    return rest.length === 9
      ? { dddPhone: '', phone: '', dddCell: ddd, cell: rest }
      : { dddPhone: ddd, phone: rest, dddCell: '', cell: '' };
  }
  return { dddPhone: '', phone: '', dddCell: '', cell: digits };
}

/** A stable, plausible public IPv4 for a buyer, so abandonments of the same buyer share an address. */
function buyerIp(ucode: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ucode.length; i++) hash = Math.imul(hash ^ ucode.charCodeAt(i), 0x01000193) >>> 0;
  return `177.${(hash >>> 16) & 0xff}.${(hash >>> 8) & 0xff}.${(hash & 0xfe) + 1}`;
}

function abandonmentData(
  account: Account,
  change: Extract<StateChange, { event: 'PURCHASE_OUT_OF_SHOPPING_CART' }>,
): AbandonmentWebhookData {
  const product = account.product(change.product_id);
  if (!product) throw new WebhookPayloadError(change.event, `unknown product ${change.product_id}`);
  const buyer = account.buyer(change.buyer_ucode);
  if (!buyer) throw new WebhookPayloadError(change.event, `unknown buyer ${change.buyer_ucode}`);
  return {
    // The checkout knows no affiliate for an abandoned cart in the model; samples show `false` (reference §6.6).
    affiliate: false,
    product: { id: product.id, name: product.name },
    buyer_ip: buyerIp(buyer.ucode),
    buyer: { name: buyer.name, email: buyer.email, phone: buyer.phone },
    offer: { code: change.offer_code },
    checkout_country: { name: buyer.address.country, iso: buyer.address.country_iso },
  };
}

function cancellationData(
  account: Account,
  change: Extract<StateChange, { event: 'SUBSCRIPTION_CANCELLATION' }>,
  creationDate: number,
): SubscriptionCancellationWebhookData {
  const { subscription, product, plan, buyer } = subscriptionRecords(
    account,
    change.event,
    change.subscriber_code,
  );
  return {
    actual_recurrence_value: plan.price.value,
    cancellation_date: subscription.cancellation_date ?? creationDate,
    date_next_charge: subscription.date_next_charge,
    product: { id: product.id, name: product.name },
    subscriber: {
      code: subscription.subscriber_code,
      name: buyer.name,
      email: buyer.email,
      phone: splitPhone(buyer),
    },
    subscription: { id: subscription.subscription_id, plan: { id: plan.id, name: plan.name } },
  };
}

function switchPlanData(
  account: Account,
  change: Extract<StateChange, { event: 'SWITCH_PLAN' }>,
  creationDate: number,
): SwitchPlanWebhookData {
  const { subscription, product, plan, buyer } = subscriptionRecords(
    account,
    change.event,
    change.subscriber_code,
  );
  const previous = account.plan(change.previous_plan_id);
  if (!previous) throw new WebhookPayloadError(change.event, `unknown plan ${change.previous_plan_id}`);
  return {
    switch_plan_date: creationDate,
    subscription: {
      subscriber_code: subscription.subscriber_code,
      status: subscription.status,
      product: { id: product.id, name: product.name },
      user: { email: buyer.email },
    },
    // The sample lists the new plan first, marked current (reference §6.6).
    plans: [
      { id: plan.id, name: plan.name, offer: { key: plan.code }, current: true },
      { id: previous.id, name: previous.name, offer: { key: previous.code }, current: false },
    ],
  };
}

function chargeDateData(
  account: Account,
  change: Extract<StateChange, { event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE' }>,
): ChargeDateWebhookData {
  const { subscription, product, plan, buyer } = subscriptionRecords(
    account,
    change.event,
    change.subscriber_code,
  );
  return {
    subscription: {
      // The one ISO date of this family, with milliseconds as in the sample (reference §3.1).
      dateNextCharge: new Date(subscription.date_next_charge).toISOString(),
      newChargeDay: subscription.due_day,
      oldChargeDay: change.old_due_day,
      status: subscription.status,
      product: { id: product.id, name: product.name },
    },
    subscriber: { name: buyer.name, email: buyer.email, code: subscription.subscriber_code },
    plan: { id: plan.id, name: plan.name, offer: { code: plan.code } },
  };
}

function studentRecords(account: Account, event: WebhookEventName, userId: string, productId: number) {
  const product = account.product(productId);
  if (!product) throw new WebhookPayloadError(event, `unknown product ${productId}`);
  const student = account.student(userId);
  if (!student) throw new WebhookPayloadError(event, `unknown student ${userId}`);
  return { product, student };
}

function firstAccessData(
  account: Account,
  change: Extract<StateChange, { event: 'CLUB_FIRST_ACCESS' }>,
): ClubFirstAccessWebhookData {
  const { product, student } = studentRecords(account, change.event, change.user_id, change.product_id);
  return {
    product: { id: product.id, name: product.name },
    user: { name: student.name, email: student.email },
  };
}

function moduleCompletedData(
  account: Account,
  change: Extract<StateChange, { event: 'CLUB_MODULE_COMPLETED' }>,
): ClubModuleCompletedWebhookData {
  const { product, student } = studentRecords(account, change.event, change.user_id, change.product_id);
  const module = account.modules(product.id).find((candidate) => candidate.module_id === change.module_id);
  if (!module) throw new WebhookPayloadError(change.event, `unknown module ${change.module_id}`);
  return {
    // Every sample carries this product id as a string (reference §6.6).
    product: { id: String(product.id), name: product.name },
    user: { email: student.email, name: student.name },
    module: { id: module.module_id, name: module.name },
  };
}

/**
 * Renders the `data` block of a state change from the account's current records (reference §6.6). Throws
 * {@link WebhookPayloadError} when the change names a record the account does not hold.
 *
 * @example
 * const data = buildWebhookData(account, { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'ABC12345' }, Date.now());
 */
export function buildWebhookData<C extends StateChange>(
  account: Account,
  change: C,
  creationDate: number,
): WebhookDataByEvent[C['event']] {
  return renderData(account, change, creationDate) as WebhookDataByEvent[C['event']];
}

function renderData(
  account: Account,
  change: StateChange,
  creationDate: number,
): WebhookDataByEvent[WebhookEventName] {
  if (isPurchaseChange(change)) return buildPurchaseData(account, change);
  switch (change.event) {
    case 'PURCHASE_OUT_OF_SHOPPING_CART':
      return abandonmentData(account, change);
    case 'SUBSCRIPTION_CANCELLATION':
      return cancellationData(account, change, creationDate);
    case 'SWITCH_PLAN':
      return switchPlanData(account, change, creationDate);
    case 'UPDATE_SUBSCRIPTION_CHARGE_DATE':
      return chargeDateData(account, change);
    case 'CLUB_FIRST_ACCESS':
      return firstAccessData(account, change);
    case 'CLUB_MODULE_COMPLETED':
      return moduleCompletedData(account, change);
  }
  throw new WebhookPayloadError((change as StateChange).event, 'unsupported event');
}

/**
 * Wraps a rendered `data` block in the v2.0.0 envelope (reference §6.5), with the `creationDate` quirk of
 * CLUB_FIRST_ACCESS and UPDATE_SUBSCRIPTION_CHARGE_DATE and the optional body `hottok` (§6.2).
 *
 * @example
 * const payload = wrapWebhookEnvelope('CLUB_FIRST_ACCESS', data, { id: randomUUID(), creationDate: Date.now() });
 */
export function wrapWebhookEnvelope<E extends WebhookEventName>(
  event: E,
  data: WebhookDataByEvent[E],
  stamp: { id: string; creationDate: number; hottok?: string },
): WebhookPayload<E> {
  const envelope: Record<string, unknown> = { id: stamp.id };
  envelope[camelCaseCreationDate.has(event) ? 'creationDate' : 'creation_date'] = stamp.creationDate;
  envelope['event'] = event;
  envelope['version'] = '2.0.0';
  if (stamp.hottok !== undefined) envelope['hottok'] = stamp.hottok;
  envelope['data'] = data;
  return envelope as WebhookPayload<E>;
}

/**
 * Builds the v2.0.0 webhook payload Hotmart would send for a state change, rendered from the account's current
 * records: the envelope `{ id, creation_date, event, version: '2.0.0', data }` (reference §6.5) with the data shape
 * of the event's family (§6.6) and the webhook status vocabulary (§5.1).
 *
 * @example
 * const payload = buildWebhookPayload(account, { event: 'PURCHASE_APPROVED', transaction: 'HP0001' });
 * console.log(payload.event, payload.data.purchase.status); // PURCHASE_APPROVED APPROVED
 */
export function buildWebhookPayload<C extends StateChange>(
  account: Account,
  change: C,
  options: BuildWebhookPayloadOptions = {},
): WebhookPayload<C['event']> {
  const creationDate = options.creationDate ?? account.now();
  const data = buildWebhookData(account, change, creationDate);
  const stamp: { id: string; creationDate: number; hottok?: string } = {
    id: options.id ?? randomUUID(),
    creationDate,
  };
  if (options.hottok !== undefined) stamp.hottok = options.hottok;
  return wrapWebhookEnvelope(change.event as C['event'], data, stamp);
}

/**
 * The product a state change concerns, for per-endpoint product filters (a webhook configuration can be limited
 * to one product, reference §6.1). `undefined` when the change names an unknown record.
 *
 * @example
 * const productId = productIdOf(account, { event: 'SWITCH_PLAN', subscriber_code: 'ABC12345', previous_plan_id: 1 });
 */
export function productIdOf(account: Account, change: StateChange): number | undefined {
  if (isPurchaseChange(change)) return account.sale(change.transaction)?.product_id;
  switch (change.event) {
    case 'PURCHASE_OUT_OF_SHOPPING_CART':
    case 'CLUB_FIRST_ACCESS':
    case 'CLUB_MODULE_COMPLETED':
      return change.product_id;
    case 'SUBSCRIPTION_CANCELLATION':
    case 'SWITCH_PLAN':
    case 'UPDATE_SUBSCRIPTION_CHARGE_DATE':
      return (account.subscription(change.subscriber_code) as Subscription | undefined)?.product_id;
  }
  return undefined;
}
