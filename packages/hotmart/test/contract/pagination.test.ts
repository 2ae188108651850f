import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransactionStatus } from '../../src/index.ts';
import { type Contract, DEFAULT_STATUSES, requestsTo, startContract } from './support.ts';

// Cursor pagination (reference §3.2) over a history of more than 20,000 sales: every sale exactly once, in
// order, whether walked item by item or page by page.

const SALES = 25_000;
const PAGE = 500;

let contract: Contract;
/** Transactions of the account by status, in index (order_date) order. */
const byStatus = new Map<string, string[]>();
let defaults: string[];

beforeAll(async () => {
  contract = await startContract({ emulator: { seed: 23, sales: SALES } });
  for (let index = 0; index < contract.account.saleCount(); index++) {
    const sale = contract.account.saleAt(index);
    const list = byStatus.get(sale.status) ?? [];
    list.push(sale.transaction);
    byStatus.set(sale.status, list);
  }
  defaults = [];
  for (let index = 0; index < contract.account.saleCount(); index++) {
    const sale = contract.account.saleAt(index);
    if (DEFAULT_STATUSES.has(sale.status)) defaults.push(sale.transaction);
  }
});
afterAll(() => contract.hotmart.close());

describe('pagination over a big history', () => {
  it('yields each of more than 20,000 sales exactly once, in order, item by item', async () => {
    expect(defaults.length).toBeGreaterThanOrEqual(20_000);
    const seen: string[] = [];
    for await (const sale of contract.client.sales.history({ max_results: PAGE })) {
      seen.push(sale.purchase?.transaction ?? '');
    }
    expect(seen).toHaveLength(defaults.length);
    expect(new Set(seen).size).toBe(defaults.length);
    expect(seen).toEqual(defaults);
  });

  it('walks the same sales page by page: full pages, one request per page, no page twice', async () => {
    const before = requestsTo(contract.hotmart, '/payments/api/v1/sales/history').length;
    const sizes: number[] = [];
    const tokens = new Set<string>();
    const seen = new Set<string>();
    for await (const page of contract.client.sales.history({ max_results: PAGE }).pages()) {
      sizes.push(page.items.length);
      expect(page.pageInfo.total_results).toBe(defaults.length);
      if (page.pageToken !== undefined) tokens.add(page.pageToken);
      for (const item of page.items) seen.add(item.purchase?.transaction ?? '');
    }
    const pages = Math.ceil(defaults.length / PAGE);
    expect(sizes).toHaveLength(pages);
    expect(sizes.slice(0, -1).every((size) => size === PAGE)).toBe(true);
    expect(sizes.at(-1)).toBe(defaults.length - (pages - 1) * PAGE);
    expect(tokens.size).toBe(pages - 1);
    expect(seen).toEqual(new Set(defaults));
    expect(requestsTo(contract.hotmart, '/payments/api/v1/sales/history')).toHaveLength(before + pages);
  });

  it('covers every sale exactly once across one walk per transaction status', async () => {
    const seen = new Map<string, number>();
    for (const status of TransactionStatus.options) {
      const walked: string[] = [];
      for await (const sale of contract.client.sales.history({
        transaction_status: status,
        max_results: PAGE,
      })) {
        walked.push(sale.purchase?.transaction ?? '');
        seen.set(sale.purchase?.transaction ?? '', (seen.get(sale.purchase?.transaction ?? '') ?? 0) + 1);
      }
      expect(walked).toEqual(byStatus.get(status) ?? []);
    }
    expect(seen.size).toBe(SALES);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('stops at a limit without fetching further pages', async () => {
    const before = requestsTo(contract.hotmart, '/payments/api/v1/sales/history').length;
    const first = await contract.client.sales.history({ max_results: PAGE }).toArray({ limit: 1_200 });
    expect(first).toHaveLength(1_200);
    expect(first.map((item) => item.purchase?.transaction)).toEqual(defaults.slice(0, 1_200));
    expect(requestsTo(contract.hotmart, '/payments/api/v1/sales/history')).toHaveLength(before + 3);
  });
});
