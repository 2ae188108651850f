import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  HOTMART_EVENT_KINDS,
  HOTMART_EVENT_NAMES,
  isHotmartEventName,
  normalizeWebhook,
  parseWebhook,
  verifyHottok,
  WEBHOOK_PARSE_ERROR_CODES,
  type WebhookParseResult,
} from '../../src/webhooks/index.ts';
import { fixtureJson } from './load-fixture.ts';

const CONTENT_TYPES = [
  undefined,
  null,
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
] as const;
const contentType = fc.constantFrom(...CONTENT_TYPES);
const RUNS = { numRuns: 400 };

/** The shape every result must have: an event with warnings, or a known error code with a message. */
function assertWellFormed(result: WebhookParseResult): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) {
    expect(Array.isArray(result.warnings)).toBe(true);
    expect(typeof result.event.id).toBe('string');
    expect(result.event.id.length).toBeGreaterThan(0);
    expect(Number.isFinite(result.event.creation_date)).toBe(true);
    expect(['1.0.0', '2.0.0']).toContain(result.event.version);
    // Normalising and printing a parsed event must not throw either.
    expect(normalizeWebhook(result.event).id).toBe(result.event.id);
    expect(typeof JSON.stringify(result.event)).toBe('string');
  } else {
    expect(WEBHOOK_PARSE_ERROR_CODES).toContain(result.error.code);
    expect(result.error.message.length).toBeGreaterThan(10);
  }
}

const envelopeKeys = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null), fc.jsonValue()),
    creation_date: fc.oneof(fc.nat(), fc.double(), fc.string(), fc.constant(null), fc.jsonValue()),
    creationDate: fc.oneof(fc.nat(), fc.string(), fc.jsonValue()),
    event: fc.oneof(fc.constantFrom(...HOTMART_EVENT_NAMES), fc.string(), fc.jsonValue()),
    version: fc.oneof(fc.constantFrom('1.0.0', '2.0.0', '3.0.0'), fc.jsonValue()),
    hottok: fc.oneof(fc.string(), fc.jsonValue()),
    status: fc.oneof(fc.constantFrom('approved', 'refunded', 'blocked'), fc.string()),
    transaction: fc.string(),
    prod: fc.oneof(fc.nat(), fc.string()),
    data: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe('parseWebhook never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), contentType, (body, type) => {
        assertWellFormed(parseWebhook(body, type));
      }),
      RUNS,
    );
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), contentType, (value, type) => {
        const result = parseWebhook(JSON.stringify(value), type);
        assertWellFormed(result);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          expect(result.ok ? 'ok' : result.error.code).not.toBe('ok');
        }
      }),
      RUNS,
    );
  });

  it('on arbitrary objects with envelope-ish keys, keeping raw exactly as received', () => {
    fc.assert(
      fc.property(envelopeKeys, fc.option(fc.nat(), { nil: undefined }), (object, receivedAt) => {
        const body = JSON.stringify(object);
        const result = parseWebhook(body, 'application/json', { receivedAt });
        assertWellFormed(result);
        if (result.ok) {
          expect(result.event.raw).toEqual(JSON.parse(body));
          const { event, kind } = result.event;
          if (result.event.version === '2.0.0' && 'event' in object) {
            expect(kind).toBe(isHotmartEventName(event) ? HOTMART_EVENT_KINDS[event] : 'unknown');
          }
        }
      }),
      RUNS,
    );
  });

  it('on real payloads with random values swapped into random fields', () => {
    const names = ['PURCHASE_APPROVED', 'SUBSCRIPTION_CANCELLATION', 'SWITCH_PLAN', 'CLUB_MODULE_COMPLETED'];
    const leafPaths = (value: unknown, prefix: string[] = []): string[][] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, member]) => [
            [...prefix, key],
            ...leafPaths(member, [...prefix, key]),
          ])
        : [];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.jsonValue(), (name, pick, replacement) => {
        const sample = fixtureJson(name);
        const paths = leafPaths(sample);
        const path = paths[pick % paths.length]!;
        let target = sample as Record<string, unknown>;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[path.at(-1)!] = replacement;
        const result = parseWebhook(JSON.stringify(sample), 'application/json');
        assertWellFormed(result);
        if (!result.ok && result.error.code === 'invalid_data') expect(result.error.path?.[0]).toBe('data');
      }),
      RUNS,
    );
  });

  it('on arbitrary form bodies, with stable ids', () => {
    const key = fc.oneof(
      fc.constantFrom(
        'hottok',
        'status',
        'transaction',
        'prod',
        'price',
        'purchase_date',
        'email',
        'aff',
        '__proto__',
      ),
      fc.string(),
    );
    const value = fc.oneof(
      fc.constantFrom('approved', 'refunded', 'started', '97,50', '1700000000000'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), fc.boolean(), (pairs, withTime) => {
        const body = new URLSearchParams(pairs).toString();
        const options = withTime ? { receivedAt: 1 } : {};
        const first = parseWebhook(body, 'application/x-www-form-urlencoded', options);
        assertWellFormed(first);
        const second = parseWebhook(body, 'application/x-www-form-urlencoded', options);
        expect(second.ok && second.event.id).toBe(first.ok && first.event.id);
        if (first.ok) expect(first.event.version).toBe('1.0.0');
      }),
      RUNS,
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), contentType, (bytes, type) => {
        assertWellFormed(parseWebhook(bytes, type));
      }),
      RUNS,
    );
  });

  it('on deeply nested data', () => {
    const nested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = `{"id":"d","creation_date":1,"event":"PURCHASE_APPROVED","version":"2.0.0","data":{"purchase":{"transaction":"HP1"},"x":${nested}}}`;
    const untyped = parseWebhook(body, 'application/json');
    // Unknown keys pass through unvisited, however deep (printing such an event is the caller's concern).
    expect(untyped.ok && untyped.event.kind).toBe('purchase');
    const inTyped = body.replace(
      '"purchase":{"transaction":"HP1"}',
      `"purchase":{"transaction":"HP1","offer":${nested}}`,
    );
    const result = parseWebhook(inTyped, 'application/json');
    expect(result.ok ? 'ok' : result.error.code).toBe('invalid_data');
  });
});

describe('verifyHottok properties', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (header, accepted) => {
        expect(typeof verifyHottok(header as string, accepted as string[])).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('is true exactly when the header is a non-empty accepted token', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 5 }), (header, accepted) => {
        const expected = header.length > 0 && accepted.includes(header);
        expect(verifyHottok(header, accepted)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('accepts a token placed anywhere in the list', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.string()), fc.nat(), (token, others, at) => {
        const list = [...others];
        list.splice(at % (list.length + 1), 0, token);
        expect(verifyHottok(token, list)).toBe(true);
      }),
      RUNS,
    );
  });
});
