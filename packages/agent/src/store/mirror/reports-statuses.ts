/**
 * Which Hotmart statuses the reports count as what. Sales use the REST `transaction_status` vocabulary the mirror
 * stores (reference §5.1); subscriptions the REST subscription `status` (reference §5.2).
 */

/**
 * Sales that were paid: approved or complete, and those paid and then disputed (PROTESTED), refunded (fully or
 * partly) or charged back. A sale's refund or chargeback does not un-make the sale; it is counted apart.
 *
 * @example
 * import { PAID_SALE_STATUSES } from './reports-statuses.ts';
 * PAID_SALE_STATUSES.includes('COMPLETE'); // true
 */
export const PAID_SALE_STATUSES: readonly string[] = Object.freeze([
  'APPROVED',
  'COMPLETE',
  'PROTESTED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'CHARGEBACK',
]);

/**
 * Paid sales that were refunded. The mirror keeps no refunded amount, so a partial refund counts its sale's price.
 *
 * @example
 * import { REFUNDED_SALE_STATUSES } from './reports-statuses.ts';
 * REFUNDED_SALE_STATUSES.includes('PARTIALLY_REFUNDED'); // true
 */
export const REFUNDED_SALE_STATUSES: readonly string[] = Object.freeze(['REFUNDED', 'PARTIALLY_REFUNDED']);

/**
 * Paid sales whose payment was reversed by the card issuer.
 *
 * @example
 * import { CHARGEBACK_SALE_STATUSES } from './reports-statuses.ts';
 * CHARGEBACK_SALE_STATUSES; // ['CHARGEBACK']
 */
export const CHARGEBACK_SALE_STATUSES: readonly string[] = Object.freeze(['CHARGEBACK']);

/**
 * Subscription statuses that mean it has ended: cancelled by the buyer, the seller or Hotmart (after five unpaid
 * charges, reference §5.2), or inactive (its last charge cycle is over, or it was cancelled through the API).
 * DELAYED and OVERDUE subscriptions have not ended: Hotmart is still retrying their charges.
 *
 * @example
 * import { ENDED_SUBSCRIPTION_STATUSES } from './reports-statuses.ts';
 * ENDED_SUBSCRIPTION_STATUSES.includes('DELAYED'); // false
 */
export const ENDED_SUBSCRIPTION_STATUSES: readonly string[] = Object.freeze([
  'INACTIVE',
  'CANCELLED_BY_CUSTOMER',
  'CANCELLED_BY_SELLER',
  'CANCELLED_BY_ADMIN',
  'EXPIRED',
]);

/**
 * A SQL list of string constants (`'A', 'B'`) for `IN (…)`; only for the constant lists above, never user input.
 *
 * @example
 * import { sqlList, REFUNDED_SALE_STATUSES } from './reports-statuses.ts';
 * sqlList(REFUNDED_SALE_STATUSES); // "'REFUNDED', 'PARTIALLY_REFUNDED'"
 */
export function sqlList(values: readonly string[]): string {
  return values
    .map((value) => {
      if (!/^[A-Z_]+$/.test(value)) throw new TypeError(`sqlList: ${JSON.stringify(value)} is not a status`);
      return `'${value}'`;
    })
    .join(', ');
}
