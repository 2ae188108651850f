import { z } from 'zod';
import { type ActionContext, defineAction } from '../../kit.ts';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhook } from '../verify-webhook.ts';
import { signingSecrets, type WebhookOutCredentials } from '../webhook-out-connection.ts';

/**
 * `webhook_out_verify_signature`: checks a delivery the way a receiver should, with this connection's secrets —
 * for people debugging their receiver ("why does my endpoint reject hotpilot's webhooks?").
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { webhookOutConnector } from '../webhook-out-connector.ts';
 * import { webhookOutVerifySignature } from './verify-signature.ts';
 * declare const body: string;
 * declare const headers: Record<string, string>;
 * const result = await invokeAction(webhookOutVerifySignature, { payload: body, headers }, {
 *   connector: webhookOutConnector, connection,
 * });
 * console.log(result.valid, result.reason);
 */
export const webhookOutVerifySignature = defineAction({
  id: 'webhook_out_verify_signature',
  connector: 'webhook-out',
  title: 'Verify a webhook signature',
  description:
    'Checks that a delivery (raw body and webhook-* headers) carries a valid signature of this endpoint and a ' +
    'fresh timestamp, and says why not when it does not.',
  llmHint:
    'Use to debug a receiver that rejects deliveries. Needs `payload` (the raw body exactly as received, not ' +
    're-serialised JSON) and `headers` with webhook-id, webhook-timestamp and webhook-signature. ' +
    '`tolerance_seconds` (default 300) bounds the timestamp’s age. Returns `{ valid, reason }`; reasons: ' +
    'missing_headers, invalid_timestamp, timestamp_too_old, timestamp_too_new, no_matching_signature.',
  input: z.strictObject({
    payload: z.string().describe('The raw request body, byte for byte'),
    headers: z
      .record(z.string(), z.string())
      .describe('The request headers (at least the three webhook-* ones)'),
    tolerance_seconds: z
      .number()
      .int()
      .positive()
      .max(86_400)
      .optional()
      .describe(`Accepted timestamp skew in seconds (default ${DEFAULT_TOLERANCE_SECONDS})`),
  }),
  output: z.strictObject({ valid: z.boolean(), reason: z.string().optional() }),
  effect: 'read',
  idempotent: true,
  async run(ctx: ActionContext<WebhookOutCredentials>, input) {
    const result = verifyWebhook({
      payload: input.payload,
      headers: input.headers,
      secrets: signingSecrets(ctx.connection.credentials),
      now: ctx.now(),
      ...(input.tolerance_seconds === undefined ? {} : { toleranceSeconds: input.tolerance_seconds }),
    });
    return result.valid ? { valid: true } : { valid: false, reason: result.reason };
  },
});
