import { z } from 'zod';
import { defineAction } from '../../kit.ts';
import { generateWebhookSecret, MAX_SECRET_BYTES, MIN_SECRET_BYTES } from '../webhook-secret.ts';

/**
 * `webhook_out_create_secret`: generates a new Standard Webhooks signing secret (`whsec_` + base64 of random
 * bytes) to store as an endpoint's credential and give to the receiver. Changes nothing: the caller decides
 * where the secret goes. Its output is a secret, so surfaces must not log it.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { webhookOutConnector } from '../webhook-out-connector.ts';
 * import { webhookOutCreateSecret } from './create-secret.ts';
 * const { secret } = await invokeAction(webhookOutCreateSecret, {}, { connector: webhookOutConnector, connection });
 */
export const webhookOutCreateSecret = defineAction({
  id: 'webhook_out_create_secret',
  connector: 'webhook-out',
  title: 'Generate a webhook signing secret',
  description:
    'Generates a new random signing secret (whsec_…) for an outbound webhook endpoint. Nothing is stored or sent.',
  llmHint:
    'Use when setting up or rotating an endpoint’s secret. Takes an optional `bytes` (24–64, default 32). The ' +
    'result is a secret: show it to the seller once, never paste it into messages or tickets. To rotate, save ' +
    'the new one as `secret` and the old one in `previousSecrets` until the receiver has switched.',
  input: z.strictObject({
    bytes: z
      .number()
      .int()
      .min(MIN_SECRET_BYTES)
      .max(MAX_SECRET_BYTES)
      .optional()
      .describe(`Random bytes in the secret (${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES}, default 32)`),
  }),
  output: z.strictObject({ secret: z.string().startsWith('whsec_') }),
  effect: 'read',
  idempotent: true,
  async run(_ctx, input) {
    return { secret: generateWebhookSecret(input.bytes ?? 32) };
  },
});
