import type { PurchaseEventName } from './event-names.ts';

/**
 * The values of `data.purchase.status` seen in webhook deliveries (reference §5.1). This vocabulary differs from the
 * REST `transaction_status` one (`CANCELED` vs `CANCELLED`, `COMPLETED` vs `COMPLETE`, `DISPUTE` vs `PROTESTED`,
 * `BILLET_PRINTED` vs `PRINTED_BILLET`), so the two are kept apart on purpose.
 *
 * @example
 * ```ts
 * import { WEBHOOK_PURCHASE_STATUSES } from '@hotpilot/hotmart/webhooks';
 *
 * WEBHOOK_PURCHASE_STATUSES.includes('DISPUTE'); // true
 * ```
 */
export const WEBHOOK_PURCHASE_STATUSES = [
  'APPROVED',
  'BILLET_PRINTED',
  'CANCELED',
  'CHARGEBACK',
  'COMPLETED',
  'DELAYED',
  'DISPUTE',
  'EXPIRED',
  'REFUNDED',
] as const;

/**
 * A webhook purchase status: one of the observed values, or any other string Hotmart starts sending (new values
 * are kept, never rejected). Not the REST `TransactionStatus`.
 *
 * @example
 * ```ts
 * import type { WebhookPurchaseStatus } from '@hotpilot/hotmart/webhooks';
 *
 * const paid = (status: WebhookPurchaseStatus) => status === 'APPROVED' || status === 'COMPLETED';
 * ```
 */
// `string & {}` keeps the literals visible to editors; a bare `| string` would collapse the union to `string`.
export type WebhookPurchaseStatus = (typeof WEBHOOK_PURCHASE_STATUSES)[number] | (string & {});

/**
 * The purchase status each purchase event carries in Hotmart's samples (reference §6.4, §5.1).
 *
 * @example
 * ```ts
 * import { PURCHASE_STATUS_BY_EVENT } from '@hotpilot/hotmart/webhooks';
 *
 * PURCHASE_STATUS_BY_EVENT.PURCHASE_PROTEST; // 'DISPUTE'
 * ```
 */
export const PURCHASE_STATUS_BY_EVENT = {
  PURCHASE_APPROVED: 'APPROVED',
  PURCHASE_COMPLETE: 'COMPLETED',
  PURCHASE_CANCELED: 'CANCELED',
  PURCHASE_REFUNDED: 'REFUNDED',
  PURCHASE_CHARGEBACK: 'CHARGEBACK',
  PURCHASE_BILLET_PRINTED: 'BILLET_PRINTED',
  PURCHASE_PROTEST: 'DISPUTE',
  PURCHASE_EXPIRED: 'EXPIRED',
  PURCHASE_DELAYED: 'DELAYED',
} as const satisfies Record<PurchaseEventName, WebhookPurchaseStatus>;
