import {
  EpochMs,
  type HotmartClient,
  PageInfo,
  type PagePromise,
  type RequestOptions,
  strictParams,
} from '@hotpilot/hotmart';
import { z } from 'zod';
import { type ActionDefinition, type ActionEffect, defineAction } from '../kit.ts';
import { getHotmartClient } from './hotmart-client.ts';
import type { HotmartCredentials } from './hotmart-connection.ts';
import { toVendorError } from './hotmart-errors.ts';

/**
 * What a Hotmart action declares: the kit's fields minus `connector` and `run`, plus `call`, which receives the
 * connection's cached client and the per-call request options (abort signal; for writes, the idempotency key).
 *
 * @example
 * import type { HotmartActionSpec } from './hotmart-action.ts';
 * type MeSpec = HotmartActionSpec<Record<string, never>, { name: string }>;
 */
export interface HotmartActionSpec<I, O> {
  id: `hotmart_${string}`;
  title: string;
  description: string;
  llmHint: string;
  input: z.ZodType<I>;
  output: z.ZodType<O>;
  effect: ActionEffect;
  idempotent: boolean;
  call(client: HotmartClient, input: I, options: RequestOptions): Promise<O>;
}

/**
 * Declares an action of the `hotmart` connector. The run builds (or reuses) the connection's client, passes the
 * action's abort signal and — for writes — the idempotency key (`runId:stepId` inside workflows, sent as
 * `Idempotency-Key`, the same on every retry; STYLE convention 4), and turns the client's errors into the
 * connectors' error family (`toVendorError`). No retry loop here: the client owns it.
 *
 * @example
 * import { z } from 'zod';
 * import { UserMe } from '@hotpilot/hotmart';
 * import { defineHotmartAction } from './hotmart-action.ts';
 * export const whoAmI = defineHotmartAction({
 *   id: 'hotmart_get_user_me',
 *   title: 'Get the Hotmart account',
 *   description: 'The profile of the account the credentials belong to.',
 *   llmHint: 'Use to learn which Hotmart account is connected.',
 *   input: z.strictObject({}),
 *   output: UserMe,
 *   effect: 'read',
 *   idempotent: true,
 *   call: (client, _input, options) => client.user.me(options),
 * });
 */
export function defineHotmartAction<I, O>(
  spec: HotmartActionSpec<I, O>,
): ActionDefinition<I, O, HotmartCredentials> {
  const { call, ...declaration } = spec;
  return defineAction<I, O, HotmartCredentials>({
    ...declaration,
    connector: 'hotmart',
    async run(ctx, input) {
      const client = getHotmartClient(ctx.connection, { fetch: ctx.fetch, logger: ctx.logger, now: ctx.now });
      const options: RequestOptions = {
        signal: ctx.signal,
        ...(spec.effect === 'write' ? { idempotencyKey: ctx.idempotencyKey } : {}),
        ...(ctx.maxRateWaitMs === undefined ? {} : { maxBudgetWaitMs: ctx.maxRateWaitMs }),
      };
      try {
        return await call(client, input, options);
      } catch (error) {
        throw toVendorError(error, ctx.now);
      }
    },
  });
}

/**
 * A point in time as an action takes it: epoch milliseconds (Hotmart's unit, reference §3.1), an ISO 8601
 * date-time with offset, or a calendar date (midnight UTC) — JSON-friendly, so MCP clients and LLMs can pass
 * `"2025-01-31"`. A `Date` is accepted from TypeScript callers too. Always epoch milliseconds out.
 *
 * @example
 * import { ActionDate } from './hotmart-action.ts';
 * ActionDate.parse('2025-01-31'); // 1738281600000
 */
export const ActionDate = z.preprocess(
  (value) => (value instanceof Date ? value.getTime() : value),
  z
    .union([
      z.number().int().nonnegative().describe('epoch milliseconds'),
      z.iso.datetime({ offset: true }).describe('ISO 8601 date-time, e.g. 2025-01-31T13:00:00-03:00'),
      z.iso.date().describe('calendar date, midnight UTC, e.g. 2025-01-31'),
    ])
    .transform((value) => (typeof value === 'number' ? value : Date.parse(value))),
);

/**
 * A parameter shape of `@hotpilot/hotmart` with every date field (`EpochMs`, which takes a `Date` and so has no
 * JSON Schema) swapped for `ActionDate`; everything else — enums, repeatable filters, paging — is the package's
 * own schema, unchanged.
 *
 * @example
 * import { SalesHistoryParams } from '@hotpilot/hotmart';
 * import { jsonFriendly } from './hotmart-action.ts';
 * const shape = jsonFriendly(SalesHistoryParams.shape); // start_date now also takes '2025-01-01'
 */
export function jsonFriendly<Shape extends z.ZodRawShape>(shape: Shape): Shape {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape) as [string, z.ZodType][]) {
    const isDate = field === EpochMs || (field instanceof z.ZodOptional && field.unwrap() === EpochMs);
    out[key] = isDate ? (field instanceof z.ZodOptional ? ActionDate.optional() : ActionDate) : field;
  }
  // The swapped fields still produce epoch ms, which every client method accepts, so the shape's type stands.
  return out as unknown as Shape;
}

/**
 * The most items an auto-paginating call returns; Hotmart's largest page is 500 (reference §3.2).
 *
 * @example
 * import { MAX_LIST_LIMIT } from './hotmart-action.ts';
 * const pages = Math.ceil(MAX_LIST_LIMIT / 500); // 20 requests at most
 */
