import type { z } from 'zod';
import { type PageBody, PagePromise } from '../pagination.ts';
import { page } from '../schemas/common.ts';
import type { HttpCore, HttpMethod, RequestOptions, TokenSource } from './http.ts';
import type { HotmartLogger } from './logger.ts';
import { parseResponse } from './parse.ts';
import { appendQuery, type QueryObject } from './query.ts';
import type { RateBudget } from './rate-budget.ts';

/**
 * One API call, after its parameters and body were validated.
 *
 * @example
 * const operation: ApiOperation = { name: 'user.me', method: 'GET', path: '/user/api/v1/me', idempotent: true };
 */
export interface ApiOperation {
  /** `area.verb`, for logs. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Path under the API host, already with encoded path parameters. */
  readonly path: string;
  readonly query?: QueryObject | undefined;
  readonly body?: unknown;
  /** Whether repeating it is harmless; decides the retry policy (see `HttpCore`). */
  readonly idempotent: boolean;
}

/**
 * What an empty 2xx body means for an operation: Hotmart answers some successes with no body at all (change due
 * day, reference §4.2) and some lists with an empty body instead of an empty list (coupons of a product without
 * coupons, §4.4; the unofficial club paths, §4.5).
 *
 * @example
 * const empty: EmptyBody = 'array';
 */
export type EmptyBody = 'object' | 'array';

/**
 * Wiring shared by all resources of one client.
 *
 * @example
 * const api = new HotmartApi({ http, tokens, budget: undefined, apiBaseUrl: 'https://developers.hotmart.com', logger });
 */
export interface ApiDependencies {
  readonly http: HttpCore;
  readonly tokens: TokenSource;
  readonly budget: RateBudget | undefined;
  readonly apiBaseUrl: string;
  readonly logger: HotmartLogger;
}

/**
 * The resources' view of the API: authenticated, budgeted calls on the configured host, responses parsed with
 * their loose schemas, list envelopes turned into `PagePromise`s.
 *
 * @example
 * const me = await api.call({ name: 'user.me', method: 'GET', path: '/user/api/v1/me', idempotent: true }, UserMe);
 */
export class HotmartApi {
  readonly #deps: ApiDependencies;

  constructor(deps: ApiDependencies) {
    this.#deps = deps;
  }

  /** Sends one operation and parses the response; an empty body becomes `{}` (or `[]`) before parsing. */
  async call<S extends z.ZodType>(
    operation: ApiOperation,
    schema: S,
    options?: RequestOptions,
    empty: EmptyBody = 'object',
  ): Promise<z.output<S>> {
    const body = await this.#send(operation, options);
    return parseResponse(schema, body ?? (empty === 'array' ? [] : {}), {
      operation: operation.name,
      logger: this.#deps.logger,
    });
  }

  /**
   * A paginated operation. `prepare` validates the caller's parameters; it runs now, but a failure is delivered
   * through the returned promise like any other, so `await` and `for await` see it where they expect errors.
   */
  list<S extends z.ZodType>(
    name: string,
    prepare: () => ApiOperation,
    itemSchema: S,
    options?: RequestOptions,
  ): PagePromise<z.output<S>> {
    let operation: ApiOperation | undefined;
    let failure: unknown;
    try {
      operation = prepare();
    } catch (error) {
      failure = error;
    }
    const envelope = envelopeOf(itemSchema);
    const initial = operation?.query?.['page_token'];
    return new PagePromise<z.output<S>>({
      operation: name,
      logger: this.#deps.logger,
      initialPageToken: typeof initial === 'string' ? initial : undefined,
      fetchPage: async (pageToken) => {
        if (operation === undefined) throw failure;
        const query =
          pageToken === undefined ? operation.query : { ...operation.query, page_token: pageToken };
        const body = await this.#send({ ...operation, query }, options);
        // An empty body is an empty page (Hotmart sends one for a product without coupons, reference §4.4).
        const parsed = parseResponse(envelope, body ?? { items: [] }, {
          operation: name,
          logger: this.#deps.logger,
        });
        return normalisePage<z.output<S>>(parsed);
      },
    });
  }

  async #send(operation: ApiOperation, options: RequestOptions | undefined): Promise<unknown> {
    const url = appendQuery(new URL(`${this.#deps.apiBaseUrl}${operation.path}`), operation.query);
    const response = await this.#deps.http.request({
      operation: operation.name,
      method: operation.method,
      url,
      body: operation.body,
      idempotent: operation.idempotent,
      auth: this.#deps.tokens,
      budget: this.#deps.budget,
      options,
    });
    return response.body;
  }
}

const envelopes = new WeakMap<z.ZodType, z.ZodType>();

/** The list envelope of an item schema, built once per item schema so its compiled check is built once too. */
function envelopeOf(itemSchema: z.ZodType): z.ZodType {
  let envelope = envelopes.get(itemSchema);
  if (envelope === undefined) {
    envelope = page(itemSchema);
    envelopes.set(itemSchema, envelope);
  }
  return envelope;
}

// A drifted envelope is returned as Hotmart sent it; pagination still needs an items array to walk.
function normalisePage<Item>(body: unknown): PageBody<Item> {
  if (Array.isArray(body)) return { items: body as Item[] };
  if (typeof body !== 'object' || body === null) return { items: [] };
  const record = body as PageBody<Item>;
  return Array.isArray(record.items) ? record : { ...record, items: [] };
}
