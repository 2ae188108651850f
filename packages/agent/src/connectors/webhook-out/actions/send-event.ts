import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import { type ActionContext, defineAction } from '../../kit.ts';
import { deliverWebhook } from '../deliver-webhook.ts';
import { deliveryError } from '../delivery-error.ts';
import { webhookIdFor } from '../sign-webhook.ts';
import { WebhookEnvelope } from '../webhook-envelope.ts';
import { signingSecrets, type WebhookOutCredentials, WebhookOutSettings } from '../webhook-out-connection.ts';

/**
 * `webhook_out_send_event`: signs one event and POSTs it to the connection's endpoint, once. The call's
 * idempotency key becomes the `webhook-id` (see `webhookIdFor`), so when a workflow retries the step the receiver
 * sees the same id and can drop the duplicate. 2xx = delivered; a 4xx refusal (but 408, 409, 429) is a
 * non-retryable error; anything else is retryable. A disabled endpoint is refused without sending.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { webhookOutConnector } from '../webhook-out-connector.ts';
 * import { webhookOutSendEvent } from './send-event.ts';
 * const result = await invokeAction(
 *   webhookOutSendEvent,
 *   { type: 'hotmart.purchase_approved', data: { transaction: 'HP1' } },
 *   { connector: webhookOutConnector, connection, idempotencyKey: 'run_1:notify-erp' },
 * );
 * console.log(result.webhook_id); // 'run_1:notify-erp'
 */
export const webhookOutSendEvent = defineAction({
  id: 'webhook_out_send_event',
  connector: 'webhook-out',
  title: 'Send a signed webhook',
  description:
    'Sends one event to the endpoint of this connection, signed per Standard Webhooks (webhook-id, ' +
    'webhook-timestamp, webhook-signature), and reports how the endpoint answered.',
  llmHint:
    'Use to push an event to the seller’s own system right now. Needs `type` (full-stop delimited, e.g. ' +
    'hotmart.purchase_approved or hotpilot.report_ready) and `data` (a JSON object); `timestamp` (ISO 8601, when ' +
    'the event happened) defaults to now. Sends exactly once: no retries here (the delivery workflow retries ' +
    'stored Hotmart events on its own schedule). Fails if the endpoint is disabled or refuses the request.',
  input: z.strictObject({
    type: WebhookEnvelope.shape.type.describe('Event type, e.g. hotmart.purchase_approved'),
    data: WebhookEnvelope.shape.data.describe('The event data: any JSON object'),
    timestamp: WebhookEnvelope.shape.timestamp
      .optional()
      .describe('When the event happened (ISO 8601); default: now'),
  }),
  output: z.looseObject({
    delivered: z.literal(true),
    status: z.number().int(),
    webhook_id: z.string(),
    webhook_timestamp: z.number().int(),
    duration_ms: z.number().nonnegative(),
  }),
  effect: 'write',
  // The receiver can dedup on webhook-id, which is the same for the same idempotency key.
  idempotent: true,
  async run(ctx: ActionContext<WebhookOutCredentials>, input) {
    const settings = WebhookOutSettings.parse(ctx.connection.settings);
    if (settings.disabled) {
      throw new NonRetriableError(
        `webhook endpoint "${ctx.connection.id}" is disabled; enable it (settings.disabled = false) to send again`,
        { code: 'ENDPOINT_DISABLED' },
      );
    }
    const body = JSON.stringify({
      type: input.type,
      timestamp: input.timestamp ?? new Date(ctx.now()).toISOString(),
      data: input.data,
    });
    const webhookId = webhookIdFor(ctx.idempotencyKey);
    const outcome = await deliverWebhook({
      url: settings.url,
      secrets: signingSecrets(ctx.connection.credentials),
      webhookId,
      body,
      fetch: ctx.fetch,
      now: ctx.now,
      signal: ctx.signal,
    });
    if (!outcome.ok) throw deliveryError(outcome, settings.url);
    ctx.logger.info(
      { endpoint: ctx.connection.id, webhookId, status: outcome.status, type: input.type },
      'webhook delivered',
    );
    return {
      delivered: true as const,
      status: outcome.status,
      webhook_id: webhookId,
      webhook_timestamp: outcome.timestamp,
      duration_ms: outcome.durationMs,
    };
  },
});
