import type { Product } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError } from '../../src/index.ts';
import { type Contract, requestsTo, startContract } from './support.ts';

// Products, offers, plans, product configuration (reference §4.3) and coupons (§4.4), client ↔ emulator.

let contract: Contract;

beforeAll(async () => {
  contract = await startContract();
});
afterAll(() => contract.hotmart.close());

const productWith = (predicate: (product: Product) => boolean): Product => {
  const found = contract.account.products().find(predicate);
  if (!found) throw new Error('the seeded account has no product of the kind this test needs');
  return found;
};

describe('products', () => {
  it('lists every product as the account holds it', async () => {
    const products = contract.account.products();
    const items = await contract.client.products.list({ max_results: 50 }).toArray();
    expect(items).toEqual(
      products.map((product) => ({
        id: product.id,
        name: product.name,
        ucode: product.ucode,
        status: product.status,
        created_at: product.created_at,
        format: product.format,
        is_subscription: product.is_subscription,
        warranty_period: product.warranty_period,
      })),
    );
  });

  it('filters by format and pages at most 50 per page (reference §3.2)', async () => {
    const format = (contract.account.products()[0] as Product).format;
    const expected = contract.account.products().filter((product) => product.format === format);
    const items = await contract.client.products.list({ format }).toArray();
    expect(items.map((item) => item.id)).toEqual(expected.map((product) => product.id));

    const first = await contract.client.products.list({ max_results: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(second.items.map((item) => item.id)).toEqual(
      contract.account
        .products()
        .slice(2, 4)
        .map((product) => product.id),
    );
  });

  it("lists a product's offers by ucode, with their prices", async () => {
    const product = productWith((candidate) => contract.account.offers(candidate.id).length > 1);
    const items = await contract.client.products.offers(product.ucode).toArray();
    expect(
      items.map((item) => [item.code, item.price?.value, item.price?.currency_code, item.is_main_offer]),
    ).toEqual(
      contract.account
        .offers(product.id)
        .map((offer) => [offer.code, offer.price.value, offer.price.currency_code, offer.is_main_offer]),
    );
  });

  it("lists a subscription product's plans; a product without plans answers 400 (reference §4.3)", async () => {
    const product = productWith((candidate) => contract.account.plans(candidate.id).length > 0);
    const items = await contract.client.products.plans(product.ucode).toArray();
    expect(items.map((item) => [item.code, item.periodicity, item.price?.value])).toEqual(
      contract.account.plans(product.id).map((plan) => [plan.code, plan.periodicity, plan.price.value]),
    );

    const planless = productWith((candidate) => contract.account.plans(candidate.id).length === 0);
    const error = await contract.client.products.plans(planless.ucode).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_value_parameter' });
  });

  it('answers 404 for the offers of an unknown ucode', async () => {
    const error = await contract.client.products.offers('00000000-0000-4000-8000-000000000000').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('updates the e-mail-the-buyer setting of a product', async () => {
    const product = contract.account.products()[1] as Product;
    await expect(
      contract.client.products.updateConfiguration(product.id, { is_allowed_to_email_the_buyer: false }),
    ).resolves.toEqual({});
    expect(contract.account.product(product.id)?.is_allowed_to_email_the_buyer).toBe(false);
    await contract.client.products.updateConfiguration(product.id, { is_allowed_to_email_the_buyer: true });
    expect(contract.account.product(product.id)?.is_allowed_to_email_the_buyer).toBe(true);
  });
});

describe('coupons', () => {
  it('creates a coupon, lists it, deletes it; a deleted coupon is gone and cannot be deleted twice', async () => {
    const product = productWith((candidate) => !candidate.is_subscription && !candidate.is_event);
    const before = await contract.client.coupons.list(product.id).toArray();
    expect(before.map((item) => item.id)).toEqual(
      contract.account
        .coupons(product.id)
        .filter((coupon) => coupon.status !== 'deleted')
        .map((coupon) => coupon.id),
    );

    await expect(
      contract.client.coupons.create(product.id, { code: 'CONTRACT25', discount: 0.25 }),
    ).resolves.toEqual({});
    const created = contract.account
      .coupons(product.id)
      .find((coupon) => coupon.coupon_code === 'CONTRACT25');
    expect(created).toMatchObject({ discount: 0.25, status: 'valid' });

    const listed = await contract.client.coupons.list(product.id, { code: 'CONTRACT25' }).toArray();
    expect(listed).toEqual([
      expect.objectContaining({
        id: created?.id,
        coupon_code: 'CONTRACT25',
        discount: 0.25,
        status: 'valid',
      }),
    ]);

    await contract.client.coupons.delete(created?.id ?? 0);
    expect(contract.account.coupon(created?.id ?? 0)?.status).toBe('deleted');
    await expect(contract.client.coupons.list(product.id, { code: 'CONTRACT25' }).toArray()).resolves.toEqual(
      [],
    );
    const again = await contract.client.coupons.delete(created?.id ?? 0).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(NotFoundError);
    expect(
      requestsTo(contract.hotmart, `/products/api/v1/coupon/${created?.id}`).map((r) => r.status),
    ).toEqual([200, 404]);
  });

  it('refuses a coupon for a subscription product and a duplicate code', async () => {
    const subscriptionProduct = productWith((candidate) => candidate.is_subscription);
    const refused = await contract.client.coupons
      .create(subscriptionProduct.id, { code: 'NOPE10', discount: 0.1 })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused).toMatchObject({ status: 400, error: 'invalid_value_parameter' });

    const product = productWith((candidate) => !candidate.is_subscription && !candidate.is_event);
    await contract.client.coupons.create(product.id, { code: 'TWICE10', discount: 0.1 });
    const duplicate = await contract.client.coupons
      .create(product.id, { code: 'twice10', discount: 0.2 })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(duplicate).toBeInstanceOf(BadRequestError);
    expect(
      contract.account.coupons(product.id).filter((coupon) => coupon.coupon_code.toUpperCase() === 'TWICE10'),
    ).toHaveLength(1);
  });
});
