import { describe, expect, it } from 'vitest';
import { type HotmartClient, InvalidInputError } from '../../src/index.ts';
import { type FakeHotmart, json, type RecordedRequest, setup } from './fake-hotmart.ts';

interface Case {
  readonly op: string;
  readonly call: (client: HotmartClient) => PromiseLike<unknown>;
  readonly method: string;
  readonly path: string;
  /** Expected query as [key, value] pairs in order (repeated keys appear repeatedly). */
  readonly query?: [string, string][];
  readonly body?: unknown;
  /** What the fake answers with; a page envelope by default. */
  readonly answer?: unknown;
}

const page = { items: [], page_info: { results_per_page: 0 } };
const jan = new Date('2024-01-01T00:00:00Z');
const feb = Date.UTC(2024, 1, 1);

// Every operation of reference §4.1–§4.8, on the official paths.
const cases: Case[] = [
  {
    op: 'sales.history',
    call: (c) =>
      c.sales.history({
        product_id: 2125812,
        start_date: jan,
        end_date: feb,
        transaction_status: 'APPROVED',
        select: ['purchase.transaction', 'buyer.email'],
        max_results: 500,
      }),
    method: 'GET',
    path: '/payments/api/v1/sales/history',
    query: [
      ['product_id', '2125812'],
      ['start_date', String(jan.getTime())],
      ['end_date', String(feb)],
      ['transaction_status', 'APPROVED'],
      ['select', 'purchase.transaction,buyer.email'],
      ['max_results', '500'],
    ],
  },
  {
    op: 'sales.summary',
    call: (c) => c.sales.summary({ affiliate_name: 'Ann', payment_type: 'PIX' }),
    method: 'GET',
    path: '/payments/api/v1/sales/summary',
    query: [
      ['affiliate_name', 'Ann'],
      ['payment_type', 'PIX'],
    ],
  },
  {
    op: 'sales.users',
    call: (c) => c.sales.users({ transaction: 'HP17715690036014' }),
    method: 'GET',
    path: '/payments/api/v1/sales/users',
    query: [['transaction', 'HP17715690036014']],
  },
  {
    op: 'sales.commissions',
    call: (c) => c.sales.commissions({ commission_as: 'AFFILIATE', page_token: 'abc' }),
    method: 'GET',
    path: '/payments/api/v1/sales/commissions',
    query: [
      ['commission_as', 'AFFILIATE'],
      ['page_token', 'abc'],
    ],
  },
  {
    op: 'sales.priceDetails',
    call: (c) => c.sales.priceDetails({ transaction_status: 'COMPLETE' }),
    method: 'GET',
    path: '/payments/api/v1/sales/price/details',
    query: [['transaction_status', 'COMPLETE']],
  },
  {
    op: 'sales.refund',
    call: (c) => c.sales.refund('HP17715690036014'),
    method: 'PUT',
    path: '/payments/api/v1/sales/HP17715690036014/refund',
    answer: {},
  },
  {
    op: 'sales.newBillet',
    call: (c) => c.sales.newBillet('HP17715690036014'),
    method: 'PUT',
    path: '/payments/api/v1/sales/HP17715690036014/billet',
    answer: { billet_url: 'https://hotmart.com/billet/1' },
  },
  {
    op: 'subscriptions.list',
    call: (c) =>
      c.subscriptions.list({
        status: ['CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_SELLER', 'CANCELLED_BY_ADMIN'],
        plan: ['Gold', 'Silver'],
        trial: false,
        accession_date: jan,
      }),
    method: 'GET',
    path: '/payments/api/v1/subscriptions',
    query: [
      ['status', 'CANCELLED_BY_CUSTOMER'],
      ['status', 'CANCELLED_BY_SELLER'],
      ['status', 'CANCELLED_BY_ADMIN'],
      ['plan', 'Gold'],
      ['plan', 'Silver'],
      ['trial', 'false'],
      ['accession_date', String(jan.getTime())],
    ],
  },
  {
    op: 'subscriptions.summary',
    call: (c) => c.subscriptions.summary({ subscriber_code: 'ABC12DEF' }),
    method: 'GET',
    path: '/payments/api/v1/subscriptions/summary',
    query: [['subscriber_code', 'ABC12DEF']],
  },
  {
    op: 'subscriptions.transactions',
    call: (c) =>
      c.subscriptions.transactions({ billing_type: 'SMART_INSTALLMENT', recurrency_status: 'PAID' }),
    method: 'GET',
    path: '/payments/api/v1/subscriptions/transactions',
    query: [
      ['billing_type', 'SMART_INSTALLMENT'],
      ['recurrency_status', 'PAID'],
    ],
  },
  {
    op: 'subscriptions.purchases',
    call: (c) => c.subscriptions.purchases('ABC12DEF'),
    method: 'GET',
    path: '/payments/api/v1/subscriptions/ABC12DEF/purchases',
    answer: [{ transaction: 'HP1' }],
  },
  {
    op: 'subscriptions.cancel',
    call: (c) => c.subscriptions.cancel('ABC12DEF'),
    method: 'POST',
    path: '/payments/api/v1/subscriptions/ABC12DEF/cancel',
    body: { send_mail: true },
    answer: { subscriber_code: 'ABC12DEF', status: 'INACTIVE' },
  },
  {
    op: 'subscriptions.cancelMany',
    call: (c) => c.subscriptions.cancelMany({ subscriber_code: ['A1', 'B2'], send_mail: false }),
    method: 'POST',
    path: '/payments/api/v1/subscriptions/cancel',
    body: { subscriber_code: ['A1', 'B2'], send_mail: false },
    answer: { success_subscriptions: [], fail_subscriptions: [] },
  },
  {
    op: 'subscriptions.reactivate',
    call: (c) => c.subscriptions.reactivate('ABC12DEF', { charge: true }),
    method: 'POST',
    path: '/payments/api/v1/subscriptions/ABC12DEF/reactivate',
    body: { charge: true },
    answer: { subscriber_code: 'ABC12DEF', status: 'ACTIVE' },
  },
  {
    op: 'subscriptions.reactivateMany',
    call: (c) => c.subscriptions.reactivateMany({ subscriber_code: ['A1'], charge: false }),
    method: 'POST',
    path: '/payments/api/v1/subscriptions/reactivate',
    body: { subscriber_code: ['A1'], charge: false },
    answer: { success_subscriptions: [], fail_subscriptions: [] },
  },
  {
    op: 'subscriptions.changeDueDay',
    call: (c) => c.subscriptions.changeDueDay('ABC12DEF', { due_day: 15 }),
    method: 'PATCH',
    path: '/payments/api/v1/subscriptions/ABC12DEF',
    body: { due_day: 15 },
    answer: {},
  },
  {
    op: 'subscriptions.switchPlanOptions',
    call: (c) => c.subscriptions.switchPlanOptions({ subscriber_codes: ['A1', 'B2'] }),
    method: 'GET',
    path: '/payments/api/v1/subscriptions/switch-plan/plans',
    query: [
      ['subscriber_codes', 'A1'],
      ['subscriber_codes', 'B2'],
    ],
    answer: [{ offer_code: 'tz12qeev' }],
  },
  {
    op: 'subscriptions.switchPlan',
    call: (c) => c.subscriptions.switchPlan({ subscriber_code: 'A1', offer_code: 'tz12qeev' }),
    method: 'POST',
    path: '/payments/api/v1/subscriptions/switch-plan',
    body: { subscriber_code: 'A1', offer_code: 'tz12qeev' },
    answer: {},
  },
  {
    op: 'products.list',
    call: (c) => c.products.list({ status: 'ACTIVE', format: 'ONLINE_COURSE', max_results: 50 }),
    method: 'GET',
    path: '/products/api/v1/products',
    query: [
      ['status', 'ACTIVE'],
      ['format', 'ONLINE_COURSE'],
      ['max_results', '50'],
    ],
  },
  {
    op: 'products.offers',
    call: (c) => c.products.offers('e9f5c7a3-0000-4c1e-9d3f-1a2b3c4d5e6f'),
    method: 'GET',
    path: '/products/api/v1/products/e9f5c7a3-0000-4c1e-9d3f-1a2b3c4d5e6f/offers',
  },
  {
    op: 'products.plans',
    call: (c) => c.products.plans('e9f5c7a3-0000-4c1e-9d3f-1a2b3c4d5e6f', { max_results: 10 }),
    method: 'GET',
    path: '/products/api/v1/products/e9f5c7a3-0000-4c1e-9d3f-1a2b3c4d5e6f/plans',
    query: [['max_results', '10']],
  },
  {
    op: 'products.updateConfiguration',
    call: (c) => c.products.updateConfiguration(2125812, { is_allowed_to_email_the_buyer: false }),
    method: 'PUT',
    path: '/products/api/v1/product/configuration/2125812',
    body: { is_allowed_to_email_the_buyer: false },
    answer: {},
  },
  {
    op: 'coupons.create',
    call: (c) =>
      c.coupons.create(2125812, { code: 'WELCOME10', discount: 0.1, start_date: jan, end_date: feb }),
    method: 'POST',
    path: '/products/api/v1/product/2125812/coupon',
    body: { code: 'WELCOME10', discount: 0.1, start_date: jan.getTime(), end_date: feb },
    answer: {},
  },
  {
    op: 'coupons.list',
    call: (c) => c.coupons.list(2125812, { code: 'WELCOME10' }),
    method: 'GET',
    path: '/products/api/v1/coupon/product/2125812',
    query: [['code', 'WELCOME10']],
  },
  {
    op: 'coupons.delete',
    call: (c) => c.coupons.delete(3036913),
    method: 'DELETE',
    path: '/products/api/v1/coupon/3036913',
    answer: {},
  },
  {
    op: 'club.users',
    call: (c) => c.club.users({ subdomain: 'my-club', email: 'student@example.com' }),
    method: 'GET',
    path: '/club/api/v1/users',
    query: [
      ['subdomain', 'my-club'],
      ['email', 'student@example.com'],
    ],
  },
  {
    op: 'club.modules',
    call: (c) => c.club.modules({ subdomain: 'my-club', is_extra: true }),
    method: 'GET',
    path: '/club/api/v1/modules',
    query: [
      ['subdomain', 'my-club'],
      ['is_extra', 'true'],
    ],
    answer: [{ module_id: 'm1' }],
  },
  {
    op: 'club.pages',
    call: (c) => c.club.pages('2z7ramxejw', { subdomain: 'my-club' }),
    method: 'GET',
    path: '/club/api/v1/modules/2z7ramxejw/pages',
    query: [['subdomain', 'my-club']],
    answer: [{ page_id: 'p1' }],
  },
  {
    op: 'club.pagesV2',
    call: (c) => c.club.pagesV2('2z7ramxejw', { product_id: 1355458 }),
    method: 'GET',
    path: '/club/api/v2/modules/2z7ramxejw/pages',
    query: [['product_id', '1355458']],
    answer: [{ page_id: 'p1', published: true }],
  },
  {
    op: 'club.userLessons',
    call: (c) => c.club.userLessons('n2OM623n46', { subdomain: 'my-club' }),
    method: 'GET',
    path: '/club/api/v1/users/n2OM623n46/lessons',
    query: [['subdomain', 'my-club']],
    answer: { lessons: [] },
  },
  {
    op: 'events.info',
    call: (c) => c.events.info(5485679),
    method: 'GET',
    path: '/events/api/v1/5485679/info',
    answer: { product: { id: 5485679 }, lots: [] },
  },
  {
    op: 'events.participants',
    call: (c) => c.events.participants(5485679, { ticket_status: 'SOLD', checkin_status: 'PENDING' }),
    method: 'GET',
    path: '/events/api/v1/5485679/participants',
    query: [
      ['ticket_status', 'SOLD'],
      ['checkin_status', 'PENDING'],
    ],
  },
  {
    op: 'negotiation.create',
    call: (c) =>
      c.negotiation.create({
        subscription_id: 123456,
        recurrences: [3],
        payment_type: 'PIX',
        discount: { type: 'CUSTOM', value: 100.11 },
      }),
    method: 'POST',
    path: '/payments/api/v1/installments/negotiate',
    body: {
      subscription_id: 123456,
      recurrences: [3],
      payment_type: 'PIX',
      discount: { type: 'CUSTOM', value: 100.11 },
    },
    answer: { payment_link: 'https://pay.hotmart.com/x' },
  },
  {
    op: 'user.me',
    call: (c) => c.user.me(),
    method: 'GET',
    path: '/user/api/v1/me',
    answer: { id: 1, name: 'Ann', email: 'a@b.c', login: 'a@b.c', ucode: 'u' },
  },
  {
    op: 'user.accountInfo',
    call: (c) =>
      c.user.accountInfo({
        query: '{ accountByFilterToExternalApplication(accountInput: { ucode: "u" }) { name } }',
      }),
    method: 'POST',
    path: '/accounts/api/v1/info',
    body: { query: '{ accountByFilterToExternalApplication(accountInput: { ucode: "u" }) { name } }' },
    answer: { data: { accountByFilterToExternalApplication: { name: 'Ann' } } },
  },
];

