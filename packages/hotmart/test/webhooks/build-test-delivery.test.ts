import { describe, expect, it } from 'vitest';

import {
  buildTestDelivery,
  HOTMART_EVENT_KINDS,
  HOTMART_EVENT_NAMES,
  normalizeWebhook,
  PURCHASE_EVENT_NAMES,
  PURCHASE_STATUS_BY_EVENT,
  parseWebhook,
  verifyHottok,
  type WebhookParseResult,
} from '../../src/webhooks/index.ts';
import { fixtureJson } from './load-fixture.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function ok(result: WebhookParseResult) {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}

describe('buildTestDelivery', () => {
  it.each(HOTMART_EVENT_NAMES)('%s round-trips through parseWebhook', (name) => {
    const delivery = buildTestDelivery(name, { hottok: 'tok' });
    expect(delivery.headers).toEqual({ 'content-type': 'application/json', 'x-hotmart-hottok': 'tok' });
    const { event } = ok(parseWebhook(delivery.body, delivery.headers['content-type']));
    expect(event.event).toBe(name);
    expect(event.kind).toBe(HOTMART_EVENT_KINDS[name]);
    expect(event.version).toBe('2.0.0');
    expect(event.id).toMatch(UUID);
    expect(event.hottok).toBeUndefined();
    expect(verifyHottok(delivery.headers['x-hotmart-hottok'], ['tok'])).toBe(true);
  });

  it.each(PURCHASE_EVENT_NAMES)('%s carries its webhook status', (name) => {
    const { event } = ok(parseWebhook(buildTestDelivery(name).body));
    expect(event.kind === 'purchase' && event.data.purchase.status).toBe(PURCHASE_STATUS_BY_EVENT[name]);
  });

  it('reproduces the creationDate quirk of the events that have it', () => {
    for (const name of ['CLUB_FIRST_ACCESS', 'UPDATE_SUBSCRIPTION_CHARGE_DATE'] as const) {
      const body = JSON.parse(buildTestDelivery(name, { creationDate: 1234 }).body);
      expect(body.creationDate).toBe(1234);
      expect(body.creation_date).toBeUndefined();
    }
    const body = JSON.parse(buildTestDelivery('SWITCH_PLAN', { creationDate: 1234 }).body);
    expect(body.creation_date).toBe(1234);
  });

  it('sets a fresh id each time unless one is given', () => {
    const a = JSON.parse(buildTestDelivery('SWITCH_PLAN').body).id;
    const b = JSON.parse(buildTestDelivery('SWITCH_PLAN').body).id;
    expect(a).toMatch(UUID);
    expect(a).not.toBe(b);
    expect(JSON.parse(buildTestDelivery('SWITCH_PLAN', { id: 'evt-1' }).body).id).toBe('evt-1');
  });

  it('defaults the creation date to now', () => {
    const before = Date.now();
    const { event } = ok(parseWebhook(buildTestDelivery('PURCHASE_APPROVED').body));
    expect(event.creation_date).toBeGreaterThanOrEqual(before);
    expect(event.creation_date).toBeLessThanOrEqual(Date.now());
  });

  it('deep-merges data overrides, replacing arrays and honouring null', () => {
    const delivery = buildTestDelivery('PURCHASE_APPROVED', {
      id: 'evt-2',
      creationDate: 1700000000000,
      data: {
        buyer: { email: 'Novo@Example.com' },
        purchase: { transaction: 'HP777', price: { value: 49.9 } },
        affiliates: [{ affiliate_code: 'AFF9' }],
        producer: null,
      },
    });
    const { event } = ok(parseWebhook(delivery.body));
    if (event.kind !== 'purchase') throw new Error(event.kind);
    expect(event.data.buyer?.email).toBe('Novo@Example.com');
    expect(event.data.buyer?.name).toBe('Maria Souza');
    expect(event.data.purchase.price).toEqual({ value: 49.9, currency_value: 'BRL' });
    expect(event.data.affiliates).toEqual([{ affiliate_code: 'AFF9' }]);
    expect(event.data.producer).toBeNull();
    expect(normalizeWebhook(event)).toMatchObject({
      id: 'evt-2',
      occurredAt: 1700000000000,
      transaction: 'HP777',
      buyer: { email: 'novo@example.com' },
      amount: { value: 49.9, currency: 'BRL' },
      affiliateCode: 'AFF9',
    });
  });

  it('does not let one delivery change the next one', () => {
    buildTestDelivery('SWITCH_PLAN', { data: { plans: [] } });
    const { event } = ok(parseWebhook(buildTestDelivery('SWITCH_PLAN').body));
    expect(event.kind === 'switch_plan' && event.data.plans?.length).toBe(2);
  });

  it('puts the hottok in the body on request', () => {
    const delivery = buildTestDelivery('PURCHASE_APPROVED', { hottok: 'tok', bodyHottok: true });
    expect(ok(parseWebhook(delivery.body)).event.hottok).toBe('tok');
    expect(delivery.headers['x-hotmart-hottok']).toBe('tok');
    expect(() => buildTestDelivery('PURCHASE_APPROVED', { bodyHottok: true })).toThrow(TypeError);
  });

  it('omits the hottok header without a hottok', () => {
    expect(buildTestDelivery('CLUB_FIRST_ACCESS').headers).toEqual({ 'content-type': 'application/json' });
  });

  it('honours a version override, so rejection can be tested', () => {
    const result = parseWebhook(buildTestDelivery('PURCHASE_APPROVED', { version: '3.0.0' }).body);
    expect(result.ok ? 'ok' : result.error.code).toBe('unsupported_version');
  });

  it('starts from a whole envelope such as a fixture, keeping its id, date spelling and extra keys', () => {
    const fixture = fixtureJson('UPDATE_SUBSCRIPTION_CHARGE_DATE');
    const delivery = buildTestDelivery(fixture, { data: { subscriber: { email: 'outro@example.com' } } });
    const body = JSON.parse(delivery.body);
    expect(body.id).toBe(fixture.id);
    expect(body.creationDate).toBe(fixture.creationDate);
    expect(body.hottok).toBe(fixture.hottok);
    const { event } = ok(parseWebhook(delivery.body));
    expect(event.kind === 'charge_date' && event.data.subscriber).toEqual({
      name: 'Test',
      email: 'outro@example.com',
      code: '00000000',
    });
    const withoutBodyHottok = JSON.parse(buildTestDelivery(fixture, { bodyHottok: false }).body);
    expect(withoutBodyHottok.hottok).toBeUndefined();
    // The fixture object itself is untouched.
    expect((fixture.data as { subscriber: { email: string } }).subscriber.email).toBe('test@hotmart.com');
  });

  it.each(PURCHASE_EVENT_NAMES)('%s has a v1 form variant that parses back to the same event', (name) => {
    const delivery = buildTestDelivery(name, { hottok: 'form-tok', form: true });
    expect(delivery.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
    const fields = new URLSearchParams(delivery.body);
    expect(fields.get('hottok')).toBe('form-tok');
    const { event } = ok(parseWebhook(delivery.body, delivery.headers['content-type'], { receivedAt: 5 }));
    expect(event.version).toBe('1.0.0');
    expect(event.event).toBe(name);
    expect(event.hottok).toBe('form-tok');
    expect(verifyHottok(event.hottok, ['form-tok'])).toBe(true);
    const json = ok(parseWebhook(buildTestDelivery(name).body)).event;
    const view = normalizeWebhook(event);
    const jsonView = normalizeWebhook(json);
    for (const key of [
      'transaction',
      'buyer',
      'product',
      'amount',
      'status',
      'offerCode',
      'affiliateCode',
    ] as const) {
      expect(view[key]).toEqual(jsonView[key]);
    }
  });

  it('applies data overrides to form deliveries too', () => {
    const delivery = buildTestDelivery('PURCHASE_REFUNDED', {
      form: true,
      data: { purchase: { transaction: 'HP-FORM-1' }, buyer: { email: 'f@example.com' } },
    });
    const fields = new URLSearchParams(delivery.body);
    expect(fields.get('status')).toBe('refunded');
    expect(fields.get('transaction')).toBe('HP-FORM-1');
    expect(fields.get('email')).toBe('f@example.com');
    expect(fields.has('hottok')).toBe(false);
  });

  it('refuses a form variant of a non-purchase event', () => {
    expect(() => buildTestDelivery('SWITCH_PLAN', { form: true })).toThrow(/purchase events only/);
    expect(() => buildTestDelivery('PURCHASE_OUT_OF_SHOPPING_CART', { form: true })).toThrow(TypeError);
  });
});
