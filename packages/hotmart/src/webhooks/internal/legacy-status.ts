import type { PurchaseEventName } from '../event-names.ts';
import type { WebhookPurchaseStatus } from '../purchase-status.ts';

/**
 * The v2 event and webhook status a lowercase v1 `status` stands for.
 *
 * @example
 * ```ts
 * import type { LegacyStatusMapping } from './legacy-status.ts';
 *
 * const refunded: LegacyStatusMapping = { event: 'PURCHASE_REFUNDED', status: 'REFUNDED' };
 * ```
 */
export interface LegacyStatusMapping {
  event: PurchaseEventName;
  status: WebhookPurchaseStatus;
  /** Set when the mapping is an approximation worth a warning. */
  note?: string;
}

// v1 `status` values are lowercase (reference §6.2). Seen in public v1 handlers (find_string `$_POST['hottok']`,
// `$_POST['xcod']`; ids 42906112331, 9056766146, 38121740962, 46602442258): started, approved, canceled,
// pending_analysis, billet_printed, refunded, completed, blocked, chargeback. The spellings in the second column
// (`cancelled`, `complete`, `printed_billet`, `protest`, `protested`) mirror the REST vocabulary (reference §5.1)
// and are accepted defensively. `pending_analysis`, `blocked` and anything else have no v2 event: kind unknown.
const MAPPINGS: readonly [string, LegacyStatusMapping][] = [
  ['approved', { event: 'PURCHASE_APPROVED', status: 'APPROVED' }],
  ['completed', { event: 'PURCHASE_COMPLETE', status: 'COMPLETED' }],
  ['complete', { event: 'PURCHASE_COMPLETE', status: 'COMPLETED' }],
  ['canceled', { event: 'PURCHASE_CANCELED', status: 'CANCELED' }],
  ['cancelled', { event: 'PURCHASE_CANCELED', status: 'CANCELED' }],
  ['refunded', { event: 'PURCHASE_REFUNDED', status: 'REFUNDED' }],
  ['chargeback', { event: 'PURCHASE_CHARGEBACK', status: 'CHARGEBACK' }],
  ['billet_printed', { event: 'PURCHASE_BILLET_PRINTED', status: 'BILLET_PRINTED' }],
  ['printed_billet', { event: 'PURCHASE_BILLET_PRINTED', status: 'BILLET_PRINTED' }],
  [
    'started',
    {
      event: 'PURCHASE_BILLET_PRINTED',
      status: 'BILLET_PRINTED',
      // REST `STARTED` means "initiated: boleto generated for the first charge" (reference §5.2), and v2 sends
      // PURCHASE_BILLET_PRINTED for every payment still pending (boleto or PIX, reference §6.4).
      note: 'legacy status "started" (payment initiated, not paid yet) was mapped to PURCHASE_BILLET_PRINTED',
    },
  ],
  ['expired', { event: 'PURCHASE_EXPIRED', status: 'EXPIRED' }],
  ['dispute', { event: 'PURCHASE_PROTEST', status: 'DISPUTE' }],
  ['protest', { event: 'PURCHASE_PROTEST', status: 'DISPUTE' }],
  ['protested', { event: 'PURCHASE_PROTEST', status: 'DISPUTE' }],
  ['delayed', { event: 'PURCHASE_DELAYED', status: 'DELAYED' }],
];

// A Map, not an object literal: a status of "__proto__" or "constructor" must not find a prototype member.
const BY_STATUS = new Map(MAPPINGS);

/**
 * The mapping of a v1 `status` (case and surrounding spaces ignored), or `undefined` when it has no v2 event.
 *
 * @example
 * ```ts
 * import { legacyStatusMapping } from './legacy-status.ts';
 *
 * legacyStatusMapping('Approved')?.event; // 'PURCHASE_APPROVED'
 * legacyStatusMapping('blocked'); // undefined
 * ```
 */
export function legacyStatusMapping(status: string): LegacyStatusMapping | undefined {
  return BY_STATUS.get(status.trim().toLowerCase());
}

/**
 * The v1 `status` a sender uses for each purchase event (the inverse of the table above, canonical spellings).
 *
 * @example
 * ```ts
 * import { LEGACY_STATUS_BY_EVENT } from './legacy-status.ts';
 *
 * LEGACY_STATUS_BY_EVENT.PURCHASE_PROTEST; // 'dispute'
 * ```
 */
export const LEGACY_STATUS_BY_EVENT: Readonly<Record<PurchaseEventName, string>> = {
  PURCHASE_APPROVED: 'approved',
  PURCHASE_COMPLETE: 'completed',
  PURCHASE_CANCELED: 'canceled',
  PURCHASE_REFUNDED: 'refunded',
  PURCHASE_CHARGEBACK: 'chargeback',
  PURCHASE_BILLET_PRINTED: 'billet_printed',
  PURCHASE_PROTEST: 'dispute',
  PURCHASE_EXPIRED: 'expired',
  PURCHASE_DELAYED: 'delayed',
};
