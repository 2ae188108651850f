import type { Sale } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, InvalidInputError, NotFoundError } from '../../src/index.ts';
import { allSales, type Contract, DEFAULT_STATUSES, findSale, requestsTo, startContract } from './support.ts';

// Sales endpoints of reference §4.1, client ↔ emulator, values checked against the emulator's account.

let contract: Contract;
let sales: Sale[];

beforeAll(async () => {
  contract = await startContract();
  sales = allSales(contract.account);
});
afterAll(() => contract.hotmart.close());

const transactionsOf = (list: readonly Sale[]) => list.map((sale) => sale.transaction);

describe('sales.history', () => {
  it('returns only APPROVED and COMPLETE sales when no status or transaction is sent, oldest first', async () => {
    const expected = sales.filter((sale) => DEFAULT_STATUSES.has(sale.status));
    const page = await contract.client.sales.history({ max_results: 500 });
    expect(page.pageInfo.total_results).toBe(expected.length);
    const items = await contract.client.sales.history({ max_results: 500 }).toArray();
    expect(items.map((item) => item.purchase?.transaction)).toEqual(transactionsOf(expected));
    expect(new Set(items.map((item) => item.purchase?.status))).toEqual(new Set(['APPROVED', 'COMPLETE']));
  });

  it('returns the sales of an explicit status, statuses outside the default included', async () => {
    for (const status of ['REFUNDED', 'CANCELLED', 'COMPLETE'] as const) {
      const expected = sales.filter((sale) => sale.status === status);
      expect(expected.length).toBeGreaterThan(0);
      const items = await contract.client.sales
        .history({ transaction_status: status, max_results: 500 })
        .toArray();
      expect(items.map((item) => item.purchase?.transaction)).toEqual(transactionsOf(expected));
      expect(items.every((item) => item.purchase?.status === status)).toBe(true);
    }
  });

  it('renders every field of a sale from the account record', async () => {
    const sale = findSale(contract.account, (candidate) => DEFAULT_STATUSES.has(candidate.status));
    const [item] = await contract.client.sales.history({ transaction: sale.transaction }).toArray();
    const product = contract.account.product(sale.product_id);
    const buyer = contract.account.buyer(sale.buyer_ucode);
    expect(item).toEqual({
      product: { name: product?.name, id: sale.product_id },
      buyer: { name: buyer?.name, ucode: sale.buyer_ucode, email: buyer?.email },
      producer: { name: contract.account.producer.name, ucode: contract.account.producer.ucode },
      purchase: {
        transaction: sale.transaction,
        order_date: sale.order_date,
        approved_date: sale.approved_date,
        status: sale.status,
        recurrency_number: sale.recurrency_number ?? 1,
        is_subscription: product?.is_subscription,
        commission_as: 'PRODUCER',
        price: sale.price,
        payment: {
          method: sale.payment_method,
          installments_number: sale.installments_number,
          type: sale.payment_type,
        },
        tracking: sale.tracking,
        warranty_expire_date: sale.warranty_expire_date,
        offer: { payment_mode: contract.account.offer(sale.offer_code)?.payment_mode, code: sale.offer_code },
        hotmart_fee: sale.hotmart_fee,
      },
    });
  });

  it('finds a transaction whatever its status (the default status filter does not apply)', async () => {
    const refunded = findSale(contract.account, (sale) => sale.status === 'REFUNDED');
    const items = await contract.client.sales.history({ transaction: refunded.transaction }).toArray();
    expect(items.map((item) => [item.purchase?.transaction, item.purchase?.status])).toEqual([
      [refunded.transaction, 'REFUNDED'],
    ]);
    const none = await contract.client.sales.history({ transaction: 'HP99999999999999' });
    expect(none.items).toEqual([]);
    expect(none.hasNextPage()).toBe(false);
  });

  it('selects sales in a date range (epoch ms, both ends inclusive)', async () => {
    const from = sales[1_000] as Sale;
    const to = sales[1_400] as Sale;
    const expected = sales.filter(
      (sale) =>
        DEFAULT_STATUSES.has(sale.status) &&
        sale.order_date >= from.order_date &&
        sale.order_date <= to.order_date,
    );
    const items = await contract.client.sales
      .history({ start_date: new Date(from.order_date), end_date: to.order_date, max_results: 100 })
      .toArray();
    expect(items.map((item) => item.purchase?.transaction)).toEqual(transactionsOf(expected));
    const request = requestsTo(contract.hotmart, '/payments/api/v1/sales/history').at(-1);
    expect(request?.query['start_date']).toBe(String(from.order_date));
    expect(request?.query['end_date']).toBe(String(to.order_date));
  });

  it('trims items to the selected fields and leaves page_info whole', async () => {
    const sale = sales[7] as Sale;
    const page = await contract.client.sales.history({
      transaction: sale.transaction,
      select: ['purchase.transaction', 'buyer.email'],
    });
    expect(page.items).toEqual([
      {
        purchase: { transaction: sale.transaction },
        buyer: { email: contract.account.buyer(sale.buyer_ucode)?.email },
      },
    ]);
    expect(page.pageInfo).toMatchObject({ total_results: 1, results_per_page: 1 });
  });

  it('refuses a misspelt filter before sending anything', async () => {
    const before = requestsTo(contract.hotmart, '/payments/api/v1/sales/history').length;
    // @ts-expect-error: `start_dat` is not a parameter; the strict schema names it.
    const attempt = contract.client.sales.history({ start_dat: 1 });
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(/start_dat/);
    expect(requestsTo(contract.hotmart, '/payments/api/v1/sales/history')).toHaveLength(before);
  });

  it('passes an emulator 400 for a refused value through as BadRequestError', async () => {
    const error = await contract.client.sales
      .history({ start_date: 2_000_000_000_000, end_date: 1_000_000_000_000 })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_value_parameter' });
  });
});

