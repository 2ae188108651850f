import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BulkSubscriptionResult,
  ClubModule,
  ClubPage,
  ClubUserItem,
  ClubUserLessonsResponse,
  HotmartErrorBody,
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
  SubscriptionChangeResult,
  SubscriptionItem,
  SubscriptionSummaryItem,
} from '../../src/schemas/index.ts';
import { listFixtures, loadFixture } from './load-fixture.ts';

type Shape = 'envelope' | 'array' | 'object';

// Every published API sample and the schema its endpoint is parsed with.
const cases: { file: string; schema: z.ZodType; shape: Shape }[] = [
  { file: 'sales-history.json', schema: page(SaleHistoryItem), shape: 'envelope' },
  { file: 'sales-summary.json', schema: page(SalesSummaryItem), shape: 'envelope' },
  { file: 'sales-users.json', schema: page(SaleUsersItem), shape: 'envelope' },
  { file: 'sales-commissions.json', schema: page(SaleCommissionsItem), shape: 'envelope' },
  { file: 'sales-price-details.json', schema: page(SalePriceDetailsItem), shape: 'envelope' },
  { file: 'subscriptions-list.json', schema: page(SubscriptionItem), shape: 'envelope' },
  { file: 'subscriptions-summary.json', schema: page(SubscriptionSummaryItem), shape: 'envelope' },
  { file: 'subscriptions-purchases.json', schema: z.array(SubscriberPurchase), shape: 'array' },
  { file: 'subscriptions-cancel-single.json', schema: SubscriptionChangeResult, shape: 'object' },
  { file: 'subscriptions-reactivate-single.json', schema: SubscriptionChangeResult, shape: 'object' },
  { file: 'subscriptions-cancel-bulk.json', schema: BulkSubscriptionResult, shape: 'object' },
  { file: 'subscriptions-reactivate-bulk.json', schema: BulkSubscriptionResult, shape: 'object' },
  { file: 'products-list.json', schema: page(ProductItem), shape: 'envelope' },
  { file: 'products-offers.json', schema: page(OfferItem), shape: 'envelope' },
  { file: 'products-plans.json', schema: page(PlanItem), shape: 'envelope' },
  { file: 'club-users.json', schema: page(ClubUserItem), shape: 'envelope' },
  { file: 'club-modules.json', schema: z.array(ClubModule), shape: 'array' },
  { file: 'club-module-pages.json', schema: z.array(ClubPage), shape: 'array' },
  { file: 'club-user-lessons.json', schema: ClubUserLessonsResponse, shape: 'object' },
  { file: 'error-401-unauthorized.json', schema: HotmartErrorBody, shape: 'object' },
];

// The token answer belongs to the auth layer (reference §2.3), not to a REST operation schema.
const notRestOperations = ['oauth-token.json'];

const extra = { x_future_field: { nested: [1, 'two', null] } };

/** Adds an unknown key at the top level and inside the first item, as a future Hotmart release might. */
function withUnknownKeys(body: unknown, shape: Shape): unknown {
  const copy = structuredClone(body) as Record<string, unknown> | Record<string, unknown>[];
  if (Array.isArray(copy)) {
    Object.assign(copy[0] ?? {}, extra);
    return copy;
  }
  Object.assign(copy, extra);
  if (shape === 'envelope') {
    const items = copy['items'] as Record<string, unknown>[];
    Object.assign(items[0] ?? {}, extra);
  }
  return copy;
}

describe('published API samples', () => {
  it('maps every fixture file to a schema', () => {
    const covered = [...cases.map((c) => c.file), ...notRestOperations].sort();
    expect(listFixtures().sort()).toEqual(covered);
  });

  it.each(cases)('$file parses with every value intact', ({ file, schema }) => {
    const body = loadFixture(file);
    const result = schema.safeParse(body);
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(body);
  });

  it.each(cases)('$file keeps unknown keys unchanged', ({ file, schema, shape }) => {
    const body = withUnknownKeys(loadFixture(file), shape);
    const parsed = schema.parse(body) as Record<string, unknown> | Record<string, unknown>[];
    expect(parsed).toEqual(body);
    const first = Array.isArray(parsed)
      ? parsed[0]
      : shape === 'envelope'
        ? (parsed['items'] as Record<string, unknown>[])[0]
        : parsed;
    expect(first?.['x_future_field']).toEqual({ nested: [1, 'two', null] });
  });
});
