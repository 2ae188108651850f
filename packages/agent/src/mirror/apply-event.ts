import {
  ChargeDateData,
  ClubFirstAccessData,
  ClubModuleCompletedData,
  isHotmartEventName,
  PURCHASE_EVENT_NAMES,
  PurchaseData,
  type PurchaseEventName,
  SubscriptionCancellationData,
  SwitchPlanData,
} from '@hotpilot/hotmart/webhooks';
import { type Clock, systemClock } from '../kit/clock.ts';
import type { MirrorRepo } from '../store/mirror/mirror-repo.ts';
import type { MrrMovementKind, SaleRow, SubscriptionRow } from '../store/mirror/mirror-rows.ts';
import type { EventRecord } from '../store/port.ts';
import { monthlyAmount } from './monthly-amount.ts';
import { isEndedSubscription, isPaidStatus, restStatusOf } from './purchase-statuses.ts';

/**
 * What applying one event changed in the mirror, as a run's step output: the parts written (`sale`,
 * `subscription`, `subscription-purchase`, `mrr:<kind>`, `student`, `progress`, `plan-link`) and the parts left alone
 * because the mirror already holds a newer state (`sale:stale`, `subscription:stale`). `skipped` says why an event
 * changed nothing at all.
 *
 * @example
 * import type { ApplyOutcome } from './apply-event.ts';
 * const outcome: ApplyOutcome = { eventId: 'e1', name: 'PURCHASE_REFUNDED', changes: ['sale'] };
 */
export interface ApplyOutcome {
  eventId: string;
  name: string;
  changes: string[];
  skipped?: string;
}

/**
 * Options of {@link applyEvent}.
 *
 * @example
 * import type { ApplyEventOptions } from './apply-event.ts';
 * const options: ApplyEventOptions = { now: () => Date.now() };
 */
export interface ApplyEventOptions {
  /** Stamps `updatedAt`; the state's own time is always the event's `occurredAt`. */
  now?: Clock;
}

const PURCHASE_EVENTS: ReadonlySet<string> = new Set(PURCHASE_EVENT_NAMES);

/**
 * Applies one stored Hotmart event to the local mirror. Purchase events upsert the sale with the REST status mapped
 * from the webhook vocabulary (reference §5.1) and, for subscription products, the subscription and its purchase;
 * cancellations, plan switches and charge-date changes update the subscription; club events update students and
 * their progress. MRR movements are written as they happen: `new` on a subscription's first approved purchase,
 * `churn` on cancellation, `expansion`/`contraction` on a plan switch, `reactivation` on an approved purchase after a
 * churn — each normalised to a month by the plan's recurrence period.
 *
 * Deliveries come out of order (reference §6.3): the time an event describes is its `occurredAt`, and a state is only
 * written over an older one, so a late APPROVED never undoes a REFUNDED. Applying the same event twice changes nothing
 * more. A payload that doesn't parse changes nothing and says why (a retry would not fix it).
 *
 * @example
 * import type { EventRecord } from '../store/port.ts';
 * import type { Store } from '../store/port.ts';
 * import { createMirrorRepo } from '../store/mirror/mirror-repo.ts';
 * import { applyEvent } from './apply-event.ts';
 * declare const store: Store;
 * declare const event: EventRecord;
 * const outcome = await applyEvent(createMirrorRepo(store), event);
 * console.log(outcome.changes);
 */
export async function applyEvent(
  repo: MirrorRepo,
  event: EventRecord,
  options: ApplyEventOptions = {},
): Promise<ApplyOutcome> {
  const now = options.now ?? systemClock;
  const outcome: ApplyOutcome = { eventId: event.id, name: event.name, changes: [] };
  const data = isRecord(event.payload) ? event.payload['data'] : undefined;
  const apply = { repo, event, now, outcome };

  if (PURCHASE_EVENTS.has(event.name)) await applyPurchase(apply, data);
  else if (event.name === 'SUBSCRIPTION_CANCELLATION') await applyCancellation(apply, data);
  else if (event.name === 'SWITCH_PLAN') await applySwitchPlan(apply, data);
  else if (event.name === 'UPDATE_SUBSCRIPTION_CHARGE_DATE') await applyChargeDate(apply, data);
  else if (event.name === 'CLUB_FIRST_ACCESS' || event.name === 'CLUB_MODULE_COMPLETED')
    await applyClub(apply, data);
  else if (event.name === 'PURCHASE_OUT_OF_SHOPPING_CART')
    outcome.skipped = 'abandoned carts are not mirrored';
  else outcome.skipped = isHotmartEventName(event.name) ? 'nothing to mirror' : `unknown event ${event.name}`;
  return outcome;
}