export const MAX_LIST_LIMIT = 10_000;
/**
 * Items an auto-paginating call returns when no `limit` is given.
 *
 * @example
 * import { DEFAULT_LIST_LIMIT } from './hotmart-action.ts';
 * const input = { all: true, limit: DEFAULT_LIST_LIMIT * 2 };
 */
export const DEFAULT_LIST_LIMIT = 1_000;

/**
 * The controls every list action adds to Hotmart's paging (`page_token`, `max_results`): `all` follows
 * `next_page_token` across pages, `limit` caps the items gathered (and implies `all`).
 *
 * @example
 * import { z } from 'zod';
 * import { ListControls } from './hotmart-action.ts';
 * z.strictObject(ListControls).parse({ all: true, limit: 200 });
 */
export const ListControls = {
  all: z
    .boolean()
    .optional()
    .describe(
      `Follow next_page_token and return the items of every page, up to \`limit\` (default ${DEFAULT_LIST_LIMIT}).`,
    ),
  limit: z
    .number()
    .int()
    .positive()
    .max(MAX_LIST_LIMIT)
    .optional()
    .describe(`Most items to return across pages (implies all: true; at most ${MAX_LIST_LIMIT}).`),
};

/**
 * The input of an action over a client method: path parameters first, then the package's parameter schema made
 * JSON-friendly, strict like the package's (an unknown key is `Unknown parameter "…"`).
 *
 * @example
 * import { z } from 'zod';
 * import { ProductOffersParams } from '@hotpilot/hotmart';
 * import { actionInput } from './hotmart-action.ts';
 * const input = actionInput({ ucode: z.string().min(1) }, ProductOffersParams.shape);
 */
export function actionInput<Path extends z.ZodRawShape, Shape extends z.ZodRawShape>(
  path: Path,
  shape: Shape,
) {
  return strictParams({ ...path, ...jsonFriendly(shape) });
}

/**
 * The input of a list action: `actionInput` plus `all` and `limit`.
 *
 * @example
 * import { SalesHistoryParams } from '@hotpilot/hotmart';
 * import { listInput } from './hotmart-action.ts';
 * const input = listInput({}, SalesHistoryParams.shape);
 * input.parse({ start_date: '2025-01-01', all: true, limit: 2000 });
 */
export function listInput<Path extends z.ZodRawShape, Shape extends z.ZodRawShape>(path: Path, shape: Shape) {
  return strictParams({ ...path, ...jsonFriendly(shape), ...ListControls });
}

/**
 * The output of a list action: Hotmart's envelope `{ items, page_info }` (loose, like the package's response
 * schemas), plus `truncated` when an auto-paginated call stopped at its `limit` with more to read.
 *
 * @example
 * import { ProductItem } from '@hotpilot/hotmart';
 * import { listOutput } from './hotmart-action.ts';
 * const output = listOutput(ProductItem);
 */
export function listOutput<Item extends z.ZodType>(item: Item) {
  return z.looseObject({
    items: z.array(item),
    page_info: PageInfo.optional(),
    truncated: z.boolean().optional(),
    pages_fetched: z.number().int().nonnegative().optional(),
  });
}

/**
 * What a list action returns.
 *
 * @example
 * import type { ListResult } from './hotmart-action.ts';
 * const empty: ListResult<{ id: number }> = { items: [], page_info: {} };
 */
export interface ListResult<Item> {
  items: Item[];
  page_info?: PageInfo;
  truncated?: boolean;
  pages_fetched?: number;
}

/**
 * Reads a list: one page as Hotmart sent it, or — with `all` or `limit` — the items of successive pages up to the
 * limit. Pagination is the package's (`PagePromise.pages()`), which never asks for a cursor twice, so a server
 * that hands back an old token can't loop us (reference §3.2).
 *
 * @example
 * import { readList } from './hotmart-action.ts';
 * const result = await readList(client.products.list({ status: 'ACTIVE' }), { all: true, limit: 100 });
 * console.log(result.items.length, result.truncated);
 */
export async function readList<Item>(
  list: PagePromise<Item>,
  controls: { all?: boolean | undefined; limit?: number | undefined },
): Promise<ListResult<Item>> {
  if (!controls.all && controls.limit === undefined) {
    const page = await list;
    return { items: page.items, page_info: page.pageInfo };
  }
  const limit = controls.limit ?? DEFAULT_LIST_LIMIT;
  const items: Item[] = [];
  let pages = 0;
  let truncated = false;
  let total: number | undefined;
  read: for await (const page of list.pages()) {
    pages += 1;
    total ??= page.pageInfo.total_results;
    for (const item of page.items) {
      if (items.length === limit) {
        truncated = true;
        break read;
      }
      items.push(item);
    }
    if (items.length === limit && page.hasNextPage()) {
      truncated = true;
      break;
    }
  }
  return {
    items,
    page_info: total === undefined ? {} : { total_results: total },
    truncated,
    pages_fetched: pages,
  };
}

/**
 * The output of an endpoint that answers with a bare array (club modules and pages, subscriber purchases,
 * switch-plan options; reference §3.2): wrapped as `{ items }`, since tool results are objects.
 *
 * @example
 * import { ClubModule } from '@hotpilot/hotmart';
 * import { itemsOutput } from './hotmart-action.ts';
 * itemsOutput(ClubModule).parse({ items: [{ module_id: 'm1' }] });
 */
export function itemsOutput<Item extends z.ZodType>(item: Item) {
  return z.looseObject({ items: z.array(item) });
}
