import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ClubModule,
  ClubPage,
  ClubPageV2,
  ClubUserItem,
  ClubUserLessonsResponse,
  CouponItem,
  EventInfoResponse,
  EventParticipantItem,
  OfferItem,
  PlanItem,
  ProductItem,
  page,
  SaleCommissionsItem,
  SaleHistoryItem,
  SalePriceDetailsItem,
  SalesSummaryItem,
  SaleUsersItem,
  SubscriberPurchase,
  SubscriptionItem,
  SubscriptionSummaryItem,
  SubscriptionTransactionItem,
  UserMe,
} from '../../src/index.ts';
import { parseResponse } from '../../src/internal/parse.ts';
import { schemaCheck } from '../../src/internal/schema-check.ts';
import { type Contract, startContract } from './support.ts';

// The client validates responses with a compiled check of each schema (`schemaCheck`) and only runs zod when
// the check fails, to report drift. These tests hold the check to zod on every response shape the emulator
// serves, and on those responses with values broken at random.

let contract: Contract;
const bodies: { name: string; schema: z.ZodType; body: unknown }[] = [];

beforeAll(async () => {
  contract = await startContract();
  const { account, hotmart } = contract;
  const token = await fetch(
    `${hotmart.tokenUrl}?grant_type=client_credentials&client_id=${hotmart.credentials.clientId}&client_secret=${hotmart.credentials.clientSecret}`,
    { method: 'POST', headers: { authorization: `Basic ${hotmart.credentials.basic}` } },
  ).then((response) => response.json() as Promise<{ access_token: string }>);
  const get = async (path: string) => {
    const response = await fetch(`${hotmart.apiBaseUrl}${path}`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as unknown;
  };
  const club = account.clubProducts()[0];
  const subdomain = club?.club_subdomain ?? '';
  const module = account.modules(club?.id ?? 0)[0];
  const student = account.students(club?.id ?? 0)[1];
  const event = account.products().find((product) => product.is_event);
  const planned = account.products().find((product) => account.plans(product.id).length > 0);
  const subscription = account.subscriptions()[0];
  const sales = '/payments/api/v1/sales';
  const list: [string, z.ZodType, string][] = [
    ['sales history', page(SaleHistoryItem), `${sales}/history?max_results=50&transaction_status=REFUNDED`],
    ['sales summary', page(SalesSummaryItem), `${sales}/summary`],
    ['sales users', page(SaleUsersItem), `${sales}/users?max_results=100`],
    ['sales commissions', page(SaleCommissionsItem), `${sales}/commissions?max_results=100`],
    ['price details', page(SalePriceDetailsItem), `${sales}/price/details?max_results=100`],
    ['subscriptions', page(SubscriptionItem), '/payments/api/v1/subscriptions?max_results=100'],
    ['subscriptions summary', page(SubscriptionSummaryItem), '/payments/api/v1/subscriptions/summary'],
    [
      'subscription transactions',
      page(SubscriptionTransactionItem),
      '/payments/api/v1/subscriptions/transactions?max_results=100',
    ],
    [
      'subscriber purchases',
      SubscriberPurchase.array(),
      `/payments/api/v1/subscriptions/${subscription?.subscriber_code}/purchases`,
    ],
    ['products', page(ProductItem), '/products/api/v1/products'],
    ['offers', page(OfferItem), `/products/api/v1/products/${account.products()[0]?.ucode}/offers`],
    ['plans', page(PlanItem), `/products/api/v1/products/${planned?.ucode}/plans`],
    ['coupons', page(CouponItem), `/products/api/v1/coupon/product/${account.products()[0]?.id}`],
    ['club users', page(ClubUserItem), `/club/api/v1/users?subdomain=${subdomain}`],
    ['club modules', ClubModule.array(), `/club/api/v1/modules?subdomain=${subdomain}`],
    [
      'club pages',
      ClubPage.array(),
      `/club/api/v1/modules/${module?.module_id}/pages?subdomain=${subdomain}`,
    ],
    [
      'club pages v2',
      ClubPageV2.array(),
      `/club/api/v2/modules/${module?.module_id}/pages?product_id=${club?.id}`,
    ],
    [
      'lessons',
      ClubUserLessonsResponse,
      `/club/api/v1/users/${student?.user_id}/lessons?subdomain=${subdomain}`,
    ],
    ['event info', EventInfoResponse, `/events/api/v1/${event?.id}/info`],
    ['participants', page(EventParticipantItem), `/events/api/v1/${event?.id}/participants?max_results=100`],
    ['user me', UserMe, '/user/api/v1/me'],
  ];
  for (const [name, schema, path] of list) bodies.push({ name, schema, body: await get(path) });
});
afterAll(() => contract.hotmart.close());

/** Every path to a value inside a JSON value, with the value. */
function leaves(value: unknown, path: (string | number)[] = [], out: [(string | number)[], unknown][] = []) {
  out.push([path, value]);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) leaves(item, [...path, index], out);
  } else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) leaves(item, [...path, key], out);
  return out;
}

