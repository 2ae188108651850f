import { HotmartError } from './errors.ts';
import type { HotmartLogger } from './internal/logger.ts';
import type { PageInfo } from './schemas/common.ts';

/**
 * A list envelope as Hotmart sends it: `{ items, page_info }` (reference §3.2), unknown keys kept.
 *
 * @example
 * const body: PageBody<{ id: number }> = { items: [{ id: 1 }], page_info: { results_per_page: 1 } };
 */
export interface PageBody<Item> {
  readonly items: Item[];
  readonly page_info?: PageInfo | undefined;
  readonly [key: string]: unknown;
}

/**
 * Where pages come from: fetch the page for a cursor (`undefined` = the first page as the caller asked for it,
 * which may itself carry the `initialPageToken` the caller passed). Built by the client; exposed so tests and
 * adapters can page over any source.
 *
 * @example
 * const source: PageSource<number> = {
 *   operation: 'numbers',
 *   fetchPage: async (token) => ({ items: [token ? 2 : 1], page_info: token ? {} : { next_page_token: 'p2' } }),
 * };
 */
export interface PageSource<Item> {
  readonly operation: string;
  readonly fetchPage: (pageToken: string | undefined) => Promise<PageBody<Item>>;
  /** The `page_token` the caller's own parameters start from, if any. */
  readonly initialPageToken?: string | undefined;
  readonly logger?: HotmartLogger | undefined;
}

/**
 * One page of a list: its `items`, its `pageInfo`, and the way to the next one.
 *
 * @example
 * const page = await client.sales.history({ max_results: 100 });
 * console.log(page.items.length, page.pageInfo.total_results);
 * if (page.hasNextPage()) await page.nextPage();
 */
export class Page<Item> {
  /** The page's items. */
  readonly items: Item[];
  /** `page_info` as sent (an empty object when Hotmart sent none). */
  readonly pageInfo: PageInfo;
  /** The whole envelope, with any fields beyond `items`/`page_info`. */
  readonly body: PageBody<Item>;
  /** The `page_token` this page was requested with (`undefined` for a first page requested without one). */
  readonly pageToken: string | undefined;
  readonly #source: PageSource<Item>;

  constructor(source: PageSource<Item>, body: PageBody<Item>, pageToken: string | undefined) {
    this.#source = source;
    this.body = body;
    this.items = Array.isArray(body.items) ? body.items : [];
    this.pageInfo = isRecord(body.page_info) ? body.page_info : {};
    this.pageToken = pageToken;
  }

  /** The cursor of the next page, if there is one. A token equal to this page's own is treated as none. */
  nextPageToken(): string | undefined {
    const next = this.pageInfo.next_page_token;
    if (typeof next !== 'string' || next === '' || next === this.pageToken) return undefined;
    return next;
  }

  /** Whether Hotmart announced another page. */
  hasNextPage(): boolean {
    return this.nextPageToken() !== undefined;
  }

  /** Fetches the next page; rejects with code `hotmart_no_next_page` on the last page. */
  async nextPage(): Promise<Page<Item>> {
    const next = this.nextPageToken();
    if (next === undefined) {
      throw new HotmartError(`${this.#source.operation}: there is no next page`, {
        code: 'hotmart_no_next_page',
      });
    }
    return new Page(this.#source, await this.#source.fetchPage(next), next);
  }
}

/**
 * What a list operation returns. `await` it for the first page; `for await` it for every item across all pages,
 * following `next_page_token` (reference §3.2). Nothing is sent until it is awaited or iterated, and the first
 * page is fetched once however it is consumed.
 *
 * Iteration never requests the same cursor twice: if Hotmart hands back a token it already gave (a server that
 * loops), iteration stops there and logs a warning instead of running forever.
 *
 * @example
 * for await (const sale of client.sales.history({ max_results: 500 })) {
 *   console.log(sale.purchase?.transaction);
 * }
 * const firstHundred = await client.sales.history().toArray({ limit: 100 });
 */
export class PagePromise<Item> implements PromiseLike<Page<Item>>, AsyncIterable<Item> {
  readonly #source: PageSource<Item>;
  #first: Promise<Page<Item>> | undefined;

  constructor(source: PageSource<Item>) {
    this.#source = source;
  }

  #firstPage(): Promise<Page<Item>> {
    this.#first ??= this.#source
      .fetchPage(undefined)
      .then((body) => new Page(this.#source, body, this.#source.initialPageToken));
    return this.#first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is deliberately awaitable.
  then<Result1 = Page<Item>, Result2 = never>(
    onFulfilled?: ((page: Page<Item>) => Result1 | PromiseLike<Result1>) | null,
    onRejected?: ((reason: unknown) => Result2 | PromiseLike<Result2>) | null,
  ): Promise<Result1 | Result2> {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`, for the first page. */
  catch<Result = never>(
    onRejected?: ((reason: unknown) => Result | PromiseLike<Result>) | null,
  ): Promise<Page<Item> | Result> {
    return this.#firstPage().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`, for the first page. */
  finally(onFinally?: (() => void) | null): Promise<Page<Item>> {
    return this.#firstPage().finally(onFinally);
  }

  /** Every page in order, first page included. */
  async *pages(): AsyncGenerator<Page<Item>, void, undefined> {
    let page = await this.#firstPage();
    const seen = new Set<string>();
    if (page.pageToken !== undefined) seen.add(page.pageToken);
    let fetched = 1;
    for (;;) {
      yield page;
      const next = page.nextPageToken();
      if (next === undefined) return;
      if (seen.has(next)) {
        this.#source.logger?.warn(
          { operation: this.#source.operation, pagesFetched: fetched },
          'hotmart returned a page token it already returned; stopping pagination',
        );
        return;
      }
      seen.add(next);
      page = await page.nextPage();
      fetched += 1;
    }
  }

  /** Every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Collects items across pages into an array, stopping (and fetching no further pages) at `limit`. */
  async toArray(options: { limit?: number } = {}): Promise<Item[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const items: Item[] = [];
    if (limit <= 0) return items;
    for await (const page of this.pages()) {
      for (const item of page.items) {
        items.push(item);
        if (items.length >= limit) return items;
      }
    }
    return items;
  }

  get [Symbol.toStringTag](): string {
    return 'PagePromise';
  }
}

function isRecord(value: unknown): value is PageInfo {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
