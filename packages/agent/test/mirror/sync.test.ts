import type { RunningEmulator, Sale } from '@hotpilot/emulator';
import { AuthenticationError, createHotmartClient } from '@hotpilot/hotmart';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { monthlyAmount } from '../../src/mirror/monthly-amount.ts';
import { type SyncProgress, syncConnection } from '../../src/mirror/sync.ts';
import { checkpointKey, readCheckpoint } from '../../src/mirror/sync-checkpoint.ts';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { CONNECTION, countingFetch, emulatorClient, emulatorClubs, startMirrorEmulator } from './support.ts';

let hotmart: RunningEmulator;
const now = () => hotmart.account.now();
// Wide windows keep the request count (17 statuses per window) and the suite's time down; the resume test uses
// narrower ones so an abort lands mid-history.
const WINDOW_DAYS = 365;
const RESUME_WINDOW_DAYS = 180;
/** Requests of a full sales sync, counted once (they don't depend on the store). */
let fullSalesRequests = 0;

beforeAll(async () => {
  hotmart = await startMirrorEmulator();
  const counting = countingFetch();
  const reference = await storeFactories[0]!.create();
  try {
    await syncConnection({
      store: reference.store,
      connection: { id: CONNECTION },
      client: emulatorClient(hotmart, counting.fetch),
      resources: ['sales'],
      windowDays: RESUME_WINDOW_DAYS,
      now,
    });
  } finally {
    await reference.destroy();
  }
  fullSalesRequests = counting.count();
});
afterAll(() => hotmart?.close());

function studentsOf(productId: string | number | null | undefined): number {
  return hotmart.account.students(Number(productId)).length;
}

function allSales(): Sale[] {
  return Array.from({ length: hotmart.account.saleCount() }, (_, index) => hotmart.account.saleAt(index));
}

/** Every n-th element, so spot checks cover the whole history. */
function spread<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, index) => index % step === 0);
}

