import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../src/index.ts';
import { fixtureItems, shapeProblems, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('products, offers, plans and coupons', () => {
  let emulator: TestEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 41, sales: 1_000, products: 30 });
  });
  afterAll(() => emulator.close());

  const account = () => emulator.hotmart.account;
  const product = (predicate: (candidate: Product) => boolean): Product => {
    const found = account().products().find(predicate);
    if (!found) throw new Error('no product matches');
    return found;
  };
  const post = (path: string, body: unknown) =>
    emulator.json(path, { method: 'POST', body: JSON.stringify(body) });

  it('lists products in the fixture’s shape, 50 at most per page, with filters', async () => {
    const list = await emulator.json('/products/api/v1/products?max_results=500');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(30);
    for (const item of list.body.items)
      expect(shapeProblems(item, fixtureItems('products-list'))).toEqual([]);
    const first = await emulator.json('/products/api/v1/products?max_results=7');
    expect(first.body.items.length).toBe(7);
    const second = await emulator.json(
      `/products/api/v1/products?max_results=7&page_token=${first.body.page_info.next_page_token}`,
    );
    expect(second.body.items[0].id).toBe(list.body.items[7].id);
    expect(second.body.page_info.prev_page_token).toBeDefined();
    const courses = await emulator.json('/products/api/v1/products?format=ONLINE_COURSE&format=EBOOK');
    expect(courses.body.items.length).toBeGreaterThan(0);
    for (const item of courses.body.items) expect(['ONLINE_COURSE', 'EBOOK']).toContain(item.format);
    const one = account().products()[3] as Product;
    const byId = await emulator.json(`/products/api/v1/products?id=${one.id}`);
    expect(byId.body.items.map((item: { id: number }) => item.id)).toEqual([one.id]);
    const bad = await emulator.json('/products/api/v1/products?format=VINYL');
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('format');
  });

  it('lists a product’s offers and plans by ucode', async () => {
    const course = product((candidate) => !candidate.is_subscription);
    const offers = await emulator.json(`/products/api/v1/products/${course.ucode}/offers`);
    expect(offers.status).toBe(200);
    expect(offers.body.items.filter((item: { is_main_offer: boolean }) => item.is_main_offer).length).toBe(1);
    for (const item of offers.body.items)
      expect(shapeProblems(item, fixtureItems('products-offers'))).toEqual([]);

    const membership = product((candidate) => candidate.is_subscription);
    const plans = await emulator.json(`/products/api/v1/products/${membership.ucode}/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body.items.length).toBe(account().plans(membership.id).length);
    for (const item of plans.body.items) {
      expect(
        shapeProblems(item, fixtureItems('products-plans'), { extras: ['$.max_charge_cycles'] }),
      ).toEqual([]);
      expect(item.payment_mode).toBe('ASSINATURA');
    }
    // Hotmart answers 400 for the plans of a product that has none (reference §4.3).
    const noPlans = await emulator.json(`/products/api/v1/products/${course.ucode}/plans`);
    expect(noPlans.status).toBe(400);
    const unknown = await emulator.json(
      '/products/api/v1/products/00000000-0000-4000-8000-000000000000/offers',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
  });

  it('changes the e-mail-the-buyer configuration', async () => {
    const course = product((candidate) => !candidate.is_subscription);
    const response = await emulator.json(`/products/api/v1/product/configuration/${course.id}`, {
      method: 'PUT',
      body: JSON.stringify({ is_allowed_to_email_the_buyer: false }),
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({});
    expect(account().product(course.id)?.is_allowed_to_email_the_buyer).toBe(false);
    const bad = await emulator.json(`/products/api/v1/product/configuration/${course.id}`, {
      method: 'PUT',
      body: JSON.stringify({ is_allowed_to_email_the_buyer: 'no' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('is_allowed_to_email_the_buyer');
    const missing = await emulator.json('/products/api/v1/product/configuration/1', {
      method: 'PUT',
      body: JSON.stringify({ is_allowed_to_email_the_buyer: true }),
    });
    expect(missing.status).toBe(404);
  });

  it('creates, lists, finds and deletes coupons', async () => {
    const course = product((candidate) => !candidate.is_subscription && candidate.format === 'EBOOK');
    const before = await emulator.json(`/products/api/v1/coupon/product/${course.id}`);
    const created = await post(`/products/api/v1/product/${course.id}/coupon`, {
      code: 'HOTPILOT25',
      discount: 0.25,
      start_date: account().now() - 1_000,
      end_date: account().now() + 86_400_000,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({});
    const listed = await emulator.json(`/products/api/v1/coupon/product/${course.id}?code=HOTPILOT25`);
    expect(listed.body.items.length).toBe(1);
    const coupon = listed.body.items[0];
    expect(coupon).toMatchObject({ coupon_code: 'HOTPILOT25', discount: 0.25, status: 'valid' });
    expect(Object.keys(coupon).sort()).toEqual(['coupon_code', 'discount', 'id', 'status', 'time_zone']);
    expect(Object.keys(coupon.time_zone).sort()).toEqual(['description', 'id', 'name', 'offset']);
    const after = await emulator.json(`/products/api/v1/coupon/product/${course.id}`);
    expect(after.body.page_info.total_results).toBe(before.body.page_info.total_results + 1);
    const duplicate = await post(`/products/api/v1/product/${course.id}/coupon`, {
      code: 'hotpilot25',
      discount: 0.1,
    });
    expect(duplicate.status).toBe(400);
    const deleted = await emulator.api(`/products/api/v1/coupon/${coupon.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const gone = await emulator.json(`/products/api/v1/coupon/product/${course.id}?code=HOTPILOT25`);
    expect(gone.body.items).toEqual([]);
    const again = await emulator.json(`/products/api/v1/coupon/${coupon.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('validates coupon input and refuses coupons on subscription products', async () => {
    const course = product((candidate) => !candidate.is_subscription && candidate.format === 'EBOOK');
    const cases: [unknown, string][] = [
      [{ code: 'X', discount: 0.99 }, 'discount'],
      [{ code: 'X', discount: 0 }, 'discount'],
      [{ code: 'A'.repeat(26), discount: 0.1 }, 'code'],
      [{ code: 'with space', discount: 0.1 }, 'code'],
      [{ discount: 0.1 }, 'code'],
      [{ code: 'LATE', discount: 0.1, start_date: 2_000, end_date: 1_000 }, 'end_date'],
      [{ code: 'OFFER', discount: 0.1, offer_ids: ['nope'] }, 'offer'],
      [{ code: 'AFF', discount: 0.1, affiliate: 'Z00000000Z' }, 'affiliate'],
    ];
    for (const [body, mentions] of cases) {
      const response = await post(`/products/api/v1/product/${course.id}/coupon`, body);
      expect(response.status).toBe(400);
      expect(response.body.error_description.toLowerCase()).toContain(mentions);
    }
    const membership = product((candidate) => candidate.is_subscription);
    const subscription = await post(`/products/api/v1/product/${membership.id}/coupon`, {
      code: 'SUB',
      discount: 0.1,
    });
    expect(subscription.status).toBe(400);
    const unknown = await post('/products/api/v1/product/1/coupon', { code: 'X', discount: 0.1 });
    expect(unknown.status).toBe(404);
    const notNumeric = await emulator.json('/products/api/v1/coupon/product/abc');
    expect(notNumeric.status).toBe(400);
    expect(notNumeric.body.error_description).toContain('product_id');
  });
});