function only(hotmart: FakeHotmart): RecordedRequest {
  expect(hotmart.apiRequests).toHaveLength(1);
  return hotmart.apiRequests[0]!;
}

describe('every operation builds the right request (reference §4)', () => {
  it('covers all 35 operations', () => {
    expect(cases).toHaveLength(35);
    expect(new Set(cases.map((entry) => entry.op)).size).toBe(35);
  });

  it.each(cases)('$op → $method $path', async (entry) => {
    const { client, hotmart } = setup();
    const answer = entry.answer ?? page;
    hotmart.onApi = () => json(answer);
    const result = await entry.call(client);
    const request = only(hotmart);
    expect(request.method).toBe(entry.method);
    expect(request.url.origin).toBe('https://developers.hotmart.com');
    expect(request.url.pathname).toBe(entry.path);
    // Key order follows the schema, not the call; the order of a repeated key's values is kept.
    const byKey = (pairs: [string, string][]) => [...pairs].sort((a, b) => a[0].localeCompare(b[0]));
    expect(byKey([...request.url.searchParams.entries()])).toEqual(byKey(entry.query ?? []));
    expect(request.body === undefined ? undefined : JSON.parse(request.body)).toEqual(entry.body);
    expect(request.headers.get('authorization')).toBe('Bearer token-1');
    if (entry.answer === undefined) {
      expect(result).toMatchObject({ items: [], pageInfo: { results_per_page: 0 } });
    } else {
      expect(result).toEqual(entry.answer);
    }
  });

  it('uses the sandbox host when environment is sandbox, and an explicit apiBaseUrl over both', async () => {
    const sandbox = setup({ environment: 'sandbox' });
    sandbox.hotmart.onApi = () => json({ lessons: [] });
    await sandbox.client.club.userLessons('u1', { subdomain: 's' });
    expect(sandbox.hotmart.apiRequests[0]!.url.origin).toBe('https://sandbox.hotmart.com');
    expect(sandbox.hotmart.tokenRequests[0]!.url.origin).toBe('https://api-sec-vlc.hotmart.com');

    const custom = setup({ apiBaseUrl: 'http://127.0.0.1:4010/', environment: 'sandbox' });
    custom.hotmart.onApi = () => json({ lessons: [] });
    await custom.client.club.userLessons('u1', { subdomain: 's' });
    expect(custom.hotmart.apiRequests[0]!.url.href).toBe(
      'http://127.0.0.1:4010/club/api/v1/users/u1/lessons?subdomain=s',
    );
  });
});