function replaced(value: unknown, path: readonly (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? replaced(item, rest, next) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: replaced(record[head], rest, next) };
}

describe('the compiled response check', () => {
  it('compiles every list envelope and item schema the client uses for these endpoints', () => {
    for (const { name, schema } of bodies) expect(schemaCheck(schema), name).toBeDefined();
  });

  it("passes every emulator response, exactly where zod's parse returns an equal value", () => {
    for (const { name, schema, body } of bodies) {
      expect(schemaCheck(schema)?.(body), name).toBe(true);
      const parsed = schema.safeParse(body);
      expect(parsed.success, name).toBe(true);
      expect(parsed.data, name).toEqual(body);
    }
  });

  it('agrees with zod on responses whose values were broken at random', () => {
    const broken = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
      fc.constant(undefined),
      fc.constant(Number.NaN),
      fc.constant(Number.POSITIVE_INFINITY),
    );
    for (const { name, schema, body } of bodies) {
      const targets = leaves(body);
      fc.assert(
        fc.property(fc.nat(targets.length - 1), broken, (at, next) => {
          const mutated = replaced(body, (targets[at] as [(string | number)[], unknown])[0], next);
          const check = schemaCheck(schema) as (value: unknown) => boolean;
          expect(check(mutated), `${name} at ${targets[at]?.[0].join('.')}`).toBe(
            schema.safeParse(mutated).success,
          );
        }),
        { numRuns: 40, seed: 11 },
      );
    }
  });

  it('logs drift without values and returns the body unchanged', () => {
    const warnings: { fields: unknown; message: string }[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (fields: unknown, message: string) => warnings.push({ fields, message }),
    };
    const history = bodies.find((entry) => entry.name === 'sales history') as (typeof bodies)[number];
    const drifted = replaced(
      history.body,
      ['items', 0, 'purchase', 'price', 'value'],
      'secret-looking-97.00',
    );
    expect(parseResponse(history.schema, drifted, { operation: 'sales.history', logger })).toBe(drifted);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({
      operation: 'sales.history',
      issueCount: 1,
      issues: [{ path: 'items.0.purchase.price.value' }],
    });
    expect(JSON.stringify(warnings)).not.toContain('secret-looking');
    // A valid body is the parse result itself: no copy.
    expect(parseResponse(history.schema, history.body, { operation: 'sales.history', logger })).toBe(
      history.body,
    );
    expect(warnings).toHaveLength(1);
  });

  it('keeps its contract with zod on every construct it compiles: true only when zod returns the value as is', () => {
    const Schema = z.strictObject({
      kind: z.literal('sale'),
      id: z.number().int().positive(),
      // `.trim()` is a check that rewrites the value: only untouched strings may pass the compiled check.
      code: z.string().trim(),
      status: z.enum(['APPROVED', 'REFUNDED']),
      tags: z.array(z.union([z.string(), z.number()])).optional(),
      parent: z.looseObject({ name: z.string().nullable() }).nullable().optional(),
    });
    const check = schemaCheck(Schema) as (value: unknown) => boolean;
    expect(check).toBeTypeOf('function');
    const anything = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2, noNullPrototype: true }),
    );
    const mostly = <T>(valid: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: anything });
    const input = fc.record(
      {
        kind: mostly(fc.constant('sale')),
        id: mostly(fc.integer({ min: -2, max: 50 })),
        code: mostly(fc.constantFrom('HP1', ' HP2 ', '', 'x')),
        status: mostly(fc.constantFrom('APPROVED', 'REFUNDED')),
        tags: mostly(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 })),
        parent: mostly(
          fc.option(fc.record({ name: fc.option(fc.string({ maxLength: 3 })) }, { noNullPrototype: true })),
        ),
        extra: fc.string({ maxLength: 3 }),
      },
      // Plain objects, as JSON.parse makes them (zod's copies always have Object.prototype).
      { requiredKeys: ['kind', 'id', 'code', 'status'], noNullPrototype: true },
    );
    let passed = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: input }, { weight: 1, arbitrary: anything }), (value) => {
        const parsed = Schema.safeParse(value);
        if (check(value)) {
          passed++;
          expect(parsed.success).toBe(true);
          expect(isDeepStrictEqual(parsed.data, value)).toBe(true);
        } else {
          expect(parsed.success && isDeepStrictEqual(parsed.data, value)).toBe(false);
        }
      }),
      { numRuns: 2_000, seed: 7 },
    );
    // The generator reaches both answers.
    expect(passed).toBeGreaterThan(20);
  });

  it('declines schemas whose parse changes the value, so zod parses them', () => {
    expect(schemaCheck(page(SubscriptionItem).transform((envelope) => envelope.items))).toBeUndefined();
    // z.object strips unknown keys; defaults fill missing ones; records are not compiled.
    expect(schemaCheck(z.object({ id: z.number() }))).toBeUndefined();
    expect(schemaCheck(z.looseObject({ list: z.array(z.string()).default([]) }))).toBeUndefined();
    expect(schemaCheck(z.record(z.string(), z.number()))).toBeUndefined();
  });
});
