import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { HOTMART_EVENT_NAMES, type HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { z } from 'zod';
import type { WebhookEventName } from './event-names.ts';

/**
 * What registers a webhook endpoint, like a configuration in Hotmart's webhook screen (reference §6.1): a URL,
 * the account's hottok, the events to send (all by default) and optionally one product. `bodyHottok` also puts
 * the hottok in the body, as some real deliveries do (§6.2).
 *
 * @example
 * const input = webhookEndpointInputSchema.parse({ url: 'http://127.0.0.1:3000/webhooks/hotmart/main', hottok: 'h0t' });
 */
export const webhookEndpointInputSchema = z.strictObject({
  id: z.string().min(1).max(200).optional(),
  url: z.url({ protocol: /^https?$/ }),
  hottok: z.string().min(1),
  // Any documented event name is accepted, like Hotmart's screen; ORDER_FULFILLMENT has no sample, so the
  // emulator never sends it (reference §6.4).
  events: z.union([z.literal('all'), z.array(z.enum(HOTMART_EVENT_NAMES)).min(1)]).optional(),
  productId: z.number().int().nonnegative().optional(),
  bodyHottok: z.boolean().optional(),
});

/**
 * Input of {@link WebhookEndpoint}; see {@link webhookEndpointInputSchema}.
 *
 * @example
 * const input: WebhookEndpointInput = { url: 'http://127.0.0.1:3000/hook', hottok: 'h0t', events: ['PURCHASE_APPROVED'] };
 */
export type WebhookEndpointInput = z.input<typeof webhookEndpointInputSchema>;

/**
 * The JSON view of an endpoint: everything but the hottok, which is a secret.
 *
 * @example
 * const view: WebhookEndpointView = endpoint.toJSON(); // view.hottok === '[redacted]'
 */
export interface WebhookEndpointView {
  id: string;
  url: string;
  hottok: '[redacted]';
  events: readonly HotmartEventName[] | 'all';
  productId?: number;
  bodyHottok: boolean;
}

/**
 * A registered webhook endpoint. The hottok is readable by the sender but never printed: `toJSON`, `toString`
 * and `util.inspect` show `[redacted]`.
 *
 * @example
 * const endpoint = new WebhookEndpoint({ url: 'http://127.0.0.1:3000/hook', hottok: 'h0t', events: ['PURCHASE_APPROVED'] });
 * endpoint.accepts('PURCHASE_APPROVED', 1); // true
 * JSON.stringify(endpoint); // hottok is "[redacted]"
 */
export class WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly events: readonly HotmartEventName[] | 'all';
  readonly productId: number | undefined;
  readonly bodyHottok: boolean;
  readonly #hottok: string;
  readonly #events: ReadonlySet<HotmartEventName> | undefined;

  constructor(input: WebhookEndpointInput) {
    const parsed = webhookEndpointInputSchema.parse(input);
    this.id = parsed.id ?? randomUUID();
    this.url = parsed.url;
    this.#hottok = parsed.hottok;
    this.events =
      parsed.events === undefined || parsed.events === 'all' ? 'all' : Object.freeze([...parsed.events]);
    this.#events = this.events === 'all' ? undefined : new Set(this.events);
    this.productId = parsed.productId;
    this.bodyHottok = parsed.bodyHottok ?? false;
  }

  /** The secret sent in `X-HOTMART-HOTTOK` (reference §6.2). */
  get hottok(): string {
    return this.#hottok;
  }

  /** Whether this endpoint subscribes to `event` for a change concerning `productId`. */
  accepts(event: WebhookEventName, productId: number | undefined): boolean {
    if (this.#events !== undefined && !this.#events.has(event)) return false;
    return this.productId === undefined || this.productId === productId;
  }

  toJSON(): WebhookEndpointView {
    const view: WebhookEndpointView = {
      id: this.id,
      url: this.url,
      hottok: '[redacted]',
      events: this.events,
      bodyHottok: this.bodyHottok,
    };
    if (this.productId !== undefined) view.productId = this.productId;
    return view;
  }

  toString(): string {
    return `WebhookEndpoint(${this.id} → ${this.url})`;
  }

  [inspect.custom](): WebhookEndpointView {
    return this.toJSON();
  }
}
