import type { Sale, Subscription } from '@hotpilot/emulator';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionLike } from '../../../src/connectors/connections.ts';
import { VendorError, VendorRequestError } from '../../../src/connectors/errors.ts';
import {
  type HotmartCredentials,
  hotmartCancelSubscription,
  hotmartCancelSubscriptions,
  hotmartChangeDueDay,
  hotmartConnector,
  hotmartCreateBillet,
  hotmartCreateCoupon,
  hotmartCreateNegotiation,
  hotmartDeleteCoupon,
  hotmartGetAccountInfo,
  hotmartGetEventInfo,
  hotmartGetSaleCommissions,
  hotmartGetSalePriceDetails,
  hotmartGetSalesHistory,
  hotmartGetSalesSummary,
  hotmartGetStudentLessons,
  hotmartGetSubscriptionsSummary,
  hotmartGetUserMe,
  hotmartListClubModules,
  hotmartListClubPages,
  hotmartListClubPagesV2,
  hotmartListClubStudents,
  hotmartListCoupons,
  hotmartListEventParticipants,
  hotmartListOffers,
  hotmartListPlans,
  hotmartListProducts,
  hotmartListSaleParticipants,
  hotmartListSubscriberPurchases,
  hotmartListSubscriptions,
  hotmartListSubscriptionTransactions,
  hotmartListSwitchPlanOptions,
  hotmartReactivateSubscription,
  hotmartReactivateSubscriptions,
  hotmartRefundSale,
  hotmartSwitchPlan,
  hotmartUpdateProductConfiguration,
} from '../../../src/connectors/hotmart/index.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import type { ActionDefinition } from '../../../src/connectors/kit.ts';

// Every action of the connector against a running emulator over real HTTP: values are checked against the
// emulator's account, writes against the state they change.

let hotmart: RunningEmulator;
let connection: ConnectionLike;
const sent: { method: string; url: URL; headers: Headers }[] = [];

// A fetch of our own: the client cache is keyed by it, and it records what went out.
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  sent.push({ method: request.method, url: new URL(request.url), headers: request.headers });
  return fetch(request);
};

function call<I, O>(
  action: ActionDefinition<I, O, HotmartCredentials>,
  input: unknown,
  idempotencyKey?: string,
): Promise<O> {
  return invokeAction(action, input, {
    connector: hotmartConnector,
    connection,
    fetch: recordingFetch,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

function sales(predicate: (sale: Sale) => boolean): Sale[] {
  const found: Sale[] = [];
  for (let index = 0; index < hotmart.account.saleCount(); index++) {
    const sale = hotmart.account.saleAt(index);
    if (predicate(sale)) found.push(sale);
  }
  return found;
}

function subscription(predicate: (s: Subscription) => boolean): Subscription {
  const found = hotmart.account.subscriptions().find(predicate);
  if (!found) throw new Error('the seeded account has no matching subscription');
  return found;
}

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 11, sales: 800, rateLimit: false });
  connection = {
    id: 'main',
    kind: 'hotmart',
    name: 'Main',
    credentials: { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret },
    settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
  };
});

afterAll(async () => {
  await hotmart.close();
});

beforeEach(() => {
  // Every test starts from the seeded account: writes of one test never leak into another.
  hotmart.emulator.reset();
  sent.length = 0;
});

