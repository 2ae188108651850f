import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { normalizeWebhook, parseWebhook, type WebhookParseResult } from '../../src/webhooks/index.ts';

const FORM = 'application/x-www-form-urlencoded';
const RECEIVED_AT = 1764600000000;
const HOTTOK = 'legacyHottok9x8c7v6b5n4m';

/** A v1 post with the fields public handlers read (reference §6.2), overridable per test. */
function v1Body(fields: Record<string, string | undefined> = {}): string {
  const base: Record<string, string | undefined> = {
    hottok: HOTTOK,
    status: 'approved',
    transaction: 'HP1439000000001',
    prod: '1439',
    prod_name: 'Curso de Teste',
    off: 'ofr123',
    price: '97.00',
    full_price: '103,50',
    currency: 'BRL',
    email: ' Comprador@Example.COM ',
    name: 'Comprador Teste',
    first_name: 'Comprador',
    last_name: 'Teste',
    phone_local_code: '31',
    phone_number: '988887777',
    purchase_date: '2025-11-20 14:30:00',
    payment_type: 'billet',
    cms_marketplace: '9.70',
    cms_vendor: '77.60',
    cms_aff: '9.70',
    aff: 'AFF001',
    aff_name: 'Parceiro',
    xcod: 'campanha-1',
    sck: 'checkout-a',
    src: 'newsletter',
    subscriber_code: 'SUBV1001',
    name_subscription_plan: 'Mensal',
    ...fields,
  };
  const pairs = Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(pairs).toString();
}

function ok(result: WebhookParseResult) {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}

