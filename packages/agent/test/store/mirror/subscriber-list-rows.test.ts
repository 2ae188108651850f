import { afterEach, describe, expect, it } from 'vitest';
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import { subscriberListRow, subscriberListRows } from '../../../src/store/mirror/subscriber-list-rows.ts';
import { storeFactories, type TestStore } from '../stores.ts';
import { AT, PRODUCTS, SUBSCRIPTIONS } from './subscriber-list-fixtures.ts';

let current: TestStore | undefined;
afterEach(async () => {
  await current?.destroy();
  current = undefined;
});

describe.each(storeFactories)('subscriber list rows ($name)', (factory) => {
  async function seeded() {
    current = await factory.create();
    const repo = createMirrorRepo(current.store);
    await repo.upsertProducts(PRODUCTS);
    await repo.upsertSubscriptions(SUBSCRIPTIONS);
    return current.store;
  }

  it('lists active and late subscriptions with their fields, in one order on both dialects', async () => {
    const store = await seeded();
    const rows = await subscriberListRows(store, { connectionId: 'main' });
    expect(rows.map((row) => row.subscriberCode)).toEqual(['S01', 'S02', 'S10', 'S03', 'S07', 'S06']);
    expect(rows[0]).toEqual({
      connectionId: 'main',
      subscriberCode: 'S01',
      email: 's01@example.com',
      name: 'Pessoa S01',
      productId: '100',
      productName: 'Clube do Livro',
      planId: '11',
      planCode: 'monthly',
      planName: 'Mensal',
      status: 'ACTIVE',
      price: 49.9,
      currency: 'BRL',
      accessionDate: AT,
      nextChargeDate: AT + 30 * 86_400_000,
    });
    const s10 = rows.find((row) => row.subscriberCode === 'S10');
    expect(s10?.price).toBeNull();
    expect(s10?.nextChargeDate).toBeNull();
    expect(rows.find((row) => row.subscriberCode === 'S06')?.productName).toBeNull();
  });

  it('filters by product, plan id or code, e-mail and status, and reads one subscription whatever its status', async () => {
    const store = await seeded();
    const codes = async (filter: Parameters<typeof subscriberListRows>[1]) =>
      (await subscriberListRows(store, filter)).map((row) => row.subscriberCode);
    expect(await codes({ productId: '200' })).toEqual(['S07', 'S06']);
    expect(await codes({ connectionId: 'main', plan: '12' })).toEqual(['S03']);
    expect(await codes({ connectionId: 'main', plan: 'yearly' })).toEqual(['S03']);
    expect(await codes({ email: 'S01@Example.com' })).toEqual(['S01', 'S07']);
    expect(await codes({ status: 'all', productId: '100', connectionId: 'main' })).toEqual([
      'S01',
      'S02',
      'S04',
      'S05',
      'S09',
      'S10',
      'S03',
    ]);
    expect(await codes({})).toContain('S08');
    expect((await subscriberListRow(store, 'main', 'S04'))?.status).toBe('CANCELLED_BY_CUSTOMER');
    expect(await subscriberListRow(store, 'main', 'NOPE')).toBeNull();
    await expect(subscriberListRows(store, { productId: '' })).rejects.toMatchObject({ code: 'invalid' });
  });
});