describe('sales.summary', () => {
  it('totals the default sales per currency, equal to a sum over the account', async () => {
    const totals = new Map<string, { count: number; value: number }>();
    for (const sale of sales) {
      if (!DEFAULT_STATUSES.has(sale.status)) continue;
      const entry = totals.get(sale.price.currency_code) ?? { count: 0, value: 0 };
      entry.count += 1;
      entry.value += sale.price.value;
      totals.set(sale.price.currency_code, entry);
    }
    const items = await contract.client.sales.summary().toArray();
    expect(items.map((item) => item.total_value?.currency_code)).toEqual([...totals.keys()].sort());
    for (const item of items) {
      const expected = totals.get(item.total_value?.currency_code ?? '');
      expect(item.total_items).toBe(expected?.count);
      expect(item.total_value?.value).toBeCloseTo(expected?.value ?? Number.NaN, 2);
    }
  });

  it('totals a filtered slice: one product, one status', async () => {
    const productId = (sales[0] as Sale).product_id;
    const matching = sales.filter((sale) => sale.product_id === productId && sale.status === 'REFUNDED');
    const items = await contract.client.sales
      .summary({ product_id: productId, transaction_status: 'REFUNDED' })
      .toArray();
    const count = items.reduce((sum, item) => sum + (item.total_items ?? 0), 0);
    const value = items.reduce((sum, item) => sum + (item.total_value?.value ?? 0), 0);
    expect(count).toBe(matching.length);
    expect(value).toBeCloseTo(
      matching.reduce((sum, sale) => sum + sale.price.value, 0),
      1,
    );
  });
});

describe('participants, commissions and price details of one sale', () => {
  const known = () =>
    findSale(
      contract.account,
      (sale) =>
        DEFAULT_STATUSES.has(sale.status) &&
        sale.affiliate_code !== undefined &&
        sale.coupon_code !== undefined,
    );

  it('sales.users lists the producer and the buyer of the sale', async () => {
    const sale = known();
    const [item] = await contract.client.sales.users({ transaction: sale.transaction }).toArray();
    expect(item?.transaction).toBe(sale.transaction);
    expect(item?.product?.id).toBe(sale.product_id);
    const byRole = new Map(item?.users?.map((entry) => [entry.role, entry.user]));
    expect(byRole.get('PRODUCER')).toMatchObject({
      ucode: contract.account.producer.ucode,
      email: contract.account.producer.email,
    });
    const buyer = contract.account.buyer(sale.buyer_ucode);
    expect(byRole.get('BUYER')).toMatchObject({
      ucode: sale.buyer_ucode,
      email: buyer?.email,
      name: buyer?.name,
    });
    expect(byRole.get('AFFILIATE')?.ucode).toBe(contract.account.affiliate(sale.affiliate_code ?? '')?.ucode);
  });

  it('sales.commissions splits the sale between producer and affiliate in the payout currency', async () => {
    const sale = known();
    const [item] = await contract.client.sales.commissions({ transaction: sale.transaction }).toArray();
    expect(item?.transaction).toBe(sale.transaction);
    const sources = item?.commissions?.map((entry) => entry.source);
    expect(sources).toContain('PRODUCER');
    expect(sources).toContain('AFFILIATE');
    const payout = contract.account.producer.currency_code_commission;
    for (const entry of item?.commissions ?? []) {
      expect(entry.commission?.currency_value).toBe(payout);
      expect(entry.commission?.value).toBeGreaterThan(0);
    }
    const producer = item?.commissions?.find((entry) => entry.source === 'PRODUCER');
    expect(producer?.user?.ucode).toBe(contract.account.producer.ucode);
  });

  it('sales.priceDetails shows the offer price, the paid total, the fee and the coupon', async () => {
    const sale = known();
    const [item] = await contract.client.sales.priceDetails({ transaction: sale.transaction }).toArray();
    expect(item).toMatchObject({
      transaction: sale.transaction,
      base: { value: sale.full_price.value, currency_code: sale.full_price.currency_code },
      total: { value: sale.price.value, currency_code: sale.price.currency_code },
      fee: { value: sale.hotmart_fee.total, currency_code: sale.hotmart_fee.currency_code },
      coupon: { code: sale.coupon_code },
    });
    expect(item?.coupon?.value).toBeCloseTo(sale.full_price.value - sale.price.value, 2);
  });
});

