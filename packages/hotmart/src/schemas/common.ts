import { z } from 'zod';

/**
 * Builds a strict parameter or body object: an unknown key is rejected, and the issue message names it
 * (zod reports unknown keys as one `unrecognized_keys` issue on the object, listing them in `keys`).
 * Strictness catches typos such as `start_dat` that Hotmart would otherwise ignore silently.
 *
 * @example
 * const Params = strictParams({ subdomain: z.string() });
 * Params.safeParse({ subdomian: 'x' }).success; // false: 'Unknown parameter "subdomian"'
 */
export function strictParams<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : undefined,
  });
}

/**
 * A point in time sent to Hotmart: a `Date` or epoch milliseconds in, epoch milliseconds out — the unit of every
 * REST date filter (reference §3.1).
 *
 * @example
 * EpochMs.parse(new Date('2024-01-01T00:00:00Z')); // 1704067200000
 * EpochMs.parse(1704067200000); // 1704067200000
 */
export const EpochMs = z
  .union([
    z.date().min(new Date(0), 'Dates before 1970 are not valid epoch milliseconds'),
    z.number().int().nonnegative(),
  ])
  .transform((value) => (value instanceof Date ? value.getTime() : value));
/** What callers pass for a date: a `Date` or epoch milliseconds. @example const since: EpochMsInput = new Date(); */
export type EpochMsInput = z.input<typeof EpochMs>;
/** A date as sent on the wire: epoch milliseconds. @example const since: EpochMs = 1704067200000; */
export type EpochMs = z.output<typeof EpochMs>;

/**
 * A filter Hotmart lets you repeat (`?status=A&status=B`, reference §3.4): one value or a non-empty array in,
 * always an array out, so the HTTP layer can emit one query key per value.
 *
 * @example
 * oneOrMany(SubscriptionStatus).parse('ACTIVE'); // ['ACTIVE']
 */
export function oneOrMany<Item extends z.ZodType>(item: Item) {
  return z
    .union([item, z.array(item).min(1)])
    .transform((value): z.output<Item>[] => (Array.isArray(value) ? value : [value]));
}

/**
 * The `select` custom-response parameter: a comma-separated string or an array of (dot-path) field names, always
 * sent comma-joined; it trims each item of a list response (reference §3.3).
 *
 * @example
 * Select.parse(['subscriber_code', 'plan.name']); // 'subscriber_code,plan.name'
 */
export const Select = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (Array.isArray(value) ? value.join(',') : value));
/** The `select` value as sent: comma-joined field paths. @example const select: Select = 'transaction,status'; */
export type Select = z.output<typeof Select>;

/**
 * Cursor paging shared by every list endpoint (reference §3.2). `max_results` above the server's limit is clamped
 * by Hotmart, so no upper bound is enforced here.
 *
 * @example
 * PagingParams.parse({ max_results: 500, page_token: 'eyJyb3dzIjo1LCJwYWdlIjozfQ==' });
 */
export const PagingParams = strictParams({
  max_results: z.number().int().positive().optional(),
  page_token: z.string().min(1).optional(),
});
/** Paging parameters. @example const paging: PagingParams = { max_results: 50 }; */
export type PagingParams = z.input<typeof PagingParams>;

/**
 * A REST amount: `{ value, currency_code }` (reference §3.1). Not the commissions shape: see `CommissionMoney`.
 *
 * @example
 * Money.parse({ value: 97, currency_code: 'BRL' });
 */
export const Money = z.looseObject({ value: z.number(), currency_code: z.string() });
/** A REST amount. @example const price: Money = { value: 97, currency_code: 'BRL' }; */
export type Money = z.infer<typeof Money>;

/**
 * An amount in `sales/commissions` (and webhooks): `{ value, currency_value }` — the currency key is named
 * differently from `Money` (reference §3.1).
 *
 * @example
 * CommissionMoney.parse({ value: 95, currency_value: 'USD' });
 */
export const CommissionMoney = z.looseObject({ value: z.number(), currency_value: z.string() });
/** A commission amount. @example const commission: CommissionMoney = { value: 95, currency_value: 'USD' }; */
export type CommissionMoney = z.infer<typeof CommissionMoney>;

/**
 * The `page_info` block of a list envelope (reference §3.2). Every field can be missing: `next_page_token` is
 * absent on the last page, `prev_page_token` on the first, and some endpoints omit `total_results`. Tokens are
 * opaque; real data shows `prev_page_token: null` (products-offers sample), and `next_page_token` accepts null too
 * so that a last page written that way is not reported as drift.
 *
 * @example
 * PageInfo.parse({ next_page_token: 'abc', prev_page_token: null, results_per_page: 10 });
 */
export const PageInfo = z.looseObject({
  total_results: z.number().int().nonnegative().optional(),
  next_page_token: z.string().nullable().optional(),
  prev_page_token: z.string().nullable().optional(),
  results_per_page: z.number().int().nonnegative().optional(),
});
/** Paging state of one list response. @example const info: PageInfo = { results_per_page: 10 }; */
export type PageInfo = z.infer<typeof PageInfo>;

/**
 * The list envelope `{ items, page_info }` around an item schema (reference §3.2). Endpoints that answer with a
 * bare array (club modules and pages, subscriber purchases) use `z.array(item)` instead.
 *
 * @example
 * const SalesPage = page(SaleHistoryItem);
 * SalesPage.parse({ items: [], page_info: { results_per_page: 0 } });
 */
export function page<Item extends z.ZodType>(item: Item) {
  return z.looseObject({ items: z.array(item), page_info: PageInfo.optional() });
}

