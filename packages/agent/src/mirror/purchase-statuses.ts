import type { TransactionStatus } from '@hotpilot/hotmart';
import { PURCHASE_STATUS_BY_EVENT, type PurchaseEventName } from '@hotpilot/hotmart/webhooks';

/**
 * Webhook purchase status → the REST `transaction_status` the mirror stores. The two vocabularies differ
 * (`CANCELED`/`CANCELLED`, `COMPLETED`/`COMPLETE`, `DISPUTE`/`PROTESTED`, `BILLET_PRINTED`/`PRINTED_BILLET`,
 * `DELAYED`/`OVERDUE`; reference §5.1), and the mirror speaks REST so the sync and webhooks write one language.
 *
 * @example
 * import { REST_STATUS_BY_WEBHOOK_STATUS } from './purchase-statuses.ts';
 * REST_STATUS_BY_WEBHOOK_STATUS.DISPUTE; // 'PROTESTED'
 */
export const REST_STATUS_BY_WEBHOOK_STATUS: Readonly<Record<string, TransactionStatus>> = Object.freeze({
  APPROVED: 'APPROVED',
  COMPLETED: 'COMPLETE',
  CANCELED: 'CANCELLED',
  REFUNDED: 'REFUNDED',
  CHARGEBACK: 'CHARGEBACK',
  BILLET_PRINTED: 'PRINTED_BILLET',
  DISPUTE: 'PROTESTED',
  EXPIRED: 'EXPIRED',
  DELAYED: 'OVERDUE',
});

/**
 * The REST status a purchase event stands for: its `purchase.status` mapped from the webhook vocabulary, or, when the
 * status is missing, the status the event's name carries (reference §6.4). A status neither vocabulary knows is kept
 * as sent (upper-cased) rather than lost.
 *
 * @example
 * import { restStatusOf } from './purchase-statuses.ts';
 * restStatusOf('PURCHASE_COMPLETE', 'COMPLETED'); // 'COMPLETE'
 * restStatusOf('PURCHASE_REFUNDED', undefined); // 'REFUNDED'
 */
export function restStatusOf(event: PurchaseEventName, webhookStatus: string | null | undefined): string {
  const status = (webhookStatus ?? PURCHASE_STATUS_BY_EVENT[event]).trim().toUpperCase();
  return REST_STATUS_BY_WEBHOOK_STATUS[status] ?? status;
}

/**
 * REST status → the purchase event Hotmart sends for it, for reconciliation. Statuses with no event of their own
 * (`STARTED`, `PRE_ORDER`, `PROCESSING_TRANSACTION`, `UNDER_ANALISYS`) are absent: no webhook is owed for them. A
 * pending PIX (`WAITING_PAYMENT`) is reported as `PURCHASE_BILLET_PRINTED` (reference §6.4); `BLOCKED` and `NO_FUNDS`
 * are refused payments, reported as `PURCHASE_CANCELED`.
 *
 * @example
 * import { EVENT_BY_REST_STATUS } from './purchase-statuses.ts';
 * EVENT_BY_REST_STATUS.PARTIALLY_REFUNDED; // 'PURCHASE_REFUNDED'
 */
export const EVENT_BY_REST_STATUS: Readonly<Partial<Record<string, PurchaseEventName>>> = Object.freeze({
  APPROVED: 'PURCHASE_APPROVED',
  COMPLETE: 'PURCHASE_COMPLETE',
  CANCELLED: 'PURCHASE_CANCELED',
  BLOCKED: 'PURCHASE_CANCELED',
  NO_FUNDS: 'PURCHASE_CANCELED',
  REFUNDED: 'PURCHASE_REFUNDED',
  PARTIALLY_REFUNDED: 'PURCHASE_REFUNDED',
  CHARGEBACK: 'PURCHASE_CHARGEBACK',
  PRINTED_BILLET: 'PURCHASE_BILLET_PRINTED',
  WAITING_PAYMENT: 'PURCHASE_BILLET_PRINTED',
  PROTESTED: 'PURCHASE_PROTEST',
  EXPIRED: 'PURCHASE_EXPIRED',
  OVERDUE: 'PURCHASE_DELAYED',
});

/**
 * REST statuses of a paid sale.
 *
 * @example
 * import { isPaidStatus } from './purchase-statuses.ts';
 * isPaidStatus('COMPLETE'); // true
 */
export function isPaidStatus(status: string | null | undefined): boolean {
  return status === 'APPROVED' || status === 'COMPLETE';
}

/**
 * Subscription statuses after which the subscriber no longer pays: cancelled (by anyone; `CANCELLED` is what a
 * cancellation webhook leaves until the API says by whom), `INACTIVE` (the engine's word for cancelled, reference
 * §4.2) and `EXPIRED`.
 *
 * @example
 * import { isEndedSubscription } from './purchase-statuses.ts';
 * isEndedSubscription('CANCELLED_BY_SELLER'); // true
 */
export function isEndedSubscription(status: string | null | undefined): boolean {
  return (
    typeof status === 'string' &&
    (status.startsWith('CANCELLED') || status === 'INACTIVE' || status === 'EXPIRED')
  );
}