interface Apply {
  repo: MirrorRepo;
  event: EventRecord;
  now: Clock;
  outcome: ApplyOutcome;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
const lower = (value: unknown): string | null => text(value)?.toLowerCase() ?? null;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const isoMs = (value: unknown): number | null => {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
};

function parseFailure(
  apply: Apply,
  family: string,
  error: { issues: { path: PropertyKey[]; message: string }[] },
) {
  const issue = error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  apply.outcome.skipped = `the payload is not a ${family} payload${at}: ${issue?.message ?? 'invalid'}`;
}

function blankSubscription(apply: Apply, subscriberCode: string, status: string): SubscriptionRow {
  return {
    connectionId: apply.event.connectionId,
    subscriberCode,
    subscriptionId: null,
    productId: null,
    planId: null,
    planCode: null,
    planName: null,
    status,
    subscriberEmail: null,
    subscriberName: null,
    price: null,
    currency: null,
    recurrencyPeriod: null,
    accessionDate: null,
    endAccessionDate: null,
    dateNextCharge: null,
    cancellationDate: null,
    trial: false,
    transactionCode: null,
    raw: {},
    stateAt: apply.event.occurredAt,
    updatedAt: apply.now(),
  };
}

/** True when the mirror holds a state newer than the event (an out-of-order delivery): it is left as it is. */
function isStale(apply: Apply, existing: { stateAt: number } | null): boolean {
  return existing !== null && existing.stateAt > apply.event.occurredAt;
}

/**
 * The mirrored subscription an event updates (`existing: null` when it isn't mirrored yet), or null when the mirror
 * already holds a newer state — then the event is marked stale and changes nothing.
 */
async function subscriptionToUpdate(
  apply: Apply,
  subscriberCode: string,
): Promise<{ existing: SubscriptionRow | null } | null> {
  const existing = await apply.repo.subscription(apply.event.connectionId, subscriberCode);
  if (isStale(apply, existing)) {
    apply.outcome.changes.push('subscription:stale');
    return null;
  }
  return { existing };
}

async function writeSubscription(apply: Apply, row: SubscriptionRow): Promise<boolean> {
  const written = (await apply.repo.upsertSubscriptions([row])) > 0;
  apply.outcome.changes.push(written ? 'subscription' : 'subscription:stale');
  return written;
}

/**
 * Writes an MRR movement unless the ledger already holds a later one for the subscription (a late delivery must not
 * rewrite history) or the amounts are unknown.
 */
async function recordMovement(
  apply: Apply,
  subscriberCode: string,
  kind: MrrMovementKind,
  mrrBefore: number | null,
  mrrAfter: number | null,
  currency: string | null,
): Promise<void> {
  if (mrrBefore === null || mrrAfter === null || currency === null) return;
  const recorded = await apply.repo.recordMrrMovement({
    connectionId: apply.event.connectionId,
    subscriberCode,
    at: apply.event.occurredAt,
    kind,
    mrrBefore,
    mrrAfter,
    currency,
    cause: apply.event.name,
  });
  if (recorded) apply.outcome.changes.push(`mrr:${kind}`);
}

async function applyPurchase(apply: Apply, data: unknown): Promise<void> {
  const parsed = PurchaseData.safeParse(data);
  if (!parsed.success) return parseFailure(apply, 'purchase', parsed.error);
  const { event, repo, now } = apply;
  const { purchase, product, buyer, subscription } = parsed.data;
  // Reconciliation keeps the exact REST status beside the webhook one (several REST statuses share one event).
  const restStatus =
    event.reconciled && typeof purchase['rest_status'] === 'string'
      ? purchase['rest_status']
      : restStatusOf(event.name as PurchaseEventName, purchase.status);
  const subscriberCode = text(subscription?.subscriber?.code);
  const price = purchase.price ?? purchase.full_price;
  const sale: SaleRow = {
    connectionId: event.connectionId,
    transactionCode: purchase.transaction,
    productId: text(product?.id),
    productName: text(product?.name),
    offerCode: text(purchase.offer?.code),
    buyerEmail: lower(buyer?.email),
    buyerName: text(buyer?.name),
    status: restStatus,
    paymentType: text(purchase.payment?.type),
    installments: num(purchase.payment?.installments_number),
    price: num(price?.value),
    currency: text(price?.currency_value),
    orderDate: num(purchase.order_date),
    approvedDate: num(purchase.approved_date),
    isSubscription: subscriberCode !== null,
    subscriberCode,
    recurrencyNumber: num(purchase.recurrence_number),
    affiliateCode: text(
      parsed.data.affiliates?.find((affiliate) => text(affiliate.affiliate_code))?.affiliate_code,
    ),
    couponCode: text(purchase.offer?.coupon_code),
    trackingSource: text(purchase.origin?.src),
    warrantyExpireDate: isoMs(product?.warranty_date),
    source: 'webhook',
    raw: parsed.data,
    stateAt: event.occurredAt,
    updatedAt: now(),
  };
  apply.outcome.changes.push((await repo.upsertSales([sale])) > 0 ? 'sale' : 'sale:stale');
  if (subscriberCode === null) return;

  const recurrence = num(purchase.recurrence_number);
  const planId = text(subscription?.plan?.id);
  const plan = await repo.plan(event.connectionId, { code: sale.offerCode, planId });
  const written = await repo.upsertSubscriptionPurchases([
    {
      connectionId: event.connectionId,
      transactionCode: sale.transactionCode,
      subscriberCode,
      status: restStatus,
      approvedDate: sale.approvedDate,
      price: sale.price,
      currency: sale.currency,
      paymentType: sale.paymentType,
      recurrencyNumber: recurrence,
      raw: purchase,
      stateAt: event.occurredAt,
    },
  ]);
  if (written > 0) apply.outcome.changes.push('subscription-purchase');

  const target = await subscriptionToUpdate(apply, subscriberCode);
  if (!target) return;
  const { existing } = target;
  const status =
    text(subscription?.status) ??
    existing?.status ??
    (isPaidStatus(restStatus) ? 'ACTIVE' : restStatus === 'OVERDUE' ? 'DELAYED' : 'STARTED');
  const first = recurrence === null || recurrence === 1;
  const base = existing ?? blankSubscription(apply, subscriberCode, status);
  const row: SubscriptionRow = {
    ...base,
    productId: sale.productId ?? base.productId,
    planId: planId ?? base.planId,
    planCode: plan?.planCode ?? base.planCode,
    planName: text(subscription?.plan?.name) ?? base.planName,
    status,
    subscriberEmail: sale.buyerEmail ?? base.subscriberEmail,
    subscriberName: sale.buyerName ?? base.subscriberName,
    price: plan?.price ?? base.price ?? num(purchase.original_offer_price?.value) ?? sale.price,
    currency: plan?.currency ?? base.currency ?? sale.currency,
    recurrencyPeriod: plan?.recurrencyPeriod ?? base.recurrencyPeriod,
    accessionDate: base.accessionDate ?? (first ? (sale.approvedDate ?? sale.orderDate) : null),
    dateNextCharge: num(purchase['date_next_charge']) ?? base.dateNextCharge,
    transactionCode: base.transactionCode ?? (first ? sale.transactionCode : null),
    raw: parsed.data.subscription ?? base.raw,
    stateAt: event.occurredAt,
    updatedAt: now(),
  };
  await writeSubscription(apply, row);

  if (event.name !== 'PURCHASE_APPROVED') return;
  const mrr = monthlyAmount(row.price, row.recurrencyPeriod);
  const last = await repo.lastMrrMovement(event.connectionId, subscriberCode);
  if (!last) await recordMovement(apply, subscriberCode, 'new', 0, mrr, row.currency);
  else if (last.kind === 'churn' && last.at < event.occurredAt)
    await recordMovement(apply, subscriberCode, 'reactivation', 0, mrr, row.currency);
}

async function applyCancellation(apply: Apply, data: unknown): Promise<void> {
  const parsed = SubscriptionCancellationData.safeParse(data);
  if (!parsed.success) return parseFailure(apply, 'subscription cancellation', parsed.error);
  const { event, repo, now } = apply;
  const d = parsed.data;
  const subscriberCode = text(d.subscriber?.code);
  if (!subscriberCode) {
    apply.outcome.skipped = 'the cancellation names no subscriber';
    return;
  }
  const target = await subscriptionToUpdate(apply, subscriberCode);
  if (!target) return;
  const { existing } = target;
  const planId = text(d.subscription?.plan?.id);
  const plan = existing?.recurrencyPeriod ? null : await repo.plan(event.connectionId, { planId });
  // The webhook doesn't say who cancelled; `CANCELLED` stands until the API says CANCELLED_BY_* (reference §5.2).
  const status = existing && isEndedSubscription(existing.status) ? existing.status : 'CANCELLED';
  const base = existing ?? blankSubscription(apply, subscriberCode, status);
  const cancelledAt = num(d.cancellation_date) ?? event.occurredAt;
  const row: SubscriptionRow = {
    ...base,
    subscriptionId: text(d.subscription?.id) ?? base.subscriptionId,
    productId: text(d.product?.id) ?? base.productId,
    planId: planId ?? base.planId,
    planName: text(d.subscription?.plan?.name) ?? base.planName,
    status,
    subscriberEmail: lower(d.subscriber?.email) ?? base.subscriberEmail,
    subscriberName: text(d.subscriber?.name) ?? base.subscriberName,
    price: base.price ?? plan?.price ?? num(d.actual_recurrence_value),
    currency: base.currency ?? plan?.currency ?? null,
    recurrencyPeriod: base.recurrencyPeriod ?? plan?.recurrencyPeriod ?? null,
    endAccessionDate: base.endAccessionDate ?? cancelledAt,
    cancellationDate: cancelledAt,
    dateNextCharge: num(d.date_next_charge) ?? base.dateNextCharge,
    raw: d,
    stateAt: event.occurredAt,
    updatedAt: now(),
  };
  await writeSubscription(apply, row);

  const last = await repo.lastMrrMovement(event.connectionId, subscriberCode);
  if (last?.kind === 'churn' || (last && last.at > event.occurredAt)) return;
  const before = last ? last.mrrAfter : monthlyAmount(row.price, row.recurrencyPeriod);
  await recordMovement(apply, subscriberCode, 'churn', before, 0, last?.currency ?? row.currency);
}

async function applySwitchPlan(apply: Apply, data: unknown): Promise<void> {
  const parsed = SwitchPlanData.safeParse(data);
  if (!parsed.success) return parseFailure(apply, 'plan switch', parsed.error);
  const { event, repo, now } = apply;
  const d = parsed.data;
  const subscriberCode = text(d.subscription?.subscriber_code);
  const current = d.plans?.find((plan) => plan.current === true);
  const previous = d.plans?.find((plan) => plan.current !== true);
  // The payload names each plan's id and offer key: the one place both appear together (reference §6.6).
  const links = (d.plans ?? []).flatMap((plan) => {
    const planId = text(plan.id);
    const planCode = text(plan.offer?.key);
    return planId && planCode ? [{ planId, planCode }] : [];
  });
  if ((await repo.linkPlanIds(event.connectionId, links)) > 0) apply.outcome.changes.push('plan-link');
  if (!subscriberCode || !current) {
    apply.outcome.skipped = 'the plan switch names no subscriber or no current plan';
    return;
  }
  const target = await subscriptionToUpdate(apply, subscriberCode);
  if (!target) return;
  const { existing } = target;
  const status = text(d.subscription?.status) ?? existing?.status;
  if (!status) {
    apply.outcome.skipped = `subscription ${subscriberCode} is not in the mirror and the switch names no status`;
    return;
  }
  const newPlan = await repo.plan(event.connectionId, {
    code: text(current.offer?.key),
    planId: text(current.id),
  });
  const oldPlan = existing
    ? null
    : await repo.plan(event.connectionId, { code: text(previous?.offer?.key), planId: text(previous?.id) });
  const base = existing ?? blankSubscription(apply, subscriberCode, status);
  const before = existing
    ? monthlyAmount(existing.price, existing.recurrencyPeriod)
    : monthlyAmount(oldPlan?.price, oldPlan?.recurrencyPeriod);
  // An unknown new plan leaves the price unknown rather than keeping the old plan's.
  const row: SubscriptionRow = {
    ...base,
    productId: text(d.subscription?.product?.id) ?? base.productId,
    planId: text(current.id) ?? base.planId,
    planCode: text(current.offer?.key) ?? base.planCode,
    planName: text(current.name) ?? base.planName,
    status,
    subscriberEmail: lower(d.subscription?.user?.email) ?? base.subscriberEmail,
    price: newPlan?.price ?? null,
    currency: newPlan?.currency ?? base.currency,
    recurrencyPeriod: newPlan?.recurrencyPeriod ?? null,
    raw: d,
    stateAt: event.occurredAt,
    updatedAt: now(),
  };
  await writeSubscription(apply, row);

  const last = await repo.lastMrrMovement(event.connectionId, subscriberCode);
  if (last?.kind === 'churn' || (last && last.at > event.occurredAt)) return;
  const from = last ? last.mrrAfter : before;
  const to = monthlyAmount(newPlan?.price, newPlan?.recurrencyPeriod);
  if (from === null || to === null || from === to) return;
  await recordMovement(
    apply,
    subscriberCode,
    to > from ? 'expansion' : 'contraction',
    from,
    to,
    row.currency,
  );
}

async function applyChargeDate(apply: Apply, data: unknown): Promise<void> {
  const parsed = ChargeDateData.safeParse(data);
  if (!parsed.success) return parseFailure(apply, 'charge-date change', parsed.error);
  const { event, repo, now } = apply;
  const d = parsed.data;
  const subscriberCode = text(d.subscriber?.code);
  const planId = text(d.plan?.id);
  const planCode = text(d.plan?.offer?.code);
  if (planId && planCode && (await repo.linkPlanIds(event.connectionId, [{ planId, planCode }])) > 0)
    apply.outcome.changes.push('plan-link');
  if (!subscriberCode) {
    apply.outcome.skipped = 'the charge-date change names no subscriber';
    return;
  }
  const target = await subscriptionToUpdate(apply, subscriberCode);
  if (!target) return;
  const { existing } = target;
  const status = text(d.subscription?.status) ?? existing?.status;
  if (!status) {
    apply.outcome.skipped = `subscription ${subscriberCode} is not in the mirror and the change names no status`;
    return;
  }
  const base = existing ?? blankSubscription(apply, subscriberCode, status);
  const row: SubscriptionRow = {
    ...base,
    productId: text(d.subscription?.product?.id) ?? base.productId,
    planId: planId ?? base.planId,
    planCode: planCode ?? base.planCode,
    planName: text(d.plan?.name) ?? base.planName,
    status,
    subscriberEmail: lower(d.subscriber?.email) ?? base.subscriberEmail,
    subscriberName: text(d.subscriber?.name) ?? base.subscriberName,
    // The one ISO date of the webhooks (reference §3.1).
    dateNextCharge: isoMs(d.subscription?.dateNextCharge) ?? base.dateNextCharge,
    raw: d,
    stateAt: event.occurredAt,
    updatedAt: now(),
  };
  await writeSubscription(apply, row);
}

async function applyClub(apply: Apply, data: unknown): Promise<void> {
  const completed = apply.event.name === 'CLUB_MODULE_COMPLETED';
  const parsed = completed ? ClubModuleCompletedData.safeParse(data) : ClubFirstAccessData.safeParse(data);
  if (!parsed.success) return parseFailure(apply, 'club', parsed.error);
  const { event, repo } = apply;
  const email = lower(parsed.data.user?.email);
  const productId = text(parsed.data.product?.id);
  if (!email) {
    apply.outcome.skipped = 'the club event names no student e-mail';
    return;
  }
  // Club webhooks name the product, not the members area (reference §6.6): the sync's club list maps one to the
  // other; without it, a student enrolled in exactly one members area is still found by e-mail.
  let subdomains = productId
    ? (await repo.clubs(event.connectionId, productId)).map((club) => club.subdomain)
    : [];
  if (subdomains.length === 0) {
    const enrolled = await repo.studentSubdomains(event.connectionId, email);
    if (enrolled.length === 1) subdomains = enrolled;
  }
  if (subdomains.length === 0) {
    apply.outcome.skipped = `no members area of product ${productId ?? '(none)'} with this student is mirrored`;
    return;
  }
  let changed = 0;
  if (completed) {
    const moduleId = text((parsed.data as ClubModuleCompletedData).module?.id);
    if (!moduleId) {
      apply.outcome.skipped = 'the module completion names no module';
      return;
    }
    for (const subdomain of subdomains)
      changed += await repo.recordModuleCompleted(
        event.connectionId,
        subdomain,
        email,
        moduleId,
        event.occurredAt,
      );
    if (changed > 0) apply.outcome.changes.push('progress');
  } else {
    for (const subdomain of subdomains)
      changed += await repo.recordFirstAccess(event.connectionId, subdomain, email, event.occurredAt);
    if (changed > 0) apply.outcome.changes.push('student');
  }
  if (changed === 0) apply.outcome.skipped = 'the student is not in the mirrored members area';
}
