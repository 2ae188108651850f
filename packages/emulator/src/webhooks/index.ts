export { type WebhookControlDeps, webhookControlRoutes } from './control.ts';
export {
  WebhookEndpoint,
  type WebhookEndpointInput,
  type WebhookEndpointView,
  webhookEndpointInputSchema,
} from './endpoint.ts';
export {
  isPurchaseChange,
  PURCHASE_EVENT_NAMES,
  type PurchaseEventName,
  WEBHOOK_EVENT_NAMES,
  type WebhookEventName,
} from './event-names.ts';
export { WebhookPayloadError } from './payload-error.ts';
export type {
  AbandonmentWebhookData,
  ChargeDateWebhookData,
  ClubFirstAccessWebhookData,
  ClubModuleCompletedWebhookData,
  PurchaseWebhookData,
  SubscriptionCancellationWebhookData,
  SwitchPlanWebhookData,
  WebhookDataByEvent,
  WebhookMoney,
  WebhookPayload,
} from './payload-types.ts';
export {
  type BuildWebhookPayloadOptions,
  buildWebhookData,
  buildWebhookPayload,
  productIdOf,
  wrapWebhookEnvelope,
} from './payloads.ts';
export {
  createWebhookSender,
  type WebhookDeliveryFilter,
  type WebhookDeliveryRecord,
  type WebhookSender,
  type WebhookSenderOptions,
  type WebhookSenderStats,
} from './sender.ts';
export {
  REST_STATUS_BY_EVENT,
  toWebhookPurchaseStatus,
  WEBHOOK_STATUS_BY_EVENT,
  type WebhookPurchaseStatus,
} from './status.ts';
