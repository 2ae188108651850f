import { ConnectionError, createHotmartClient, HotmartApiError, InvalidInputError } from '@hotpilot/hotmart';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ActionInputError,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import {
  hotmartActions,
  hotmartConnector,
  hotmartCreateCoupon,
  hotmartErrorToVendorError,
  hotmartGetSalesHistory,
  hotmartListSubscriptions,
  hotmartRefundSale,
} from '../../../src/connectors/hotmart/index.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';

// The connector's declarations: one action per client operation, well-formed ids, JSON-Schema-ready inputs,
// inputs that name the field at fault, and errors mapped by status.

/** Client operation → action id: the whole surface of `@hotpilot/hotmart` (README "Operations"). */
const OPERATIONS: Record<string, string> = {
  'sales.history': 'hotmart_get_sales_history',
  'sales.summary': 'hotmart_get_sales_summary',
  'sales.users': 'hotmart_list_sale_participants',
  'sales.commissions': 'hotmart_get_sale_commissions',
  'sales.priceDetails': 'hotmart_get_sale_price_details',
  'sales.refund': 'hotmart_refund_sale',
  'sales.newBillet': 'hotmart_create_billet',
  'subscriptions.list': 'hotmart_list_subscriptions',
  'subscriptions.summary': 'hotmart_get_subscriptions_summary',
  'subscriptions.transactions': 'hotmart_list_subscription_transactions',
  'subscriptions.purchases': 'hotmart_list_subscriber_purchases',
  'subscriptions.cancel': 'hotmart_cancel_subscription',
  'subscriptions.cancelMany': 'hotmart_cancel_subscriptions',
  'subscriptions.reactivate': 'hotmart_reactivate_subscription',
  'subscriptions.reactivateMany': 'hotmart_reactivate_subscriptions',
  'subscriptions.changeDueDay': 'hotmart_change_due_day',
  'subscriptions.switchPlanOptions': 'hotmart_list_switch_plan_options',
  'subscriptions.switchPlan': 'hotmart_switch_plan',
  'products.list': 'hotmart_list_products',
  'products.offers': 'hotmart_list_offers',
  'products.plans': 'hotmart_list_plans',
  'products.updateConfiguration': 'hotmart_update_product_configuration',
  'coupons.create': 'hotmart_create_coupon',
  'coupons.list': 'hotmart_list_coupons',
  'coupons.delete': 'hotmart_delete_coupon',
  'club.users': 'hotmart_list_club_students',
  'club.modules': 'hotmart_list_club_modules',
  'club.pages': 'hotmart_list_club_pages',
  'club.pagesV2': 'hotmart_list_club_pages_v2',
  'club.userLessons': 'hotmart_get_student_lessons',
  'events.info': 'hotmart_get_event_info',
  'events.participants': 'hotmart_list_event_participants',
  'negotiation.create': 'hotmart_create_negotiation',
  'user.me': 'hotmart_get_user_me',
  'user.accountInfo': 'hotmart_get_account_info',
};

const WRITES = new Set([
  'hotmart_refund_sale',
  'hotmart_create_billet',
  'hotmart_cancel_subscription',
  'hotmart_cancel_subscriptions',
  'hotmart_reactivate_subscription',
  'hotmart_reactivate_subscriptions',
  'hotmart_change_due_day',
  'hotmart_switch_plan',
  'hotmart_update_product_configuration',
  'hotmart_create_coupon',
  'hotmart_delete_coupon',
  'hotmart_create_negotiation',
]);

