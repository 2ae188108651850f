import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateChange } from '../src/index.ts';
import { fixtureItems, shapeProblems, startTestEmulator, type TestEmulator } from './helpers.ts';

const ALL_STATUSES = [
  'APPROVED',
  'BLOCKED',
  'CANCELLED',
  'CHARGEBACK',
  'COMPLETE',
  'EXPIRED',
  'NO_FUNDS',
  'OVERDUE',
  'PARTIALLY_REFUNDED',
  'PRE_ORDER',
  'PRINTED_BILLET',
  'PROCESSING_TRANSACTION',
  'PROTESTED',
  'REFUNDED',
  'STARTED',
  'UNDER_ANALISYS',
  'WAITING_PAYMENT',
];
const everyStatus = ALL_STATUSES.map((status) => `transaction_status=${status}`).join('&');

interface HistoryItem {
  product: { id: number };
  buyer: { email: string; ucode: string };
  purchase: { transaction: string; order_date: number; status: string; price: { currency_code: string } };
}

describe('sales endpoints', () => {
  let emulator: TestEmulator;
  const changes: StateChange[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 21, sales: 2_500 });
    emulator.hotmart.account.onChange((change) => changes.push(change));
  });
  afterAll(() => emulator.close());

  const account = () => emulator.hotmart.account;

  it('renders history, summary, users, commissions and price details in the fixtures’ shapes', async () => {
    const history = await emulator.json('/payments/api/v1/sales/history?max_results=20');
    expect(history.status).toBe(200);
    for (const item of history.body.items)
      expect(shapeProblems(item, fixtureItems('sales-history'))).toEqual([]);
    expect(Object.keys(history.body.page_info)).toEqual([
      'total_results',
      'next_page_token',
      'results_per_page',
    ]);

    const summary = await emulator.json('/payments/api/v1/sales/summary');
    expect(summary.body.items.length).toBeGreaterThan(1);
    for (const item of summary.body.items)
      expect(shapeProblems(item, fixtureItems('sales-summary'))).toEqual([]);
    expect(summary.body.page_info).toEqual({
      total_results: summary.body.items.length,
      results_per_page: summary.body.items.length,
    });

    const users = await emulator.json('/payments/api/v1/sales/users?max_results=5');
    const producer = users.body.items[0].users[0];
    expect(producer.role).toBe('PRODUCER');
    const fixtureUsers = (fixtureItems('sales-users')[0] as { users: unknown[] }).users;
    expect(shapeProblems(producer, fixtureUsers)).toEqual([]);
    expect(shapeProblems({ ...users.body.items[0], users: [producer] }, fixtureItems('sales-users'))).toEqual(
      [],
    );
    expect(users.body.items[0].users.map((user: { role: string }) => user.role)).toContain('BUYER');

    const commissions = await emulator.json('/payments/api/v1/sales/commissions?max_results=50');
    for (const item of commissions.body.items)
      expect(shapeProblems(item, fixtureItems('sales-commissions'))).toEqual([]);
    const sources = new Set(
      commissions.body.items.flatMap((item: { commissions: { source: string }[] }) =>
        item.commissions.map((c) => c.source),
      ),
    );
    expect(sources.has('PRODUCER')).toBe(true);

    const couponed = findSale((sale) => sale.coupon_code !== undefined && sale.status === 'COMPLETE');
    const withCoupon = await emulator.json(
      `/payments/api/v1/sales/price/details?transaction=${couponed.transaction}`,
    );
    expect(withCoupon.body.items[0].coupon.code).toBe(couponed.coupon_code);
    expect(shapeProblems(withCoupon.body.items[0], fixtureItems('sales-price-details'))).toEqual([]);
    const details = await emulator.json('/payments/api/v1/sales/price/details?max_results=200');
    for (const item of details.body.items) {
      // `coupon` appears only when the buyer used one.
      expect(shapeProblems(item, fixtureItems('sales-price-details'), { optional: ['$.coupon'] })).toEqual(
        [],
      );
    }
  });

  it('returns only APPROVED and COMPLETE sales unless transaction or transaction_status is sent', async () => {
    const defaults = await emulator.json('/payments/api/v1/sales/history?max_results=500');
    const statuses = new Set(defaults.body.items.map((item: HistoryItem) => item.purchase.status));
    expect([...statuses].every((status) => status === 'APPROVED' || status === 'COMPLETE')).toBe(true);
    // Recent sales are still inside their guarantee: APPROVED, not yet COMPLETE.
    const recentStart = account().saleAt(account().saleCount() - 200).order_date;
    const recent = await emulator.json(
      `/payments/api/v1/sales/history?start_date=${recentStart}&max_results=500`,
    );
    const recentStatuses = new Set(recent.body.items.map((item: HistoryItem) => item.purchase.status));
    expect([...recentStatuses].sort()).toEqual(['APPROVED', 'COMPLETE']);
    const expected = countWhere((sale) => sale.status === 'APPROVED' || sale.status === 'COMPLETE');
    expect(defaults.body.page_info.total_results).toBe(expected);

    const explicit = await emulator.json(
      '/payments/api/v1/sales/history?transaction_status=REFUNDED&transaction_status=CHARGEBACK&max_results=500',
    );
    const got = new Set(explicit.body.items.map((item: HistoryItem) => item.purchase.status));
    expect([...got].sort()).toEqual(['CHARGEBACK', 'REFUNDED']);
    expect(explicit.body.page_info.total_results).toBe(
      countWhere((sale) => sale.status === 'REFUNDED' || sale.status === 'CHARGEBACK'),
    );

    const expiredSale = findSale((sale) => sale.status === 'EXPIRED');
    const byTransaction = await emulator.json(
      `/payments/api/v1/sales/history?transaction=${expiredSale.transaction}`,
    );
    expect(byTransaction.body.items.map((item: HistoryItem) => item.purchase.transaction)).toEqual([
      expiredSale.transaction,
    ]);
    expect(byTransaction.body.items[0].purchase.status).toBe('EXPIRED');
  });

  it('refuses comma-joined or unknown statuses, naming the parameter', async () => {
    const joined = await emulator.json('/payments/api/v1/sales/history?transaction_status=APPROVED,COMPLETE');
    expect(joined.status).toBe(400);
    expect(joined.body.error).toBe('invalid_value_parameter');
    expect(joined.body.error_description).toContain('transaction_status');
    const type = await emulator.json('/payments/api/v1/sales/history?payment_type=CHEQUE');
    expect(type.status).toBe(400);
    expect(type.body.error_description).toContain('payment_type');
    const product = await emulator.json('/payments/api/v1/sales/history?product_id=abc');
    expect(product.status).toBe(400);
    expect(product.body.error).toBe('invalid_parameter');
    expect(product.body.error_description).toContain('product_id');
    const twice = await emulator.json('/payments/api/v1/sales/history?product_id=1&product_id=2');
    expect(twice.status).toBe(400);
    expect(twice.body.error).toBe('invalid_parameter');
  });

  it('walks every sale exactly once with opaque next tokens, and back with prev tokens', async () => {
    const seen: string[] = [];
    const tokens: string[] = [];
    let path = `/payments/api/v1/sales/history?${everyStatus}&max_results=500`;
    for (let page = 0; page < 20; page++) {
      const response = await emulator.json(path);
      expect(response.status).toBe(200);
      expect(response.body.page_info.total_results).toBe(account().saleCount());
      for (const item of response.body.items as HistoryItem[]) seen.push(item.purchase.transaction);
      const next = response.body.page_info.next_page_token;
      if (next === undefined) break;
      tokens.push(next);
      expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(next).not.toContain(String(seen.length));
      path = `/payments/api/v1/sales/history?${everyStatus}&max_results=500&page_token=${next}`;
    }
    expect(seen.length).toBe(account().saleCount());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(account().saleAt(0).transaction);
    // Items come in order_date order.
    const dates = seen.map((transaction) => account().sale(transaction)?.order_date ?? 0);
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);

    const second = await emulator.json(
      `/payments/api/v1/sales/history?${everyStatus}&max_results=500&page_token=${tokens[1]}`,
    );
    const back = await emulator.json(
      `/payments/api/v1/sales/history?${everyStatus}&max_results=500&page_token=${second.body.page_info.prev_page_token}`,
    );
    expect(back.body.items.map((item: HistoryItem) => item.purchase.transaction)).toEqual(
      seen.slice(500, 1000),
    );
    const first = await emulator.json(`/payments/api/v1/sales/history?${everyStatus}&max_results=500`);
    expect(first.body.page_info.prev_page_token).toBeUndefined();
  });

  it('refuses tampered, garbage and foreign page tokens with 400 invalid_token', async () => {
    const first = await emulator.json('/payments/api/v1/sales/history?max_results=10');
    const token: string = first.body.page_info.next_page_token;
    const payload = JSON.parse(Buffer.from(token, 'base64url').toString()) as { p: number };
    const tampered = Buffer.from(JSON.stringify({ ...payload, p: payload.p + 100 })).toString('base64url');
    const cases = [
      `/payments/api/v1/sales/history?max_results=10&page_token=${tampered}`,
      '/payments/api/v1/sales/history?page_token=eyJyb3dzIjo1LCJwYWdlIjozfQ==',
      '/payments/api/v1/sales/history?page_token=%%%',
      // A token of another query (other filters) or another endpoint is foreign.
      `/payments/api/v1/sales/history?max_results=10&transaction_status=REFUNDED&page_token=${token}`,
      `/payments/api/v1/sales/commissions?max_results=10&page_token=${token}`,
    ];
    for (const path of cases) {
      const response = await emulator.json(path);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_token');
    }
    // max_results and select may change between pages: they are not part of the query's identity.
    const resized = await emulator.json(
      `/payments/api/v1/sales/history?max_results=3&select=buyer.email&page_token=${token}`,
    );
    expect(resized.status).toBe(200);
    expect(resized.body.items.length).toBe(3);
  });

  it('clamps max_results to 500, defaults to 50 and validates it', async () => {
    const big = await emulator.json(`/payments/api/v1/sales/history?${everyStatus}&max_results=100000`);
    expect(big.body.items.length).toBe(500);
    expect(big.body.page_info.results_per_page).toBe(500);
    const plain = await emulator.json('/payments/api/v1/sales/history');
    expect(plain.body.items.length).toBe(50);
    for (const [value, error] of [
      ['0', 'invalid_value_parameter'],
      ['-3', 'invalid_value_parameter'],
      ['ten', 'invalid_parameter'],
      ['1.5', 'invalid_parameter'],
    ]) {
      const response = await emulator.json(`/payments/api/v1/sales/history?max_results=${value}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe(error);
      expect(response.body.error_description).toContain('max_results');
    }
  });

  it('trims items with select (dot paths), never page_info', async () => {
    const response = await emulator.json(
      '/payments/api/v1/sales/history?max_results=3&select=purchase.transaction,buyer.email,nothing.here',
    );
    expect(response.body.items.length).toBe(3);
    for (const item of response.body.items) {
      expect(Object.keys(item).sort()).toEqual(['buyer', 'purchase']);
      expect(Object.keys(item.buyer)).toEqual(['email']);
      expect(Object.keys(item.purchase)).toEqual(['transaction']);
    }
    expect(response.body.page_info.total_results).toBeGreaterThan(3);
  });

  it('filters by date range (ms), product, buyer e-mail, payment type and source', async () => {
    const from = account().saleAt(800).order_date;
    const to = account().saleAt(1_200).order_date;
    const ranged = await emulator.json(
      `/payments/api/v1/sales/history?${everyStatus}&start_date=${from}&end_date=${to}&max_results=500`,
    );
    const inRange = countWhere((sale) => sale.order_date >= from && sale.order_date <= to);
    expect(ranged.body.page_info.total_results).toBe(inRange);
    expect(ranged.body.items.length).toBe(Math.min(500, inRange));
    for (const item of ranged.body.items as HistoryItem[]) {
      expect(item.purchase.order_date).toBeGreaterThanOrEqual(from);
      expect(item.purchase.order_date).toBeLessThanOrEqual(to);
    }
    const backwards = await emulator.json(`/payments/api/v1/sales/history?start_date=${to}&end_date=${from}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error_description).toContain('end_date');

    const sample = findSale((sale) => sale.status === 'COMPLETE' && sale.payment_type === 'PIX');
    const byProduct = await emulator.json(
      `/payments/api/v1/sales/history?product_id=${sample.product_id}&max_results=500`,
    );
    expect(byProduct.body.items.every((item: HistoryItem) => item.product.id === sample.product_id)).toBe(
      true,
    );
    expect(byProduct.body.page_info.total_results).toBe(
      countWhere(
        (sale) =>
          sale.product_id === sample.product_id && (sale.status === 'APPROVED' || sale.status === 'COMPLETE'),
      ),
    );
    const email = account().buyer(sample.buyer_ucode)?.email as string;
    const byBuyer = await emulator.json(
      `/payments/api/v1/sales/history?buyer_email=${encodeURIComponent(email)}`,
    );
    expect(byBuyer.body.items.length).toBeGreaterThan(0);
    expect(byBuyer.body.items.every((item: HistoryItem) => item.buyer.email === email)).toBe(true);
    const nobody = await emulator.json('/payments/api/v1/sales/history?buyer_email=nobody@example.com');
    expect(nobody.body.items).toEqual([]);
    expect(nobody.body.page_info.total_results).toBe(0);
    const pix = await emulator.json('/payments/api/v1/sales/price/details?payment_type=PIX&max_results=100');
    for (const item of pix.body.items) expect(account().sale(item.transaction)?.payment_type).toBe('PIX');
    const facebook = await emulator.json(
      '/payments/api/v1/sales/history?sales_source=FACEBOOK&max_results=100',
    );
    expect(facebook.body.items.length).toBeGreaterThan(0);
    for (const item of facebook.body.items) expect(item.purchase.tracking.source).toBe('FACEBOOK');
    const affiliateOnly = await emulator.json('/payments/api/v1/sales/history?commission_as=AFFILIATE');
    expect(affiliateOnly.body.items).toEqual([]);
  });

  it('serves the same bytes for the same seed (determinism across emulators)', async () => {
    const [one, two] = await Promise.all([
      startTestEmulator({ seed: 21, sales: 2_500 }),
      startTestEmulator({ seed: 21, sales: 2_500 }),
    ]);
    try {
      for (const path of [
        '/payments/api/v1/sales/history?max_results=100',
        '/payments/api/v1/sales/commissions?max_results=30',
        '/payments/api/v1/subscriptions?max_results=30',
        '/products/api/v1/products',
      ]) {
        const [a, b] = await Promise.all([
          one.api(path).then((r) => r.text()),
          two.api(path).then((r) => r.text()),
        ]);
        expect(a.length).toBeGreaterThan(100);
        expect(a).toBe(b);
      }
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('refunds: the sale reads REFUNDED afterwards, listeners hear PURCHASE_REFUNDED, repeats are refused', async () => {
    const sale = findSale(
      (candidate) =>
        candidate.status === 'COMPLETE' &&
        candidate.subscriber_code === undefined &&
        candidate.payment_type !== 'DIRECT_DEBIT',
    );
    changes.length = 0;
    const refund = await emulator.json(`/payments/api/v1/sales/${sale.transaction}/refund`, {
      method: 'PUT',
    });
    expect(refund.status).toBe(200);
    expect(refund.body).toEqual({});
    expect(changes).toEqual([{ event: 'PURCHASE_REFUNDED', transaction: sale.transaction }]);
    const after = await emulator.json(`/payments/api/v1/sales/history?transaction=${sale.transaction}`);
    expect(after.body.items[0].purchase.status).toBe('REFUNDED');
    const defaults = await emulator.json(
      `/payments/api/v1/sales/history?product_id=${sale.product_id}&max_results=500&${everyStatus}`,
    );
    expect(
      defaults.body.items.find((item: HistoryItem) => item.purchase.transaction === sale.transaction).purchase
        .status,
    ).toBe('REFUNDED');
    const again = await emulator.json(`/payments/api/v1/sales/${sale.transaction}/refund`, { method: 'PUT' });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('refund_request_already_exists');
    const unknown = await emulator.json('/payments/api/v1/sales/HP00000000000000/refund', { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('purchase_not_found');
    const expired = findSale((candidate) => candidate.status === 'EXPIRED');
    const notPaid = await emulator.json(`/payments/api/v1/sales/${expired.transaction}/refund`, {
      method: 'PUT',
    });
    expect(notPaid.status).toBe(400);
    expect(changes.length).toBe(1);
  });

  it('keeps totals exact across writes (cached per block, corrected for changed and added sales)', async () => {
    const total = async (query = '') =>
      (await emulator.json(`/payments/api/v1/sales/history?max_results=1${query}`)).body.page_info
        .total_results as number;
    const summaryCount = async () =>
      (await emulator.json('/payments/api/v1/sales/summary')).body.items.reduce(
        (sum: number, item: { total_items: number }) => sum + item.total_items,
        0,
      ) as number;
    const before = await total();
    expect(await summaryCount()).toBe(before);
    const sale = findSale(
      (candidate) => candidate.status === 'APPROVED' && candidate.subscriber_code === undefined,
    );
    const refunded = await total('&transaction_status=REFUNDED');
    expect(
      (await emulator.json(`/payments/api/v1/sales/${sale.transaction}/refund`, { method: 'PUT' })).status,
    ).toBe(200);
    expect(await total()).toBe(before - 1);
    expect(await total('&transaction_status=REFUNDED')).toBe(refunded + 1);
    expect(await summaryCount()).toBe(before - 1);
    const { index: _index, transaction: _transaction, order_date: _date, ...copy } = sale;
    const added = account().addSale({ ...copy, status: 'APPROVED' });
    expect(await total()).toBe(before);
    const newest = await emulator.json(`/payments/api/v1/sales/history?start_date=${added.order_date}`);
    expect(newest.body.items.map((item: HistoryItem) => item.purchase.transaction)).toContain(
      added.transaction,
    );
    expect(await total()).toBe(
      countWhere((candidate) => candidate.status === 'APPROVED' || candidate.status === 'COMPLETE'),
    );
  });

  it('refuses to refund a purchase whose subscription is in its trial period', async () => {
    const subscription = account()
      .subscriptions()
      .find((candidate) => candidate.status === 'ACTIVE');
    expect(subscription).toBeDefined();
    if (!subscription) return;
    account().updateSubscription(subscription.subscriber_code, { trial: true });
    const paid = subscription.transactions.find((transaction) => {
      const status = account().sale(transaction)?.status;
      return status === 'APPROVED' || status === 'COMPLETE';
    }) as string;
    const response = await emulator.json(`/payments/api/v1/sales/${paid}/refund`, { method: 'PUT' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('subscription_in_trial_period');
  });

  it('issues a new boleto for an expired billet sale and notifies PURCHASE_BILLET_PRINTED', async () => {
    const billet = findSale((sale) => sale.payment_type === 'BILLET' && sale.status === 'EXPIRED');
    changes.length = 0;
    const response = await emulator.json(`/payments/api/v1/sales/${billet.transaction}/billet`, {
      method: 'PUT',
    });
    expect(response.status).toBe(200);
    expect(response.body.billet_url).toMatch(/^https:\/\/billet\.example\.com\//);
    expect(account().sale(billet.transaction)?.status).toBe('PRINTED_BILLET');
    expect(account().sale(billet.transaction)?.billet_url).toBe(response.body.billet_url);
    expect(changes).toEqual([{ event: 'PURCHASE_BILLET_PRINTED', transaction: billet.transaction }]);
    const card = findSale((sale) => sale.payment_type === 'CREDIT_CARD');
    expect(
      (await emulator.json(`/payments/api/v1/sales/${card.transaction}/billet`, { method: 'PUT' })).status,
    ).toBe(400);
    const unknown = await emulator.json('/payments/api/v1/sales/HP00000000000000/billet', { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
  });

  it('answers unknown paths with HTTP 200 and an HTML page, like Hotmart’s docs shell', async () => {
    const response = await emulator.api('/payments/api/v1/sales/nothing-here/at-all');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<!DOCTYPE html>');
    const anonymous = await fetch(`${emulator.hotmart.apiBaseUrl}/does/not/exist`);
    expect(anonymous.status).toBe(200);
  });

  function countWhere(
    predicate: (sale: ReturnType<ReturnType<typeof account>['saleAt']>) => boolean,
  ): number {
    let count = 0;
    for (let index = 0; index < account().saleCount(); index++)
      if (predicate(account().saleAt(index))) count++;
    return count;
  }

  function findSale(predicate: (sale: ReturnType<ReturnType<typeof account>['saleAt']>) => boolean) {
    for (let index = 0; index < account().saleCount(); index++) {
      const sale = account().saleAt(index);
      if (predicate(sale)) return sale;
    }
    throw new Error('no sale matches');
  }
});
