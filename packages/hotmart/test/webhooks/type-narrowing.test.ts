import { describe, expect, it } from 'vitest';

import {
  buildTestDelivery,
  type HotmartWebhookEvent,
  type KnownWebhookEvent,
  parseWebhook,
  type WebhookPurchaseStatus,
} from '../../src/webhooks/index.ts';

// These functions compile only if the union narrows as documented; the tests check they also run right.

function idOf(event: HotmartWebhookEvent): string | undefined {
  switch (event.kind) {
    case 'purchase':
      return event.data.purchase.transaction;
    case 'switch_plan':
      return event.data.subscription?.subscriber_code ?? undefined;
    case 'club_module_completed':
      return event.data.module?.id === undefined || event.data.module.id === null
        ? undefined
        : String(event.data.module.id);
    case 'unknown':
      return event.event;
    default:
      return undefined;
  }
}

function refundedTransaction(event: HotmartWebhookEvent): string | undefined {
  if (event.kind === 'unknown') return undefined;
  const known: KnownWebhookEvent = event;
  switch (known.event) {
    case 'PURCHASE_REFUNDED':
    case 'PURCHASE_CHARGEBACK':
      return known.data.purchase.transaction;
    default:
      return undefined;
  }
}

function parse(body: string): HotmartWebhookEvent {
  const result = parseWebhook(body);
  if (!result.ok) throw new Error(result.error.message);
  return result.event;
}

describe('the event union', () => {
  it('narrows on kind', () => {
    const overrides = { data: { purchase: { transaction: 'HP-K1' } } };
    expect(idOf(parse(buildTestDelivery('PURCHASE_APPROVED', overrides).body))).toBe('HP-K1');
    expect(idOf(parse(buildTestDelivery('SWITCH_PLAN').body))).toBe('Z8Q4M2LX');
    expect(idOf(parse(buildTestDelivery('CLUB_MODULE_COMPLETED').body))).toBe('mod-7f3a9c');
    expect(idOf(parse(buildTestDelivery('ORDER_FULFILLMENT').body))).toBe('ORDER_FULFILLMENT');
    expect(idOf(parse(buildTestDelivery('CLUB_FIRST_ACCESS').body))).toBeUndefined();
  });

  it('narrows on the event name once unknown events are set aside', () => {
    const refunded = buildTestDelivery('PURCHASE_REFUNDED', { data: { purchase: { transaction: 'HP-R1' } } });
    expect(refundedTransaction(parse(refunded.body))).toBe('HP-R1');
    expect(refundedTransaction(parse(buildTestDelivery('PURCHASE_APPROVED').body))).toBeUndefined();
  });

  it('types webhook statuses as an open vocabulary', () => {
    const known: WebhookPurchaseStatus = 'APPROVED';
    const future: WebhookPurchaseStatus = 'PARTIALLY_REFUNDED';
    expect([known, future]).toEqual(['APPROVED', 'PARTIALLY_REFUNDED']);
  });

  it('types data overrides per event', () => {
    const delivery = buildTestDelivery('SWITCH_PLAN', { data: { plans: [{ id: 1, current: true }] } });
    // @ts-expect-error: switch-plan `subscription` is an object, not a number
    const wrong = () => buildTestDelivery('SWITCH_PLAN', { data: { subscription: 5 } });
    expect(JSON.parse(delivery.body).data.plans).toEqual([{ id: 1, current: true }]);
    expect(typeof wrong).toBe('function');
  });
});