const connection = {
  id: 'main',
  kind: 'hotmart',
  credentials: { clientId: 'client-1', clientSecret: 'very-secret-value' },
  settings: { apiBaseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/security/oauth/token' },
};

// A fetch that must never be reached: input errors are raised before anything is sent.
const unreachable: typeof fetch = async () => {
  throw new Error('no request should be sent');
};

describe('hotmart action declarations', () => {
  it('has exactly one action per client operation', () => {
    const client = createHotmartClient({ clientId: 'id', clientSecret: 'secret' });
    const operations: string[] = [];
    for (const area of [
      'sales',
      'subscriptions',
      'products',
      'coupons',
      'club',
      'events',
      'negotiation',
      'user',
    ] as const) {
      const resource = client[area] as object;
      for (const verb of Object.getOwnPropertyNames(Object.getPrototypeOf(resource))) {
        if (verb !== 'constructor') operations.push(`${area}.${verb}`);
      }
    }
    expect(operations.sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(hotmartActions.map((action) => action.id).sort()).toEqual(Object.values(OPERATIONS).sort());
  });

  it('ids are unique, valid MCP tool names and belong to the connector', () => {
    const ids = hotmartActions.map((action) => action.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const action of hotmartActions) {
      expect(action.id).toMatch(/^hotmart(_[a-z0-9]+){2,}$/);
      expect(action.id.length).toBeLessThanOrEqual(64);
      expect(action.connector).toBe('hotmart');
      expect(action.title.length).toBeGreaterThan(3);
      expect(action.description.length).toBeGreaterThan(20);
      expect(action.llmHint.length).toBeGreaterThan(40);
    }
  });

  it('marks exactly the state-changing operations as writes', () => {
    for (const action of hotmartActions) {
      expect([action.id, action.effect]).toEqual([action.id, WRITES.has(action.id) ? 'write' : 'read']);
      if (action.effect === 'read') expect(action.idempotent).toBe(true);
    }
    const setters = hotmartActions
      .filter((action) => action.effect === 'write' && action.idempotent)
      .map((a) => a.id);
    expect(setters.sort()).toEqual(['hotmart_change_due_day', 'hotmart_update_product_configuration']);
  });

  it('every input converts to a JSON Schema object that refuses unknown keys', () => {
    for (const action of hotmartActions) {
      const schema = z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >;
      expect([action.id, schema['type']]).toEqual([action.id, 'object']);
      expect([action.id, schema['additionalProperties']]).toEqual([action.id, false]);
    }
  });

  it('dates in JSON Schema are epoch ms or ISO strings, never an empty schema', () => {
    const schema = z.toJSONSchema(hotmartGetSalesHistory.input, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { anyOf?: { type?: string; format?: string }[] }>;
    };
    const startDate = schema.properties['start_date']?.anyOf ?? [];
    expect(startDate.map((option) => option.format ?? option.type)).toEqual(['integer', 'date-time', 'date']);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['page_token', 'max_results', 'all', 'limit']),
    );
  });

  it('list inputs take dates as ISO strings, epoch ms or Date objects, and send epoch ms', () => {
    const parse = (value: unknown) =>
      (hotmartListSubscriptions.input.parse({ accession_date: value }) as { accession_date: number })
        .accession_date;
    expect(parse('2025-01-31')).toBe(Date.UTC(2025, 0, 31));
    expect(parse('2025-01-31T12:00:00-03:00')).toBe(Date.UTC(2025, 0, 31, 15));
    expect(parse(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(parse(new Date(5))).toBe(5);
    expect(hotmartListSubscriptions.input.safeParse({ accession_date: '31/01/2025' }).success).toBe(false);
    expect(hotmartListSubscriptions.input.safeParse({ accession_date: -1 }).success).toBe(false);
  });
});

describe('hotmart action input errors', () => {
  const call = (action: (typeof hotmartActions)[number], input: unknown) =>
    invokeAction(action, input, { connector: hotmartConnector, connection, fetch: unreachable }).catch(
      (error: unknown) => error,
    );

  it('a missing path parameter names the field', async () => {
    const error = await call(hotmartRefundSale, {});
    expect(error).toBeInstanceOf(ActionInputError);
    expect((error as ActionInputError).message).toContain('input.transaction:');
    expect((error as ActionInputError).issues.map((issue) => issue.path)).toEqual(['input.transaction']);
  });

  it('a misspelt filter is refused by name', async () => {
    const error = await call(hotmartGetSalesHistory, { start_dat: '2025-01-01' });
    expect(error).toBeInstanceOf(ActionInputError);
    expect((error as ActionInputError).message).toContain('Unknown parameter "start_dat"');
  });

  it('an enum value outside Hotmart’s list names the field', async () => {
    const error = await call(hotmartGetSalesHistory, { transaction_status: 'PAID' });
    expect((error as ActionInputError).issues.map((issue) => issue.path)).toEqual([
      'input.transaction_status',
    ]);
  });

  it('a limit above the cap is refused', async () => {
    const error = await call(hotmartGetSalesHistory, { all: true, limit: 1_000_000 });
    expect((error as ActionInputError).issues.map((issue) => issue.path)).toEqual(['input.limit']);
  });

  it('coupon rules of the package still apply: fraction discount, end after start', async () => {
    const percent = await call(hotmartCreateCoupon, { product_id: 1, code: 'OFF', discount: 10 });
    expect((percent as ActionInputError).issues.map((issue) => issue.path)).toEqual(['input.discount']);
    const backwards = await call(hotmartCreateCoupon, {
      product_id: 1,
      code: 'OFF',
      discount: 0.1,
      start_date: '2025-02-01',
      end_date: '2025-01-01',
    });
    expect((backwards as ActionInputError).message).toContain(
      'input.end_date: end_date must be after start_date',
    );
  });
});

describe('hotmart error mapping', () => {
  const request = { method: 'GET', url: 'https://developers.hotmart.com/payments/api/v1/sales/history' };

  it('maps a 429 to a rate-limit error carrying Hotmart’s reset time', () => {
    const now = Date.UTC(2025, 0, 1);
    const error = HotmartApiError.from(
      429,
      { error: 'too_many_requests', error_description: 'Rate limit exceeded' },
      { 'ratelimit-reset': '30' },
      request,
      () => now,
    );
    const mapped = hotmartErrorToVendorError(error, () => now);
    expect(mapped).toBeInstanceOf(VendorRateLimitError);
    expect(mapped).toMatchObject({
      vendor: 'hotmart',
      status: 429,
      code: 'too_many_requests',
      retryable: true,
    });
    expect((mapped as VendorRateLimitError).retryAt(now)).toBe(now + 30_000);
  });

  it('maps 4xx to non-retryable and 5xx to retryable errors, keeping Hotmart’s code', () => {
    const notFound = hotmartErrorToVendorError(
      HotmartApiError.from(404, { error: 'not_found' }, {}, request),
      Date.now,
    );
    expect(notFound).toBeInstanceOf(VendorRequestError);
    expect(notFound).toMatchObject({ status: 404, code: 'not_found', retryable: false });
    const server = hotmartErrorToVendorError(HotmartApiError.from(502, 'bad gateway', {}, request), Date.now);
    expect(server).toBeInstanceOf(VendorError);
    expect(server).not.toBeInstanceOf(VendorRequestError);
    expect(server).toMatchObject({ status: 502, code: 'hotmart_server', retryable: true });
  });

  it('maps a request the client refused to send to a non-retryable error, and a lost connection to a retryable one', () => {
    const refused = hotmartErrorToVendorError(
      new InvalidInputError('sales.refund path', [{ path: 'transaction', message: 'must not contain "/"' }]),
      Date.now,
    );
    expect(refused).toBeInstanceOf(VendorRequestError);
    expect(refused).toMatchObject({ status: 0, code: 'hotmart_invalid_input', retryable: false });
    expect((refused as Error).message).toContain('transaction: must not contain "/"');
    const lost = hotmartErrorToVendorError(new ConnectionError(request), Date.now);
    expect(lost).toBeInstanceOf(VendorError);
    expect(lost).not.toBeInstanceOf(VendorRequestError);
    expect(lost).toMatchObject({ status: 0, code: 'hotmart_connection', retryable: true });
  });

  it('leaves errors that are not Hotmart’s alone', () => {
    const bug = new TypeError('boom');
    expect(hotmartErrorToVendorError(bug, Date.now)).toBe(bug);
  });
});
