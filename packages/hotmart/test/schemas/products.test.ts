import { describe, expect, it } from 'vitest';
import {
  CouponItem,
  CouponsListParams,
  CreateCouponBody,
  EmptyResponse,
  OfferItem,
  PlanItem,
  ProductConfigurationBody,
  ProductItem,
  ProductOffersParams,
  ProductPlansParams,
  ProductsListParams,
  page,
} from '../../src/schemas/index.ts';
import { loadFixture } from './load-fixture.ts';

describe('products', () => {
  it('validates list filters against the documented enums', () => {
    expect(
      ProductsListParams.parse({ id: 698441, status: 'DRAFT', format: 'EBOOK', max_results: 50 }),
    ).toEqual({
      id: 698441,
      status: 'DRAFT',
      format: 'EBOOK',
      max_results: 50,
    });
    expect(ProductsListParams.safeParse({ status: 'PUBLISHED' }).success).toBe(false);
    expect(ProductsListParams.safeParse({ format: 'E_BOOK' }).success).toBe(false);
  });

  it('offers and plans take paging only', () => {
    expect(ProductOffersParams.parse({ max_results: 1 })).toEqual({ max_results: 1 });
    const result = ProductPlansParams.safeParse({ status: 'ACTIVE' });
    const issue = result.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['status']);
  });

  it('reads the list, offers and plans samples', () => {
    const products = page(ProductItem).parse(loadFixture('products-list.json'));
    expect(products.items.map((p) => p.format)).toEqual(['EBOOK', 'ONLINE_COURSE']);
    expect(products.items[1]?.is_subscription).toBe(true);

    const offers = page(OfferItem).parse(loadFixture('products-offers.json'));
    expect(offers.items[0]?.payment_mode).toBe('PAY_IN_FULL');
    expect(offers.page_info?.prev_page_token).toBeNull();

    const plans = page(PlanItem).parse(loadFixture('products-plans.json'));
    expect(plans.items[1]?.trial_period).toBe(7);
    expect(plans.items[0]?.trial_period).toBeUndefined();
    expect(plans.items[0]?.name).toBe('Básico Mensal');
  });

  it('requires a boolean configuration flag', () => {
    expect(ProductConfigurationBody.parse({ is_allowed_to_email_the_buyer: false })).toEqual({
      is_allowed_to_email_the_buyer: false,
    });
    expect(ProductConfigurationBody.safeParse({}).success).toBe(false);
    expect(ProductConfigurationBody.safeParse({ is_allowed_to_email_the_buyer: 'yes' }).success).toBe(false);
  });
});

describe('coupons', () => {
  const valid = { code: 'WELCOME10', discount: 0.1 };

  it('sends dates as epoch ms', () => {
    const body = CreateCouponBody.parse({
      ...valid,
      start_date: new Date('2025-01-01T00:00:00Z'),
      end_date: 1738368000000,
      offer_ids: ['02mhofjd'],
    });
    expect(body).toEqual({
      ...valid,
      start_date: 1735689600000,
      end_date: 1738368000000,
      offer_ids: ['02mhofjd'],
    });
  });

  it.each([0.01, 0.5, 0.98])('accepts discount %s', (discount) => {
    expect(CreateCouponBody.parse({ ...valid, discount }).discount).toBe(discount);
  });

  it.each([0, 0.99, 1, 10, -0.1])('rejects discount %s', (discount) => {
    const result = CreateCouponBody.safeParse({ ...valid, discount });
    expect(result.error?.issues[0]?.path).toEqual(['discount']);
  });

  it('limits the code to 25 characters', () => {
    expect(CreateCouponBody.parse({ ...valid, code: 'A'.repeat(25) }).code).toHaveLength(25);
    expect(CreateCouponBody.safeParse({ ...valid, code: 'A'.repeat(26) }).success).toBe(false);
    expect(CreateCouponBody.safeParse({ ...valid, code: '' }).success).toBe(false);
  });

  it('rejects an end before the start', () => {
    const result = CreateCouponBody.safeParse({ ...valid, start_date: 2000, end_date: 1000 });
    expect(result.error?.issues[0]?.path).toEqual(['end_date']);
    expect(result.error?.issues[0]?.message).toBe('end_date must be after start_date');
  });

  it('rejects unknown keys', () => {
    const result = CreateCouponBody.safeParse({ ...valid, percent: 10 });
    const issue = result.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['percent']);
  });

  it('lists by code and page token only', () => {
    expect(CouponsListParams.parse({ code: 'WELCOME10', page_token: 't' })).toEqual({
      code: 'WELCOME10',
      page_token: 't',
    });
    expect(CouponsListParams.safeParse({ max_results: 10 }).success).toBe(false);
  });

  it('reads a coupon item and an empty answer', () => {
    const coupon = CouponItem.parse({
      coupon_code: 'DESCONTO50',
      discount: 0.5,
      id: 3036913,
      status: 'valid',
      time_zone: {
        offset: '-03:00',
        id: 'America/Sao_Paulo',
        name: 'AMERICA_SAO_PAULO',
        description: 'Brasília',
      },
    });
    expect(coupon.time_zone?.id).toBe('America/Sao_Paulo');
    expect(EmptyResponse.parse({})).toEqual({});
    expect(CouponItem.safeParse({ discount: '50%' }).success).toBe(false);
  });
});
