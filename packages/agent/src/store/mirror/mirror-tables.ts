/**
 * How each mirror table is written: its fields (camelCase of the columns), key, JSON and boolean columns, and what
 * an upsert does to a row that exists. One description drives the SQL of both dialects (`mirror-sql.ts`).
 */

/**
 * What an upsert does with an existing row's column: `replace` it, keep it when the new value is NULL
 * (`coalesce`), or keep it true once true (`or`).
 *
 * @example
 * import type { MergeRule } from './mirror-tables.ts';
 * const rule: MergeRule = 'coalesce';
 */
export type MergeRule = 'replace' | 'coalesce' | 'or';

/**
 * One mirror table, as upserts see it.
 *
 * @example
 * import { mirrorTables } from './mirror-tables.ts';
 * console.log(mirrorTables.sales.key); // ['connectionId', 'transactionCode']
 */
export interface TableSpec {
  readonly table: string;
  /** Every field, in column order. */
  readonly fields: readonly string[];
  readonly key: readonly string[];
  readonly json: ReadonlySet<string>;
  readonly bool: ReadonlySet<string>;
  /** Rules for non-key fields other than `replace`. */
  readonly merge: Readonly<Record<string, MergeRule>>;
  /**
   * `newer`: an existing row is updated only when the incoming `stateAt` is at least the stored one, so an
   * out-of-order delivery never overwrites a newer state. `never`: an existing row is left alone.
   */
  readonly update: 'always' | 'newer' | 'never';
}

// Names come from the table descriptions and the queries' column lists: a few hundred at most, asked for on every
// decoded row, so each is converted once.
const columns = new Map<string, string>();
const fields = new Map<string, string>();

/**
 * The column of a field: `transactionCode` → `transaction_code`.
 *
 * @example
 * import { columnOf } from './mirror-tables.ts';
 * columnOf('isMainOffer'); // 'is_main_offer'
 */
export function columnOf(field: string): string {
  let column = columns.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    columns.set(field, column);
  }
  return column;
}

/**
 * The field of a column: `transaction_code` → `transactionCode`.
 *
 * @example
 * import { fieldOf } from './mirror-tables.ts';
 * fieldOf('is_main_offer'); // 'isMainOffer'
 */
export function fieldOf(column: string): string {
  let field = fields.get(column);
  if (field === undefined) {
    field = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    fields.set(column, field);
  }
  return field;
}

function spec(
  table: string,
  fields: string[],
  key: string[],
  options: {
    json?: string[];
    bool?: string[];
    merge?: Record<string, MergeRule>;
    update?: TableSpec['update'];
  } = {},
): TableSpec {
  return Object.freeze({
    table,
    fields: Object.freeze(fields),
    key: Object.freeze(key),
    json: new Set(options.json ?? []),
    bool: new Set(options.bool ?? []),
    merge: Object.freeze(options.merge ?? {}),
    update: options.update ?? 'always',
  });
}

const coalesceAll = (fields: string[]): Record<string, MergeRule> =>
  Object.fromEntries(fields.map((field) => [field, 'coalesce' as const]));

/**
 * Every table the repository upserts.
 *
 * @example
 * import { mirrorTables } from './mirror-tables.ts';
 * console.log(Object.keys(mirrorTables));
 */
