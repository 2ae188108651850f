/**
 * The rows of the mirror tables (migration v004), field for column: `connectionId` is `connection_id`, and so on.
 * Times are epoch milliseconds, money a floating amount beside its ISO currency, `raw` the API or webhook object the
 * row was built from. A field that is `null` is unknown (an upsert of sales keeps the value already stored).
 */

/**
 * A product of the catalogue (`GET /products/api/v1/products`, reference §4.3).
 *
 * @example
 * import type { ProductRow } from './mirror-rows.ts';
 * const row: ProductRow = {
 *   connectionId: 'main', productId: '2125812', ucode: 'a1b2', name: 'Curso', status: 'ACTIVE', format: 'ONLINE_COURSE',
 *   isSubscription: false, warrantyPeriod: 7, createdAt: 1700000000000, raw: {}, syncedAt: 1700000000000,
 * };
 */
export interface ProductRow {
  connectionId: string;
  productId: string;
  ucode: string | null;
  name: string;
  status: string | null;
  format: string | null;
  isSubscription: boolean;
  warrantyPeriod: number | null;
  createdAt: number | null;
  raw: unknown;
  syncedAt: number;
}

/**
 * An offer of a product (reference §4.3).
 *
 * @example
 * import type { OfferRow } from './mirror-rows.ts';
 * const row: OfferRow = {
 *   connectionId: 'main', offerCode: 'k2x9', productId: '2125812', name: 'Main', price: 97, currency: 'BRL',
 *   paymentMode: 'PAY_IN_FULL', isMainOffer: true, raw: {}, syncedAt: 1700000000000,
 * };
 */
export interface OfferRow {
  connectionId: string;
  offerCode: string;
  productId: string;
  name: string | null;
  price: number | null;
  currency: string | null;
  paymentMode: string | null;
  isMainOffer: boolean;
  raw: unknown;
  syncedAt: number;
}

/**
 * A subscription plan of a product (reference §4.3). `planCode` is the plan's offer code; `planId` is the numeric id
 * subscriptions and webhooks use, which the plans endpoint doesn't return: it is linked from subscriptions and
 * plan-switch webhooks when they name both.
 *
 * @example
 * import type { PlanRow } from './mirror-rows.ts';
 * const row: PlanRow = {
 *   connectionId: 'main', planCode: 'p1', productId: '3', planId: '77', name: 'Monthly', price: 49.9, currency: 'BRL',
 *   periodicity: 'MONTHLY', recurrencyPeriod: 30, trialPeriod: null, raw: {}, syncedAt: 1700000000000,
 * };
 */
export interface PlanRow {
  connectionId: string;
  planCode: string;
  productId: string;
  planId: string | null;
  name: string | null;
  price: number | null;
  currency: string | null;
  periodicity: string | null;
  /** Days between charges (7, 30, 60, 90, 180, 360; reference §5.2). */
  recurrencyPeriod: number | null;
  trialPeriod: number | null;
  raw: unknown;
  syncedAt: number;
}

/**
 * A coupon of a product (reference §4.4); `discount` is a fraction (0.5 = 50 %).
 *
 * @example
 * import type { CouponRow } from './mirror-rows.ts';
 * const row: CouponRow = {
 *   connectionId: 'main', couponId: '9', productId: '3', code: 'BF50', discount: 0.5, status: 'valid',
 *   raw: {}, syncedAt: 1700000000000,
 * };
 */
export interface CouponRow {
  connectionId: string;
  couponId: string;
  productId: string;
  code: string;
  discount: number | null;
  status: string | null;
  raw: unknown;
  syncedAt: number;
}

/**
 * One sale (transaction), with its REST status (reference §5.1), whichever source wrote it last.
 *
 * @example
 * import type { SaleRow } from './mirror-rows.ts';
 * const row: Partial<SaleRow> = { transactionCode: 'HP123', status: 'APPROVED', source: 'webhook' };
 */
export interface SaleRow {
  connectionId: string;
  transactionCode: string;
  productId: string | null;
  productName: string | null;
  offerCode: string | null;
  /** Trimmed and lower-cased, so lookups by e-mail need no function index. */
  buyerEmail: string | null;
  buyerName: string | null;
  status: string;
  paymentType: string | null;
  installments: number | null;
  price: number | null;
  currency: string | null;
  orderDate: number | null;
  approvedDate: number | null;
  isSubscription: boolean;
  subscriberCode: string | null;
  recurrencyNumber: number | null;
  affiliateCode: string | null;
  couponCode: string | null;
  trackingSource: string | null;
  warrantyExpireDate: number | null;
  source: 'api' | 'webhook';
  raw: unknown;
  /** When the stored state was true: the event's creation date or the time the API was read. */
  stateAt: number;
  updatedAt: number;
}

/**
 * A participant of a sale (`sales/users`, reference §4.1): producer, buyer, affiliate, co-producer.
 *
 * @example
 * import type { SaleParticipantRow } from './mirror-rows.ts';
 * const row: SaleParticipantRow = {
 *   connectionId: 'main', transactionCode: 'HP1', role: 'BUYER', ucode: 'u1', name: 'Ana', email: 'ana@example.com',
 * };
 */
export interface SaleParticipantRow {
  connectionId: string;
  transactionCode: string;
  role: string;
  ucode: string;
  name: string | null;
  email: string | null;
}

/**
 * One commission of a sale (`sales/commissions`), in the participant's payout currency (reference §4.1).
 *
 * @example
 * import type { CommissionRow } from './mirror-rows.ts';
 * const row: CommissionRow = {
 *   connectionId: 'main', transactionCode: 'HP1', source: 'PRODUCER', userUcode: 'u1', userName: 'Ana',
 *   value: 80.5, currency: 'BRL',
 * };
 */
