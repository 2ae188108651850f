import { readFileSync } from 'node:fs';
import { PURCHASE_STATUS_BY_EVENT, parseWebhook } from '@hotpilot/hotmart/webhooks';
import { describe, expect, it } from 'vitest';
import type { StateChange, TransactionStatus } from '../../src/model.ts';
import {
  buildWebhookPayload,
  PURCHASE_EVENT_NAMES,
  REST_STATUS_BY_EVENT,
  toWebhookPurchaseStatus,
  WEBHOOK_EVENT_NAMES,
  WEBHOOK_STATUS_BY_EVENT,
  type WebhookEventName,
  WebhookPayloadError,
} from '../../src/webhooks/index.ts';
import { createMemoryAccount, NOW } from './memory-account.ts';

const FIXTURES = '/work/shared/fixtures/hotmart/webhooks';
const fixture = (event: WebhookEventName): Record<string, unknown> =>
  JSON.parse(readFileSync(`${FIXTURES}/${event}.json`, 'utf8')) as Record<string, unknown>;

type Json = Record<string, unknown>;
const keys = (value: unknown): string[] => Object.keys(value as Json).sort();
const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Json)[key as string], value);

/** Every leaf path the two objects share whose JSON types differ (`number` vs `string`…). */
function typeMismatches(expected: unknown, actual: unknown, path = ''): string[] {
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  if (kind(expected) !== kind(actual)) return [`${path}: ${kind(expected)} vs ${kind(actual)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length > 0 && actual.length > 0
      ? typeMismatches(expected[0], actual[0], `${path}[0]`)
      : [];
  }
  if (kind(expected) !== 'object') return [];
  return Object.keys(expected as Json)
    .filter((key) => key in (actual as Json))
    .flatMap((key) => typeMismatches((expected as Json)[key], (actual as Json)[key], `${path}.${key}`));
}

/** Keys the samples lack but §6.6 documents for real deliveries. */
const DOCUMENTED_PURCHASE_EXTRAS = [
  'date_next_charge',
  'invoice_by',
  'origin',
  'recurrence_number',
  'subscription_anticipation_purchase',
];

describe('webhook status vocabulary (reference §5.1)', () => {
  it('maps every REST transaction_status to the webhook vocabulary or to no webhook', () => {
    const expected: Record<TransactionStatus, string | undefined> = {
      APPROVED: 'APPROVED',
      BLOCKED: 'CANCELED',
      CANCELLED: 'CANCELED',
      CHARGEBACK: 'CHARGEBACK',
      COMPLETE: 'COMPLETED',
      EXPIRED: 'EXPIRED',
      NO_FUNDS: 'CANCELED',
      OVERDUE: 'DELAYED',
      PARTIALLY_REFUNDED: 'REFUNDED',
      PRE_ORDER: undefined,
      PRINTED_BILLET: 'BILLET_PRINTED',
      PROCESSING_TRANSACTION: undefined,
      PROTESTED: 'DISPUTE',
      REFUNDED: 'REFUNDED',
      STARTED: undefined,
      UNDER_ANALISYS: undefined,
      WAITING_PAYMENT: 'BILLET_PRINTED',
    };
    for (const [rest, webhook] of Object.entries(expected)) {
      expect(toWebhookPurchaseStatus(rest as TransactionStatus), rest).toBe(webhook);
    }
  });

  it('gives each purchase event the status Hotmart sends with it', () => {
    for (const event of PURCHASE_EVENT_NAMES) {
      expect(WEBHOOK_STATUS_BY_EVENT[event], event).toBe(at(fixture(event), 'data', 'purchase', 'status'));
      // The REST state a sale takes for the event maps back to the same webhook status.
      expect(toWebhookPurchaseStatus(REST_STATUS_BY_EVENT[event]), event).toBe(
        WEBHOOK_STATUS_BY_EVENT[event],
      );
    }
    // The client's parser reads the same vocabulary.
    expect(WEBHOOK_STATUS_BY_EVENT).toEqual(PURCHASE_STATUS_BY_EVENT);
  });
});

describe('buildWebhookPayload — purchase family', () => {
  it('matches the fixture shape for every purchase event, subscription block included', () => {
    const account = createMemoryAccount();
    for (const event of PURCHASE_EVENT_NAMES) {
      const payload = buildWebhookPayload(account, { event, transaction: 'HP0000000002' }) as Json;
      const sample = fixture(event);
      expect(keys(payload), event).toEqual(keys(sample));
      expect(keys(payload.data), event).toEqual(keys(sample.data));
      for (const block of ['product', 'buyer', 'producer', 'subscription']) {
        expect(keys(at(payload, 'data', block)), `${event} ${block}`).toEqual(
          keys(at(sample, 'data', block)),
        );
      }
      expect(keys(at(payload, 'data', 'buyer', 'address'))).toEqual(
        keys(at(sample, 'data', 'buyer', 'address')),
      );
      expect(keys(at(payload, 'data', 'product', 'content'))).toEqual(
        keys(at(sample, 'data', 'product', 'content')),
      );
      expect(keys(at(payload, 'data', 'commissions', 0))).toEqual(keys(at(sample, 'data', 'commissions', 0)));
      const ours = keys(at(payload, 'data', 'purchase'));
      const theirs = keys(at(sample, 'data', 'purchase'));
      // The sample's payment-link and ticket fields only apply to payment-link and event sales.
      expect(theirs.filter((key) => !ours.includes(key))).toEqual(['event_tickets', 'sckPaymentLink']);
      expect(ours.filter((key) => !theirs.includes(key))).toEqual(DOCUMENTED_PURCHASE_EXTRAS);
      expect(typeMismatches(sample, payload), event).toEqual([]);
      expect(at(payload, 'data', 'purchase', 'status')).toBe(WEBHOOK_STATUS_BY_EVENT[event]);
      expect(payload.version).toBe('2.0.0');
      expect(payload.event).toBe(event);
      expect(payload.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(payload.creation_date).toBe(NOW);
    }
  });

  it('renders the sale, buyer, producer and commissions from the account records', () => {
    const account = createMemoryAccount();
    const payload = buildWebhookPayload(
      account,
      { event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' },
      { id: 'x' },
    );
    const data = payload.data;
    expect(payload.id).toBe('x');
    expect(data.product).toMatchObject({
      id: 4774438,
      ucode: 'course-ucode-0001',
      support_email: 'support@ice.example.com',
      has_co_production: true,
      // ISO-8601 without milliseconds, like the samples (reference §3.1).
      warranty_date: new Date(NOW + 4 * 86_400_000).toISOString().replace('.000Z', 'Z'),
    });
    expect(data.affiliates).toEqual([{ affiliate_code: 'Q58388177J', name: 'Affiliate Name' }]);
    expect(data.buyer).toMatchObject({
      checkout_phone_code: '55',
      checkout_phone: '34999990000',
      document_type: 'CPF',
    });
    expect(data.buyer.address.zipcode).toBe('38400123');
    expect(data.producer).toEqual({
      name: 'Bárbara Cardoso',
      document: '12345678965',
      legal_nature: 'Pessoa Física',
    });
    expect(data.purchase).toMatchObject({
      approved_date: NOW - 3 * 86_400_000 + 2000,
      order_date: NOW - 3 * 86_400_000,
      full_price: { value: 297, currency_value: 'BRL' },
      price: { value: 267.3, currency_value: 'BRL' },
      original_offer_price: { value: 297, currency_value: 'BRL' },
      checkout_country: { name: 'Brasil', iso: 'BR' },
      order_bump: { is_order_bump: true, parent_purchase_transaction: 'HP0000000000' },
      offer: { code: 'k2pasun0', coupon_code: 'SHHUHA' },
      payment: { installments_number: 12, type: 'CREDIT_CARD' },
      business_model: 'I',
      origin: { src: 'HOTMART', sck: 'HOTMART_PRODUCT_PAGE', xcod: 'xc-1' },
    });
    expect(data.subscription).toBeUndefined();
    expect(data.purchase.recurrence_number).toBeUndefined();
    const bySource = Object.fromEntries(data.commissions.map((each) => [each.source, each.value]));
    expect(bySource).toEqual({ MARKETPLACE: 27.46, AFFILIATE: 119.92, COPRODUCER: 23.98, PRODUCER: 95.94 });
    const total = data.commissions.reduce((sum, each) => sum + each.value, 0);
    expect(Math.round(total * 100) / 100).toBe(267.3);
    for (const commission of data.commissions) expect(commission.currency_value).toBe('BRL');
  });

  it('marks subscription sales with business_model R, recurrence and next charge', () => {
    const account = createMemoryAccount();
    const { data } = buildWebhookPayload(account, {
      event: 'PURCHASE_APPROVED',
      transaction: 'HP0000000002',
    });
    expect(data.purchase.business_model).toBe('R');
    expect(data.purchase.recurrence_number).toBe(1);
    expect(data.purchase.date_next_charge).toBe(Date.UTC(2025, 11, 13, 12));
    expect(data.subscription).toEqual({
      status: 'ACTIVE',
      plan: { id: 114680, name: 'Monthly' },
      subscriber: { code: 'I9OT62C3' },
    });
  });

  it('carries PIX details and no approved_date for a pending PIX', () => {
    const account = createMemoryAccount();
    const { data } = buildWebhookPayload(account, {
      event: 'PURCHASE_BILLET_PRINTED',
      transaction: 'HP0000000003',
    });
    expect(data.purchase.status).toBe('BILLET_PRINTED');
    expect('approved_date' in data.purchase).toBe(false);
    expect(data.purchase.payment).toEqual({
      installments_number: 1,
      type: 'PIX',
      pix_code: '00020101021226850014br.gov.bcb.pix',
      pix_qrcode: 'https://payment.hotmart.com/pix/qrcode/HP0000000003',
      pix_expiration_date: NOW + 1000,
    });
    expect(data.affiliates).toEqual([]);
    expect(data.purchase.offer).toEqual({ code: 'k2pasun0' });
  });

  it('adds event_tickets for event products', () => {
    const account = createMemoryAccount();
    const sale = account.addSale({
      ...account.saleAt(0),
      product_id: 6000001,
      offer_code: 'evt00001',
      order_bump_parent: undefined,
    });
    const { data } = buildWebhookPayload(account, {
      event: 'PURCHASE_APPROVED',
      transaction: sale.transaction,
    });
    expect(data.purchase.event_tickets).toEqual({ amount: 1 });
    expect(data.product.has_co_production).toBe(false);
    expect(data.purchase.original_offer_price).toEqual({ value: 150, currency_value: 'BRL' });
  });

  it('puts the hottok in the body only when asked (reference §6.2)', () => {
    const account = createMemoryAccount();
    const change: StateChange = { event: 'PURCHASE_REFUNDED', transaction: 'HP0000000001' };
    expect('hottok' in buildWebhookPayload(account, change)).toBe(false);
    const withToken = buildWebhookPayload(account, change, { hottok: 's3cret' });
    expect(withToken.hottok).toBe('s3cret');
    expect(Object.keys(withToken)).toEqual(['id', 'creation_date', 'event', 'version', 'hottok', 'data']);
  });
});

describe('buildWebhookPayload — other families', () => {
  it('renders the cart abandonment with the sample keys and types', () => {
    const account = createMemoryAccount();
    const payload = buildWebhookPayload(account, {
      event: 'PURCHASE_OUT_OF_SHOPPING_CART',
      product_id: 4774438,
      offer_code: 'k2pasun0',
      buyer_ucode: 'buyer-0001',
    });
    const sample = fixture('PURCHASE_OUT_OF_SHOPPING_CART');
    expect(keys(payload)).toEqual(keys(sample));
    expect(keys(payload.data)).toEqual(keys(sample.data));
    expect(keys(payload.data.buyer)).toEqual(keys(at(sample, 'data', 'buyer')));
    expect(typeMismatches(sample, payload)).toEqual([]);
    expect(payload.data).toMatchObject({
      affiliate: false,
      product: { id: 4774438, name: 'How to Make Clear Ice' },
      buyer: { name: 'Teste Comprador', email: 'comprador@example.com', phone: '34999990000' },
      offer: { code: 'k2pasun0' },
      checkout_country: { name: 'Brasil', iso: 'BR' },
    });
    expect(payload.data.buyer_ip).toMatch(/^177\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    // The same buyer always gets the same address.
    expect(
      buildWebhookPayload(account, {
        event: 'PURCHASE_OUT_OF_SHOPPING_CART',
        product_id: 4774438,
        offer_code: 'k2pasun0',
        buyer_ucode: 'buyer-0001',
      }).data.buyer_ip,
    ).toBe(payload.data.buyer_ip);
  });

  it('renders the subscription cancellation with ms dates and a split phone', () => {
    const account = createMemoryAccount();
    account.updateSubscription('I9OT62C3', { status: 'CANCELLED_BY_CUSTOMER', cancellation_date: NOW - 5 });
    const payload = buildWebhookPayload(account, {
      event: 'SUBSCRIPTION_CANCELLATION',
      subscriber_code: 'I9OT62C3',
    });
    const sample = fixture('SUBSCRIPTION_CANCELLATION');
    expect(keys(payload.data)).toEqual(keys(sample.data));
    expect(keys(payload.data.subscriber)).toEqual(keys(at(sample, 'data', 'subscriber')));
    expect(keys(payload.data.subscriber.phone)).toEqual(keys(at(sample, 'data', 'subscriber', 'phone')));
    expect(typeMismatches(sample, payload)).toEqual([]);
    expect(payload.data).toEqual({
      actual_recurrence_value: 64.9,
      cancellation_date: NOW - 5,
      date_next_charge: Date.UTC(2025, 11, 13, 12),
      product: { id: 5000001, name: 'Ice Club' },
      subscriber: {
        code: 'I9OT62C3',
        name: 'Teste Comprador',
        email: 'comprador@example.com',
        phone: { dddPhone: '', phone: '', dddCell: '34', cell: '999990000' },
      },
      subscription: { id: 4148584, plan: { id: 114680, name: 'Monthly' } },
    });
  });

  it('renders a plan switch with the new plan current and offer keys', () => {
    const account = createMemoryAccount();
    account.updateSubscription('I9OT62C3', { plan_id: 654321 });
    const payload = buildWebhookPayload(account, {
      event: 'SWITCH_PLAN',
      subscriber_code: 'I9OT62C3',
      previous_plan_id: 114680,
    });
    const sample = fixture('SWITCH_PLAN');
    expect(keys(payload.data)).toEqual(keys(sample.data));
    expect(keys(payload.data.subscription)).toEqual(keys(at(sample, 'data', 'subscription')));
    expect(keys(payload.data.plans[0])).toEqual(keys(at(sample, 'data', 'plans', 0)));
    expect(typeMismatches(sample, payload)).toEqual([]);
    expect(payload.data.switch_plan_date).toBe(NOW);
    expect(payload.data.plans).toEqual([
      { id: 654321, name: 'Annual', offer: { key: 'n6hup357' }, current: true },
      { id: 114680, name: 'Monthly', offer: { key: 'n6hup355' }, current: false },
    ]);
  });

  it('renders the charge-date change with camelCase keys and the creationDate quirk', () => {
    const account = createMemoryAccount();
    account.updateSubscription('I9OT62C3', { due_day: 1, date_next_charge: Date.UTC(2025, 11, 1, 12) });
    const payload = buildWebhookPayload(account, {
      event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
      subscriber_code: 'I9OT62C3',
      old_due_day: 13,
    });
    const sample = fixture('UPDATE_SUBSCRIPTION_CHARGE_DATE');
    // The sample also carries the body hottok; without bodyHottok the keys are the rest of the envelope.
    expect(keys(payload)).toEqual(keys(sample).filter((key) => key !== 'hottok'));
    expect(payload.creationDate).toBe(NOW);
    expect('creation_date' in payload).toBe(false);
    expect(keys(payload.data.subscription)).toEqual(keys(at(sample, 'data', 'subscription')));
    expect(typeMismatches(sample, payload)).toEqual([]);
    expect(payload.data).toEqual({
      subscription: {
        dateNextCharge: '2025-12-01T12:00:00.000Z',
        newChargeDay: 1,
        oldChargeDay: 13,
        status: 'ACTIVE',
        product: { id: 5000001, name: 'Ice Club' },
      },
      subscriber: { name: 'Teste Comprador', email: 'comprador@example.com', code: 'I9OT62C3' },
      plan: { id: 114680, name: 'Monthly', offer: { code: 'n6hup355' } },
    });
  });

  it('renders club events: creationDate for first access, a string product id for module completion', () => {
    const account = createMemoryAccount();
    const first = buildWebhookPayload(account, {
      event: 'CLUB_FIRST_ACCESS',
      user_id: 'user-0001',
      product_id: 4774438,
    });
    expect(keys(first)).toEqual(keys(fixture('CLUB_FIRST_ACCESS')));
    expect(first.creationDate).toBe(NOW);
    expect(first.data).toEqual({
      product: { id: 4774438, name: 'How to Make Clear Ice' },
      user: { name: 'Teste Comprador', email: 'comprador@example.com' },
    });
    expect(typeMismatches(fixture('CLUB_FIRST_ACCESS'), first)).toEqual([]);
    const done = buildWebhookPayload(account, {
      event: 'CLUB_MODULE_COMPLETED',
      user_id: 'user-0001',
      product_id: 4774438,
      module_id: 'mod-b',
    });
    expect(keys(done)).toEqual(keys(fixture('CLUB_MODULE_COMPLETED')));
    expect(done.data).toEqual({
      product: { id: '4774438', name: 'How to Make Clear Ice' },
      user: { email: 'comprador@example.com', name: 'Teste Comprador' },
      module: { id: 'mod-b', name: 'Directional freezing' },
    });
    expect(typeMismatches(fixture('CLUB_MODULE_COMPLETED'), done)).toEqual([]);
  });
});

describe('buildWebhookPayload — parse check and failures', () => {
  const changes: StateChange[] = [
    ...PURCHASE_EVENT_NAMES.map((event) => ({ event, transaction: 'HP0000000002' })),
    {
      event: 'PURCHASE_OUT_OF_SHOPPING_CART',
      product_id: 4774438,
      offer_code: 'k2pasun0',
      buyer_ucode: 'buyer-0001',
    },
    { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3' },
    { event: 'SWITCH_PLAN', subscriber_code: 'I9OT62C3', previous_plan_id: 654321 },
    { event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE', subscriber_code: 'I9OT62C3', old_due_day: 5 },
    { event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001', product_id: 4774438 },
    { event: 'CLUB_MODULE_COMPLETED', user_id: 'user-0001', product_id: 4774438, module_id: 'mod-a' },
  ];

  it('covers all fifteen events, and @hotpilot/hotmart parses each payload', () => {
    expect(new Set(changes.map((change) => change.event))).toEqual(new Set(WEBHOOK_EVENT_NAMES));
    const account = createMemoryAccount();
    for (const change of changes) {
      const body = JSON.stringify(buildWebhookPayload(account, change, { hottok: 'tok' }));
      const result = parseWebhook(body, 'application/json');
      expect(result.ok, `${change.event}: ${result.ok ? '' : result.error.message}`).toBe(true);
      if (result.ok) expect(result.event.event).toBe(change.event);
    }
  });

  it('throws WebhookPayloadError naming the missing record', () => {
    const account = createMemoryAccount();
    const cases: [StateChange, RegExp][] = [
      [{ event: 'PURCHASE_APPROVED', transaction: 'HP-missing' }, /unknown transaction HP-missing/],
      [{ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'NOPE' }, /unknown subscriber NOPE/],
      [{ event: 'SWITCH_PLAN', subscriber_code: 'I9OT62C3', previous_plan_id: 1 }, /unknown plan 1/],
      [{ event: 'CLUB_FIRST_ACCESS', user_id: 'ghost', product_id: 4774438 }, /unknown student ghost/],
      [
        { event: 'CLUB_MODULE_COMPLETED', user_id: 'user-0001', product_id: 4774438, module_id: 'mod-z' },
        /unknown module mod-z/,
      ],
      [
        { event: 'PURCHASE_OUT_OF_SHOPPING_CART', product_id: 1, offer_code: 'x', buyer_ucode: 'buyer-0001' },
        /unknown product 1/,
      ],
    ];
    for (const [change, message] of cases) {
      let caught: unknown;
      try {
        buildWebhookPayload(account, change);
      } catch (error) {
        caught = error;
      }
      expect(caught, change.event).toBeInstanceOf(WebhookPayloadError);
      expect((caught as WebhookPayloadError).code).toBe('unknown_record');
      expect((caught as WebhookPayloadError).event).toBe(change.event);
      expect((caught as Error).message).toMatch(message);
    }
  });
});
