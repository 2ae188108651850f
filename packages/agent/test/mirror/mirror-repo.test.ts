import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import type {
  ClubModuleRow,
  ClubPageRow,
  ClubStudentRow,
  PlanRow,
  SaleRow,
  SubscriptionRow,
} from '../../src/store/mirror/mirror-rows.ts';
import { createMirrorSql } from '../../src/store/mirror/mirror-sql.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

// One store per adapter for the whole file; each test mirrors its own connection.
let C = 'main';
let tests = 0;
const T0 = Date.parse('2026-05-01T12:00:00Z');

function sale(overrides: Partial<SaleRow> = {}): SaleRow {
  return {
    connectionId: C,
    transactionCode: 'HP0001',
    productId: '100',
    productName: 'Curso',
    offerCode: 'off1',
    buyerEmail: 'ana@example.com',
    buyerName: 'Ana',
    status: 'APPROVED',
    paymentType: 'PIX',
    installments: 1,
    price: 97.5,
    currency: 'BRL',
    orderDate: T0,
    approvedDate: T0 + 1000,
    isSubscription: false,
    subscriberCode: null,
    recurrencyNumber: 1,
    affiliateCode: null,
    couponCode: null,
    trackingSource: null,
    warrantyExpireDate: T0 + 7 * 86_400_000,
    source: 'api',
    raw: { purchase: { transaction: 'HP0001' } },
    stateAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function subscription(overrides: Partial<SubscriptionRow> = {}): SubscriptionRow {
  return {
    connectionId: C,
    subscriberCode: 'SUB1',
    subscriptionId: '55',
    productId: '200',
    planId: '7',
    planCode: null,
    planName: 'Mensal',
    status: 'ACTIVE',
    subscriberEmail: 'bia@example.com',
    subscriberName: 'Bia',
    price: 49.9,
    currency: 'BRL',
    recurrencyPeriod: 30,
    accessionDate: T0,
    endAccessionDate: null,
    dateNextCharge: T0 + 30 * 86_400_000,
    cancellationDate: null,
    trial: false,
    transactionCode: 'HP0002',
    raw: {},
    stateAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

describe.each(storeFactories)('mirror repository on $name', (factory) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await factory.create();
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    C = `c${++tests}`;
  });

  it('shares one SQL access per store, so repositories made per run reuse its prepared statements', async () => {
    expect(createMirrorSql(t.store)).toBe(createMirrorSql(t.store));
    // A repository made after another one reads what the first one wrote, through the same access.
    expect(await createMirrorRepo(t.store).upsertSales([sale()])).toBe(1);
    expect((await createMirrorRepo(t.store).sale(C, 'HP0001'))?.status).toBe('APPROVED');
    const other = await factory.create();
    try {
      expect(createMirrorSql(other.store)).not.toBe(createMirrorSql(t.store));
      expect(await createMirrorRepo(other.store).sale(C, 'HP0001')).toBeNull();
    } finally {
      await other.destroy();
    }
  });

  it('upserts sales, keeps the newer state and the values a source did not send', async () => {
    const repo = createMirrorRepo(t.store);
    expect(await repo.upsertSales([sale()])).toBe(1);

    // A webhook newer than the API read: status changes, the affiliate it names is added, nulls keep values.
    const refunded = sale({
      status: 'REFUNDED',
      source: 'webhook',
      affiliateCode: 'AFF1',
      price: null,
      buyerName: null,
      stateAt: T0 + 5000,
      updatedAt: T0 + 5000,
    });
    expect(await repo.upsertSales([refunded])).toBe(1);
    // A late delivery of an older state changes nothing.
    expect(
      await repo.upsertSales([sale({ status: 'APPROVED', stateAt: T0 + 2000, source: 'webhook' })]),
    ).toBe(0);

    const stored = await repo.sale(C, 'HP0001');
    expect(stored).toMatchObject({
      status: 'REFUNDED',
      source: 'webhook',
      affiliateCode: 'AFF1',
      price: 97.5,
      buyerName: 'Ana',
      isSubscription: false,
      stateAt: T0 + 5000,
      orderDate: T0,
    });
    expect(stored?.raw).toEqual({ purchase: { transaction: 'HP0001' } });
    expect(await repo.sale(C, 'HP-unknown')).toBeNull();
    expect(await repo.sale('other', 'HP0001')).toBeNull();
  });

  it('merges rows repeating a key within one batch the way the database applies them in order', async () => {
    const repo = createMirrorRepo(t.store);
    await repo.upsertSales([
      sale({ stateAt: T0 + 10, status: 'REFUNDED', couponCode: 'BF' }),
      sale({ stateAt: T0 + 5, status: 'APPROVED' }),
      sale({ stateAt: T0 + 10, status: 'CHARGEBACK', couponCode: null }),
    ]);
    const stored = await repo.sale(C, 'HP0001');
    expect(stored?.status).toBe('CHARGEBACK');
    expect(stored?.couponCode).toBe('BF');
    expect((await repo.counts(C)).sales).toBe(1);
  });

  it('links coupon codes, subscribers and plan ids; answers hasPurchased by paid status, product and date', async () => {
    const repo = createMirrorRepo(t.store);
    await repo.upsertSales([
      sale(),
      sale({ transactionCode: 'HP0002', status: 'REFUNDED', buyerEmail: 'caio@example.com' }),
    ]);
    expect(await repo.setSaleCouponCodes(C, [{ transaction: 'HP0001', couponCode: 'BF50' }])).toBe(1);
    expect(await repo.linkSaleSubscribers(C, [{ transaction: 'HP0002', subscriberCode: 'S9' }])).toBe(1);
    // Already linked: left alone.
    expect(await repo.linkSaleSubscribers(C, [{ transaction: 'HP0002', subscriberCode: 'S10' }])).toBe(0);
    expect((await repo.sale(C, 'HP0001'))?.couponCode).toBe('BF50');
    expect((await repo.sale(C, 'HP0002'))?.subscriberCode).toBe('S9');

    expect(await repo.hasPurchased(C, ' ANA@example.com ', '100')).toBe(true);
    expect(await repo.hasPurchased(C, 'ana@example.com', '100', T0 + 1)).toBe(false);
    expect(await repo.hasPurchased(C, 'ana@example.com', '999')).toBe(false);
    expect(await repo.hasPurchased(C, 'caio@example.com', '100')).toBe(false);

    const plan: PlanRow = {
      connectionId: C,
      planCode: 'plan-m',
      productId: '200',
      planId: null,
      name: 'Mensal',
      price: 49.9,
      currency: 'BRL',
      periodicity: 'MONTHLY',
      recurrencyPeriod: 30,
      trialPeriod: null,
      raw: {},
      syncedAt: T0,
    };
    await repo.upsertPlans([plan]);
    expect(await repo.linkPlanIds(C, [{ planId: '7', productId: '200', name: 'Mensal' }])).toBe(1);
    // A re-sync (no id from the plans endpoint) keeps the linked id.
    await repo.upsertPlans([{ ...plan, syncedAt: T0 + 1 }]);
    expect((await repo.plan(C, { planId: '7' }))?.planCode).toBe('plan-m');
    expect((await repo.plan(C, { code: 'plan-m' }))?.planId).toBe('7');
    expect(await repo.plan(C, { code: 'nope', planId: 'nope' })).toBeNull();
    expect(await repo.plan(C, {})).toBeNull();
  });

  it('keeps the newer subscription and records MRR movements once', async () => {
    const repo = createMirrorRepo(t.store);
    await repo.upsertSubscriptions([subscription({ status: 'CANCELLED', stateAt: T0 + 100 })]);
    expect(await repo.upsertSubscriptions([subscription({ status: 'ACTIVE', stateAt: T0 + 50 })])).toBe(0);
    expect((await repo.subscription(C, 'SUB1'))?.status).toBe('CANCELLED');
    expect((await repo.subscription(C, 'SUB1'))?.trial).toBe(false);

    const movement = {
      connectionId: C,
      subscriberCode: 'SUB1',
      at: T0,
      kind: 'new' as const,
      mrrBefore: 0,
      mrrAfter: 49.9,
      currency: 'BRL',
      cause: 'PURCHASE_APPROVED',
    };
    expect(await repo.recordMrrMovement(movement)).toBe(true);
    expect(await repo.recordMrrMovement(movement)).toBe(false);
    expect(
      await repo.recordMrrMovements([
        { ...movement, at: T0 + 100, kind: 'churn', mrrBefore: 49.9, mrrAfter: 0 },
      ]),
    ).toBe(1);
    expect((await repo.lastMrrMovement(C, 'SUB1'))?.kind).toBe('churn');
    expect(await repo.lastMrrMovement(C, 'SUB2')).toBeNull();
    const all = await repo.mrrMovements(C);
    expect(all.map((m) => [m.kind, m.mrrBefore, m.mrrAfter])).toEqual([
      ['new', 0, 49.9],
      ['churn', 49.9, 0],
    ]);
    expect(await repo.mrrMovements(C, { from: T0 + 1 })).toHaveLength(1);
  });

  it('rejects a movement kind the table does not know', async () => {
    const repo = createMirrorRepo(t.store);
    await expect(
      repo.recordMrrMovement({
        connectionId: C,
        subscriberCode: 'S',
        at: 1,
        kind: 'upgrade' as never,
        mrrBefore: 0,
        mrrAfter: 1,
        currency: 'BRL',
        cause: 'x',
      }),
    ).rejects.toThrow();
    expect((await repo.counts(C)).mrrMovements).toBe(0);
  });

  it('prunes catalogue rows a sync did not see', async () => {
    const repo = createMirrorRepo(t.store);
    const product = {
      connectionId: C,
      productId: '1',
      ucode: 'u1',
      name: 'A',
      status: 'ACTIVE',
      format: 'EBOOK',
      isSubscription: false,
      warrantyPeriod: 7,
      createdAt: T0 - 1000,
      raw: { id: 1 },
      syncedAt: T0,
    };
    await repo.upsertProducts([product, { ...product, productId: '2', createdAt: T0 - 5000 }]);
    await repo.upsertProducts([{ ...product, name: 'A2', syncedAt: T0 + 10 }]);
    expect(await repo.oldestProductDate(C)).toBe(T0 - 5000);
    expect(await repo.pruneCatalog(C, 'products', T0 + 10)).toBe(1);
    expect((await repo.counts(C)).products).toBe(1);
    expect(await repo.oldestProductDate('nobody')).toBeNull();
  });

  it('marks a completed module, recounts progress and records first access', async () => {
    const repo = createMirrorRepo(t.store);
    const base = { connectionId: C, subdomain: 'curso', raw: {}, syncedAt: T0 };
    const modules: ClubModuleRow[] = [
      {
        ...base,
        moduleId: 'm1',
        name: 'Início',
        sequence: 1,
        isExtra: false,
        isPublic: false,
        totalPages: 2,
      },
      { ...base, moduleId: 'm2', name: 'Bônus', sequence: 2, isExtra: true, isPublic: false, totalPages: 1 },
    ];
    const pages: ClubPageRow[] = [
      {
        ...base,
        moduleId: 'm1',
        pageKey: 'p1',
        name: 'Aula 1',
        pageOrder: 1,
        type: 'CONTENT',
        isPublished: true,
      },
      {
        ...base,
        moduleId: 'm1',
        pageKey: 'p2',
        name: 'Aula 2',
        pageOrder: 2,
        type: 'CONTENT',
        isPublished: true,
      },
      {
        ...base,
        moduleId: 'm1',
        pageKey: 'p3',
        name: 'Rascunho',
        pageOrder: 3,
        type: 'CONTENT',
        isPublished: false,
      },
      {
        ...base,
        moduleId: 'm2',
        pageKey: 'p4',
        name: 'Extra',
        pageOrder: 1,
        type: 'CONTENT',
        isPublished: true,
      },
    ];
    const student: ClubStudentRow = {
      ...base,
      userId: 'u1',
      email: 'ana@example.com',
      name: 'Ana',
      role: 'STUDENT',
      status: 'ACTIVE',
      completedPercentage: 0,
      pagesCompleted: 0,
      pagesTotal: 2,
      firstAccessDate: null,
      lastAccessDate: null,
    };
    await repo.upsertClubModules(modules);
    await repo.upsertClubPages(pages);
    await repo.upsertClubStudents([student]);
    await repo.upsertClubs([{ connectionId: C, subdomain: 'curso', productId: '300', syncedAt: T0 }]);

    expect(await repo.recordFirstAccess(C, 'curso', 'ANA@example.com', T0 + 10)).toBe(1);
    expect(await repo.recordFirstAccess(C, 'curso', 'ana@example.com', T0 + 5)).toBe(1);
    expect(await repo.recordModuleCompleted(C, 'curso', 'ana@example.com', 'm1', T0 + 20)).toBe(2);
    // Completing the extra module adds progress rows but no percentage (extras don't count).
    expect(await repo.recordModuleCompleted(C, 'curso', 'ana@example.com', 'm2', T0 + 30)).toBe(1);
    // A second completion keeps the first date.
    await repo.recordModuleCompleted(C, 'curso', 'ana@example.com', 'm1', T0 + 40);

    const [stored] = await repo.studentsWithCompletion(C, { subdomain: 'curso' });
    expect(stored).toMatchObject({
      userId: 'u1',
      pagesCompleted: 2,
      completedPercentage: 100,
      firstAccessDate: T0 + 10,
      lastAccessDate: T0 + 10,
    });
    expect(await repo.studentsWithCompletion(C, { minPercentage: 100 })).toHaveLength(1);
    expect(await repo.studentsWithCompletion(C, { belowPercentage: 100 })).toHaveLength(0);
    expect(await repo.studentSubdomains(C, 'Ana@Example.com')).toEqual(['curso']);
    expect((await repo.clubs(C, '300')).map((club) => club.subdomain)).toEqual(['curso']);
    expect(await repo.clubs(C, '999')).toEqual([]);
    const markers = await repo.studentMarkers(C, 'curso');
    expect(markers.get('u1')).toEqual({ pagesCompleted: 2, lastAccessDate: T0 + 10, progressRows: 3 });
    const progress = await t.raw(
      t.name === 'sqlite'
        ? 'SELECT page_id, completed_date FROM mirror_club_progress WHERE connection_id = ? ORDER BY page_id'
        : 'SELECT page_id, completed_date FROM mirror_club_progress WHERE connection_id = $1 ORDER BY page_id',
      [C],
    );
    expect(progress.map((row) => [row['page_id'], Number(row['completed_date'])])).toEqual([
      ['p1', T0 + 20],
      ['p2', T0 + 20],
      ['p4', T0 + 30],
    ]);
    // Unknown e-mail: nothing to mark.
    expect(await repo.recordModuleCompleted(C, 'curso', 'nobody@example.com', 'm1', T0)).toBe(0);
  });

  it('stores text with NUL characters and looks up event names by transaction', async () => {
    const repo = createMirrorRepo(t.store);
    await repo.upsertSales([sale({ buyerName: 'A\u0000B', raw: { note: 'x\u0000y' } })]);
    const stored = await repo.sale(C, 'HP0001');
    expect(stored?.buyerName === 'A\u0000B' || stored?.buyerName === 'A\uFFFDB').toBe(true);
    expect(await repo.eventNamesByTransaction(C, [])).toEqual(new Map());
    expect((await repo.eventNamesByTransaction(C, ['HP0001'])).size).toBe(0);
  });
});
