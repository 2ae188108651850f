import { describe, expect, it } from 'vitest';
import {
  NewBilletResponse,
  page,
  RefundResponse,
  SaleCommissionsItem,
  SaleHistoryItem,
  SalePriceDetailsItem,
  SalesCommissionsParams,
  SalesHistoryParams,
  SalesPriceDetailsParams,
  SalesSummaryItem,
  SalesSummaryParams,
  SalesUsersParams,
  SaleUsersItem,
} from '../../src/schemas/index.ts';
import { loadFixture } from './load-fixture.ts';

describe('sales params', () => {
  it('turns a Date and epoch ms into the same number', () => {
    const fromDate = SalesHistoryParams.parse({
      start_date: new Date(1622948400000),
      end_date: 1625022000000,
    });
    const fromNumber = SalesHistoryParams.parse({
      start_date: 1622948400000,
      end_date: new Date(1625022000000),
    });
    expect(fromDate).toEqual({ start_date: 1622948400000, end_date: 1625022000000 });
    expect(fromNumber).toEqual(fromDate);
  });

  it('outputs every filter as given and select comma-joined', () => {
    const query = SalesHistoryParams.parse({
      product_id: 2125812,
      transaction: 'HP17715690036014',
      transaction_status: 'UNDER_ANALISYS',
      payment_type: 'BILLET',
      commission_as: 'PRODUCER',
      select: ['purchase.transaction', 'buyer.email'],
      max_results: 500,
    });
    expect(query).toEqual({
      product_id: 2125812,
      transaction: 'HP17715690036014',
      transaction_status: 'UNDER_ANALISYS',
      payment_type: 'BILLET',
      commission_as: 'PRODUCER',
      select: 'purchase.transaction,buyer.email',
      max_results: 500,
    });
  });

  it('rejects an unknown key, naming it', () => {
    const result = SalesHistoryParams.safeParse({ start_dat: 1 });
    const issue = result.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['start_dat']);
    expect(issue?.message).toContain('start_dat');
  });

  it('rejects enum typos with the path of the field', () => {
    const status = SalesHistoryParams.safeParse({ transaction_status: 'UNDER_ANALYSIS' });
    expect(status.error?.issues[0]?.path).toEqual(['transaction_status']);
    expect(SalesHistoryParams.safeParse({ payment_type: 'BOLETO' }).success).toBe(false);
    expect(SalesCommissionsParams.safeParse({ commission_as: 'ADDON' }).success).toBe(false);
  });

  it('rejects bad ids and empty strings', () => {
    expect(SalesHistoryParams.safeParse({ product_id: '2125812' }).success).toBe(false);
    expect(SalesHistoryParams.safeParse({ product_id: 0 }).success).toBe(false);
    expect(SalesHistoryParams.safeParse({ buyer_email: '' }).success).toBe(false);
  });

  it('allows affiliate_name only where Hotmart documents it', () => {
    expect(SalesSummaryParams.parse({ affiliate_name: 'Ann' })).toEqual({ affiliate_name: 'Ann' });
    expect(SalesUsersParams.parse({ affiliate_name: 'Ann' })).toEqual({ affiliate_name: 'Ann' });
    expect(SalesHistoryParams.safeParse({ affiliate_name: 'Ann' }).success).toBe(false);
    expect(SalesPriceDetailsParams.safeParse({ commission_as: 'PRODUCER' }).success).toBe(false);
  });
});

describe('sales responses', () => {
  it('reads the sales history sample', () => {
    const body = page(SaleHistoryItem).parse(loadFixture('sales-history.json'));
    const sale = body.items[0];
    expect(sale?.purchase?.status).toBe('UNDER_ANALISYS');
    expect(sale?.purchase?.price).toEqual({ value: 235.76, currency_code: 'USD' });
    expect(sale?.purchase?.hotmart_fee?.currency_code).toBe('EUR');
    expect(sale?.buyer?.email).toBe('ian@teste.com');
    expect(body.page_info?.next_page_token).toBe('eyJyb3dzIjo1LCJwYWdlIjozfQ==');
  });

  it('reads an item trimmed by select', () => {
    expect(SaleHistoryItem.parse({ purchase: { transaction: 'HP1' } })).toEqual({
      purchase: { transaction: 'HP1' },
    });
  });

  it('reads the summary, participants, commissions and price-details samples', () => {
    const summary = page(SalesSummaryItem).parse(loadFixture('sales-summary.json'));
    expect(summary.items[0]?.total_value).toEqual({ value: 3.7, currency_code: 'USD' });

    const users = page(SaleUsersItem).parse(loadFixture('sales-users.json'));
    const producer = users.items[0]?.users?.[0];
    expect(producer?.role).toBe('PRODUCER');
    expect(producer?.user?.documents?.[1]).toEqual({ value: '68658197646', type: 'CPF' });
    expect(producer?.user?.address?.zip_code).toBe('1213454');

    const commissions = page(SaleCommissionsItem).parse(loadFixture('sales-commissions.json'));
    const sources = commissions.items[0]?.commissions?.map((c) => c.source);
    expect(sources).toEqual(['PRODUCER', 'COPRODUCER', 'ADDON']);
    expect(commissions.items[0]?.commissions?.[1]?.commission).toEqual({
      currency_value: 'USD',
      value: 4.35,
    });

    const prices = page(SalePriceDetailsItem).parse(loadFixture('sales-price-details.json'));
    const price = prices.items[0];
    expect([price?.base?.currency_code, price?.vat?.currency_code, price?.fee?.currency_code]).toEqual([
      'MXN',
      'BRL',
      'USD',
    ]);
    expect(price?.coupon).toEqual({ code: 'coupon1', value: 22.9 });
  });

  it('rejects money in the wrong shape', () => {
    const wrong = { purchase: { price: { value: '10', currency_code: 'BRL' } } };
    expect(SaleHistoryItem.safeParse(wrong).success).toBe(false);
    const commissionAsRest = { commissions: [{ commission: { value: 1, currency_code: 'BRL' } }] };
    expect(SaleCommissionsItem.safeParse(commissionAsRest).success).toBe(false);
  });

  it('reads refund and new-boleto answers', () => {
    expect(RefundResponse.parse({})).toEqual({});
    expect(NewBilletResponse.parse({ billet_url: 'https://example.com/b' }).billet_url).toBe(
      'https://example.com/b',
    );
    expect(NewBilletResponse.safeParse({}).success).toBe(false);
  });
});
