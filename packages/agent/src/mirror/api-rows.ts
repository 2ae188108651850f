import type {
  ClubLesson,
  ClubModule,
  ClubPage,
  ClubUserItem,
  CouponItem,
  OfferItem,
  PlanItem,
  ProductItem,
  SaleCommissionsItem,
  SaleHistoryItem,
  SaleUsersItem,
  SubscriberPurchase,
  SubscriptionItem,
} from '@hotpilot/hotmart';
import type {
  ClubModuleRow,
  ClubPageRow,
  ClubProgressRow,
  ClubStudentRow,
  CommissionRow,
  CouponRow,
  OfferRow,
  PlanRow,
  ProductRow,
  SaleParticipantRow,
  SaleRow,
  SubscriptionPurchaseRow,
  SubscriptionRow,
} from '../store/mirror/mirror-rows.ts';
import { RECURRENCY_DAYS_BY_PERIODICITY } from './monthly-amount.ts';
import { isEndedSubscription } from './purchase-statuses.ts';

// REST items → mirror rows. Every item field is optional (`select` may trim them, reference §3.3, and the API is not a
// formal spec), so each mapper returns null for an item without its key and null for any field it lacks.

const text = (value: unknown): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
const email = (value: unknown): string | null => text(value)?.toLowerCase() ?? null;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * A product of `products.list` as a row; null without an id.
 *
 * @example
 * import { productRow } from './api-rows.ts';
 * productRow('main', { id: 1, name: 'Curso', is_subscription: false }, Date.now())?.productId; // '1'
 */
export function productRow(connectionId: string, item: ProductItem, now: number): ProductRow | null {
  const productId = text(item.id);
  if (!productId) return null;
  return {
    connectionId,
    productId,
    ucode: text(item.ucode),
    name: text(item.name) ?? productId,
    status: text(item.status),
    format: text(item.format),
    isSubscription: item.is_subscription === true,
    warrantyPeriod: num(item.warranty_period),
    createdAt: num(item.created_at),
    raw: item,
    syncedAt: now,
  };
}

/**
 * An offer of `products.offers` as a row; null without a code.
 *
 * @example
 * import { offerRow } from './api-rows.ts';
 * offerRow('main', '1', { code: 'k2', price: { value: 97, currency_code: 'BRL' } }, Date.now())?.price; // 97
 */
export function offerRow(
  connectionId: string,
  productId: string,
  item: OfferItem,
  now: number,
): OfferRow | null {
  const offerCode = text(item.code);
  if (!offerCode) return null;
  return {
    connectionId,
    offerCode,
    productId,
    name: text(item.name),
    price: num(item.price?.value),
    currency: text(item.price?.currency_code),
    paymentMode: text(item.payment_mode),
    isMainOffer: item.is_main_offer === true,
    raw: item,
    syncedAt: now,
  };
}

/**
 * A plan of `products.plans` as a row; null without a code. The period comes from the periodicity (the endpoint
 * has no `recurrency_period`, reference §4.3); the numeric plan id is linked later.
 *
 * @example
 * import { planRow } from './api-rows.ts';
 * planRow('main', '1', { code: 'p1', periodicity: 'ANNUAL' }, Date.now())?.recurrencyPeriod; // 360
 */
export function planRow(
  connectionId: string,
  productId: string,
  item: PlanItem,
  now: number,
): PlanRow | null {
  const planCode = text(item.code);
  if (!planCode) return null;
  const periodicity = text(item.periodicity)?.toUpperCase() ?? null;
  return {
    connectionId,
    planCode,
    productId,
    planId: null,
    name: text(item.name),
    price: num(item.price?.value),
    currency: text(item.price?.currency_code),
    periodicity,
    recurrencyPeriod: periodicity ? (RECURRENCY_DAYS_BY_PERIODICITY[periodicity] ?? null) : null,
    trialPeriod: num(item.trial_period),
    raw: item,
    syncedAt: now,
  };
}

/**
 * A coupon of `coupons.list` as a row; null without an id or a code.
 *
 * @example
 * import { couponRow } from './api-rows.ts';
 * couponRow('main', '1', { id: 9, coupon_code: 'BF', discount: 0.5 }, Date.now())?.code; // 'BF'
 */
export function couponRow(
  connectionId: string,
  productId: string,
  item: CouponItem,
  now: number,
): CouponRow | null {
  const couponId = text(item.id);
  const code = text(item.coupon_code);
  if (!couponId || !code) return null;
  return {
    connectionId,
    couponId,
    productId,
    code,
    discount: num(item.discount),
    status: text(item.status),
    raw: item,
    syncedAt: now,
  };
}

