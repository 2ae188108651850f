import type { TransactionStatus } from '../model.ts';
import type { PurchaseEventName } from './event-names.ts';

/**
 * `data.purchase.status` in webhooks. It is not the REST vocabulary (reference §5.1): one "L" in `CANCELED`,
 * `COMPLETED` rather than `COMPLETE`, `DISPUTE` for a refund request, `BILLET_PRINTED` rather than `PRINTED_BILLET`.
 *
 * @example
 * const status: WebhookPurchaseStatus = 'DISPUTE'; // REST says PROTESTED
 */
export type WebhookPurchaseStatus =
  | 'APPROVED'
  | 'BILLET_PRINTED'
  | 'CANCELED'
  | 'CHARGEBACK'
  | 'COMPLETED'
  | 'DELAYED'
  | 'DISPUTE'
  | 'EXPIRED'
  | 'REFUNDED';

/**
 * The webhook status each REST `transaction_status` is reported with. `undefined` marks the REST states Hotmart
 * sends no purchase webhook for (a checkout still being processed or analysed, a pre-order not charged yet).
 */
const webhookStatusByRestStatus: Readonly<Record<TransactionStatus, WebhookPurchaseStatus | undefined>> = {
  APPROVED: 'APPROVED',
  BLOCKED: 'CANCELED',
  CANCELLED: 'CANCELED',
  CHARGEBACK: 'CHARGEBACK',
  COMPLETE: 'COMPLETED',
  EXPIRED: 'EXPIRED',
  NO_FUNDS: 'CANCELED',
  OVERDUE: 'DELAYED',
  PARTIALLY_REFUNDED: 'REFUNDED',
  PRE_ORDER: undefined,
  PRINTED_BILLET: 'BILLET_PRINTED',
  PROCESSING_TRANSACTION: undefined,
  PROTESTED: 'DISPUTE',
  REFUNDED: 'REFUNDED',
  STARTED: undefined,
  UNDER_ANALISYS: undefined,
  // A pending PIX is reported as PURCHASE_BILLET_PRINTED too (reference §6.4, N8N fixture with payment.type PIX).
  WAITING_PAYMENT: 'BILLET_PRINTED',
};

/**
 * Maps a REST `transaction_status` to the webhook `purchase.status` vocabulary (reference §5.1).
 * Returns `undefined` for states that have no purchase webhook (STARTED, PROCESSING_TRANSACTION, UNDER_ANALISYS,
 * PRE_ORDER).
 *
 * @example
 * toWebhookPurchaseStatus('COMPLETE'); // 'COMPLETED'
 * toWebhookPurchaseStatus('PROTESTED'); // 'DISPUTE'
 */
export function toWebhookPurchaseStatus(status: TransactionStatus): WebhookPurchaseStatus | undefined {
  return webhookStatusByRestStatus[status];
}

/**
 * The `purchase.status` each purchase event carries (reference §5.1, §6.4). A delivery reports the transition the
 * event names, so the event decides the status even when the sale has moved on since.
 *
 * @example
 * WEBHOOK_STATUS_BY_EVENT.PURCHASE_PROTEST; // 'DISPUTE'
 */
export const WEBHOOK_STATUS_BY_EVENT: Readonly<Record<PurchaseEventName, WebhookPurchaseStatus>> = {
  PURCHASE_APPROVED: 'APPROVED',
  PURCHASE_COMPLETE: 'COMPLETED',
  PURCHASE_CANCELED: 'CANCELED',
  PURCHASE_REFUNDED: 'REFUNDED',
  PURCHASE_CHARGEBACK: 'CHARGEBACK',
  PURCHASE_BILLET_PRINTED: 'BILLET_PRINTED',
  PURCHASE_PROTEST: 'DISPUTE',
  PURCHASE_EXPIRED: 'EXPIRED',
  PURCHASE_DELAYED: 'DELAYED',
};

/**
 * The REST `transaction_status` a sale takes when a purchase event happens to it; the inverse the scenario driver
 * and the trigger route use, so that the REST API reflects every delivered event.
 *
 * @example
 * REST_STATUS_BY_EVENT.PURCHASE_COMPLETE; // 'COMPLETE'
 */
export const REST_STATUS_BY_EVENT: Readonly<Record<PurchaseEventName, TransactionStatus>> = {
  PURCHASE_APPROVED: 'APPROVED',
  PURCHASE_COMPLETE: 'COMPLETE',
  PURCHASE_CANCELED: 'CANCELLED',
  PURCHASE_REFUNDED: 'REFUNDED',
  PURCHASE_CHARGEBACK: 'CHARGEBACK',
  PURCHASE_BILLET_PRINTED: 'PRINTED_BILLET',
  PURCHASE_PROTEST: 'PROTESTED',
  PURCHASE_EXPIRED: 'EXPIRED',
  PURCHASE_DELAYED: 'OVERDUE',
};