describe.each(storeFactories)('syncConnection on $name', (factory) => {
  let t: TestStore;
  // One store per adapter; each test mirrors its own connection.
  let C = CONNECTION;
  let tests = 0;
  beforeAll(async () => {
    t = await factory.create();
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    C = `${CONNECTION}-${++tests}`;
  });

  it('fills every table with the emulator account’s values', async () => {
    const repo = createMirrorRepo(t.store);
    const progress: SyncProgress[] = [];
    // Three members areas (each student's lessons cost a request).
    const clubs = emulatorClubs(hotmart)
      .sort((a, b) => studentsOf(a.productId) - studentsOf(b.productId))
      .slice(0, 3);
    const result = await syncConnection({
      store: t.store,
      connection: { id: C },
      client: emulatorClient(hotmart),
      clubs,
      windowDays: WINDOW_DAYS,
      now,
      onProgress: (p) => progress.push(p),
    });
    const { account } = hotmart;
    const counts = await repo.counts(C);

    // Catalogue.
    const products = account.products();
    expect(counts.products).toBe(products.length);
    expect(result.resources.products?.items).toBe(products.length);
    expect(counts.offers).toBe(products.reduce((n, p) => n + account.offers(p.id).length, 0));
    expect(counts.plans).toBe(products.reduce((n, p) => n + account.plans(p.id).length, 0));
    expect(counts.coupons).toBe(
      products.reduce((n, p) => n + account.coupons(p.id).filter((c) => c.status !== 'deleted').length, 0),
    );
    const planned = products.flatMap((p) => account.plans(p.id));
    expect(planned.length).toBeGreaterThan(0);
    for (const plan of planned) {
      const stored = await repo.plan(C, { code: plan.code });
      expect(stored).toMatchObject({
        productId: String(plan.product_id),
        name: plan.name,
        price: plan.price.value,
        currency: plan.price.currency_code,
        recurrencyPeriod: plan.recurrency_period,
      });
    }

    // Sales of every status, not only APPROVED/COMPLETE.
    const sales = allSales();
    expect(counts.sales).toBe(sales.length);
    expect(result.resources.sales?.items).toBe(sales.length);
    const statuses = new Set(sales.map((sale) => sale.status));
    expect(statuses.has('REFUNDED')).toBe(true);
    for (const sale of spread(sales, 60)) {
      const stored = await repo.sale(C, sale.transaction);
      const buyer = account.buyer(sale.buyer_ucode);
      expect(stored).toMatchObject({
        status: sale.status,
        productId: String(sale.product_id),
        offerCode: sale.offer_code,
        buyerEmail: buyer?.email.toLowerCase(),
        price: sale.price.value,
        currency: sale.price.currency_code,
        orderDate: sale.order_date,
        approvedDate: sale.approved_date ?? null,
        paymentType: sale.payment_type,
        installments: sale.installments_number,
        couponCode: sale.coupon_code ?? null,
        subscriberCode: sale.subscriber_code ?? null,
        warrantyExpireDate: sale.warranty_expire_date,
        source: 'api',
      });
    }
    // Participants and commissions, for the sales with an affiliate.
    const withAffiliate = sales.find((sale) => sale.affiliate_code !== undefined);
    expect(withAffiliate).toBeDefined();
    const participants = await t.raw(
      t.name === 'sqlite'
        ? 'SELECT role FROM mirror_sale_participants WHERE transaction_code = ? AND connection_id = ? ORDER BY role'
        : 'SELECT role FROM mirror_sale_participants WHERE transaction_code = $1 AND connection_id = $2 ORDER BY role',
      [withAffiliate!.transaction, C],
    );
    expect(participants.map((row) => row['role'])).toEqual(
      expect.arrayContaining(['AFFILIATE', 'BUYER', 'PRODUCER']),
    );
    const commissions = await t.raw(
      t.name === 'sqlite'
        ? 'SELECT source FROM mirror_commissions WHERE transaction_code = ? AND connection_id = ? ORDER BY source'
        : 'SELECT source FROM mirror_commissions WHERE transaction_code = $1 AND connection_id = $2 ORDER BY source',
      [withAffiliate!.transaction, C],
    );
    expect(commissions.map((row) => row['source'])).toEqual(
      expect.arrayContaining(['AFFILIATE', 'PRODUCER']),
    );

    // Subscriptions and their purchases.
    const subscriptions = account.subscriptions();
    expect(counts.subscriptions).toBe(subscriptions.length);
    expect(counts.subscriptionPurchases).toBe(subscriptions.reduce((n, s) => n + s.transactions.length, 0));
    for (const subscription of subscriptions) {
      const plan = account.plan(subscription.plan_id)!;
      const stored = await repo.subscription(C, subscription.subscriber_code);
      expect(stored).toMatchObject({
        status: subscription.status,
        productId: String(subscription.product_id),
        planId: String(plan.id),
        planCode: plan.code,
        planName: plan.name,
        price: plan.price.value,
        recurrencyPeriod: plan.recurrency_period,
        accessionDate: subscription.accession_date,
        dateNextCharge: subscription.date_next_charge,
        trial: subscription.trial,
        transactionCode: subscription.transaction,
      });
      // Baseline MRR: new at accession, churn when ended.
      const movements = (await repo.mrrMovements(C)).filter(
        (m) => m.subscriberCode === subscription.subscriber_code,
      );
      if (subscription.status !== 'STARTED') {
        expect(movements[0]).toMatchObject({
          kind: 'new',
          at: subscription.accession_date,
          mrrAfter: monthlyAmount(plan.price.value, plan.recurrency_period),
        });
      }
    }

    // Members areas.
    const synced = clubs.map((club) => account.product(Number(club.productId))!);
    expect(counts.clubs).toBe(synced.length);
    expect(counts.clubModules).toBe(synced.reduce((n, p) => n + account.modules(p.id).length, 0));
    expect(counts.clubStudents).toBe(synced.reduce((n, p) => n + account.students(p.id).length, 0));
    expect(counts.clubPages).toBe(
      synced.reduce(
        (n, p) => n + account.modules(p.id).reduce((m, mod) => m + account.pages(mod.module_id).length, 0),
        0,
      ),
    );
    const club = synced.find((p) => account.students(p.id).some((s) => s.completed.size > 0))!;
    const student = account.students(club.id).find((s) => s.completed.size > 0)!;
    const [storedStudent] = await repo.studentsWithCompletion(C, {
      subdomain: club.club_subdomain!,
      email: student.email,
    });
    expect(storedStudent).toMatchObject({ userId: student.user_id, name: student.name, role: student.role });
    const completed = await t.raw(
      t.name === 'sqlite'
        ? 'SELECT count(*) AS n FROM mirror_club_progress WHERE user_id = ? AND connection_id = ? AND is_completed = 1'
        : 'SELECT count(*) AS n FROM mirror_club_progress WHERE user_id = $1 AND connection_id = $2 AND is_completed',
      [student.user_id, C],
    );
    expect(Number(completed[0]?.['n'])).toBe(student.completed.size);

    // Progress was reported per resource, windows counted to their total.
    const salesProgress = progress.filter((p) => p.resource === 'sales');
    expect(salesProgress.at(-1)).toMatchObject({ done: salesProgress.length, total: salesProgress.length });
    expect(salesProgress.at(-1)?.items).toBe(sales.length);
    expect(progress.some((p) => p.resource === 'club' && p.done === synced.length)).toBe(true);
    const checkpoint = await readCheckpoint(t.store, C, 'sales');
    expect(checkpoint?.until).toBe(result.resources.sales?.to);
  });

  it('resumes an aborted sync at the last finished window: no gaps, no duplicates, fewer requests', async () => {
    const to = now();
    const base = {
      connection: { id: C },
      resources: ['sales'] as const,
      windowDays: RESUME_WINDOW_DAYS,
      now,
      to,
    };
    const fullRequests = fullSalesRequests;
    expect(fullRequests).toBeGreaterThan(40);

    // Abort in the middle of a window.
    const counting = countingFetch();
    const controller = new AbortController();
    counting.abortAfter(Math.floor(fullRequests / 2), controller);
    const client = emulatorClient(hotmart, counting.fetch);
    await expect(
      syncConnection({ ...base, store: t.store, client, signal: controller.signal }),
    ).rejects.toThrow();
    const checkpoint = await readCheckpoint(t.store, C, 'sales');
    expect(checkpoint).not.toBeNull();
    expect(checkpoint!.until).toBeLessThan(to);
    const firstRun = counting.count();

    counting.reset();
    const resumed = await syncConnection({ ...base, store: t.store, client });
    expect(counting.count()).toBeLessThan(fullRequests);
    expect(firstRun + counting.count()).toBeGreaterThanOrEqual(fullRequests);
    expect(resumed.resources.sales?.from).toBe(checkpoint!.until - 86_400_000);

    const stored = await t.raw(
      t.name === 'sqlite'
        ? 'SELECT transaction_code FROM mirror_sales WHERE connection_id = ?'
        : 'SELECT transaction_code FROM mirror_sales WHERE connection_id = $1',
      [C],
    );
    const codes = stored.map((row) => String(row['transaction_code']));
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes)).toEqual(new Set(allSales().map((sale) => sale.transaction)));
    expect((await readCheckpoint(t.store, C, 'sales'))?.until).toBe(to);
  });

  it('syncs only what is new after the checkpoint, and drops catalogue rows the API no longer lists', async () => {
    const repo = createMirrorRepo(t.store);
    const client = emulatorClient(hotmart);
    const base = { store: t.store, connection: { id: C }, client, windowDays: WINDOW_DAYS, now };
    await syncConnection({ ...base, resources: ['products', 'sales'] });
    const before = await repo.counts(C);

    const product = hotmart.account.products().find((p) => hotmart.account.coupons(p.id).length > 0)!;
    const coupon = hotmart.account.coupons(product.id).find((c) => c.status !== 'deleted')!;
    const change = hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED', product_id: product.id });
    hotmart.account.deleteCoupon(coupon.id);
    try {
      const second = await syncConnection({ ...base, resources: ['products', 'sales'] });
      expect(second.resources.sales?.windows).toBe(1);
      const after = await repo.counts(C);
      expect(after.sales).toBe(before.sales + 1);
      expect(after.coupons).toBe(before.coupons - 1);
      const transaction = (change as { transaction: string }).transaction;
      expect((await repo.sale(C, transaction))?.status).toBe('APPROVED');
    } finally {
      hotmart.account.reset();
    }
  });

  it('refuses bad options and stores nothing when the API refuses the credentials', async () => {
    const client = emulatorClient(hotmart);
    const base = { store: t.store, connection: { id: C }, client, now };
    await expect(syncConnection({ ...base, windowDays: 0 })).rejects.toThrow(/windowDays/);
    await expect(syncConnection({ ...base, resources: ['orders' as never] })).rejects.toThrow(
      /unknown resource/,
    );
    await expect(syncConnection({ ...base, from: 10, to: 5 })).rejects.toThrow(/from must not be after to/);
    await expect(syncConnection({ ...base, connection: { id: '' } })).rejects.toThrow(/connection\.id/);
    await expect(syncConnection({ ...base, clubs: [{ subdomain: ' ' }] })).rejects.toThrow(/subdomain/);

    const wrong = createHotmartClient({
      clientId: hotmart.credentials.clientId,
      clientSecret: 'not-the-secret',
      apiBaseUrl: hotmart.apiBaseUrl,
      tokenUrl: hotmart.tokenUrl,
      rateLimit: false,
      maxRetries: 0,
    });
    await expect(syncConnection({ ...base, client: wrong, resources: ['sales'] })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(await t.store.getState(checkpointKey(C, 'sales'))).toBeNull();
    expect((await createMirrorRepo(t.store).counts(C)).sales).toBe(0);

    // No members area known: the club resource is skipped, not failed.
    const skipped = await syncConnection({ ...base, resources: ['club'] });
    expect(skipped.resources.club).toEqual({ items: 0, skipped: 'no members area configured' });
  });
});
