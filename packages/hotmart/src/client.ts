import { HotmartApi } from './internal/api.ts';
import { HttpCore } from './internal/http.ts';
import { type HotmartClientOptions, resolveOptions } from './internal/options.ts';
import { sharedRateBudget } from './internal/rate-budget.ts';
import { REDACTED, Redactor } from './internal/redact.ts';
import { TokenProvider } from './internal/token-provider.ts';
import { ClubResource } from './resources/club.ts';
import { CouponsResource } from './resources/coupons.ts';
import { EventsResource } from './resources/events.ts';
import { NegotiationResource } from './resources/negotiation.ts';
import { ProductsResource } from './resources/products.ts';
import { SalesResource } from './resources/sales.ts';
import { SubscriptionsResource } from './resources/subscriptions.ts';
import { UserResource } from './resources/user.ts';

/**
 * The non-secret settings of a client, as `client.options` shows them. The client secret and the Basic token are
 * always `[redacted]`.
 *
 * @example
 * const { environment, apiBaseUrl } = client.options;
 */
export interface HotmartClientSettings {
  readonly clientId: string;
  readonly clientSecret: typeof REDACTED;
  readonly basic: typeof REDACTED;
  readonly environment: 'production' | 'sandbox';
  readonly apiBaseUrl: string;
  readonly tokenUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly rateLimit: { readonly requestsPerMinute: number } | false;
  readonly userAgent: string;
}

/**
 * A typed Hotmart API client: `client.<area>.<verb>(params, options?)` with Hotmart's own (snake_case) field
 * names (STYLE convention 3). Auth, retries, timeouts and the 500 requests/minute budget are handled inside;
 * secrets never appear in its `JSON.stringify`, `String` or `util.inspect` output.
 *
 * @example
 * import { HotmartClient } from '@hotpilot/hotmart';
 * const client = new HotmartClient({ clientId: 'id', clientSecret: 'secret' });
 * const me = await client.user.me();
 */
export class HotmartClient {
  /** Sales history, summary, participants, commissions, price details, refund, new boleto (reference §4.1). */
  readonly sales: SalesResource;
  /** Subscriptions, their transactions and purchases; cancel, reactivate, due day, switch plan (§4.2). */
  readonly subscriptions: SubscriptionsResource;
  /** Products, offers, plans and product configuration (§4.3). */
  readonly products: ProductsResource;
  /** Coupons of a product (§4.4). */
  readonly coupons: CouponsResource;
  /** Members Area: students, modules, pages, progress (§4.5). */
  readonly club: ClubResource;
  /** Event tickets and participants (§4.6). */
  readonly events: EventsResource;
  /** Installment negotiation (§4.7). */
  readonly negotiation: NegotiationResource;
  /** The authenticated account (§4.8). */
  readonly user: UserResource;
  /** The client's non-secret settings. */
  readonly options: HotmartClientSettings;

  constructor(options: HotmartClientOptions) {
    const resolved = resolveOptions(options);
    const redactor = new Redactor();
    redactor.add(resolved.clientSecret.reveal());
    redactor.add(resolved.basic.reveal());
    const http = new HttpCore({
      fetch: resolved.fetch,
      now: resolved.now,
      sleep: resolved.sleep,
      random: resolved.random,
      logger: resolved.logger,
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      userAgent: resolved.userAgent,
      redactor,
    });
    const tokens = new TokenProvider({
      http,
      tokenUrl: resolved.tokenUrl,
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      basic: resolved.basic,
      now: resolved.now,
      logger: resolved.logger,
      redactor,
    });
    const budget =
      resolved.requestsPerMinute === false
        ? undefined
        : sharedRateBudget(resolved.clientId, resolved.apiBaseUrl, resolved.requestsPerMinute);
    const api = new HotmartApi({
      http,
      tokens,
      budget,
      apiBaseUrl: resolved.apiBaseUrl,
      logger: resolved.logger,
    });

    this.sales = new SalesResource(api);
    this.subscriptions = new SubscriptionsResource(api);
    this.products = new ProductsResource(api);
    this.coupons = new CouponsResource(api);
    this.club = new ClubResource(api);
    this.events = new EventsResource(api);
    this.negotiation = new NegotiationResource(api);
    this.user = new UserResource(api);
    this.options = Object.freeze({
      clientId: resolved.clientId,
      clientSecret: REDACTED,
      basic: REDACTED,
      environment: resolved.environment,
      apiBaseUrl: resolved.apiBaseUrl,
      tokenUrl: resolved.tokenUrl,
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      rateLimit:
        resolved.requestsPerMinute === false ? false : { requestsPerMinute: resolved.requestsPerMinute },
      userAgent: resolved.userAgent,
    });
  }

  /** The settings, secrets redacted: what `JSON.stringify(client)` prints. */
  toJSON(): HotmartClientSettings {
    return this.options;
  }

  toString(): string {
    return `HotmartClient(${this.options.environment}, ${this.options.apiBaseUrl}, clientId=${this.options.clientId})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return { HotmartClient: this.options };
  }
}

/**
 * Creates a Hotmart client. Options are validated at once: a missing or malformed field, or an unknown one, throws
 * `InvalidInputError` naming it.
 *
 * @example
 * import { createHotmartClient } from '@hotpilot/hotmart';
 * const client = createHotmartClient({
 *   clientId: process.env.HOTMART_CLIENT_ID ?? '',
 *   clientSecret: process.env.HOTMART_CLIENT_SECRET ?? '',
 *   environment: 'sandbox',
 * });
 * for await (const sale of client.sales.history({ max_results: 500 })) console.log(sale.purchase?.transaction);
 */
export function createHotmartClient(options: HotmartClientOptions): HotmartClient {
  return new HotmartClient(options);
}
