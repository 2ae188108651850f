import { StoreError } from '../errors.ts';
import type { Store } from '../port.ts';
import { createParams, num, type ReportRow, readMirror, text } from './reports-sql.ts';
import { sqlList } from './reports-statuses.ts';

/**
 * Subscription statuses that keep a subscriber in the lists. `ACTIVE`, and the late payers: a charge that failed
 * leaves the subscription `DELAYED` (the webhook's word) or `OVERDUE` (the API's) and the buyer keeps access on
 * Hotmart until the subscription is cancelled (reference §5.2), so they stay listed until the cancellation arrives.
 * `STARTED` (first charge never paid) and every ended status (`CANCELLED_BY_*`, `INACTIVE`, `EXPIRED`) are out.
 *
 * @example
 * import { LISTED_SUBSCRIPTION_STATUSES } from './subscriber-list-rows.ts';
 * LISTED_SUBSCRIPTION_STATUSES.includes('DELAYED'); // true
 */
export const LISTED_SUBSCRIPTION_STATUSES: readonly string[] = Object.freeze([
  'ACTIVE',
  'DELAYED',
  'OVERDUE',
]);

/**
 * Whether a subscription with this status belongs in the subscriber lists.
 *
 * @example
 * import { isListedStatus } from './subscriber-list-rows.ts';
 * isListedStatus('CANCELLED_BY_CUSTOMER'); // false
 */
export function isListedStatus(status: string | null | undefined): boolean {
  return typeof status === 'string' && LISTED_SUBSCRIPTION_STATUSES.includes(status);
}

/**
 * Which subscriptions to list. Every filter is optional; `status: 'active'` (the default) keeps the listed
 * statuses only ({@link LISTED_SUBSCRIPTION_STATUSES}).
 *
 * @example
 * import type { SubscriberListFilter } from './subscriber-list-rows.ts';
 * const filter: SubscriberListFilter = { connectionId: 'main', productId: '3528746', plan: 'pln7k2m' };
 */
export interface SubscriberListFilter {
  /** One Hotmart connection; every connection when absent or null. */
  connectionId?: string | null;
  productId?: string | null;
  /** A plan id or a plan code (Hotmart names plans both ways, reference §4.3). */
  plan?: string | null;
  /** Only the subscriptions of this e-mail (compared lower-case). */
  email?: string | null;
  status?: 'active' | 'all';
}

/**
 * One subscription as the lists, the sheet and the CSV export show it. Amounts are numbers in `currency`; dates are
 * epoch milliseconds (null when the mirror doesn't know them).
 *
 * @example
 * import type { SubscriberListRow } from './subscriber-list-rows.ts';
 * const label = (row: SubscriberListRow) => `${row.email} — ${row.planName ?? row.planId}`;
 */
export interface SubscriberListRow {
  connectionId: string;
  subscriberCode: string;
  /** Lower-case, as the mirror keeps it; null when no source named it. */
  email: string | null;
  name: string | null;
  productId: string | null;
  productName: string | null;
  planId: string | null;
  planCode: string | null;
  planName: string | null;
  status: string;
  price: number | null;
  currency: string | null;
  accessionDate: number | null;
  nextChargeDate: number | null;
}

const MAX_FILTER = 200;

function checkFilter(filter: SubscriberListFilter): void {
  for (const [name, value] of Object.entries(filter)) {
    if (name === 'status') {
      if (value !== undefined && value !== 'active' && value !== 'all') {
        throw new StoreError('invalid', 'status must be "active" or "all"');
      }
      continue;
    }
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FILTER) {
      throw new StoreError(
        'invalid',
        `${name} must be a non-empty string of at most ${MAX_FILTER} characters`,
      );
    }
  }
}

const orNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number.isFinite(Number(value)) ? Number(value) : null;

function rowOf(row: ReportRow): SubscriberListRow {
  return {
    connectionId: text(row, 'connection_id') ?? '',
    subscriberCode: text(row, 'subscriber_code') ?? '',
    email: text(row, 'subscriber_email'),
    name: text(row, 'subscriber_name'),
    productId: text(row, 'product_id'),
    productName: text(row, 'product_name'),
    planId: text(row, 'plan_id'),
    planCode: text(row, 'plan_code'),
    planName: text(row, 'plan_name'),
    status: text(row, 'status') ?? '',
    // NUMERIC comes back as text from pg, and BIGINT milliseconds too.
    price: orNull(row['price']),
    currency: text(row, 'currency'),
    accessionDate: row['accession_date'] === null ? null : num(row, 'accession_date'),
    nextChargeDate: row['date_next_charge'] === null ? null : num(row, 'date_next_charge'),
  };
}

