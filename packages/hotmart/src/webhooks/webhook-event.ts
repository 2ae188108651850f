import type { AbandonmentData } from './abandonment-data.ts';
import type { ChargeDateData } from './charge-date-data.ts';
import type { ClubFirstAccessData } from './club-first-access-data.ts';
import type { ClubModuleCompletedData } from './club-module-completed-data.ts';
import type { PurchaseEventName } from './event-names.ts';
import type { PurchaseData } from './purchase-data.ts';
import type { SubscriptionCancellationData } from './subscription-cancellation-data.ts';
import type { SwitchPlanData } from './switch-plan-data.ts';

/**
 * The webhook versions the parser reads: `2.0.0` JSON envelopes and `1.0.0` legacy form posts (reference §6.1).
 *
 * @example
 * ```ts
 * import type { WebhookVersion } from '@hotpilot/hotmart/webhooks';
 *
 * const legacy: WebhookVersion = '1.0.0';
 * ```
 */
export type WebhookVersion = '1.0.0' | '2.0.0';

/**
 * Where `creation_date` came from:
 * - `creation_date`: the envelope field, as documented;
 * - `creationDate`: the camelCase spelling some events use (reference §6.5);
 * - `received_at`: the caller's `receivedAt`, because the delivery carries no event time (all v1 posts);
 * - `purchase_date`: a v1 post's `purchase_date`, used when no `receivedAt` was given.
 *
 * @example
 * ```ts
 * import type { CreationDateSource } from '@hotpilot/hotmart/webhooks';
 *
 * const quirk: CreationDateSource = 'creationDate';
 * ```
 */
export type CreationDateSource = 'creation_date' | 'creationDate' | 'received_at' | 'purchase_date';

/**
 * Fields every parsed event has, whatever its family.
 *
 * @example
 * ```ts
 * import type { WebhookEnvelope } from '@hotpilot/hotmart/webhooks';
 *
 * const dedupKey = (event: WebhookEnvelope) => event.id;
 * ```
 */
export interface WebhookEnvelope {
  /** Hotmart's event id (a UUID), the idempotency key. v1 posts have none: the parser derives `v1-<sha256>`. */
  id: string;
  version: WebhookVersion;
  /** Epoch milliseconds, whichever field it was read from (see `creation_date_source`). */
  creation_date: number;
  creation_date_source: CreationDateSource;
  /**
   * The `hottok` body field some deliveries carry (reference §6.2). A secret: `JSON.stringify` and
   * `util.inspect` of a parsed event print `[redacted]` instead, here and in `raw`.
   */
  hottok?: string;
  /** The parsed body exactly as received (JSON object, or the v1 form fields), unknown keys included. */
  raw: Record<string, unknown>;
}

/**
 * A purchase event: payment approved, completed, cancelled, refunded, charged back, boleto printed, disputed,
 * expired or overdue.
 *
 * @example
 * ```ts
 * import type { PurchaseWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const transaction = (event: PurchaseWebhookEvent) => event.data.purchase.transaction;
 * ```
 */
export interface PurchaseWebhookEvent<N extends PurchaseEventName = PurchaseEventName>
  extends WebhookEnvelope {
  event: N;
  kind: 'purchase';
  data: PurchaseData;
}

/**
 * A cart abandonment (`PURCHASE_OUT_OF_SHOPPING_CART`).
 *
 * @example
 * ```ts
 * import type { AbandonmentWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const lead = (event: AbandonmentWebhookEvent) => event.data.buyer?.email;
 * ```
 */
export interface AbandonmentWebhookEvent extends WebhookEnvelope {
  event: 'PURCHASE_OUT_OF_SHOPPING_CART';
  kind: 'abandonment';
  data: AbandonmentData;
}

/**
 * A subscription cancellation.
 *
 * @example
 * ```ts
 * import type { SubscriptionCancellationWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const code = (event: SubscriptionCancellationWebhookEvent) => event.data.subscriber?.code;
 * ```
 */