export interface CommissionRow {
  connectionId: string;
  transactionCode: string;
  source: string;
  userUcode: string;
  userName: string | null;
  value: number;
  currency: string | null;
}

/**
 * A subscription (reference §4.2) with its current plan; `price` and `recurrencyPeriod` are the plan's.
 *
 * @example
 * import type { SubscriptionRow } from './mirror-rows.ts';
 * const row: Partial<SubscriptionRow> = { subscriberCode: 'I9OT62C3', status: 'ACTIVE', price: 49.9, recurrencyPeriod: 30 };
 */
export interface SubscriptionRow {
  connectionId: string;
  subscriberCode: string;
  subscriptionId: string | null;
  productId: string | null;
  planId: string | null;
  planCode: string | null;
  planName: string | null;
  status: string;
  subscriberEmail: string | null;
  subscriberName: string | null;
  price: number | null;
  currency: string | null;
  recurrencyPeriod: number | null;
  accessionDate: number | null;
  endAccessionDate: number | null;
  dateNextCharge: number | null;
  cancellationDate: number | null;
  trial: boolean;
  /** The first purchase's transaction. */
  transactionCode: string | null;
  raw: unknown;
  stateAt: number;
  updatedAt: number;
}

/**
 * One charge of a subscription (`subscriptions/{code}/purchases`, reference §4.2).
 *
 * @example
 * import type { SubscriptionPurchaseRow } from './mirror-rows.ts';
 * const row: Partial<SubscriptionPurchaseRow> = { transactionCode: 'HP1', subscriberCode: 'S1', recurrencyNumber: 2 };
 */
export interface SubscriptionPurchaseRow {
  connectionId: string;
  transactionCode: string;
  subscriberCode: string;
  status: string | null;
  approvedDate: number | null;
  price: number | null;
  currency: string | null;
  paymentType: string | null;
  recurrencyNumber: number | null;
  raw: unknown;
  stateAt: number;
}

/** The kinds of MRR change (migration v004). @example const kind: MrrMovementKind = 'churn'; */
export type MrrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

/**
 * A change of one subscription's monthly recurring revenue, in the subscription's currency: new/expansion/
 * contraction/churned MRR between two dates is a sum over these.
 *
 * @example
 * import type { MrrMovement } from './mirror-rows.ts';
 * const movement: MrrMovement = {
 *   connectionId: 'main', subscriberCode: 'S1', at: 1700000000000, kind: 'new', mrrBefore: 0, mrrAfter: 49.9,
 *   currency: 'BRL', cause: 'PURCHASE_APPROVED',
 * };
 */
export interface MrrMovement {
  connectionId: string;
  subscriberCode: string;
  at: number;
  kind: MrrMovementKind;
  mrrBefore: number;
  mrrAfter: number;
  currency: string;
  /** What caused it: the event name, or `sync` for the baseline the first sync records. */
  cause: string;
}

/**
 * A members area the connection's sync reads, and the product it belongs to when known (reference §4.5).
 *
 * @example
 * import type { ClubRow } from './mirror-rows.ts';
 * const row: ClubRow = { connectionId: 'main', subdomain: 'meu-curso', productId: '3294035', syncedAt: 1 };
 */
export interface ClubRow {
  connectionId: string;
  subdomain: string;
  productId: string | null;
  syncedAt: number;
}

/**
 * A module of a members area.
 *
 * @example
 * import type { ClubModuleRow } from './mirror-rows.ts';
 * const row: Partial<ClubModuleRow> = { subdomain: 'meu-curso', moduleId: 'm1', name: 'Início', totalPages: 4 };
 */
export interface ClubModuleRow {
  connectionId: string;
  subdomain: string;
  moduleId: string;
  name: string | null;
  sequence: number | null;
  isExtra: boolean;
  isPublic: boolean;
  totalPages: number | null;
  raw: unknown;
  syncedAt: number;
}

/**
 * A page (lesson) of a module; `pageKey` is Hotmart's `page_id`.
 *
 * @example
 * import type { ClubPageRow } from './mirror-rows.ts';
 * const row: Partial<ClubPageRow> = { moduleId: 'm1', pageKey: 'p1', name: 'Aula 1', isPublished: true };
 */
export interface ClubPageRow {
  connectionId: string;
  subdomain: string;
  moduleId: string;
  pageKey: string;
  name: string | null;
  pageOrder: number | null;
  type: string | null;
  isPublished: boolean;
  raw: unknown;
  syncedAt: number;
}

/**
 * A student of a members area with their progress counters (reference §4.5).
 *
 * @example
 * import type { ClubStudentRow } from './mirror-rows.ts';
 * const row: Partial<ClubStudentRow> = { userId: 'u1', email: 'ana@example.com', completedPercentage: 75 };
 */
export interface ClubStudentRow {
  connectionId: string;
  subdomain: string;
  userId: string;
  /** Trimmed and lower-cased. */
  email: string | null;
  name: string | null;
  role: string | null;
  status: string | null;
  completedPercentage: number | null;
  pagesCompleted: number | null;
  pagesTotal: number | null;
  firstAccessDate: number | null;
  lastAccessDate: number | null;
  raw: unknown;
  syncedAt: number;
}

/**
 * One lesson's state for one student (`users/{id}/lessons`, reference §4.5).
 *
 * @example
 * import type { ClubProgressRow } from './mirror-rows.ts';
 * const row: Partial<ClubProgressRow> = { userId: 'u1', pageId: 'p1', isCompleted: true, completedDate: 1 };
 */
export interface ClubProgressRow {
  connectionId: string;
  subdomain: string;
  userId: string;
  pageId: string;
  moduleName: string | null;
  pageName: string | null;
  isCompleted: boolean;
  completedDate: number | null;
}
