import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { parseWebhook, type WebhookParseError, type WebhookParseResult } from '../../src/webhooks/index.ts';
import { fixtureBytes, fixtureJson } from './load-fixture.ts';

const HOTTOK = 'hk_live_4f2b9c7e1d8a6b3f';

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '3f0b8f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    creation_date: 1763247745737,
    event: 'PURCHASE_APPROVED',
    version: '2.0.0',
    data: {
      buyer: { email: 'ana@example.com', name: 'Ana' },
      purchase: {
        transaction: 'HP1000000000001',
        status: 'APPROVED',
        price: { value: 97, currency_value: 'BRL' },
      },
    },
    ...overrides,
  };
}

function okEvent(result: WebhookParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function failure(result: WebhookParseResult): WebhookParseError {
  if (result.ok) throw new Error(`expected a failure, got ${result.event.event}`);
  return result.error;
}

const json = (value: unknown) => JSON.stringify(value);

describe('parseWebhook errors', () => {
  it.each([
    ['an empty string', ''],
    ['whitespace', ' \n\t '],
    ['zero bytes', new Uint8Array(0)],
  ])('rejects %s as empty_body', (_label, body) => {
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('empty_body');
    expect(error.message).toContain('empty');
  });

  it('rejects a missing body (JavaScript callers) as empty_body instead of throwing', () => {
    const error = failure(parseWebhook(undefined as unknown as string));
    expect(error.code).toBe('empty_body');
    expect(error.message).toContain('got undefined');
  });

  it('rejects broken JSON with the position but without quoting the body', () => {
    const body = `{"id": "x", "hottok": "${HOTTOK}" "event": "PURCHASE_APPROVED"}`;
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain(`syntax error at character ${body.indexOf('"event"')}`);
    expect(error.message).not.toContain(HOTTOK);
  });

  it('rejects a truncated JSON body, saying it was cut short', () => {
    const error = failure(parseWebhook(`{"id": "x", "hottok": "${HOTTOK}", "event": `, 'application/json'));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain('cut short');
    expect(error.message).not.toContain(HOTTOK);
  });

  it('never quotes the body when V8 would (an unexpected token near the start)', () => {
    const error = failure(parseWebhook(`${HOTTOK}{}`, 'application/json'));
    expect(error.code).toBe('invalid_json');
    expect(error.message).not.toContain(HOTTOK);
  });

  it('rejects prose without a content type as invalid_json, explaining both accepted formats', () => {
    const error = failure(parseWebhook('hello there'));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain('legacy form post');
    expect(error.message).toContain('application/json');
  });

  it.each([
    ['an array', '[{"event":"PURCHASE_APPROVED"}]', 'an array'],
    ['a string', '"PURCHASE_APPROVED"', 'string'],
    ['a number', '42', 'number'],
    ['null', 'null', 'null'],
  ])('rejects a JSON %s as not_an_object', (_label, body, named) => {
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('not_an_object');
    expect(error.message).toContain(named);
    expect(error.message).toContain('"event"');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not a string', 7],
  ])('rejects an envelope whose event is %s as missing_event', (_label, event) => {
    const error = failure(parseWebhook(json(envelope({ event })), 'application/json'));
    expect(error.code).toBe('missing_event');
    expect(error.path).toEqual(['event']);
    expect(error.message).toContain('PURCHASE_APPROVED');
  });

  it.each(['3.0.0', '2.0', '1'])('rejects version %s as unsupported_version', (version) => {
    const error = failure(parseWebhook(json(envelope({ version })), 'application/json'));
    expect(error.code).toBe('unsupported_version');
    expect(error.path).toEqual(['version']);
    expect(error.eventName).toBe('PURCHASE_APPROVED');
    expect(error.message).toContain(`"${version}"`);
    expect(error.message).toContain('2.0.0');
  });

  it('rejects a numeric version as unsupported_version', () => {
    const error = failure(parseWebhook(json(envelope({ version: 2 })), 'application/json'));
    expect(error.code).toBe('unsupported_version');
    expect(error.message).toContain('number');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['an object', { uuid: 'x' }],
  ])('rejects an id that is %s as invalid_envelope', (_label, id) => {
    const error = failure(parseWebhook(json(envelope({ id })), 'application/json'));
    expect(error.code).toBe('invalid_envelope');
    expect(error.path).toEqual(['id']);
    expect(error.eventName).toBe('PURCHASE_APPROVED');
  });

  it('rejects an envelope without any creation date unless receivedAt is given', () => {
    const body = json(envelope({ creation_date: undefined }));
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('invalid_envelope');
    expect(error.path).toEqual(['creation_date']);
    expect(error.message).toContain('receivedAt');
    expect(error.eventId).toBe('3f0b8f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b');

    const { event, warnings } = okEvent(
      parseWebhook(body, 'application/json', { receivedAt: 1700000000000 }),
    );
    expect(event.creation_date).toBe(1700000000000);
    expect(event.creation_date_source).toBe('received_at');
    expect(warnings.join(' ')).toContain('receivedAt');
  });

  it.each([
    ['negative', -5],
    ['text', 'yesterday'],
    ['an ISO date', '2025-11-15T10:00:00Z'],
  ])('rejects a creation_date that is %s', (_label, creation_date) => {
    const error = failure(parseWebhook(json(envelope({ creation_date })), 'application/json'));
    expect(error.code).toBe('invalid_envelope');
    expect(error.path).toEqual(['creation_date']);
    expect(error.message).toContain('epoch milliseconds');
  });

  it('rejects purchase data with wrong types as invalid_data, with the zod path', () => {
    const body = json(
      envelope({
        data: { purchase: { transaction: 'HP1', price: { value: '97.00', currency_value: 'BRL' } } },
      }),
    );
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('invalid_data');
    expect(error.path).toEqual(['data', 'purchase', 'price', 'value']);
    expect(error.message).toContain('data.purchase.price.value');
    expect(error.message).toContain('expected number');
    expect(error.message).toContain('PURCHASE_APPROVED');
    expect(error.eventId).toBe('3f0b8f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
  });

  it('rejects a purchase whose buyer is a string and counts the other issues', () => {
    const body = json(envelope({ data: { buyer: 'ana@example.com', purchase: { transaction: 7 } } }));
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('invalid_data');
    expect(error.path?.[0]).toBe('data');
    expect(error.message).toContain('(and 1 more)');
  });

  it('requires purchase.transaction on purchase events', () => {
    const error = failure(
      parseWebhook(json(envelope({ data: { buyer: { email: 'a@b.c' } } })), 'application/json'),
    );
    expect(error.code).toBe('invalid_data');
    expect(error.path).toEqual(['data', 'purchase']);
  });

  it('rejects a known event without data as invalid_data', () => {
    const error = failure(
      parseWebhook(json(envelope({ event: 'SWITCH_PLAN', data: undefined })), 'application/json'),
    );
    expect(error.code).toBe('invalid_data');
    expect(error.path).toEqual(['data']);
    expect(error.eventName).toBe('SWITCH_PLAN');
  });

  it('rejects club data whose module is not an object', () => {
    const body = json(envelope({ event: 'CLUB_MODULE_COMPLETED', data: { module: 'hash123' } }));
    const error = failure(parseWebhook(body, 'application/json'));
    expect(error.code).toBe('invalid_data');
    expect(error.path).toEqual(['data', 'module']);
  });
});

describe('parseWebhook tolerance', () => {
  it('keeps ORDER_FULFILLMENT as kind unknown with its raw payload', () => {
    const data = { order: { id: 99, items: [{ sku: 'KIT-1' }] } };
    const { event, warnings } = okEvent(parseWebhook(json(envelope({ event: 'ORDER_FULFILLMENT', data }))));
    expect(event.kind).toBe('unknown');
    expect(event.event).toBe('ORDER_FULFILLMENT');
    expect(event.data).toEqual(data);
    expect(event.raw.data).toBe(event.data);
    expect(warnings[0]).toContain('no published sample');
  });

  it('keeps an unknown event name, even with data of any type', () => {
    const { event, warnings } = okEvent(
      parseWebhook(json(envelope({ event: 'PURCHASE_TELEPORTED', data: [1, 2] }))),
    );
    expect(event.kind).toBe('unknown');
    expect(event.event).toBe('PURCHASE_TELEPORTED');
    expect(event.data).toEqual([1, 2]);
    expect(warnings[0]).toContain('"PURCHASE_TELEPORTED" is not a documented event');
  });

  it('passes unknown fields through in data and raw', () => {
    const body = envelope({ shard: 'b7', data: undefined });
    body.data = {
      purchase: {
        transaction: 'HP2',
        status: 'APPROVED',
        variants: [{ sku: 'HTM_SANDBOX-1' }],
        offer: { code: 'x', metadata: { a: 1 } },
      },
      shipping: { carrier: 'Correios' },
    };
    const { event } = okEvent(parseWebhook(json(body)));
    if (event.kind !== 'purchase') throw new Error(event.kind);
    expect(event.raw.shard).toBe('b7');
    expect(event.data.shipping).toEqual({ carrier: 'Correios' });
    expect(event.data.purchase.variants).toEqual([{ sku: 'HTM_SANDBOX-1' }]);
    expect(event.data.purchase.offer?.metadata).toEqual({ a: 1 });
  });

  it('accepts null and missing blocks, as real deliveries send them', () => {
    const data = {
      buyer: null,
      affiliates: null,
      subscription: null,
      product: { id: 1, name: null },
      purchase: { transaction: 'HP3', price: null, payment: { type: 'PIX' } },
    };
    const { event } = okEvent(parseWebhook(json(envelope({ data }))));
    if (event.kind !== 'purchase') throw new Error(event.kind);
    expect(event.data.buyer).toBeNull();
    expect(event.data.purchase.payment?.type).toBe('PIX');
  });

  it('accepts new webhook status values', () => {
    const data = { purchase: { transaction: 'HP4', status: 'PARTIALLY_REFUNDED' } };
    const { event } = okEvent(parseWebhook(json(envelope({ data }))));
    expect(event.kind === 'purchase' && event.data.purchase.status).toBe('PARTIALLY_REFUNDED');
  });

  it('turns numeric phone and document fields into strings rather than quarantining the order', () => {
    const data = {
      buyer: { checkout_phone: 31988887777, document: 12345678909 },
      purchase: { transaction: 'HP5' },
    };
    const { event } = okEvent(parseWebhook(json(envelope({ data }))));
    if (event.kind !== 'purchase') throw new Error(event.kind);
    expect(event.data.buyer?.checkout_phone).toBe('31988887777');
    expect(event.data.buyer?.document).toBe('12345678909');
  });

  it('prefers creation_date over creationDate and says so', () => {
    const { event, warnings } = okEvent(parseWebhook(json(envelope({ creationDate: 1 }))));
    expect(event.creation_date).toBe(1763247745737);
    expect(event.creation_date_source).toBe('creation_date');
    expect(warnings.join(' ')).toContain('both');
  });

  it('reads a creation date given as a string of digits', () => {
    const { event, warnings } = okEvent(parseWebhook(json(envelope({ creation_date: '1763247745737' }))));
    expect(event.creation_date).toBe(1763247745737);
    expect(warnings.join(' ')).toContain('string of digits');
  });

  it('assumes 2.0.0 when the version is missing, and converts a numeric id', () => {
    const { event, warnings } = okEvent(parseWebhook(json(envelope({ version: undefined, id: 12345 }))));
    expect(event.version).toBe('2.0.0');
    expect(event.id).toBe('12345');
    expect(warnings).toHaveLength(2);
  });

  it('reads a JSON envelope that declares version 1.0.0', () => {
    const { event, warnings } = okEvent(parseWebhook(json(envelope({ version: '1.0.0' }))));
    expect(event.version).toBe('1.0.0');
    expect(event.kind).toBe('purchase');
    expect(warnings[0]).toContain('1.0.0');
  });

  it('ignores a non-string body hottok without echoing it', () => {
    const { event, warnings } = okEvent(parseWebhook(json(envelope({ hottok: 123456789 }))));
    expect(event.hottok).toBeUndefined();
    expect(warnings[0]).toContain('number');
    expect(warnings[0]).not.toContain('123456789');
  });

  it.each([
    ['application/json; charset=utf-8'],
    ['APPLICATION/JSON'],
    ['application/vnd.hotmart+json'],
    ['text/plain'],
    [null],
    [undefined],
  ])('parses JSON sent with content type %s', (contentType) => {
    const { event } = okEvent(parseWebhook(json(envelope()), contentType));
    expect(event.event).toBe('PURCHASE_APPROVED');
  });

  it('parses a JSON body mislabelled as a form post, with a warning', () => {
    const { event, warnings } = okEvent(parseWebhook(json(envelope()), 'application/x-www-form-urlencoded'));
    expect(event.version).toBe('2.0.0');
    expect(warnings[0]).toContain('parsed as JSON');
  });

  it('reads UTF-8 bytes, a BOM and invalid bytes', () => {
    const text = json(
      envelope({ data: { purchase: { transaction: 'HP6' }, product: { name: 'Café ç á' } } }),
    );
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    const fromBytes = okEvent(parseWebhook(bytes, 'application/json'));
    expect(fromBytes.event.kind === 'purchase' && fromBytes.event.data.product?.name).toBe('Café ç á');
    expect(fromBytes.warnings).toEqual([]);

    const broken = new Uint8Array([
      ...new TextEncoder().encode(text.slice(0, -2)),
      0xff,
      ...new TextEncoder().encode('}}'),
    ]);
    const result = parseWebhook(broken, 'application/json');
    // The stray byte lands between the data object and the closing brace: still JSON-invalid, never a throw.
    expect(result.ok ? 'ok' : result.error.code).toBe('invalid_json');

    const inString = new TextEncoder().encode(text.replace('Café', 'Caf\u0000'));
    inString[inString.indexOf(0)] = 0xe9; // a Latin-1 "é": invalid as UTF-8
    const repaired = okEvent(parseWebhook(inString, 'application/json'));
    expect(repaired.warnings[0]).toContain('not valid UTF-8');
    expect(repaired.event.kind === 'purchase' && repaired.event.data.product?.name).toBe('Caf\uFFFD ç á');
  });

  it('keeps a JSON "__proto__" key as data without touching prototypes', () => {
    const body = `{"id":"p1","creation_date":1,"event":"PURCHASE_APPROVED","version":"2.0.0","data":{"purchase":{"transaction":"HP7"},"__proto__":{"polluted":true}}}`;
    const { event } = okEvent(parseWebhook(body));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(event.raw.data as object, '__proto__')).toBe(true);
  });
});

describe('parsed events never print the hottok', () => {
  const body = json(envelope({ hottok: HOTTOK }));

  it('keeps the hottok readable as data', () => {
    const { event } = okEvent(parseWebhook(body));
    expect(event.hottok).toBe(HOTTOK);
    expect(event.raw.hottok).toBe(HOTTOK);
  });

  it('redacts it in JSON.stringify and util.inspect', () => {
    const { event } = okEvent(parseWebhook(body));
    const printed = [JSON.stringify(event), inspect(event, { depth: 10 }), `${inspect(event)}`];
    for (const text of printed) {
      expect(text).not.toContain(HOTTOK);
      expect(text).toContain('[redacted]');
    }
    expect(JSON.parse(JSON.stringify(event)).raw.data.purchase.transaction).toBe('HP1000000000001');
  });

  it('redacts the fixture hottok too', () => {
    const result = okEvent(parseWebhook(fixtureBytes('UPDATE_SUBSCRIPTION_CHARGE_DATE')));
    const secret = fixtureJson('UPDATE_SUBSCRIPTION_CHARGE_DATE').hottok as string;
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(inspect(result, { depth: 10 })).not.toContain(secret);
  });
});
