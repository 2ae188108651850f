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
 * SQL for "the subscription status in `column` means it has ended": cancelled by anyone (`CANCELLED_BY_CUSTOMER`,
 * `_BY_SELLER`, `_BY_ADMIN` after five unpaid charges, or the bare `CANCELLED` a cancellation webhook leaves until
 * the API says by whom), `INACTIVE` (its last charge cycle is over, or cancelled through the API) or `EXPIRED`
 * (reference §5.2) — the same rule as the mirror sync's `isEndedSubscription`. DELAYED and OVERDUE have not ended:
 * Hotmart still retries their charges.
 *
 * @example
 * import { endedSubscriptionSql } from './reports-statuses.ts';
 * endedSubscriptionSql('s.status'); // "(s.status LIKE 'CANCELLED%' OR s.status IN ('INACTIVE', 'EXPIRED'))"
 */
export function endedSubscriptionSql(column: string): string {
  return `(${column} LIKE 'CANCELLED%' OR ${column} IN ('INACTIVE', 'EXPIRED'))`;
}

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