/**
 * A sale of the sales history as a row, its state as of `now` (when the page was read); null without a transaction
 * or a status. The history names neither the subscriber nor the affiliate code nor the coupon (they come from the
 * subscription's purchases, webhooks and price details): those stay null, which keeps what is stored.
 *
 * @example
 * import { saleRowFromHistory } from './api-rows.ts';
 * saleRowFromHistory('main', { purchase: { transaction: 'HP1', status: 'APPROVED' } }, Date.now())?.status; // 'APPROVED'
 */
export function saleRowFromHistory(connectionId: string, item: SaleHistoryItem, now: number): SaleRow | null {
  const purchase = item.purchase;
  const transactionCode = text(purchase?.transaction);
  const status = text(purchase?.status);
  if (!transactionCode || !status) return null;
  return {
    connectionId,
    transactionCode,
    productId: text(item.product?.id),
    productName: text(item.product?.name),
    offerCode: text(purchase?.offer?.code),
    buyerEmail: email(item.buyer?.email),
    buyerName: text(item.buyer?.name),
    status,
    paymentType: text(purchase?.payment?.type),
    installments: num(purchase?.payment?.installments_number),
    price: num(purchase?.price?.value),
    currency: text(purchase?.price?.currency_code),
    orderDate: num(purchase?.order_date),
    approvedDate: num(purchase?.approved_date),
    isSubscription: purchase?.is_subscription === true,
    subscriberCode: null,
    recurrencyNumber: num(purchase?.recurrency_number),
    affiliateCode: null,
    couponCode: null,
    trackingSource: text(purchase?.tracking?.source),
    warrantyExpireDate: num(purchase?.warranty_expire_date),
    source: 'api',
    raw: item,
    stateAt: now,
    updatedAt: now,
  };
}

/**
 * The participants of a sale (`sales/users`) as rows; users without a role or ucode are left out.
 *
 * @example
 * import { participantRows } from './api-rows.ts';
 * participantRows('main', { transaction: 'HP1', users: [{ role: 'BUYER', user: { ucode: 'u1' } }] }).length; // 1
 */
export function participantRows(connectionId: string, item: SaleUsersItem): SaleParticipantRow[] {
  const transactionCode = text(item.transaction);
  if (!transactionCode) return [];
  const rows: SaleParticipantRow[] = [];
  for (const entry of item.users ?? []) {
    const role = text(entry.role);
    const ucode = text(entry.user?.ucode);
    if (!role || !ucode) continue;
    rows.push({
      connectionId,
      transactionCode,
      role,
      ucode,
      name: text(entry.user?.name),
      email: email(entry.user?.email),
    });
  }
  return rows;
}

/**
 * The commissions of a sale (`sales/commissions`) as rows, in each participant's payout currency (reference §4.1).
 *
 * @example
 * import { commissionRows } from './api-rows.ts';
 * commissionRows('main', {
 *   transaction: 'HP1',
 *   commissions: [{ source: 'PRODUCER', user: { ucode: 'u1' }, commission: { value: 80, currency_value: 'BRL' } }],
 * })[0]?.value; // 80
 */
export function commissionRows(connectionId: string, item: SaleCommissionsItem): CommissionRow[] {
  const transactionCode = text(item.transaction);
  if (!transactionCode) return [];
  const rows: CommissionRow[] = [];
  for (const entry of item.commissions ?? []) {
    const source = text(entry.source);
    const userUcode = text(entry.user?.ucode);
    const value = num(entry.commission?.value);
    if (!source || !userUcode || value === null) continue;
    rows.push({
      connectionId,
      transactionCode,
      source,
      userUcode,
      userName: text(entry.user?.name),
      value,
      currency: text(entry.commission?.currency_value),
    });
  }
  return rows;
}

/**
 * A subscription of `subscriptions.list` as a row, its state as of `now`; null without a subscriber code. The list
 * has no cancellation date: for an ended subscription the end of accession is when it was cancelled.
 *
 * @example
 * import { subscriptionRow } from './api-rows.ts';
 * subscriptionRow('main', { subscriber_code: 'S1', status: 'ACTIVE', plan: { recurrency_period: 30 } }, Date.now())
 *   ?.recurrencyPeriod; // 30
 */
export function subscriptionRow(
  connectionId: string,
  item: SubscriptionItem,
  now: number,
): SubscriptionRow | null {
  const subscriberCode = text(item.subscriber_code);
  if (!subscriberCode) return null;
  const status = text(item.status) ?? 'UNKNOWN';
  const endAccessionDate = num(item.end_accession_date);
  const cancellation = num((item as Record<string, unknown>)['cancellation_date']);
  return {
    connectionId,
    subscriberCode,
    subscriptionId: text(item.subscription_id),
    productId: text(item.product?.id),
    planId: text(item.plan?.id),
    planCode: null,
    planName: text(item.plan?.name),
    status,
    subscriberEmail: email(item.subscriber?.email),
    subscriberName: text(item.subscriber?.name),
    price: num(item.price?.value),
    currency: text(item.price?.currency_code),
    recurrencyPeriod: num(item.plan?.recurrency_period),
    accessionDate: num(item.accession_date),
    endAccessionDate,
    dateNextCharge: num(item.date_next_charge),
    cancellationDate: cancellation ?? (isEndedSubscription(status) ? endAccessionDate : null),
    trial: item.trial === true,
    transactionCode: text(item.transaction),
    raw: item,
    stateAt: now,
    updatedAt: now,
  };
}

