import { describe, expect, it } from 'vitest';
import { HotmartError, Page, PagePromise } from '../../src/index.ts';
import { type FakeHotmart, json, type RecordedRequest, setup } from './fake-hotmart.ts';

/** A sales-history server over `total` sales, honouring max_results and an opaque offset cursor. */
function pagedSales(hotmart: FakeHotmart, total: number) {
  const requestsByToken = new Map<string, number>();
  hotmart.onApi = (request: RecordedRequest) => {
    const token = request.url.searchParams.get('page_token') ?? '';
    requestsByToken.set(token, (requestsByToken.get(token) ?? 0) + 1);
    const size = Number(request.url.searchParams.get('max_results') ?? '10');
    const offset = token
      ? (JSON.parse(Buffer.from(token, 'base64').toString()) as { offset: number }).offset
      : 0;
    const items = Array.from({ length: Math.min(size, total - offset) }, (_, index) => ({
      purchase: { transaction: `HP${offset + index}` },
    }));
    const next =
      offset + size < total
        ? Buffer.from(JSON.stringify({ offset: offset + size })).toString('base64')
        : undefined;
    return json({
      items,
      page_info: {
        total_results: total,
        results_per_page: items.length,
        ...(next ? { next_page_token: next } : {}),
      },
    });
  };
  return requestsByToken;
}