describe('query serialisation', () => {
  it('repeats keys for multi-valued filters and accepts a single value too (reference §3.4)', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json(page);
    await client.subscriptions.list({ status: 'ACTIVE' });
    await client.subscriptions.list({ status: ['ACTIVE', 'OVERDUE'] });
    expect(hotmart.apiRequests[0]!.url.search).toBe('?status=ACTIVE');
    expect(hotmart.apiRequests[1]!.url.search).toBe('?status=ACTIVE&status=OVERDUE');
    expect(hotmart.apiRequests[1]!.url.searchParams.getAll('status')).toEqual(['ACTIVE', 'OVERDUE']);
  });

  it('comma-joins select given as a string or an array (reference §3.3)', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json(page);
    await client.subscriptions.list({ select: ['subscriber_code', 'date_last_recurrence', 'status'] });
    await client.subscriptions.list({ select: 'subscriber_code,status' });
    expect(hotmart.apiRequests[0]!.url.searchParams.getAll('select')).toEqual([
      'subscriber_code,date_last_recurrence,status',
    ]);
    expect(hotmart.apiRequests[1]!.url.searchParams.getAll('select')).toEqual(['subscriber_code,status']);
  });

  it('percent-encodes path parameters so an id cannot change the endpoint', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json([]);
    await client.subscriptions.purchases('../cancel?x=1');
    expect(hotmart.apiRequests[0]!.url.pathname).toBe(
      '/payments/api/v1/subscriptions/..%2Fcancel%3Fx%3D1/purchases',
    );
    expect(hotmart.apiRequests[0]!.url.search).toBe('');
  });
});