/**
 * One charge of `subscriptions.purchases` as a row; null without a transaction.
 *
 * @example
 * import { subscriptionPurchaseRow } from './api-rows.ts';
 * subscriptionPurchaseRow('main', 'S1', { transaction: 'HP1', recurrency_number: 2 }, Date.now())?.recurrencyNumber; // 2
 */
export function subscriptionPurchaseRow(
  connectionId: string,
  subscriberCode: string,
  item: SubscriberPurchase,
  now: number,
): SubscriptionPurchaseRow | null {
  const transactionCode = text(item.transaction);
  if (!transactionCode) return null;
  return {
    connectionId,
    transactionCode,
    subscriberCode,
    status: text(item.status),
    approvedDate: num(item.approved_date),
    price: num(item.price?.value),
    currency: text(item.price?.currency_code),
    paymentType: text(item.payment_type),
    recurrencyNumber: num(item.recurrency_number),
    raw: item,
    stateAt: now,
  };
}

/**
 * A module of `club.modules` as a row; null without an id.
 *
 * @example
 * import { clubModuleRow } from './api-rows.ts';
 * clubModuleRow('main', 'curso', { module_id: 'm1', name: 'Início' }, Date.now())?.moduleId; // 'm1'
 */
export function clubModuleRow(
  connectionId: string,
  subdomain: string,
  item: ClubModule,
  now: number,
): ClubModuleRow | null {
  const moduleId = text(item.module_id);
  if (!moduleId) return null;
  return {
    connectionId,
    subdomain,
    moduleId,
    name: text(item.name),
    sequence: num(item.sequence),
    isExtra: item.is_extra === true,
    isPublic: item.is_public === true,
    totalPages: num(item.total_pages),
    raw: item,
    syncedAt: now,
  };
}

/**
 * A page of `club.pages` as a row; null without an id. v2 pages say `published` instead of `is_published`
 * (reference §4.5), so either is read.
 *
 * @example
 * import { clubPageRow } from './api-rows.ts';
 * clubPageRow('main', 'curso', 'm1', { page_id: 'p1', is_published: true }, Date.now())?.isPublished; // true
 */
export function clubPageRow(
  connectionId: string,
  subdomain: string,
  moduleId: string,
  item: ClubPage,
  now: number,
): ClubPageRow | null {
  const pageKey = text(item.page_id);
  if (!pageKey) return null;
  return {
    connectionId,
    subdomain,
    moduleId,
    pageKey,
    name: text(item.name),
    pageOrder: num(item.page_order),
    type: text(item.type),
    isPublished: (item.is_published ?? item.published) === true,
    raw: item,
    syncedAt: now,
  };
}

/**
 * A student of `club.users` as a row; null without a user id.
 *
 * @example
 * import { clubStudentRow } from './api-rows.ts';
 * clubStudentRow('main', 'curso', { user_id: 'u1', progress: { completed_percentage: 50 } }, Date.now())
 *   ?.completedPercentage; // 50
 */
export function clubStudentRow(
  connectionId: string,
  subdomain: string,
  item: ClubUserItem,
  now: number,
): ClubStudentRow | null {
  const userId = text(item.user_id);
  if (!userId) return null;
  return {
    connectionId,
    subdomain,
    userId,
    email: email(item.email),
    name: text(item.name),
    role: text(item.role),
    status: text(item.status),
    completedPercentage: num(item.progress?.completed_percentage),
    pagesCompleted: num(item.progress?.completed),
    pagesTotal: num(item.progress?.total),
    firstAccessDate: num(item.first_access_date),
    lastAccessDate: num(item.last_access_date),
    raw: item,
    syncedAt: now,
  };
}

/**
 * One lesson of `club.userLessons` as a progress row; null without a page id.
 *
 * @example
 * import { clubProgressRow } from './api-rows.ts';
 * clubProgressRow('main', 'curso', 'u1', { page_id: 'p1', is_completed: true, completed_date: 1 })?.isCompleted; // true
 */
export function clubProgressRow(
  connectionId: string,
  subdomain: string,
  userId: string,
  lesson: ClubLesson,
): ClubProgressRow | null {
  const pageId = text(lesson.page_id);
  if (!pageId) return null;
  return {
    connectionId,
    subdomain,
    userId,
    pageId,
    moduleName: text(lesson.module_name),
    pageName: text(lesson.page_name),
    isCompleted: lesson.is_completed === true,
    completedDate: num(lesson.completed_date),
  };
}
