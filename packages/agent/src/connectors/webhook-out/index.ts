import type { AnyAction } from '../kit.ts';
import { webhookOutCreateSecret } from './actions/create-secret.ts';
import { webhookOutSendEvent } from './actions/send-event.ts';
import { webhookOutVerifySignature } from './actions/verify-signature.ts';

export { webhookOutCreateSecret } from './actions/create-secret.ts';
export { webhookOutSendEvent } from './actions/send-event.ts';
export { webhookOutVerifySignature } from './actions/verify-signature.ts';
export {
  DEFAULT_DELIVERY_TIMEOUT_MS,
  type DeliveryOutcome,
  type DeliveryRequest,
  deliverWebhook,
} from './deliver-webhook.ts';
export { deliveryError } from './delivery-error.ts';
export {
  DELIVERY_WORKFLOW_ID,
  type DeliveryResult,
  type DeliveryWorkflowOptions,
  deliveryWorkflow,
  parseDeliveryRunId,
} from './delivery-workflow.ts';
export {
  DEFAULT_DISABLE_POLICY,
  type DisablePolicy,
  type EndpointHealth,
  healthKey,
  readHealth,
} from './endpoint-health.ts';
export {
  EventFilterEntry,
  eventTypeOf,
  matchesFilter,
  PING_EVENT_TYPE,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from './event-types.ts';
export { MAX_RETRY_AFTER_MS, RETRY_SCHEDULE_MS, retryDelay } from './retry-schedule.ts';
export { signatureOf, signWebhook, type WebhookHeaders, webhookIdFor } from './sign-webhook.ts';
export {
  DEFAULT_TOLERANCE_SECONDS,
  type VerifyFailure,
  type VerifyResult,
  verifyWebhook,
} from './verify-webhook.ts';
export { envelopeOf, pingEnvelope, WebhookEnvelope } from './webhook-envelope.ts';
export { signingSecrets, WebhookOutCredentials, WebhookOutSettings } from './webhook-out-connection.ts';
export { webhookOutConnector } from './webhook-out-connector.ts';
export { generateWebhookSecret, SECRET_PREFIX, secretKey, WebhookSecret } from './webhook-secret.ts';

/**
 * Every action of the `webhook-out` connector, as an explicit list (STYLE convention 1).
 *
 * @example
 * import { webhookOutActions } from './index.ts';
 * webhookOutActions.map((action) => action.id); // ['webhook_out_send_event', 'webhook_out_create_secret', …]
 */
export const webhookOutActions: readonly AnyAction[] = Object.freeze([
  webhookOutSendEvent,
  webhookOutCreateSecret,
  webhookOutVerifySignature,
]);
