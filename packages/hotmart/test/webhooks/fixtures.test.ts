import { describe, expect, it } from 'vitest';

import {
  type HotmartWebhookEvent,
  type NormalizedEvent,
  normalizeWebhook,
  parseWebhook,
} from '../../src/webhooks/index.ts';
import { fixtureBytes, fixtureJson, fixtureNames } from './load-fixture.ts';

function parsed(name: string): { event: HotmartWebhookEvent; warnings: string[] } {
  const result = parseWebhook(fixtureBytes(name), 'application/json');
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result;
}

const PURCHASE_STATUSES: [string, string][] = [
  ['PURCHASE_APPROVED', 'APPROVED'],
  ['PURCHASE_BILLET_PRINTED', 'BILLET_PRINTED'],
  ['PURCHASE_CANCELED', 'CANCELED'],
  ['PURCHASE_CHARGEBACK', 'CHARGEBACK'],
  ['PURCHASE_COMPLETE', 'COMPLETED'],
  ['PURCHASE_DELAYED', 'DELAYED'],
  ['PURCHASE_EXPIRED', 'EXPIRED'],
  ['PURCHASE_PROTEST', 'DISPUTE'],
  ['PURCHASE_REFUNDED', 'REFUNDED'],
];

describe('Hotmart webhook samples', () => {
  it('are the 15 published events', () => {
    expect(fixtureNames()).toEqual([
      'CLUB_FIRST_ACCESS',
      'CLUB_MODULE_COMPLETED',
      'PURCHASE_APPROVED',
      'PURCHASE_BILLET_PRINTED',
      'PURCHASE_CANCELED',
      'PURCHASE_CHARGEBACK',
      'PURCHASE_COMPLETE',
      'PURCHASE_DELAYED',
      'PURCHASE_EXPIRED',
      'PURCHASE_OUT_OF_SHOPPING_CART',
      'PURCHASE_PROTEST',
      'PURCHASE_REFUNDED',
      'SUBSCRIPTION_CANCELLATION',
      'SWITCH_PLAN',
      'UPDATE_SUBSCRIPTION_CHARGE_DATE',
    ]);
  });

  it.each(fixtureNames())(
    '%s parses to its own event name, keeps raw exactly and passes data through',
    (name) => {
      const { event } = parsed(name);
      const json = fixtureJson(name);
      expect(event.event).toBe(name);
      expect(event.version).toBe('2.0.0');
      expect(event.id).toBe(json.id);
      expect(event.raw).toEqual(json);
      // Loose schemas: the parsed data holds every key of the sample, nothing dropped or renamed.
      expect(event.data).toEqual(json.data);
    },
  );

  it.each(fixtureNames())('%s parses the same from a string without a content type', (name) => {
    const fromText = parseWebhook(fixtureBytes(name).toString('utf8'));
    expect(fromText.ok && fromText.event.id).toBe(fixtureJson(name).id);
  });

  it.each(PURCHASE_STATUSES)('%s is a purchase with webhook status %s', (name, status) => {
    const { event, warnings } = parsed(name);
    expect(warnings).toEqual([]);
    if (event.kind !== 'purchase') throw new Error(`kind ${event.kind}`);
    expect(event.creation_date_source).toBe('creation_date');
    expect(event.hottok).toBeUndefined();
    const { purchase, buyer, subscription, product } = event.data;
    expect(purchase.status).toBe(status);
    expect(purchase.transaction).toBe('HP16015479281022');
    expect(purchase.price).toEqual({ value: 1500, currency_value: 'BRL' });
    expect(purchase.full_price?.value).toBe(1500);
    expect(purchase.approved_date).toBe(1511783346000);
    expect(purchase.offer).toEqual({ code: 'test', coupon_code: 'SHHUHA' });
    expect(purchase.sckPaymentLink).toBe('sckPaymentLinkTest');
    expect(buyer?.email).toBe('testeComprador271101postman15@example.com');
    expect(buyer?.address?.city).toBe('Uberlândia');
    expect(subscription?.subscriber?.code).toBe('I9OT62C3');
    expect(subscription?.plan).toEqual({ id: 123, name: 'plano de teste' });
    expect(product?.content?.products?.map((item) => item.id)).toEqual([4774438, 4999597]);
    expect(event.data.commissions?.map((commission) => commission.source)).toEqual([
      'MARKETPLACE',
      'PRODUCER',
    ]);
  });

  it('PURCHASE_APPROVED keeps its envelope values', () => {
    const { event } = parsed('PURCHASE_APPROVED');
    expect(event.id).toBe('545e7d21-8fc4-4906-8fba-dcd7889f6481');
    expect(event.creation_date).toBe(1763247745737);
    expect(event.kind).toBe('purchase');
  });

  it('PURCHASE_OUT_OF_SHOPPING_CART is an abandonment with buyer, product and offer', () => {
    const { event } = parsed('PURCHASE_OUT_OF_SHOPPING_CART');
    if (event.kind !== 'abandonment') throw new Error(`kind ${event.kind}`);
    expect(event.data.affiliate).toBe(false);
    expect(event.data.buyer).toEqual({
      name: 'Postback2 teste',
      email: 'teste@hotmart.com.br',
      phone: '999999999',
    });
    expect(event.data.product).toEqual({ id: 123456, name: 'Produto test postback2 com ç e á' });
    expect(event.data.offer?.code).toBe('n82b9jqz');
    expect(event.data.buyer_ip).toBe('127.0.0.1');
  });

  it('SUBSCRIPTION_CANCELLATION reads subscriber, recurrence value and ms dates', () => {
    const { event } = parsed('SUBSCRIPTION_CANCELLATION');
    if (event.kind !== 'subscription_cancellation') throw new Error(`kind ${event.kind}`);
    expect(event.data.actual_recurrence_value).toBe(64.9);
    expect(event.data.cancellation_date).toBe(1609181285500);
    expect(event.data.date_next_charge).toBe(1617105600000);
    expect(event.data.subscriber?.code).toBe('0000aaaa');
    expect(event.data.subscriber?.phone).toEqual({ dddPhone: '', phone: '', dddCell: '', cell: '' });
    expect(event.data.subscription).toEqual({
      id: 4148584,
      plan: { id: 114680, name: 'Subscription Plan Name' },
    });
  });

  it('SWITCH_PLAN reads the subscriber and both plans', () => {
    const { event } = parsed('SWITCH_PLAN');
    if (event.kind !== 'switch_plan') throw new Error(`kind ${event.kind}`);
    expect(event.data.switch_plan_date).toBe(1553729084000);
    expect(event.data.subscription?.subscriber_code).toBe('9W2LNSG4');
    expect(event.data.subscription?.user?.email).toBe('teste@hotmart.com.br');
    expect(event.data.plans?.map((plan) => [plan.id, plan.offer?.key, plan.current])).toEqual([
      [654321, 'n6hup357', true],
      [123456, 'n6hup355', false],
    ]);
  });

  it('UPDATE_SUBSCRIPTION_CHARGE_DATE handles the creationDate quirk and keeps the body hottok', () => {
    const { event, warnings } = parsed('UPDATE_SUBSCRIPTION_CHARGE_DATE');
    if (event.kind !== 'charge_date') throw new Error(`kind ${event.kind}`);
    expect(event.creation_date).toBe(1763247745640);
    expect(event.creation_date_source).toBe('creationDate');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('creationDate');
    expect(event.hottok).toBe('5M9CA6Nvtq5qhKcac6oTxmqH6teezb13df093f-77b2-49f9-9ad4-03049ccfccb6');
    expect(event.raw.hottok).toBe(event.hottok);
    expect(event.data.subscription).toMatchObject({
      dateNextCharge: '2022-10-25T12:00:00.000Z',
      newChargeDay: 1,
      oldChargeDay: 7,
      status: 'ACTIVE',
    });
    expect(event.data.subscriber?.code).toBe('00000000');
    expect(event.data.plan?.offer?.code).toBe('000000');
  });

  it('CLUB_FIRST_ACCESS handles the creationDate quirk', () => {
    const { event } = parsed('CLUB_FIRST_ACCESS');
    if (event.kind !== 'club_first_access') throw new Error(`kind ${event.kind}`);
    expect(event.creation_date).toBe(1763247745996);
    expect(event.creation_date_source).toBe('creationDate');
    expect(event.data.user).toEqual({ name: 'Test Name', email: 'teste@hotmart.com.br' });
    expect(event.data.product?.id).toBe(0);
  });

  it('CLUB_MODULE_COMPLETED keeps the string product id and the module', () => {
    const { event } = parsed('CLUB_MODULE_COMPLETED');
    if (event.kind !== 'club_module_completed') throw new Error(`kind ${event.kind}`);
    expect(event.creation_date_source).toBe('creation_date');
    expect(event.data.product?.id).toBe('00000');
    expect(event.data.module).toEqual({ id: 'hash123', name: 'Mudule test name' });
  });
});

