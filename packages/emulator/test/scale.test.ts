import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount, type EmulatorAccount } from '../src/index.ts';
import { startTestEmulator, type TestEmulator } from './helpers.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MILLION = 1_000_000;

describe('an account of 1,000,000 sales', () => {
  let emulator: TestEmulator | undefined;
  afterAll(() => emulator?.close());

  // Speed is measured by the benchmarks, not asserted here: these tests check what the scale design guarantees
  // (bounded memory, index lookups, pages that don't depend on the sales before them).
  it('is created with a modest heap: sales are computed on demand', () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const account: EmulatorAccount = createAccount({ seed: 77, sales: MILLION });
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(account.saleCount()).toBe(MILLION);
    expect(grown).toBeLessThan(150 * 1024 * 1024);
    // Reading sales builds them on demand and keeps nothing.
    const last = account.saleAt(MILLION - 1);
    expect(account.sale(last.transaction)?.index).toBe(MILLION - 1);
    expect(account.saleIndexAtOrAfter(last.order_date)).toBeLessThanOrEqual(MILLION - 1);
    expect(account.subscriptions().length).toBeLessThanOrEqual(MILLION * 0.05);
  });

  it('serves its newest page, a transaction lookup and a deep page over HTTP', async () => {
    emulator = await startTestEmulator({ seed: 77, sales: MILLION });
    const account = emulator.hotmart.account;
    const timed = async (path: string) => (await emulator?.json(path))!;
    // The last page of the newest 500 sales (all statuses): the date filter becomes an index range.
    const from = account.saleAt(MILLION - 500).order_date;
    const statuses = [
      'APPROVED',
      'COMPLETE',
      'REFUNDED',
      'CHARGEBACK',
      'CANCELLED',
      'EXPIRED',
      'PROTESTED',
      'OVERDUE',
      'PARTIALLY_REFUNDED',
      'BLOCKED',
      'UNDER_ANALISYS',
      'WAITING_PAYMENT',
      'PRINTED_BILLET',
    ]
      .map((status) => `transaction_status=${status}`)
      .join('&');
    const newest = await timed(
      `/payments/api/v1/sales/history?start_date=${from}&max_results=500&${statuses}`,
    );
    expect(newest.status).toBe(200);
    expect(newest.body.items.length).toBe(500);
    expect(newest.body.items[499].purchase.transaction).toBe(account.saleAt(MILLION - 1).transaction);
    expect(newest.body.page_info.next_page_token).toBeUndefined();

    const lookup = await timed(
      `/payments/api/v1/sales/history?transaction=${account.saleAt(MILLION - 1).transaction}`,
    );
    expect(lookup.body.items.length).toBe(1);

    // A page in the middle of the history costs its page size, not the sales before it.
    const middle = account.saleAt(MILLION / 2).order_date;
    const deep = await timed(
      `/payments/api/v1/sales/history?start_date=${middle}&end_date=${middle + 3_600_000}&max_results=100`,
    );
    expect(deep.body.items.length).toBeGreaterThan(0);
    expect(deep.body.items[0].purchase.order_date).toBeGreaterThanOrEqual(middle);
  });
});