/**
 * A product reference inside a REST item: `{ id, name }` (and sometimes `ucode`).
 *
 * @example
 * ProductRef.parse({ id: 2125812, name: 'Product06' });
 */
export const ProductRef = z.looseObject({
  id: z.number().optional(),
  name: z.string().optional(),
  ucode: z.string().optional(),
});
/** A product reference. @example const product: ProductRef = { id: 2125812, name: 'Product06' }; */
export type ProductRef = z.infer<typeof ProductRef>;

/**
 * REST purchase status, the `transaction_status` filter (reference §5.1). `UNDER_ANALISYS` is Hotmart's spelling.
 * Webhooks use a different vocabulary; do not reuse this enum for them.
 *
 * @example
 * TransactionStatus.parse('UNDER_ANALISYS');
 */
export const TransactionStatus = z.enum([
  'APPROVED',
  'BLOCKED',
  'CANCELLED',
  'CHARGEBACK',
  'COMPLETE',
  'EXPIRED',
  'NO_FUNDS',
  'OVERDUE',
  'PARTIALLY_REFUNDED',
  'PRE_ORDER',
  'PRINTED_BILLET',
  'PROCESSING_TRANSACTION',
  'PROTESTED',
  'REFUNDED',
  'STARTED',
  'UNDER_ANALISYS',
  'WAITING_PAYMENT',
]);
/** A REST purchase status. @example const status: TransactionStatus = 'APPROVED'; */
export type TransactionStatus = z.infer<typeof TransactionStatus>;

/**
 * REST subscription status, the subscriptions `status` filter (reference §5.2).
 *
 * @example
 * SubscriptionStatus.parse('CANCELLED_BY_CUSTOMER');
 */
export const SubscriptionStatus = z.enum([
  'ACTIVE',
  'INACTIVE',
  'DELAYED',
  'CANCELLED_BY_CUSTOMER',
  'CANCELLED_BY_SELLER',
  'CANCELLED_BY_ADMIN',
  'STARTED',
  'OVERDUE',
]);
/** A REST subscription status. @example const status: SubscriptionStatus = 'ACTIVE'; */
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

/**
 * The `payment_type` filter (reference §5.3).
 * Official list (includes `PIX`); AE's webhook list has `ECHECK` instead of `PIX` (reference §5.3).
 * Responses may carry values outside this list (`HOTMART_BALANCE`, `BALANCE_HOTMART`), so response schemas keep
 * payment types as plain strings.
 *
 * @example
 * PaymentType.parse('PIX');
 */
export const PaymentType = z.enum([
  'BILLET',
  'CASH_PAYMENT',
  'CREDIT_CARD',
  'DIRECT_BANK_TRANSFER',
  'DIRECT_DEBIT',
  'FINANCED_BILLET',
  'FINANCED_INSTALLMENT',
  'GOOGLE_PAY',
  'HOTCARD',
  'HYBRID',
  'MANUAL_TRANSFER',
  'PAYPAL',
  'PAYPAL_INTERNACIONAL',
  'PICPAY',
  'PIX',
  'SAMSUNG_PAY',
  'WALLET',
]);
/** A payment type filter value. @example const type: PaymentType = 'CREDIT_CARD'; */
export type PaymentType = z.infer<typeof PaymentType>;

/**
 * The `commission_as` filter: the role in which the account earned (reference §5.4).
 *
 * @example
 * CommissionAs.parse('AFFILIATE');
 */
export const CommissionAs = z.enum(['PRODUCER', 'COPRODUCER', 'AFFILIATE']);
/** A commission role. @example const role: CommissionAs = 'PRODUCER'; */
export type CommissionAs = z.infer<typeof CommissionAs>;

/**
 * Product lifecycle status, the products `status` filter (reference §5.5).
 *
 * @example
 * ProductStatus.parse('ACTIVE');
 */
export const ProductStatus = z.enum([
  'DRAFT',
  'ACTIVE',
  'PAUSED',
  'NOT_APPROVED',
  'IN_REVIEW',
  'DELETED',
  'CHANGES_PENDING_ON_PRODUCT',
]);
/** A product status. @example const status: ProductStatus = 'DRAFT'; */
export type ProductStatus = z.infer<typeof ProductStatus>;

/**
 * Product format, the products `format` filter (reference §5.5).
 *
 * @example
 * ProductFormat.parse('ONLINE_COURSE');
 */
export const ProductFormat = z.enum([
  'EBOOK',
  'SOFTWARE',
  'MOBILE_APPS',
  'VIDEOS',
  'AUDIOS',
  'TEMPLATES',
  'IMAGES',
  'ONLINE_COURSE',
  'SERIAL_CODES',
  'ETICKET',
  'ONLINE_SERVICE',
  'ONLINE_EVENT',
  'BUNDLE',
  'COMMUNITY',
  'AGENT',
]);
/** A product format. @example const format: ProductFormat = 'EBOOK'; */
export type ProductFormat = z.infer<typeof ProductFormat>;

/**
 * Hotmart's error body `{ error, error_description?, error_uri? }` (reference §3.5). Map errors by status and the
 * `error` field, never by the description text.
 *
 * @example
 * HotmartErrorBody.parse({ error: 'too_many_requests', error_description: 'Rate limit exceeded' });
 */
export const HotmartErrorBody = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
  error_uri: z.string().optional(),
});
/** An API error body. @example const body: HotmartErrorBody = { error: 'not_found' }; */
export type HotmartErrorBody = z.infer<typeof HotmartErrorBody>;