const byText = (a: string | null, b: string | null): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Compares two rows in the lists' order: connection, product, plan, e-mail, subscriber code — text compared by
 * code unit (not by either database's collation), empty values last — so both dialects give one order.
 *
 * @example
 * import { compareSubscriberRows } from './subscriber-list-rows.ts';
 * rows.sort(compareSubscriberRows);
 */
export function compareSubscriberRows(a: SubscriberListRow, b: SubscriberListRow): number {
  return (
    byText(a.connectionId, b.connectionId) ||
    byText(a.productId, b.productId) ||
    byText(a.planId ?? a.planCode, b.planId ?? b.planCode) ||
    byText(a.email, b.email) ||
    byText(a.subscriberCode, b.subscriberCode)
  );
}

/**
 * The subscriptions of the mirror, with the subscriber's e-mail and name, product, plan, status, price, currency,
 * accession and next charge dates — by default only the active ones (see {@link LISTED_SUBSCRIPTION_STATUSES}) —
 * filtered by connection, product, plan (id or code) and e-mail, in the order of {@link compareSubscriberRows}.
 * One read on SQLite and PostgreSQL alike (the SQL is dialect-neutral); a bad filter is a `StoreError` (`invalid`).
 *
 * @example
 * import type { Store } from '../port.ts';
 * import { subscriberListRows } from './subscriber-list-rows.ts';
 * declare const store: Store;
 * const rows = await subscriberListRows(store, { connectionId: 'main', productId: '3528746' });
 * console.log(rows.map((row) => row.email));
 */
export async function subscriberListRows(
  store: Store,
  filter: SubscriberListFilter = {},
): Promise<SubscriberListRow[]> {
  checkFilter(filter);
  const [rows = []] = await readMirror(store, () => {
    const p = createParams();
    const where: string[] = [];
    if ((filter.status ?? 'active') === 'active')
      where.push(`s.status IN (${sqlList(LISTED_SUBSCRIPTION_STATUSES)})`);
    if (filter.connectionId) where.push(`s.connection_id = ${p.bind(filter.connectionId)}`);
    if (filter.productId) where.push(`s.product_id = ${p.bind(filter.productId)}`);
    if (filter.plan)
      where.push(`(s.plan_id = ${p.bind(filter.plan)} OR s.plan_code = ${p.bind(filter.plan)})`);
    if (filter.email) where.push(`s.subscriber_email = ${p.bind(filter.email.trim().toLowerCase())}`);
    const sql = `SELECT s.connection_id, s.subscriber_code, s.subscriber_email, s.subscriber_name, s.product_id,
        pr.name AS product_name, s.plan_id, s.plan_code, s.plan_name, s.status, s.price, s.currency,
        s.accession_date, s.date_next_charge
      FROM mirror_subscriptions s
      LEFT JOIN mirror_products pr ON pr.connection_id = s.connection_id AND pr.product_id = s.product_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.connection_id, s.product_id, s.plan_id, s.subscriber_email, s.subscriber_code`;
    return [{ sql, params: p.values }];
  });
  return rows.map(rowOf).sort(compareSubscriberRows);
}

/**
 * One subscription of the mirror by its subscriber code, whatever its status, or null.
 *
 * @example
 * import type { Store } from '../port.ts';
 * import { subscriberListRow } from './subscriber-list-rows.ts';
 * declare const store: Store;
 * const row = await subscriberListRow(store, 'main', 'I9OT62C3');
 * console.log(row?.status);
 */
export async function subscriberListRow(
  store: Store,
  connectionId: string,
  subscriberCode: string,
): Promise<SubscriberListRow | null> {
  checkFilter({ connectionId, email: subscriberCode });
  const [rows = []] = await readMirror(store, () => {
    const p = createParams();
    const sql = `SELECT s.connection_id, s.subscriber_code, s.subscriber_email, s.subscriber_name, s.product_id,
        pr.name AS product_name, s.plan_id, s.plan_code, s.plan_name, s.status, s.price, s.currency,
        s.accession_date, s.date_next_charge
      FROM mirror_subscriptions s
      LEFT JOIN mirror_products pr ON pr.connection_id = s.connection_id AND pr.product_id = s.product_id
      WHERE s.connection_id = ${p.bind(connectionId)} AND s.subscriber_code = ${p.bind(subscriberCode)}`;
    return [{ sql, params: p.values }];
  });
  const [row] = rows;
  return row ? rowOf(row) : null;
}