describe('normalizeWebhook on the samples', () => {
  const purchaseView = (name: string, id: string, occurredAt: number, status: string): NormalizedEvent => ({
    id,
    name,
    kind: 'purchase',
    version: '2.0.0',
    occurredAt,
    reconciled: false,
    transaction: 'HP16015479281022',
    // Lowercased: the sample spells it testeComprador271101postman15@example.com.
    buyer: { email: 'testecomprador271101postman15@example.com', name: 'Teste Comprador' },
    product: { id: '0', name: 'Produto test postback2' },
    subscriberCode: 'I9OT62C3',
    plan: { id: '123', name: 'plano de teste' },
    amount: { value: 1500, currency: 'BRL' },
    status,
    offerCode: 'test',
    affiliateCode: 'Q58388177J',
  });

  const expected: Record<string, NormalizedEvent> = {
    PURCHASE_APPROVED: purchaseView(
      'PURCHASE_APPROVED',
      '545e7d21-8fc4-4906-8fba-dcd7889f6481',
      1763247745737,
      'APPROVED',
    ),
    PURCHASE_BILLET_PRINTED: purchaseView(
      'PURCHASE_BILLET_PRINTED',
      '3c290891-8c78-410e-b6cb-5edd7ca9a88e',
      1763247745671,
      'BILLET_PRINTED',
    ),
    PURCHASE_CANCELED: purchaseView(
      'PURCHASE_CANCELED',
      'ea409c21-53f7-4478-a870-89a03d6df8d5',
      1763247746014,
      'CANCELED',
    ),
    PURCHASE_CHARGEBACK: purchaseView(
      'PURCHASE_CHARGEBACK',
      '8b2839d3-8d3c-4dee-ad79-a487d7814d6d',
      1763247745854,
      'CHARGEBACK',
    ),
    PURCHASE_COMPLETE: purchaseView(
      'PURCHASE_COMPLETE',
      'a11df2c9-4b6c-4836-a1c0-60ea3d4b49da',
      1763247745782,
      'COMPLETED',
    ),
    PURCHASE_DELAYED: purchaseView(
      'PURCHASE_DELAYED',
      '21f767f2-fa94-4bf7-b68a-002979678a8a',
      1763247745919,
      'DELAYED',
    ),
    PURCHASE_EXPIRED: purchaseView(
      'PURCHASE_EXPIRED',
      '1d85822f-fa41-4c58-8c09-0ac945198972',
      1763247746098,
      'EXPIRED',
    ),
    PURCHASE_PROTEST: purchaseView(
      'PURCHASE_PROTEST',
      '6e401e42-f0d8-4416-a082-e95b3e35c2e3',
      1763247746136,
      'DISPUTE',
    ),
    PURCHASE_REFUNDED: purchaseView(
      'PURCHASE_REFUNDED',
      '0efd923f-c6ef-405e-bbd5-df409a5b36e5',
      1763247746059,
      'REFUNDED',
    ),
    PURCHASE_OUT_OF_SHOPPING_CART: {
      id: 'fd17c748-fa1a-405a-907f-2eb014b2f99a',
      name: 'PURCHASE_OUT_OF_SHOPPING_CART',
      kind: 'abandonment',
      version: '2.0.0',
      occurredAt: 1763247745960,
      reconciled: false,
      buyer: { email: 'teste@hotmart.com.br', name: 'Postback2 teste' },
      product: { id: '123456', name: 'Produto test postback2 com ç e á' },
      offerCode: 'n82b9jqz',
    },
    SUBSCRIPTION_CANCELLATION: {
      id: 'e276dd75-8c7d-43d2-8398-f42e62060b99',
      name: 'SUBSCRIPTION_CANCELLATION',
      kind: 'subscription_cancellation',
      version: '2.0.0',
      occurredAt: 1763247745837,
      reconciled: false,
      buyer: { email: 'test@hotmart.com', name: 'User name' },
      product: { id: '788921', name: 'Product name com ç e á' },
      subscriberCode: '0000aaaa',
      plan: { id: '114680', name: 'Subscription Plan Name' },
      amount: { value: 64.9 },
    },
    SWITCH_PLAN: {
      id: '0c0ced4b-d92d-4b2a-b438-0a6473c6b4d5',
      name: 'SWITCH_PLAN',
      kind: 'switch_plan',
      version: '2.0.0',
      occurredAt: 1763247745719,
      reconciled: false,
      buyer: { email: 'teste@hotmart.com.br' },
      product: { id: '0', name: 'Produto test postback2' },
      subscriberCode: '9W2LNSG4',
      plan: { id: '654321', name: 'Novo produto test postback2' },
      offerCode: 'n6hup357',
    },
    UPDATE_SUBSCRIPTION_CHARGE_DATE: {
      id: 'adb0a577-8574-4fab-93e5-051473f97fb6',
      name: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
      kind: 'charge_date',
      version: '2.0.0',
      occurredAt: 1763247745640,
      reconciled: false,
      buyer: { email: 'test@hotmart.com', name: 'Test' },
      product: { id: '0', name: 'Product test postback2' },
      subscriberCode: '00000000',
      plan: { id: '0', name: 'Plan Test' },
      offerCode: '000000',
    },
    CLUB_FIRST_ACCESS: {
      id: '7fe795fa-285c-430f-9a91-afce10a9216f',
      name: 'CLUB_FIRST_ACCESS',
      kind: 'club_first_access',
      version: '2.0.0',
      occurredAt: 1763247745996,
      reconciled: false,
      buyer: { email: 'teste@hotmart.com.br', name: 'Test Name' },
      product: { id: '0', name: 'Produto test postback2' },
    },
    CLUB_MODULE_COMPLETED: {
      id: '082eb61b-20b4-4627-9f84-de030e548080',
      name: 'CLUB_MODULE_COMPLETED',
      kind: 'club_module_completed',
      version: '2.0.0',
      occurredAt: 1763247745900,
      reconciled: false,
      buyer: { email: 'teste@hotmart.com.br', name: 'Test Name' },
      product: { id: '00000', name: 'Produto test postback2' },
    },
  };

  it('covers every sample', () => {
    expect(Object.keys(expected).sort()).toEqual(fixtureNames());
  });

  it.each(fixtureNames())('%s gives the expected view', (name) => {
    expect(normalizeWebhook(parsed(name).event)).toStrictEqual(expected[name]);
  });
});
