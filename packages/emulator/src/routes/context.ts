import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Emulator } from '../server/emulator.ts';
import { invalidParameter, invalidValue } from '../server/errors.ts';
import type { PageTokens } from '../server/page-token.ts';
import { countMatches, type LruCache, readPage, type ScanSource } from '../server/paginate.ts';
import { QueryReader } from '../server/query.ts';
import { applySelect, parseSelect } from '../server/select.ts';
import type { SalesAggregator } from './sales-aggregate.ts';

/**
 * The Hono environment of the emulator app: Node bindings when served by @hono/node-server.
 *
 * @example
 * const app = new Hono<EmulatorEnv>();
 */
export type EmulatorEnv = { Bindings: Partial<HttpBindings>; Variables: { clientId: string } };

/**
 * The emulator's Hono app type.
 *
 * @example
 * const app: EmulatorHono = createEmulatorApp(createEmulator());
 */
export type EmulatorHono = Hono<EmulatorEnv>;

/**
 * What every route module receives.
 *
 * @example
 * const register = (app: EmulatorHono, context: RouteContext) => app.get('/x', context.guard, (c) => c.json({}));
 */
export interface RouteContext {
  emulator: Emulator;
  /** Bearer check and rate limit, applied to every API route (not to unknown paths, reference §1). */
  guard: MiddlewareHandler<EmulatorEnv>;
  /** Cached totals of scans over small lists, keyed by account version and query. */
  cache: LruCache<unknown>;
  /** Block-cached totals over sales (see `SalesAggregator`). */
  sales: SalesAggregator;
  /** Page tokens for the account's current seed. */
  pageTokens(): PageTokens;
}

/**
 * Page-size rules of one list endpoint: requests above `max` are clamped silently (reference §3.2).
 *
 * @example
 * const size: PageSize = { default: 50, max: 500 };
 */
export interface PageSize {
  default: number;
  max: number;
}

/**
 * Sales and subscriptions: up to 500 per page since 2022 (reference §3.2).
 *
 * @example
 * pageSize(query, SALES_PAGE); // 50 unless max_results says otherwise, never above 500
 */
export const SALES_PAGE: PageSize = { default: 50, max: 500 };
/**
 * Products: 50 by default and at most (reference §3.2).
 *
 * @example
 * pageSize(query, PRODUCTS_PAGE); // at most 50
 */
export const PRODUCTS_PAGE: PageSize = { default: 50, max: 50 };
/**
 * Other lists.
 *
 * @example
 * pageSize(query, OTHER_PAGE);
 */
export const OTHER_PAGE: PageSize = { default: 50, max: 500 };

/**
 * Reads `max_results`: an integer ≥ 1, clamped to the endpoint's maximum.
 *
 * @example
 * pageSize(new QueryReader(new URL('http://x/?max_results=9999')), SALES_PAGE); // 500
 */
export function pageSize(query: QueryReader, size: PageSize): number {
  const requested = query.int('max_results', { min: 1 });
  return Math.min(requested ?? size.default, size.max);
}

/**
 * Options of `respondWithPage`.
 *
 * @example
 * respondWithPage(context, c, { endpoint: 'products', query, source, size: PRODUCTS_PAGE, total: false });
 */
export interface PagedResponse<M, T> {
  /** Endpoint id: page tokens are bound to it and to the filters. */
  endpoint: string;
  query: QueryReader;
  source: ScanSource<M, T>;
  size: PageSize;
  /**
   * Whether `page_info.total_results` is reported (some endpoints omit it, reference §3.2), or how to compute it
   * when counting the source position by position would be too slow.
   */
  total?: boolean | (() => number);
  /** Whether `select` trims items (reference §3.3). */
  select?: boolean;
}

/**
 * Reads one page of a list and answers with Hotmart's envelope `{items, page_info}` (reference §3.2).
 *
 * @example
 * return respondWithPage(context, c, { endpoint: 'products', query, source, size: PRODUCTS_PAGE });
 */
export function respondWithPage<M, T>(
  context: RouteContext,
  c: Context<EmulatorEnv>,
  options: PagedResponse<M, T>,
): Response {
  const { query, source } = options;
  const size = pageSize(query, options.size);
  const selected = options.select === false ? undefined : parseSelect(query.string('select'));
  const scope = `${options.endpoint}|${query.canonicalFilters()}`;
  const rawToken = query.string('page_token');
  const tokens = context.pageTokens();
  const cursor = rawToken === undefined ? undefined : tokens.decode(rawToken, scope);
  const page = readPage(source, cursor, size);
  const items = selected ? page.items.map((item) => applySelect(item, selected)) : page.items;
  const pageInfo: Record<string, unknown> = {};
  if (typeof options.total === 'function') {
    pageInfo['total_results'] = options.total();
  } else if (options.total !== false) {
    const key = `total|${context.emulator.account.version}|${scope}|${source.lo}|${source.hi}`;
    pageInfo['total_results'] = context.cache.get(key, () => countMatches(source));
  }
  if (page.next) pageInfo['next_page_token'] = tokens.encode(page.next, scope);
  if (page.prev) pageInfo['prev_page_token'] = tokens.encode(page.prev, scope);
  pageInfo['results_per_page'] = items.length;
  return c.body(jsonBytes({ items, page_info: pageInfo }), 200, { 'content-type': 'application/json' });
}

/**
 * A value as UTF-8 JSON bytes, stringified once and encoded in one pass. Given a string, @hono/node-server would
 * measure its UTF-8 length for Content-Length and then encode it again while writing; `Buffer.from` also takes
 * two passes. A 500-sale page is ~430 KB, so the passes saved matter when a sync walks a big history.
 *
 * @example
 * return c.body(jsonBytes({ items: [] }), 200, { 'content-type': 'application/json' });
 */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  const text = JSON.stringify(value);
  // A UTF-16 code unit never takes more than 3 bytes in UTF-8 (a surrogate pair takes 4 for its 2 units).
  const memory = new ArrayBuffer(text.length * 3);
  return new Uint8Array(memory, 0, Buffer.from(memory).write(text, 'utf8'));
}

/**
 * Reads a JSON body, tolerating an empty one (`{}`); anything else that is not a JSON object is a 400.
 *
 * @example
 * const body = await jsonBody(c);
 */
export async function jsonBody(c: Context<EmulatorEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidParameter('body', 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter('body', 'must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The query of the current request.
 *
 * @example
 * const query = queryOf(c);
 */
export function queryOf(c: Context<EmulatorEnv>): QueryReader {
  return new QueryReader(new URL(c.req.url));
}

/**
 * A path parameter that must be a positive integer id; anything else is a 400 naming it.
 *
 * @example
 * const productId = idParam(c.req.param('product_id'), 'product_id');
 */
export function idParam(raw: string | undefined, name: string): number {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) throw invalidParameter(name, 'must be a numeric id');
  return Number(raw);
}

/**
 * Parses a body with a zod schema, turning the first issue into a 400 naming the field.
 *
 * @example
 * const body = parseBody(z.object({ due_day: z.number().int() }), await jsonBody(c));
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  if (issue?.code === 'invalid_type' && issue.input === undefined)
    throw invalidParameter(field, 'is required');
  throw invalidValue(field, issue?.message ?? 'is invalid');
}