export interface SubscriptionCancellationWebhookEvent extends WebhookEnvelope {
  event: 'SUBSCRIPTION_CANCELLATION';
  kind: 'subscription_cancellation';
  data: SubscriptionCancellationData;
}

/**
 * A plan change.
 *
 * @example
 * ```ts
 * import type { SwitchPlanWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const newPlan = (event: SwitchPlanWebhookEvent) => event.data.plans?.find((plan) => plan.current);
 * ```
 */
export interface SwitchPlanWebhookEvent extends WebhookEnvelope {
  event: 'SWITCH_PLAN';
  kind: 'switch_plan';
  data: SwitchPlanData;
}

/**
 * A change of a subscription's charge day.
 *
 * @example
 * ```ts
 * import type { ChargeDateWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const day = (event: ChargeDateWebhookEvent) => event.data.subscription?.newChargeDay;
 * ```
 */
export interface ChargeDateWebhookEvent extends WebhookEnvelope {
  event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE';
  kind: 'charge_date';
  data: ChargeDateData;
}

/**
 * A student's first access to the Members Area.
 *
 * @example
 * ```ts
 * import type { ClubFirstAccessWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const student = (event: ClubFirstAccessWebhookEvent) => event.data.user?.email;
 * ```
 */
export interface ClubFirstAccessWebhookEvent extends WebhookEnvelope {
  event: 'CLUB_FIRST_ACCESS';
  kind: 'club_first_access';
  data: ClubFirstAccessData;
}

/**
 * A student completing a module.
 *
 * @example
 * ```ts
 * import type { ClubModuleCompletedWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const moduleName = (event: ClubModuleCompletedWebhookEvent) => event.data.module?.name;
 * ```
 */
export interface ClubModuleCompletedWebhookEvent extends WebhookEnvelope {
  event: 'CLUB_MODULE_COMPLETED';
  kind: 'club_module_completed';
  data: ClubModuleCompletedData;
}

/**
 * `ORDER_FULFILLMENT`, any event name Hotmart adds later, and v1 posts with an unrecognised status: kept whole,
 * with `data` as received (never rejected).
 *
 * @example
 * ```ts
 * import type { UnknownWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * const describe = (event: UnknownWebhookEvent) => `${event.event} (${event.version})`;
 * ```
 */
export interface UnknownWebhookEvent extends WebhookEnvelope {
  event: string;
  kind: 'unknown';
  data: unknown;
}

/**
 * Every event whose family the parser knows: a union discriminated by both `event` and `kind`.
 *
 * @example
 * ```ts
 * import type { KnownWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * function transactionOf(event: KnownWebhookEvent): string | undefined {
 *   switch (event.event) {
 *     case 'PURCHASE_APPROVED':
 *     case 'PURCHASE_REFUNDED':
 *       return event.data.purchase.transaction;
 *     default:
 *       return undefined;
 *   }
 * }
 * ```
 */
export type KnownWebhookEvent =
  | PurchaseWebhookEvent
  | AbandonmentWebhookEvent
  | SubscriptionCancellationWebhookEvent
  | SwitchPlanWebhookEvent
  | ChargeDateWebhookEvent
  | ClubFirstAccessWebhookEvent
  | ClubModuleCompletedWebhookEvent;

/**
 * A parsed Hotmart webhook. Switch on `kind` for the typed `data`. `event` narrows the known variants too, but
 * TypeScript can't exclude the unknown variant (its `event` is any string), so check `kind !== 'unknown'` first:
 * after that, `switch (event.event)` narrows fully.
 *
 * @example
 * ```ts
 * import type { HotmartWebhookEvent } from '@hotpilot/hotmart/webhooks';
 *
 * function emailOf(event: HotmartWebhookEvent): string | undefined {
 *   switch (event.kind) {
 *     case 'purchase':
 *       return event.data.buyer?.email ?? undefined;
 *     case 'club_first_access':
 *       return event.data.user?.email ?? undefined;
 *     default:
 *       return undefined;
 *   }
 * }
 * ```
 */
export type HotmartWebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;