describe('PagePromise over a list endpoint', () => {
  it('for await yields each of 20,000 items exactly once, requesting each page of 500 once', async () => {
    const { client, hotmart } = setup();
    const requestsByToken = pagedSales(hotmart, 20_000);
    const seen = new Set<string>();
    let count = 0;
    for await (const sale of client.sales.history({ max_results: 500 })) {
      seen.add(sale.purchase?.transaction ?? '');
      count += 1;
    }
    expect(count).toBe(20_000);
    expect(seen.size).toBe(20_000);
    expect(seen.has('HP0') && seen.has('HP19999')).toBe(true);
    expect(hotmart.apiRequests).toHaveLength(40);
    expect(requestsByToken.size).toBe(40);
    expect([...requestsByToken.values()].every((times) => times === 1)).toBe(true);
    // Every page keeps the caller's filters.
    expect(
      hotmart.apiRequests.every((request) => request.url.searchParams.get('max_results') === '500'),
    ).toBe(true);
    expect(hotmart.tokenRequests).toHaveLength(1);
  });

  it('await gives the first page with items, pageInfo, hasNextPage() and nextPage()', async () => {
    const { client, hotmart } = setup();
    pagedSales(hotmart, 25);
    const first = await client.sales.history({ max_results: 10 });
    expect(first).toBeInstanceOf(Page);
    expect(first.items.map((item) => item.purchase?.transaction)).toEqual(
      Array.from({ length: 10 }, (_, index) => `HP${index}`),
    );
    expect(first.pageInfo.total_results).toBe(25);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    const third = await second.nextPage();
    expect(third.items).toHaveLength(5);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.nextPage()).rejects.toMatchObject({ code: 'hotmart_no_next_page' });
    await expect(third.nextPage()).rejects.toBeInstanceOf(HotmartError);
    expect(hotmart.apiRequests).toHaveLength(3);
  });

  it('is lazy, and fetches the first page once however it is consumed', async () => {
    const { client, hotmart } = setup();
    pagedSales(hotmart, 3);
    const list = client.sales.history({ max_results: 10 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(hotmart.requests).toHaveLength(0);
    const page = await list;
    const again = await list;
    const items = await list.toArray();
    expect(page).toBe(again);
    expect(items).toHaveLength(3);
    expect(hotmart.apiRequests).toHaveLength(1);
  });

  it('pages() yields every page in order', async () => {
    const { client, hotmart } = setup();
    pagedSales(hotmart, 45);
    const sizes: number[] = [];
    for await (const page of client.sales.history({ max_results: 20 }).pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([20, 20, 5]);
  });

  it('toArray({ limit }) stops fetching once it has enough', async () => {
    const { client, hotmart } = setup();
    pagedSales(hotmart, 1000);
    const items = await client.sales.history({ max_results: 100 }).toArray({ limit: 150 });
    expect(items).toHaveLength(150);
    expect(items.at(-1)?.purchase?.transaction).toBe('HP149');
    expect(hotmart.apiRequests).toHaveLength(2);
    await expect(client.sales.history().toArray({ limit: 0 })).resolves.toEqual([]);
  });

  it('stops, with a warning, when the server hands back a token it already gave (a loop)', async () => {
    const { client, hotmart, logger } = setup();
    const next: Record<string, string> = { '': 'A', A: 'B', B: 'A' };
    hotmart.onApi = (request) => {
      const token = request.url.searchParams.get('page_token') ?? '';
      return json({
        items: [{ purchase: { transaction: `HP-${token || 'first'}` } }],
        page_info: { next_page_token: next[token] },
      });
    };
    const items = await client.sales.history().toArray();
    expect(items.map((item) => item.purchase?.transaction)).toEqual(['HP-first', 'HP-A', 'HP-B']);
    expect(hotmart.apiRequests.map((request) => request.url.searchParams.get('page_token'))).toEqual([
      null,
      'A',
      'B',
    ]);
    expect(
      logger.lines.some((line) => line.level === 'warn' && /already returned/.test(line.msg ?? '')),
    ).toBe(true);
  });

  it('treats a next token equal to the current one as the last page', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({ items: [{ id: 1 }], page_info: { next_page_token: 'SAME' } });
    const items = await client.products.list({ page_token: 'SAME' }).toArray();
    expect(items).toHaveLength(1);
    expect(hotmart.apiRequests).toHaveLength(1);
  });

  it('a cycle back to the caller’s own starting token is not followed', async () => {
    const { client, hotmart } = setup();
    const next: Record<string, string> = { START: 'X', X: 'START' };
    hotmart.onApi = (request) =>
      json({
        items: [{ id: 1 }],
        page_info: { next_page_token: next[request.url.searchParams.get('page_token') ?? ''] },
      });
    await client.products.list({ page_token: 'START' }).toArray();
    expect(hotmart.apiRequests.map((request) => request.url.searchParams.get('page_token'))).toEqual([
      'START',
      'X',
    ]);
  });

  it('a failure on a later page rejects the iteration with that error', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = (request) =>
      request.url.searchParams.get('page_token')
        ? json({ error: 'invalid_token', error_description: 'bad page token' }, 400)
        : json({ items: [{ id: 1 }], page_info: { next_page_token: 'P2' } });
    const seen: unknown[] = [];
    const run = async () => {
      for await (const product of client.products.list()) seen.push(product);
    };
    await expect(run()).rejects.toMatchObject({ code: 'hotmart_bad_request', error: 'invalid_token' });
    expect(seen).toHaveLength(1);
  });

  it('an empty body is an empty page (coupons of a product without coupons, reference §4.4)', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => new Response('', { status: 200 });
    const page = await client.coupons.list(1);
    expect(page.items).toEqual([]);
    expect(page.pageInfo).toEqual({});
    expect(page.hasNextPage()).toBe(false);
  });

  it('a drifted envelope still pages over what it can', async () => {
    const { client, hotmart, logger } = setup();
    hotmart.onApi = () => json({ items: [{ id: 'x1' }, { id: 2 }], page_info: { next_page_token: 7 } });
    const page = await client.products.list();
    expect(page.items).toEqual([{ id: 'x1' }, { id: 2 }]);
    expect(page.hasNextPage()).toBe(false);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });
});

describe('PagePromise over any source', () => {
  it('works with a hand-written PageSource', async () => {
    const pages: Record<string, { items: number[]; page_info: { next_page_token?: string } }> = {
      first: { items: [1, 2], page_info: { next_page_token: 'p2' } },
      p2: { items: [3], page_info: {} },
    };
    const list = new PagePromise<number>({
      operation: 'numbers',
      fetchPage: async (token) => pages[token ?? 'first']!,
    });
    const all: number[] = [];
    for await (const value of list) all.push(value);
    expect(all).toEqual([1, 2, 3]);
    await expect(list.then((page) => page.items)).resolves.toEqual([1, 2]);
    await expect(list.finally(() => undefined)).resolves.toBeInstanceOf(Page);
    expect(Object.prototype.toString.call(list)).toBe('[object PagePromise]');
  });

  it('catch() sees a failed first page', async () => {
    const list = new PagePromise<number>({
      operation: 'broken',
      fetchPage: async () => {
        throw new Error('nope');
      },
    });
    await expect(list.catch((error: unknown) => (error as Error).message)).resolves.toBe('nope');
  });
});