describe('input validation happens before any request', () => {
  it('rejects an unknown parameter, naming it', async () => {
    const { client, hotmart } = setup();
    const error = (await client.sales.history({ start_dat: 1 } as never).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe('hotmart_invalid_input');
    expect(error.message).toContain('start_dat');
    expect(error.issues.map((issue) => issue.path)).toEqual(['start_dat']);
    expect(hotmart.requests).toHaveLength(0);
  });

  it('rejects a bad enum value and a bad body field, naming them', async () => {
    const { client, hotmart } = setup();
    await expect(client.sales.history({ transaction_status: 'PAID' as never })).rejects.toThrow(
      /transaction_status/,
    );
    await expect(client.subscriptions.changeDueDay('S1', { due_day: 32 })).rejects.toThrow(/due_day/);
    await expect(client.coupons.create(1, { code: 'X', discount: 1.5 })).rejects.toThrow(/discount/);
    expect(hotmart.requests).toHaveLength(0);
  });

  it('rejects empty or malformed path parameters', async () => {
    const { client, hotmart } = setup();
    await expect(client.sales.refund('')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.events.info(-1)).rejects.toThrow(/eventId/);
    await expect(client.subscriptions.cancel(' SUB1 ')).rejects.toThrow(/subscriberCode/);
    await expect(client.products.offers(undefined as never)).rejects.toThrow(/ucode/);
    expect(hotmart.requests).toHaveLength(0);
  });

  it('a list call with bad params sends nothing, even when iterated', async () => {
    const { client, hotmart } = setup();
    const iterate = async () => {
      for await (const _ of client.club.users({} as never)) {
        // unreachable
      }
    };
    await expect(iterate()).rejects.toThrow(/subdomain/);
    expect(hotmart.requests).toHaveLength(0);
  });
});

describe('response shapes', () => {
  it('switch-plan options accept a list envelope as well as a bare array', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({ items: [{ offer_code: 'o1' }], page_info: {} });
    await expect(client.subscriptions.switchPlanOptions({ subscriber_codes: 'A1' })).resolves.toEqual([
      { offer_code: 'o1' },
    ]);
  });

  it('bare-array endpoints with an empty body give []', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => new Response('', { status: 200 });
    await expect(client.club.modules({ subdomain: 's' })).resolves.toEqual([]);
  });

  it('parses the published fixtures without drift', async () => {
    const { readFile } = await import('node:fs/promises');
    const fixture = async (name: string) =>
      JSON.parse(await readFile(`/work/shared/fixtures/hotmart/api/${name}.json`, 'utf8')) as unknown;
    const { client, hotmart, logger } = setup();
    const answers: Record<string, unknown> = {
      '/payments/api/v1/sales/history': await fixture('sales-history'),
      '/payments/api/v1/subscriptions/S1/purchases': await fixture('subscriptions-purchases'),
      '/club/api/v1/modules': await fixture('club-modules'),
      '/payments/api/v1/subscriptions/cancel': await fixture('subscriptions-cancel-bulk'),
    };
    hotmart.onApi = (request) => json(answers[request.url.pathname]);
    const sales = await client.sales.history();
    expect(sales.items[0]?.purchase?.transaction).toBe('HP12455690122399');
    const purchases = await client.subscriptions.purchases('S1');
    expect(purchases.length).toBeGreaterThan(0);
    const modules = await client.club.modules({ subdomain: 's' });
    expect(modules.length).toBeGreaterThan(0);
    const bulk = await client.subscriptions.cancelMany({ subscriber_code: ['SUBSCRIBER_CODE'] });
    expect(bulk.fail_subscriptions[0]?.error).toBe('SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE');
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });
});
