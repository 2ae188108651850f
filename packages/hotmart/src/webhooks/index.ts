// The webhook toolkit of @hotpilot/hotmart, also published as the subpath `@hotpilot/hotmart/webhooks`.
// Everything under ./internal stays private.

export { AbandonmentData } from './abandonment-data.ts';
export {
  buildTestDelivery,
  type DeepPartial,
  type EventDataOf,
  type TestDelivery,
  type TestDeliveryOverrides,
} from './build-test-delivery.ts';
export { ChargeDateData } from './charge-date-data.ts';
export { ClubFirstAccessData } from './club-first-access-data.ts';
export { ClubModuleCompletedData } from './club-module-completed-data.ts';
export {
  HOTMART_EVENT_KINDS,
  HOTMART_EVENT_NAMES,
  type HotmartEventKind,
  type HotmartEventName,
  isHotmartEventName,
  PURCHASE_EVENT_NAMES,
  type PurchaseEventName,
} from './event-names.ts';
export { type NormalizedEvent, normalizeWebhook } from './normalize-webhook.ts';
export { parseWebhook } from './parse-webhook.ts';
export { PurchaseData } from './purchase-data.ts';
export {
  PURCHASE_STATUS_BY_EVENT,
  WEBHOOK_PURCHASE_STATUSES,
  type WebhookPurchaseStatus,
} from './purchase-status.ts';
export { SubscriptionCancellationData } from './subscription-cancellation-data.ts';
export { SwitchPlanData } from './switch-plan-data.ts';
export { verifyHottok } from './verify-hottok.ts';
export type {
  AbandonmentWebhookEvent,
  ChargeDateWebhookEvent,
  ClubFirstAccessWebhookEvent,
  ClubModuleCompletedWebhookEvent,
  CreationDateSource,
  HotmartWebhookEvent,
  KnownWebhookEvent,
  PurchaseWebhookEvent,
  SubscriptionCancellationWebhookEvent,
  SwitchPlanWebhookEvent,
  UnknownWebhookEvent,
  WebhookEnvelope,
  WebhookVersion,
} from './webhook-event.ts';
export { WebhookMoney } from './webhook-money.ts';
export {
  type ParseWebhookOptions,
  WEBHOOK_PARSE_ERROR_CODES,
  type WebhookParseError,
  type WebhookParseErrorCode,
  type WebhookParseResult,
} from './webhook-parse-result.ts';