describe('sales', () => {
  it('hotmart_get_sales_history finds one sale by transaction with its price and buyer', async () => {
    const sale = sales((s) => s.status === 'REFUNDED')[0] ?? hotmart.account.saleAt(3);
    const result = await call(hotmartGetSalesHistory, { transaction: sale.transaction });
    expect(result.items).toHaveLength(1);
    const item = result.items[0] as {
      purchase: Record<string, unknown>;
      buyer: { email: string };
      product: { id: number };
    };
    expect(item.purchase['transaction']).toBe(sale.transaction);
    expect(item.purchase['status']).toBe(sale.status);
    expect(item.purchase['price']).toMatchObject({
      value: sale.price.value,
      currency_code: sale.price.currency_code,
    });
    expect(item.buyer.email).toBe(hotmart.account.buyer(sale.buyer_ucode)?.email);
    expect(item.product.id).toBe(sale.product_id);
  });

  it('hotmart_get_sales_history returns only APPROVED and COMPLETE sales without a status filter', async () => {
    const result = await call(hotmartGetSalesHistory, { max_results: 50 });
    expect(result.items.length).toBe(50);
    const statuses = new Set(
      result.items.map((item) => (item as { purchase: { status: string } }).purchase.status),
    );
    expect([...statuses].every((status) => status === 'APPROVED' || status === 'COMPLETE')).toBe(true);
    expect(typeof result.page_info?.next_page_token).toBe('string');
  });

  it('hotmart_get_sales_history takes ISO dates and follows pages up to the limit', async () => {
    const expected = sales(
      (s) => (s.status === 'APPROVED' || s.status === 'COMPLETE') && s.order_date >= Date.parse('2026-01-01'),
    );
    expect(expected.length).toBeGreaterThan(60);
    const result = await call(hotmartGetSalesHistory, {
      start_date: '2026-01-01',
      max_results: 25,
      all: true,
      limit: 60,
    });
    expect(result.items).toHaveLength(60);
    expect(result.truncated).toBe(true);
    expect(result.pages_fetched).toBe(3);
    const wanted = new Set(expected.map((s) => s.transaction));
    for (const item of result.items) {
      expect(wanted.has((item as { purchase: { transaction: string } }).purchase.transaction)).toBe(true);
    }
    // The ISO date went out as Hotmart's epoch milliseconds (reference §3.1).
    const history = sent.filter((request) => request.url.pathname.endsWith('/sales/history'));
    expect(history.map((request) => request.url.searchParams.get('start_date'))).toEqual([
      String(Date.parse('2026-01-01')),
      String(Date.parse('2026-01-01')),
      String(Date.parse('2026-01-01')),
    ]);
  });

  it('hotmart_get_sales_history with all: true reads every page of a small result', async () => {
    const product = hotmart.account.saleAt(0).product_id;
    const expected = sales(
      (s) => s.product_id === product && (s.status === 'APPROVED' || s.status === 'COMPLETE'),
    );
    const result = await call(hotmartGetSalesHistory, { product_id: product, max_results: 10, all: true });
    expect(result.items).toHaveLength(expected.length);
    expect(result.truncated).toBe(false);
    expect(result.pages_fetched).toBe(Math.max(1, Math.ceil(expected.length / 10)));
  });

  it('hotmart_get_sales_summary counts the sales of a product per currency', async () => {
    const product = hotmart.account.saleAt(0).product_id;
    const expected = new Map<string, number>();
    for (const sale of sales(
      (s) => s.product_id === product && (s.status === 'APPROVED' || s.status === 'COMPLETE'),
    )) {
      expected.set(sale.price.currency_code, (expected.get(sale.price.currency_code) ?? 0) + 1);
    }
    const result = await call(hotmartGetSalesSummary, { product_id: product });
    const got = new Map(
      result.items.map((item) => {
        const total = item as { total_items: number; total_value: { currency_code: string } };
        return [total.total_value.currency_code, total.total_items] as const;
      }),
    );
    expect(got).toEqual(expected);
  });

  it('hotmart_list_sale_participants names the buyer of a sale', async () => {
    const sale = hotmart.account.saleAt(5);
    const result = await call(hotmartListSaleParticipants, { transaction: sale.transaction });
    const item = result.items[0] as {
      transaction: string;
      users: { role: string; user: { email?: string } }[];
    };
    expect(item.transaction).toBe(sale.transaction);
    const emails = item.users.map((entry) => entry.user.email);
    expect(emails).toContain(hotmart.account.buyer(sale.buyer_ucode)?.email);
    expect(item.users.map((entry) => entry.role)).toContain('PRODUCER');
  });

  it('hotmart_get_sale_commissions and hotmart_get_sale_price_details describe one sale', async () => {
    const sale = sales((s) => s.status === 'APPROVED')[0] as Sale;
    const commissions = await call(hotmartGetSaleCommissions, { transaction: sale.transaction });
    const commission = commissions.items[0] as { transaction: string; commissions: { source: string }[] };
    expect(commission.transaction).toBe(sale.transaction);
    expect(commission.commissions.map((entry) => entry.source)).toContain('PRODUCER');

    const details = await call(hotmartGetSalePriceDetails, { transaction: sale.transaction });
    const detail = details.items[0] as { transaction: string; total: { currency_code: string } };
    expect(detail.transaction).toBe(sale.transaction);
    expect(detail.total.currency_code).toBe(sale.full_price.currency_code);
  });

  it('hotmart_refund_sale refunds an approved sale, carrying the idempotency key', async () => {
    const sale = sales(
      (s) =>
        (s.status === 'APPROVED' || s.status === 'COMPLETE') &&
        s.payment_type !== 'DIRECT_DEBIT' &&
        !s.subscriber_code,
    )[0] as Sale;
    const result = await call(hotmartRefundSale, { transaction: sale.transaction }, 'run_1:refund');
    expect(result).toEqual({});
    expect(hotmart.account.sale(sale.transaction)?.status).toBe('REFUNDED');
    const refund = sent.find((request) => request.url.pathname.endsWith('/refund'));
    expect(refund?.method).toBe('PUT');
    expect(refund?.headers.get('idempotency-key')).toBe('run_1:refund');

    // A second refund is Hotmart's own 400, mapped to a non-retryable error with Hotmart's code.
    const again = await call(hotmartRefundSale, { transaction: sale.transaction }).catch(
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(VendorRequestError);
    expect(again).toMatchObject({
      vendor: 'hotmart',
      status: 400,
      code: 'refund_request_already_exists',
      retryable: false,
    });
  });

  it('hotmart_refund_sale of an unknown transaction is a 404 purchase_not_found', async () => {
    const error = await call(hotmartRefundSale, { transaction: 'HP00000000000000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ status: 404, code: 'purchase_not_found', retryable: false });
  });

  it('hotmart_create_billet issues a new boleto for a sale awaiting payment', async () => {
    const sale = hotmart.account.saleAt(7);
    hotmart.account.updateSale(sale.transaction, { status: 'EXPIRED', payment_type: 'BILLET' });
    const result = await call(hotmartCreateBillet, { transaction: sale.transaction });
    expect(result.billet_url).toBe(hotmart.account.sale(sale.transaction)?.billet_url);
    expect(hotmart.account.sale(sale.transaction)?.status).toBe('PRINTED_BILLET');
  });
});

describe('subscriptions', () => {
  it('hotmart_list_subscriptions lists every ACTIVE or OVERDUE subscription', async () => {
    const expected = hotmart.account
      .subscriptions()
      .filter((s) => s.status === 'ACTIVE' || s.status === 'OVERDUE')
      .map((s) => s.subscriber_code)
      .sort();
    const result = await call(hotmartListSubscriptions, {
      status: ['ACTIVE', 'OVERDUE'],
      all: true,
      max_results: 20,
    });
    expect(result.items.map((item) => (item as { subscriber_code: string }).subscriber_code).sort()).toEqual(
      expected,
    );
  });

  it('hotmart_get_subscriptions_summary and hotmart_list_subscription_transactions follow one subscriber', async () => {
    const sub = subscription((s) => s.transactions.length >= 2);
    const summary = await call(hotmartGetSubscriptionsSummary, { subscriber_code: sub.subscriber_code });
    expect(summary.items.map((item) => (item as { subscriber_code: string }).subscriber_code)).toEqual([
      sub.subscriber_code,
    ]);
    const transactions = await call(hotmartListSubscriptionTransactions, {
      subscriber_code: sub.subscriber_code,
      all: true,
    });
    const charged = transactions.items.map(
      (item) => (item as { purchase: { transaction: string } }).purchase.transaction,
    );
    expect(charged.sort()).toEqual([...sub.transactions].sort());
  });

  it('hotmart_list_subscriber_purchases returns the charges of a subscription as items', async () => {
    const sub = subscription((s) => s.transactions.length >= 1);
    const result = await call(hotmartListSubscriberPurchases, { subscriber_code: sub.subscriber_code });
    expect(result.items.map((item) => (item as { transaction: string }).transaction).sort()).toEqual(
      [...sub.transactions].sort(),
    );
  });

  it('hotmart_cancel_subscription cancels, and cancelling again is Hotmart’s refusal', async () => {
    const sub = subscription((s) => s.status === 'ACTIVE');
    const result = await call(hotmartCancelSubscription, {
      subscriber_code: sub.subscriber_code,
      send_mail: false,
    });
    expect(result.subscriber_code).toBe(sub.subscriber_code);
    expect(hotmart.account.subscription(sub.subscriber_code)?.status).toBe('CANCELLED_BY_SELLER');
    const cancel = sent.find((request) => request.url.pathname.endsWith('/cancel'));
    expect(cancel?.headers.get('idempotency-key')).toMatch(/^adhoc:/);

    const again = await call(hotmartCancelSubscription, { subscriber_code: sub.subscriber_code }).catch(
      (e: unknown) => e,
    );
    expect(again).toMatchObject({
      status: 400,
      code: 'it_can_not_cancel_subscription_status',
      retryable: false,
    });
  });

  it('hotmart_cancel_subscriptions and hotmart_reactivate_subscriptions report each subscription', async () => {
    const active = hotmart.account
      .subscriptions()
      .filter((s) => s.status === 'ACTIVE')
      .slice(0, 2);
    expect(active).toHaveLength(2);
    const codes = active.map((s) => s.subscriber_code);
    const cancelled = await call(hotmartCancelSubscriptions, {
      subscriber_code: [...codes, 'NOPE0000'],
      send_mail: false,
    });
    expect(cancelled.success_subscriptions.map((s) => s.subscriber_code).sort()).toEqual([...codes].sort());
    expect(cancelled.fail_subscriptions).toEqual([
      { subscriber_code: 'NOPE0000', error: 'SUBSCRIPTION_NOT_FOUND' },
    ]);
    for (const code of codes) expect(hotmart.account.subscription(code)?.status).toBe('CANCELLED_BY_SELLER');

    const reactivated = await call(hotmartReactivateSubscriptions, { subscriber_code: codes, charge: false });
    expect(reactivated.success_subscriptions).toHaveLength(2);
    for (const code of codes) expect(hotmart.account.subscription(code)?.status).toBe('ACTIVE');
  });

  it('hotmart_reactivate_subscription brings a cancelled subscription back', async () => {
    const sub = subscription(
      (s) => s.status === 'CANCELLED_BY_CUSTOMER' || s.status === 'CANCELLED_BY_SELLER',
    );
    const result = await call(hotmartReactivateSubscription, { subscriber_code: sub.subscriber_code });
    expect(result.subscriber_code).toBe(sub.subscriber_code);
    expect(hotmart.account.subscription(sub.subscriber_code)?.status).toBe('ACTIVE');
  });

  it('hotmart_change_due_day sets the charge day', async () => {
    const sub = subscription((s) => s.status === 'ACTIVE' && !s.trial && s.due_day !== 10);
    const plan = hotmart.account.plan(sub.plan_id);
    const day = plan?.periodicity === 'WEEKLY' ? 3 : 10;
    const result = await call(hotmartChangeDueDay, { subscriber_code: sub.subscriber_code, due_day: day });
    expect(result).toEqual({});
    expect(hotmart.account.subscription(sub.subscriber_code)?.due_day).toBe(day);
  });

  it('hotmart_list_switch_plan_options and hotmart_switch_plan move a subscriber to another plan', async () => {
    const sub = subscription((s) => s.status === 'ACTIVE' && hotmart.account.plans(s.product_id).length > 1);
    const target = hotmart.account.plans(sub.product_id).find((plan) => plan.id !== sub.plan_id);
    if (!target) throw new Error('no second plan');
    // Make the target switchable: the seed decides it per plan, the test needs one.
    target.is_switch_plan_enabled = true;
    const options = await call(hotmartListSwitchPlanOptions, { subscriber_codes: sub.subscriber_code });
    const entry = options.items[0] as { subscriber_code: string; plans: { offer: { key: string } }[] };
    expect(entry.subscriber_code).toBe(sub.subscriber_code);
    expect(entry.plans.map((plan) => plan.offer.key)).toContain(target.code);

    await call(hotmartSwitchPlan, { subscriber_code: sub.subscriber_code, offer_code: target.code });
    expect(hotmart.account.subscription(sub.subscriber_code)?.plan_id).toBe(target.id);
  });

  it('hotmart_create_negotiation creates a payment link for unpaid recurrences', async () => {
    const sub = subscription((s) => s.status === 'ACTIVE');
    hotmart.account.updateSubscription(sub.subscriber_code, {
      unpaid: [{ number: 2, charge_date: hotmart.account.now() - 86_400_000 }],
    });
    const result = await call(hotmartCreateNegotiation, {
      subscription_id: sub.subscription_id,
      recurrences: [2],
      payment_type: 'PIX',
    });
    const created = hotmart.account.negotiations().at(-1);
    expect(created?.subscription_id).toBe(sub.subscription_id);
    expect((result as { url?: string }).url).toBe(created?.url);

    const refused = await call(hotmartCreateNegotiation, {
      subscription_id: sub.subscription_id,
      recurrences: [2],
      payment_type: 'BILLET',
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: 'invalid_parameter', retryable: false });
  });
});

describe('products and coupons', () => {
  it('hotmart_list_products lists the whole catalogue', async () => {
    const result = await call(hotmartListProducts, { all: true, max_results: 5 });
    expect(result.items.map((item) => (item as { id: number }).id).sort()).toEqual(
      hotmart.account
        .products()
        .map((product) => product.id)
        .sort(),
    );
  });

  it('hotmart_list_offers and hotmart_list_plans read a product by ucode', async () => {
    const product =
      hotmart.account.products().find((p) => p.is_subscription) ?? hotmart.account.products()[0];
    if (!product) throw new Error('no product');
    const offers = await call(hotmartListOffers, { ucode: product.ucode, all: true });
    expect(offers.items.map((item) => (item as { code: string }).code).sort()).toEqual(
      hotmart.account
        .offers(product.id)
        .map((offer) => offer.code)
        .sort(),
    );
    const plans = await call(hotmartListPlans, { ucode: product.ucode, all: true });
    expect(plans.items.map((item) => (item as { code: string }).code).sort()).toEqual(
      hotmart.account
        .plans(product.id)
        .map((plan) => plan.code)
        .sort(),
    );
  });

  it('hotmart_update_product_configuration sets the e-mail flag', async () => {
    const product = hotmart.account.products()[0];
    if (!product) throw new Error('no product');
    await call(hotmartUpdateProductConfiguration, {
      product_id: product.id,
      is_allowed_to_email_the_buyer: false,
    });
    expect(hotmart.account.product(product.id)?.is_allowed_to_email_the_buyer).toBe(false);
  });

  it('creates, lists and deletes a coupon', async () => {
    const product = hotmart.account.products().find((p) => !p.is_subscription);
    if (!product) throw new Error('no one-off product');
    const created = await call(hotmartCreateCoupon, {
      product_id: product.id,
      code: 'WELCOME10',
      discount: 0.1,
      start_date: '2026-06-01',
      end_date: '2026-12-31T23:59:59Z',
    });
    expect(created).toEqual({});
    const stored = hotmart.account.coupons(product.id).find((coupon) => coupon.coupon_code === 'WELCOME10');
    expect(stored).toMatchObject({
      discount: 0.1,
      start_date: Date.parse('2026-06-01'),
      end_date: Date.parse('2026-12-31T23:59:59Z'),
    });

    const listed = await call(hotmartListCoupons, { product_id: product.id, code: 'WELCOME10' });
    const coupon = listed.items[0] as { id: number; coupon_code: string; discount: number };
    expect(coupon).toMatchObject({ id: stored?.id, coupon_code: 'WELCOME10', discount: 0.1 });

    await call(hotmartDeleteCoupon, { coupon_id: coupon.id });
    expect(hotmart.account.coupon(coupon.id)?.status).toBe('deleted');
  });
});

describe('members area, events and account', () => {
  it('lists students, modules and pages and reads a student’s lessons', async () => {
    const product = hotmart.account.clubProducts()[0];
    if (!product?.club_subdomain) throw new Error('no club product');
    const subdomain = product.club_subdomain;

    const students = await call(hotmartListClubStudents, { subdomain, all: true, limit: 10_000 });
    expect(students.items.map((item) => (item as { user_id: string }).user_id).sort()).toEqual(
      hotmart.account
        .students(product.id)
        .map((student) => student.user_id)
        .sort(),
    );

    const modules = await call(hotmartListClubModules, { subdomain });
    const expectedModules = hotmart.account.modules(product.id);
    expect(modules.items.map((item) => (item as { module_id: string }).module_id)).toEqual(
      expectedModules.map((module) => module.module_id),
    );

    const firstModule = expectedModules[0];
    if (!firstModule) throw new Error('no module');
    const pages = await call(hotmartListClubPages, { module_id: firstModule.module_id, subdomain });
    expect(pages.items.map((item) => (item as { page_id: string }).page_id)).toEqual(
      hotmart.account.pages(firstModule.module_id).map((page) => page.page_id),
    );
    const pagesV2 = await call(hotmartListClubPagesV2, {
      module_id: firstModule.module_id,
      product_id: product.id,
    });
    expect(pagesV2.items).toHaveLength(hotmart.account.pages(firstModule.module_id).length);

    const student = hotmart.account.students(product.id)[0];
    if (!student) throw new Error('no student');
    const lessons = await call(hotmartGetStudentLessons, { user_id: student.user_id, subdomain });
    const completed = lessons.lessons.filter((lesson) => lesson.is_completed).map((lesson) => lesson.page_id);
    expect(completed.sort()).toEqual([...student.completed.keys()].sort());
  });

  it('reads an event and its participants', async () => {
    const product = hotmart.account.products().find((p) => p.is_event && hotmart.account.event(p.id));
    if (!product) throw new Error('no event product');
    const event = hotmart.account.event(product.id);
    const info = await call(hotmartGetEventInfo, { event_id: product.id });
    expect(info.lots?.map((lot) => lot.id)).toEqual(event?.lots.map((lot) => lot.id));
    expect(info.start_event_date).toBe(event?.start_event_date);

    const participants = await call(hotmartListEventParticipants, {
      event_id: product.id,
      all: true,
      limit: 10_000,
    });
    expect(participants.items.map((item) => (item as { eticket: { id: number } }).eticket.id).sort()).toEqual(
      hotmart.account
        .tickets(product.id)
        .map((ticket) => ticket.id)
        .sort(),
    );
  });

  it('hotmart_get_user_me and hotmart_get_account_info describe the producer', async () => {
    const me = await call(hotmartGetUserMe, {});
    expect(me).toMatchObject({
      id: hotmart.account.producer.id,
      name: hotmart.account.producer.name,
      email: hotmart.account.producer.email,
      ucode: hotmart.account.producer.ucode,
    });
    const info = await call(hotmartGetAccountInfo, {
      query: `{ accountByFilterToExternalApplication(accountInput: { ucode: "${hotmart.account.producer.ucode}" }) { name } }`,
    });
    expect(info.data).toMatchObject({
      accountByFilterToExternalApplication: { name: hotmart.account.producer.name },
    });
    // Reads carry no idempotency key: it is only for writes.
    expect(sent.every((request) => request.headers.get('idempotency-key') === null)).toBe(true);
  });
});

describe('failures', () => {
  it('a 5xx that outlasts the client’s retries is a retryable VendorError', async () => {
    hotmart.emulator.faults.add({ route: '/user/api/v1/me', errorRate: 1, errorStatus: 503 });
    const error = await call(hotmartGetUserMe, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).not.toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ vendor: 'hotmart', status: 503, retryable: true });
    // The client retried (3 retries after the first attempt): no second retry loop of ours on top.
    expect(sent.filter((request) => request.url.pathname === '/user/api/v1/me')).toHaveLength(4);
  });

  it('an unknown product is a non-retryable 4xx', async () => {
    const error = await call(hotmartListOffers, { ucode: '00000000-0000-0000-0000-000000000000' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect((error as VendorRequestError).retryable).toBe(false);
    expect((error as VendorRequestError).status).toBeGreaterThanOrEqual(400);
    expect((error as VendorRequestError).status).toBeLessThan(500);
  });
});
