import { describe, expect, it } from 'vitest';

import { buildTestDelivery, normalizeWebhook, parseWebhook } from '../../src/webhooks/index.ts';

function event(body: unknown) {
  const result = parseWebhook(JSON.stringify(body));
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.event;
}

const envelope = (name: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'n-1',
  creation_date: 1700000000000,
  event: name,
  version: '2.0.0',
  data,
  ...extra,
});

describe('normalizeWebhook', () => {
  it('trims and lowercases e-mails and drops empty strings', () => {
    const view = normalizeWebhook(
      event(
        envelope('CLUB_FIRST_ACCESS', {
          user: { email: '  Ana.Souza@Example.COM ', name: '  ' },
          product: {},
        }),
      ),
    );
    expect(view.buyer).toEqual({ email: 'ana.souza@example.com' });
    expect(view.product).toBeUndefined();
  });

  it('returns string ids for numeric and string product ids alike', () => {
    const numeric = normalizeWebhook(event(envelope('CLUB_MODULE_COMPLETED', { product: { id: 42 } })));
    const text = normalizeWebhook(event(envelope('CLUB_MODULE_COMPLETED', { product: { id: '0042' } })));
    expect(numeric.product).toEqual({ id: '42' });
    expect(text.product).toEqual({ id: '0042' });
  });

  it('falls back to full_price and another block for the currency', () => {
    const view = normalizeWebhook(
      event(
        envelope('PURCHASE_APPROVED', {
          purchase: {
            transaction: 'HP1',
            full_price: { value: 110 },
            original_offer_price: { currency_value: 'USD' },
          },
        }),
      ),
    );
    expect(view.amount).toEqual({ value: 110, currency: 'USD' });
  });

  it('omits the amount when the price has no value', () => {
    const view = normalizeWebhook(
      event(
        envelope('PURCHASE_APPROVED', { purchase: { transaction: 'HP1', price: { currency_value: 'BRL' } } }),
      ),
    );
    expect(view.amount).toBeUndefined();
    expect(view.transaction).toBe('HP1');
  });

  it('takes the first affiliate that has a code', () => {
    const view = normalizeWebhook(
      event(
        envelope('PURCHASE_APPROVED', {
          purchase: { transaction: 'HP1' },
          affiliates: [{ name: 'no code' }, { affiliate_code: 'A2' }],
        }),
      ),
    );
    expect(view.affiliateCode).toBe('A2');
  });

  it('leaves the plan out of a switch when no plan is current', () => {
    const none = normalizeWebhook(event(envelope('SWITCH_PLAN', { plans: [{ id: 1, current: false }] })));
    expect(none.plan).toBeUndefined();
  });

  it('reports only the envelope for unknown events that are not purchase-shaped', () => {
    const view = normalizeWebhook(event(envelope('ORDER_FULFILLMENT', { shipment: { code: 'BR123' } })));
    expect(view).toStrictEqual({
      id: 'n-1',
      name: 'ORDER_FULFILLMENT',
      kind: 'unknown',
      version: '2.0.0',
      occurredAt: 1700000000000,
      reconciled: false,
    });
  });

  it('reads purchase-shaped unknown events, such as the ORDER_FULFILLMENT template', () => {
    const result = parseWebhook(buildTestDelivery('ORDER_FULFILLMENT').body);
    if (!result.ok) throw new Error(result.error.message);
    expect(normalizeWebhook(result.event)).toMatchObject({ transaction: 'HP0987654321098', kind: 'unknown' });
  });

  it('marks synthetic events from reconciliation', () => {
    const view = normalizeWebhook(
      event(envelope('PURCHASE_APPROVED', { purchase: { transaction: 'HP1' } }, { reconciled: true })),
    );
    expect(view.reconciled).toBe(true);
    const notBoolean = normalizeWebhook(
      event(envelope('PURCHASE_APPROVED', { purchase: { transaction: 'HP1' } }, { reconciled: 'yes' })),
    );
    expect(notBoolean.reconciled).toBe(false);
  });
});
