import { z } from 'zod';
import type { EventRecord } from '../../store/port.ts';
import { eventTypeOf, PING_EVENT_TYPE } from './event-types.ts';

/**
 * The body of every delivery, in the Standard Webhooks payload structure: `type` (a full-stop delimited event
 * type), `timestamp` (ISO 8601, when the event happened — not when this attempt was made, which is
 * `webhook-timestamp`), and `data`.
 *
 * @example
 * import { WebhookEnvelope } from './webhook-envelope.ts';
 * WebhookEnvelope.parse({ type: 'hotmart.purchase_approved', timestamp: '2025-01-31T12:00:00.000Z', data: { id: 'e1' } });
 */
export const WebhookEnvelope = z.strictObject({
  type: z
    .string()
    .regex(/^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)+$/, 'must be full-stop delimited identifiers of [a-zA-Z0-9_]'),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});
/** A delivery body. @example const body: WebhookEnvelope = { type: 'webhook.ping', timestamp: '2025-01-01T00:00:00Z', data: {} }; */
export type WebhookEnvelope = z.infer<typeof WebhookEnvelope>;

/**
 * The delivery body of a stored Hotmart event: its delivered type (`hotmart.purchase_approved`), when it occurred,
 * and its normalised view (`normalizeWebhook` — id, buyer, product, amount, subscriber…) as `data`.
 *
 * @example
 * import type { EventRecord } from '../../store/port.ts';
 * import { envelopeOf } from './webhook-envelope.ts';
 * declare const event: EventRecord;
 * const body = JSON.stringify(envelopeOf(event));
 */
export function envelopeOf(event: EventRecord): WebhookEnvelope {
  return {
    type: eventTypeOf(event.name),
    timestamp: new Date(event.occurredAt).toISOString(),
    data: event.normalized,
  };
}

/**
 * The body of a connection test: a `webhook.ping` naming the endpoint, so a receiver can tell it from real events.
 *
 * @example
 * import { pingEnvelope } from './webhook-envelope.ts';
 * pingEnvelope('crm', Date.now()).type; // 'webhook.ping'
 */
export function pingEnvelope(endpointId: string, now: number): WebhookEnvelope {
  return {
    type: PING_EVENT_TYPE,
    timestamp: new Date(now).toISOString(),
    data: {
      endpoint: endpointId,
      message: 'hotpilot test delivery: if you can read this, the endpoint works',
    },
  };
}
