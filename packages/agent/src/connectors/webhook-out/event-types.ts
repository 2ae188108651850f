import { HOTMART_EVENT_NAMES, type HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { z } from 'zod';

/**
 * The event types hotpilot delivers to the seller's endpoints: each Hotmart event name, lower-cased under the
 * `hotmart.` namespace (`PURCHASE_APPROVED` → `hotmart.purchase_approved`), following Standard Webhooks' advice of
 * full-stop delimited, hierarchical types from `[a-zA-Z0-9_]`.
 *
 * @example
 * import { WEBHOOK_EVENT_TYPES } from './event-types.ts';
 * WEBHOOK_EVENT_TYPES.includes('hotmart.subscription_cancellation'); // true
 */
export const WEBHOOK_EVENT_TYPES = HOTMART_EVENT_NAMES.map(
  (name) => `hotmart.${name.toLowerCase()}` as const,
);

/** One deliverable event type. @example const type: WebhookEventType = 'hotmart.purchase_refunded'; */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The type of the test delivery a connection test sends; never filtered out.
 *
 * @example
 * import { PING_EVENT_TYPE } from './event-types.ts';
 * const isPing = (body: { type: string }) => body.type === PING_EVENT_TYPE;
 */
export const PING_EVENT_TYPE = 'webhook.ping';

/**
 * The delivered type of a Hotmart event name.
 *
 * @example
 * import { eventTypeOf } from './event-types.ts';
 * eventTypeOf('PURCHASE_APPROVED'); // 'hotmart.purchase_approved'
 */
export function eventTypeOf(name: HotmartEventName | string): string {
  return `hotmart.${name.toLowerCase()}`;
}

/**
 * One entry of an endpoint's `events` filter: a delivered type (`hotmart.purchase_approved`), a namespace wildcard
 * (`hotmart.*`), or `*` for everything. Anything else is refused, so a typo can't silently mute an endpoint.
 *
 * @example
 * import { EventFilterEntry } from './event-types.ts';
 * EventFilterEntry.parse('hotmart.purchase_approved');
 */
export const EventFilterEntry = z
  .string()
  .refine(
    (value) =>
      value === '*' || value === 'hotmart.*' || (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value),
    {
      message: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}, "hotmart.*" or "*"`,
    },
  );

/**
 * Whether an endpoint subscribed to `type`. No filter (or an empty one) means every event.
 *
 * @example
 * import { matchesFilter } from './event-types.ts';
 * matchesFilter(['hotmart.purchase_refunded'], 'hotmart.purchase_approved'); // false
 * matchesFilter(undefined, 'hotmart.purchase_approved'); // true
 */
export function matchesFilter(events: readonly string[] | undefined, type: string): boolean {
  if (!events || events.length === 0) return true;
  return events.some(
    (entry) => entry === '*' || entry === type || (entry === 'hotmart.*' && type.startsWith('hotmart.')),
  );
}
