import { randomUUID } from 'node:crypto';
import { redactText } from '../../kit/redact.ts';
import { redactUrl } from '../http.ts';
import { type ConnectionTestResult, defineConnector } from '../kit.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { pingEnvelope } from './webhook-envelope.ts';
import { signingSecrets, WebhookOutCredentials, WebhookOutSettings } from './webhook-out-connection.ts';

/**
 * The `webhook-out` connector: one connection per endpoint of the seller's that should receive hotpilot's
 * normalised events, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 * The connection test sends one signed `webhook.ping` and reports how the endpoint answered.
 *
 * @example
 * import { testConnection } from '../invoke.ts';
 * import { webhookOutConnector } from './webhook-out-connector.ts';
 * const result = await testConnection(webhookOutConnector, {
 *   id: 'crm', kind: 'webhook-out', credentials: { secret: 'whsec_…' }, settings: { url: 'https://example.com/hooks' },
 * });
 */
export const webhookOutConnector = defineConnector<WebhookOutCredentials>({
  id: 'webhook-out',
  title: 'Outbound webhooks',
  description:
    'Sends hotpilot’s normalised Hotmart events to your own HTTP endpoint, signed per Standard Webhooks, with ' +
    'retries over about a day. One connection per endpoint.',
  credentials: WebhookOutCredentials,
  settings: WebhookOutSettings,
  async test(ctx): Promise<ConnectionTestResult> {
    const settings = WebhookOutSettings.parse(ctx.connection.settings);
    const outcome = await deliverWebhook({
      url: settings.url,
      secrets: signingSecrets(ctx.connection.credentials),
      // A fresh id: a ping is a new message each time, never a retry of an earlier one.
      webhookId: `ping_${randomUUID()}`,
      body: JSON.stringify(pingEnvelope(ctx.connection.id, ctx.now())),
      fetch: ctx.fetch,
      now: ctx.now,
      signal: ctx.signal,
    });
    const paused = settings.disabled
      ? ' (the endpoint is disabled: deliveries are paused until you enable it)'
      : '';
    if (outcome.ok) {
      const where = redactText(redactUrl(new URL(settings.url)));
      return { ok: true, message: `${where} accepted a signed ping with ${outcome.status}${paused}` };
    }
    return { ok: false, message: `signed ping failed: ${outcome.message} (${outcome.code})${paused}` };
  },
});
