import { z } from 'zod';
import { EventFilterEntry } from './event-types.ts';
import { WebhookSecret } from './webhook-secret.ts';

/**
 * The credentials of a `webhook-out` connection (one per endpoint): the endpoint's signing secret and, during a
 * rotation, the secrets it replaces — every delivery is signed with all of them, space-separated in
 * `webhook-signature`, until the receiver has switched (Standard Webhooks "zero downtime secret rotation").
 *
 * @example
 * import { WebhookOutCredentials } from './webhook-out-connection.ts';
 * WebhookOutCredentials.parse({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
 */
export const WebhookOutCredentials = z.strictObject({
  secret: WebhookSecret,
  previousSecrets: z.array(WebhookSecret).max(5).optional(),
});
/** Parsed `webhook-out` credentials. @example const c: WebhookOutCredentials = { secret: 'whsec_…' }; */
export type WebhookOutCredentials = z.infer<typeof WebhookOutCredentials>;

/**
 * The settings of a `webhook-out` connection: the endpoint `url` (http or https), the event types it wants
 * (`events`; absent or empty = all), a `description`, and `disabled`, which hotpilot sets itself after sustained
 * failure (see `deliveryWorkflow`) and a person clears to resume deliveries.
 *
 * @example
 * import { WebhookOutSettings } from './webhook-out-connection.ts';
 * WebhookOutSettings.parse({ url: 'https://example.com/hooks/hotpilot', events: ['hotmart.purchase_approved'] });
 */
export const WebhookOutSettings = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  events: z.array(EventFilterEntry).optional(),
  description: z.string().max(500).optional(),
  disabled: z.boolean().optional(),
});
/** Parsed `webhook-out` settings. @example const s: WebhookOutSettings = { url: 'https://example.com/hook' }; */
export type WebhookOutSettings = z.infer<typeof WebhookOutSettings>;

/**
 * Every secret that signs a delivery of this connection, current first.
 *
 * @example
 * import { signingSecrets } from './webhook-out-connection.ts';
 * signingSecrets({ secret: 'whsec_new…', previousSecrets: ['whsec_old…'] }); // ['whsec_new…', 'whsec_old…']
 */
export function signingSecrets(credentials: WebhookOutCredentials): string[] {
  return [credentials.secret, ...(credentials.previousSecrets ?? [])];
}