describe('sales.refund', () => {
  it('refunds an approved sale, which later reads show as REFUNDED; a second refund is refused', async () => {
    const sale = findSale(
      contract.account,
      (candidate) =>
        candidate.status === 'APPROVED' &&
        candidate.subscriber_code === undefined &&
        candidate.payment_type !== 'DIRECT_DEBIT',
    );
    await expect(contract.client.sales.refund(sale.transaction)).resolves.toEqual({});
    expect(contract.account.sale(sale.transaction)?.status).toBe('REFUNDED');
    const [item] = await contract.client.sales.history({ transaction: sale.transaction }).toArray();
    expect(item?.purchase?.status).toBe('REFUNDED');
    const refunded = await contract.client.sales
      .history({ transaction_status: 'REFUNDED', max_results: 500 })
      .toArray();
    expect(refunded.map((entry) => entry.purchase?.transaction)).toContain(sale.transaction);

    const again = await contract.client.sales.refund(sale.transaction).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(BadRequestError);
    expect(again).toMatchObject({
      status: 400,
      error: 'refund_request_already_exists',
      code: 'hotmart_bad_request',
    });
    // A refusal is final: the write is not retried.
    const refunds = requestsTo(contract.hotmart, `/payments/api/v1/sales/${sale.transaction}/refund`);
    expect(refunds.map((request) => request.status)).toEqual([200, 400]);
  });

  it('answers purchase_not_found for an unknown transaction', async () => {
    const error = await contract.client.sales.refund('HP99999999999999').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, error: 'purchase_not_found' });
  });
});

describe('sales.newBillet', () => {
  it('issues a new boleto for an unpaid boleto sale, as the account records it', async () => {
    const sale = findSale(
      contract.account,
      (candidate) =>
        candidate.payment_type === 'BILLET' &&
        (candidate.status === 'PRINTED_BILLET' || candidate.status === 'EXPIRED'),
    );
    const answer = await contract.client.sales.newBillet(sale.transaction);
    const updated = contract.account.sale(sale.transaction);
    expect(answer.billet_url).toBe(updated?.billet_url);
    expect(answer.billet_url).not.toBe(sale.billet_url);
    expect(updated?.status).toBe('PRINTED_BILLET');
  });

  it('refuses a sale that was not paid by boleto', async () => {
    const sale = findSale(contract.account, (candidate) => candidate.payment_type === 'CREDIT_CARD');
    const error = await contract.client.sales.newBillet(sale.transaction).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_value_parameter' });
  });
});

describe('writes made after generation', () => {
  it('show in filtered walks and totals: a changed sale moves between statuses, an added one appears', async () => {
    const defaultTotal = async () =>
      (await contract.client.sales.history({ max_results: 1 })).pageInfo.total_results;
    const chargebacks = async () =>
      (
        await contract.client.sales.history({ transaction_status: 'CHARGEBACK', max_results: 500 }).toArray()
      ).map((item) => item.purchase?.transaction);
    const totalBefore = await defaultTotal();
    const chargebacksBefore = await chargebacks();

    const changed = findSale(
      contract.account,
      (sale) => sale.status === 'COMPLETE' && contract.account.sale(sale.transaction)?.status === 'COMPLETE',
    );
    contract.account.updateSale(changed.transaction, { status: 'CHARGEBACK' });
    const { index: _index, transaction: _transaction, order_date: _date, ...template } = changed;
    const added = contract.account.addSale({ ...template, status: 'CHARGEBACK' });

    expect(await defaultTotal()).toBe((totalBefore ?? 0) - 1);
    expect(await chargebacks()).toEqual(
      [...chargebacksBefore, changed.transaction, added.transaction].sort(
        (a, b) => (contract.account.sale(a ?? '')?.index ?? 0) - (contract.account.sale(b ?? '')?.index ?? 0),
      ),
    );
    const [summary] = await contract.client.sales
      .summary({ transaction_status: 'CHARGEBACK', product_id: changed.product_id })
      .toArray();
    const expected = allSales(contract.account).filter(
      (sale) => sale.status === 'CHARGEBACK' && sale.product_id === changed.product_id,
    );
    expect(summary?.total_items).toBe(
      expected.filter((sale) => sale.price.currency_code === summary?.total_value?.currency_code).length,
    );
  });
});