export const mirrorTables = {
  products: spec(
    'mirror_products',
    [
      'connectionId',
      'productId',
      'ucode',
      'name',
      'status',
      'format',
      'isSubscription',
      'warrantyPeriod',
      'createdAt',
      'raw',
      'syncedAt',
    ],
    ['connectionId', 'productId'],
    { json: ['raw'], bool: ['isSubscription'] },
  ),
  offers: spec(
    'mirror_offers',
    [
      'connectionId',
      'offerCode',
      'productId',
      'name',
      'price',
      'currency',
      'paymentMode',
      'isMainOffer',
      'raw',
      'syncedAt',
    ],
    ['connectionId', 'offerCode'],
    { json: ['raw'], bool: ['isMainOffer'] },
  ),
  plans: spec(
    'mirror_plans',
    [
      'connectionId',
      'planCode',
      'productId',
      'planId',
      'name',
      'price',
      'currency',
      'periodicity',
      'recurrencyPeriod',
      'trialPeriod',
      'raw',
      'syncedAt',
    ],
    ['connectionId', 'planCode'],
    // The plans endpoint has no numeric id (reference §4.3): a re-sync must not forget the one linked earlier.
    { json: ['raw'], merge: { planId: 'coalesce' } },
  ),
  coupons: spec(
    'mirror_coupons',
    ['connectionId', 'couponId', 'productId', 'code', 'discount', 'status', 'raw', 'syncedAt'],
    ['connectionId', 'couponId'],
    { json: ['raw'] },
  ),
  sales: spec(
    'mirror_sales',
    [
      'connectionId',
      'transactionCode',
      'productId',
      'productName',
      'offerCode',
      'buyerEmail',
      'buyerName',
      'status',
      'paymentType',
      'installments',
      'price',
      'currency',
      'orderDate',
      'approvedDate',
      'isSubscription',
      'subscriberCode',
      'recurrencyNumber',
      'affiliateCode',
      'couponCode',
      'trackingSource',
      'warrantyExpireDate',
      'source',
      'raw',
      'stateAt',
      'updatedAt',
    ],
    ['connectionId', 'transactionCode'],
    {
      json: ['raw'],
      bool: ['isSubscription'],
      // The API and webhooks each know part of a sale (only webhooks name the affiliate code; the history names no
      // subscriber, which comes from the subscription's purchases): what one source doesn't send never erases what
      // another did.
      merge: {
        ...coalesceAll([
          'productId',
          'productName',
          'offerCode',
          'buyerEmail',
          'buyerName',
          'paymentType',
          'installments',
          'price',
          'currency',
          'orderDate',
          'approvedDate',
          'subscriberCode',
          'recurrencyNumber',
          'affiliateCode',
          'couponCode',
          'trackingSource',
          'warrantyExpireDate',
        ]),
        isSubscription: 'or',
      },
      update: 'newer',
    },
  ),
  saleParticipants: spec(
    'mirror_sale_participants',
    ['connectionId', 'transactionCode', 'role', 'ucode', 'name', 'email'],
    ['connectionId', 'transactionCode', 'role', 'ucode'],
  ),
  commissions: spec(
    'mirror_commissions',
    ['connectionId', 'transactionCode', 'source', 'userUcode', 'userName', 'value', 'currency'],
    ['connectionId', 'transactionCode', 'source', 'userUcode'],
  ),
  subscriptions: spec(
    'mirror_subscriptions',
    [
      'connectionId',
      'subscriberCode',
      'subscriptionId',
      'productId',
      'planId',
      'planCode',
      'planName',
      'status',
      'subscriberEmail',
      'subscriberName',
      'price',
      'currency',
      'recurrencyPeriod',
      'accessionDate',
      'endAccessionDate',
      'dateNextCharge',
      'cancellationDate',
      'trial',
      'transactionCode',
      'raw',
      'stateAt',
      'updatedAt',
    ],
    ['connectionId', 'subscriberCode'],
    // Only the plan code is unknown to the API's list; every other field is the full state (webhook updates merge
    // with the stored row before writing, see mirror/apply-event.ts).
    { json: ['raw'], bool: ['trial'], merge: { planCode: 'coalesce' }, update: 'newer' },
  ),
  subscriptionPurchases: spec(
    'mirror_subscription_purchases',
    [
      'connectionId',
      'transactionCode',
      'subscriberCode',
      'status',
      'approvedDate',
      'price',
      'currency',
      'paymentType',
      'recurrencyNumber',
      'raw',
      'stateAt',
    ],
    ['connectionId', 'transactionCode'],
    {
      json: ['raw'],
      merge: coalesceAll(['status', 'approvedDate', 'price', 'currency', 'paymentType', 'recurrencyNumber']),
      update: 'newer',
    },
  ),
  mrrMovements: spec(
    'mirror_mrr_movements',
    ['connectionId', 'subscriberCode', 'at', 'kind', 'mrrBefore', 'mrrAfter', 'currency', 'cause'],
    ['connectionId', 'subscriberCode', 'at', 'kind'],
    { update: 'never' },
  ),
  clubs: spec(
    'mirror_clubs',
    ['connectionId', 'subdomain', 'productId', 'syncedAt'],
    ['connectionId', 'subdomain'],
    { merge: { productId: 'coalesce' } },
  ),
  clubModules: spec(
    'mirror_club_modules',
    [
      'connectionId',
      'subdomain',
      'moduleId',
      'name',
      'sequence',
      'isExtra',
      'isPublic',
      'totalPages',
      'raw',
      'syncedAt',
    ],
    ['connectionId', 'subdomain', 'moduleId'],
    { json: ['raw'], bool: ['isExtra', 'isPublic'] },
  ),
  clubPages: spec(
    'mirror_club_pages',
    [
      'connectionId',
      'subdomain',
      'moduleId',
      'pageKey',
      'name',
      'pageOrder',
      'type',
      'isPublished',
      'raw',
      'syncedAt',
    ],
    ['connectionId', 'subdomain', 'moduleId', 'pageKey'],
    { json: ['raw'], bool: ['isPublished'] },
  ),
  clubStudents: spec(
    'mirror_club_students',
    [
      'connectionId',
      'subdomain',
      'userId',
      'email',
      'name',
      'role',
      'status',
      'completedPercentage',
      'pagesCompleted',
      'pagesTotal',
      'firstAccessDate',
      'lastAccessDate',
      'raw',
      'syncedAt',
    ],
    ['connectionId', 'subdomain', 'userId'],
    { json: ['raw'] },
  ),
  clubProgress: spec(
    'mirror_club_progress',
    [
      'connectionId',
      'subdomain',
      'userId',
      'pageId',
      'moduleName',
      'pageName',
      'isCompleted',
      'completedDate',
    ],
    ['connectionId', 'subdomain', 'userId', 'pageId'],
    { bool: ['isCompleted'] },
  ),
} as const satisfies Record<string, TableSpec>;

/** The name of a table description. @example const name: MirrorTableName = 'sales'; */
export type MirrorTableName = keyof typeof mirrorTables;