describe('legacy v1 form posts', () => {
  it('normalise an approved post to a 1.0.0 PURCHASE_APPROVED in the v2 purchase shape', () => {
    const { event, warnings } = ok(parseWebhook(v1Body(), FORM, { receivedAt: RECEIVED_AT }));
    expect(event.version).toBe('1.0.0');
    expect(event.event).toBe('PURCHASE_APPROVED');
    expect(event.kind).toBe('purchase');
    expect(event.hottok).toBe(HOTTOK);
    expect(event.creation_date).toBe(RECEIVED_AT);
    expect(event.creation_date_source).toBe('received_at');
    expect(event.id).toMatch(/^v1-[0-9a-f]{32}$/);
    expect(warnings).toContain('legacy v1 form post normalised to PURCHASE_APPROVED (reference §6.2)');
    if (event.kind !== 'purchase') throw new Error(event.kind);
    expect(event.data).toEqual({
      product: { id: 1439, name: 'Curso de Teste' },
      affiliates: [{ affiliate_code: 'AFF001', name: 'Parceiro' }],
      buyer: {
        email: 'Comprador@Example.COM',
        name: 'Comprador Teste',
        first_name: 'Comprador',
        last_name: 'Teste',
        checkout_phone_code: '31',
        checkout_phone: '988887777',
      },
      commissions: [
        { value: 9.7, source: 'MARKETPLACE', currency_value: 'BRL' },
        { value: 77.6, source: 'PRODUCER', currency_value: 'BRL' },
        { value: 9.7, source: 'AFFILIATE', currency_value: 'BRL' },
      ],
      purchase: {
        transaction: 'HP1439000000001',
        status: 'APPROVED',
        // "2025-11-20 14:30:00" read as Brasília time (UTC-3).
        order_date: Date.UTC(2025, 10, 20, 17, 30, 0),
        price: { value: 97, currency_value: 'BRL' },
        full_price: { value: 103.5, currency_value: 'BRL' },
        payment: { type: 'billet' },
        offer: { code: 'ofr123' },
        origin: { src: 'newsletter', sck: 'checkout-a', xcod: 'campanha-1' },
      },
      subscription: { plan: { name: 'Mensal' }, subscriber: { code: 'SUBV1001' } },
    });
  });

  it('keep the original fields in raw', () => {
    const { event } = ok(parseWebhook(v1Body({ callback_type: '1' }), FORM, { receivedAt: RECEIVED_AT }));
    expect(event.raw).toMatchObject({ hottok: HOTTOK, status: 'approved', prod: '1439', callback_type: '1' });
    expect(event.raw.email).toBe(' Comprador@Example.COM ');
  });

  it('normalise to the common view', () => {
    const { event } = ok(parseWebhook(v1Body(), FORM, { receivedAt: RECEIVED_AT }));
    expect(normalizeWebhook(event)).toStrictEqual({
      id: event.id,
      name: 'PURCHASE_APPROVED',
      kind: 'purchase',
      version: '1.0.0',
      occurredAt: RECEIVED_AT,
      reconciled: false,
      transaction: 'HP1439000000001',
      buyer: { email: 'comprador@example.com', name: 'Comprador Teste' },
      product: { id: '1439', name: 'Curso de Teste' },
      subscriberCode: 'SUBV1001',
      plan: { name: 'Mensal' },
      amount: { value: 97, currency: 'BRL' },
      status: 'APPROVED',
      offerCode: 'ofr123',
      affiliateCode: 'AFF001',
    });
  });

  it.each([
    ['approved', 'PURCHASE_APPROVED', 'APPROVED'],
    ['completed', 'PURCHASE_COMPLETE', 'COMPLETED'],
    ['refunded', 'PURCHASE_REFUNDED', 'REFUNDED'],
    ['canceled', 'PURCHASE_CANCELED', 'CANCELED'],
    ['cancelled', 'PURCHASE_CANCELED', 'CANCELED'],
    ['chargeback', 'PURCHASE_CHARGEBACK', 'CHARGEBACK'],
    ['billet_printed', 'PURCHASE_BILLET_PRINTED', 'BILLET_PRINTED'],
    ['expired', 'PURCHASE_EXPIRED', 'EXPIRED'],
    ['dispute', 'PURCHASE_PROTEST', 'DISPUTE'],
    ['protest', 'PURCHASE_PROTEST', 'DISPUTE'],
    ['delayed', 'PURCHASE_DELAYED', 'DELAYED'],
    ['started', 'PURCHASE_BILLET_PRINTED', 'BILLET_PRINTED'],
    ['APPROVED', 'PURCHASE_APPROVED', 'APPROVED'],
  ])('map status %s to %s (%s)', (status, eventName, webhookStatus) => {
    const { event } = ok(parseWebhook(v1Body({ status }), FORM, { receivedAt: RECEIVED_AT }));
    expect(event.event).toBe(eventName);
    expect(event.kind === 'purchase' && event.data.purchase.status).toBe(webhookStatus);
  });

  it('flag the approximate mapping of "started"', () => {
    const { warnings } = ok(parseWebhook(v1Body({ status: 'started' }), FORM, { receivedAt: RECEIVED_AT }));
    expect(warnings.some((warning) => warning.includes('"started"'))).toBe(true);
  });

  it('keep an unknown status as kind unknown, with purchase-shaped data and the original status', () => {
    const { event, warnings } = ok(
      parseWebhook(v1Body({ status: 'pending_analysis' }), FORM, { receivedAt: 1 }),
    );
    expect(event.kind).toBe('unknown');
    expect(event.event).toBe('V1_PENDING_ANALYSIS');
    expect(event.raw.status).toBe('pending_analysis');
    expect(event.data).toMatchObject({
      purchase: { transaction: 'HP1439000000001', status: 'PENDING_ANALYSIS' },
    });
    expect(warnings.join(' ')).toContain('no v2 event');
    // The common view still finds the transaction and buyer of an unmapped legacy post.
    expect(normalizeWebhook(event).transaction).toBe('HP1439000000001');
  });

  it('sanitise odd statuses before naming the event', () => {
    const { event } = ok(parseWebhook(v1Body({ status: 'em análise!' }), FORM, { receivedAt: 1 }));
    expect(event.event).toBe('V1_EM_AN_LISE_');
    const proto = ok(parseWebhook(v1Body({ status: '__proto__' }), FORM, { receivedAt: 1 }));
    expect(proto.event.kind).toBe('unknown');
  });

  it('derive the same id for a repeated delivery, even with reordered fields or a rotated hottok', () => {
    const first = ok(parseWebhook(v1Body(), FORM, { receivedAt: 1 })).event.id;
    const again = ok(parseWebhook(v1Body(), FORM, { receivedAt: 2 })).event.id;
    const reordered = new URLSearchParams([...new URLSearchParams(v1Body())].reverse()).toString();
    const rotated = v1Body({ hottok: 'another-hottok' });
    expect(again).toBe(first);
    expect(ok(parseWebhook(reordered, FORM, { receivedAt: 1 })).event.id).toBe(first);
    expect(ok(parseWebhook(rotated, FORM, { receivedAt: 1 })).event.id).toBe(first);
  });

  it('derive different ids for a different status, transaction or field', () => {
    const ids = new Set(
      [
        v1Body(),
        v1Body({ status: 'refunded' }),
        v1Body({ transaction: 'HP2' }),
        v1Body({ price: '98.00' }),
      ].map((body) => ok(parseWebhook(body, FORM, { receivedAt: 1 })).event.id),
    );
    expect(ids.size).toBe(4);
  });

  it('fall back to purchase_date when no receivedAt is given', () => {
    const { event, warnings } = ok(parseWebhook(v1Body({ purchase_date: '1700000000000' }), FORM));
    expect(event.creation_date).toBe(1700000000000);
    expect(event.creation_date_source).toBe('purchase_date');
    expect(warnings.join(' ')).toContain('receivedAt');
  });

  it.each([
    ['epoch seconds', '1700000000', 1700000000000],
    ['ISO with zone', '2025-11-20T14:30:00-03:00', Date.UTC(2025, 10, 20, 17, 30)],
    ['Brazilian format', '20/11/2025 14:30:00', Date.UTC(2025, 10, 20, 17, 30)],
    ['a bare date', '2025-11-20', Date.UTC(2025, 10, 20, 3)],
  ])('read a purchase_date given as %s', (_label, purchaseDate, expected) => {
    const { event } = ok(parseWebhook(v1Body({ purchase_date: purchaseDate }), FORM));
    expect(event.creation_date).toBe(expected);
  });

  it('reject a post without receivedAt and without a readable purchase_date', () => {
    for (const purchaseDate of [undefined, '31/02/2025 10:00:00', 'ontem']) {
      const result = parseWebhook(v1Body({ purchase_date: purchaseDate }), FORM);
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid_envelope');
      expect(result.ok ? undefined : result.error.message).toContain('receivedAt');
    }
  });

  it('reject a post without status as missing_event', () => {
    const result = parseWebhook(v1Body({ status: undefined }), FORM, { receivedAt: 1 });
    expect(result.ok ? 'ok' : result.error.code).toBe('missing_event');
    expect(result.ok ? undefined : result.error.path).toEqual(['status']);
  });

  it('reject a known status without transaction as invalid_data', () => {
    const result = parseWebhook(v1Body({ transaction: undefined }), FORM, { receivedAt: 1 });
    expect(result.ok ? 'ok' : result.error.code).toBe('invalid_data');
    expect(result.ok ? undefined : result.error.path).toEqual(['transaction']);
    expect(result.ok ? undefined : result.error.eventName).toBe('PURCHASE_APPROVED');
  });

  it('reject a form body with no key=value field as invalid_form', () => {
    for (const body of ['just some words', '&&&', '=value-without-key']) {
      const result = parseWebhook(body, FORM, { receivedAt: 1 });
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid_form');
      expect(result.ok ? '' : result.error.message).toContain('key=value');
    }
  });

  it('keep unreadable numbers in raw only, with a warning that does not quote them', () => {
    const { event, warnings } = ok(
      parseWebhook(v1Body({ price: 'R$ 97', prod: 'abc' }), FORM, { receivedAt: 1 }),
    );
    expect(event.raw.price).toBe('R$ 97');
    expect(event.kind === 'purchase' && event.data.purchase.price).toBeUndefined();
    expect(event.kind === 'purchase' && event.data.product?.id).toBeUndefined();
    expect(warnings.join(' ')).toContain('"price" is not a number');
    expect(warnings.join(' ')).not.toContain('R$ 97');
  });

  it('keep every value of a repeated field in raw and use the first', () => {
    const body = `${v1Body()}&email=second@example.com`;
    const { event, warnings } = ok(parseWebhook(body, FORM, { receivedAt: 1 }));
    expect(event.raw.email).toEqual([' Comprador@Example.COM ', 'second@example.com']);
    expect(event.kind === 'purchase' && event.data.buyer?.email).toBe('Comprador@Example.COM');
    expect(warnings.join(' ')).toContain('"email" appears more than once');
  });

  it('keep a "__proto__" field as data', () => {
    const { event } = ok(parseWebhook(`${v1Body()}&__proto__=x`, FORM, { receivedAt: 1 }));
    expect(Object.hasOwn(event.raw, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(event.raw)).toBe(Object.prototype);
  });

  it('are recognised without a content type, and when mislabelled as JSON', () => {
    const bare = ok(parseWebhook(v1Body(), undefined, { receivedAt: 1 }));
    expect(bare.event.version).toBe('1.0.0');
    const mislabelled = ok(parseWebhook(v1Body(), 'application/json', { receivedAt: 1 }));
    expect(mislabelled.event.version).toBe('1.0.0');
    expect(mislabelled.warnings[0]).toContain('form post');
  });

  it('are recognised when a proxy re-sent the fields as flat JSON', () => {
    const fields = Object.fromEntries(new URLSearchParams(v1Body()));
    const { event, warnings } = ok(
      parseWebhook(JSON.stringify({ ...fields, prod: 1439 }), 'application/json', { receivedAt: 1 }),
    );
    expect(event.version).toBe('1.0.0');
    expect(event.event).toBe('PURCHASE_APPROVED');
    expect(event.raw.prod).toBe(1439);
    expect(warnings[0]).toContain('flat v1 fields');
  });

  it('never print the hottok', () => {
    const { event } = ok(parseWebhook(v1Body(), FORM, { receivedAt: 1 }));
    expect(JSON.stringify(event)).not.toContain(HOTTOK);
    expect(inspect(event, { depth: 5 })).not.toContain(HOTTOK);
    expect(event.id).not.toContain(HOTTOK);
  });
});
