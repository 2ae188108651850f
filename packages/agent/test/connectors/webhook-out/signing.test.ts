import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  matchesFilter,
  RETRY_SCHEDULE_MS,
  retryDelay,
  secretKey,
  signatureOf,
  signWebhook,
  verifyWebhook,
  WebhookOutSettings,
  WebhookSecret,
  webhookIdFor,
} from '../../../src/connectors/webhook-out/index.ts';

// Signatures are checked against `standardwebhooks`, the spec's own implementation, both ways.

describe('signing secrets', () => {
  it('generates whsec_ secrets of 24–64 random bytes that the reference library accepts', () => {
    for (const bytes of [24, 32, 64]) {
      const secret = generateWebhookSecret(bytes);
      expect(secret.startsWith('whsec_')).toBe(true);
      expect(secretKey(secret)).toHaveLength(bytes);
      expect(WebhookSecret.safeParse(secret).success).toBe(true);
      expect(() => new Webhook(secret)).not.toThrow();
    }
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
    expect(() => generateWebhookSecret(16)).toThrow(RangeError);
    expect(() => generateWebhookSecret(65)).toThrow(RangeError);
  });

  it('refuses secrets without the prefix, with bad base64, or of the wrong size — without echoing them', () => {
    const cases = {
      'my-password-123456789012345678901234': 'must start with "whsec_"',
      'whsec_not base64!': 'standard base64',
      [`whsec_${Buffer.alloc(16, 7).toString('base64')}`]: 'encodes 16',
      [`whsec_${Buffer.alloc(65, 7).toString('base64')}`]: 'encodes 65',
    };
    for (const [secret, message] of Object.entries(cases)) {
      const result = WebhookSecret.safeParse(secret);
      expect(result.success).toBe(false);
      const text = result.error?.issues.map((issue) => issue.message).join(' ') ?? '';
      expect(text).toContain(message);
      expect(text).not.toContain(secret);
    }
  });
});

describe('signWebhook', () => {
  it('produces headers the reference library verifies', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      type: 'hotmart.purchase_approved',
      timestamp: '2025-01-31T12:00:00.000Z',
      data: { a: 1 },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signWebhook({ id: 'msg_1', timestamp, body, secrets: [secret] });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(timestamp));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every secret during a rotation, so old and new receivers both verify', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const body = '{"type":"webhook.ping","timestamp":"2025-01-31T12:00:00.000Z","data":{}}';
    const headers = signWebhook({
      id: 'msg_2',
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secrets: [current, previous],
    });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toMatchObject({ type: 'webhook.ping' });
    expect(new Webhook(previous).verify(body, { ...headers })).toMatchObject({ type: 'webhook.ping' });
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(
      'No matching signature',
    );
  });

  it('matches the reference library’s signature for any id, time and body', () => {
    const secret = generateWebhookSecret();
    const reference = new Webhook(secret);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_:-]{1,40}$/),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.string({ unit: 'grapheme' }),
        (id, seconds, body) => {
          expect(signatureOf(secret, id, seconds, body)).toBe(
            reference.sign(id, new Date(seconds * 1000), body),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses to sign without a secret or with a fractional timestamp', () => {
    expect(() => signWebhook({ id: 'm', timestamp: 1, body: '{}', secrets: [] })).toThrow(TypeError);
    expect(() =>
      signWebhook({ id: 'm', timestamp: 1.5, body: '{}', secrets: [generateWebhookSecret()] }),
    ).toThrow(TypeError);
  });
});

describe('verifyWebhook', () => {
  const secret = generateWebhookSecret();
  const body = '{"type":"hotmart.purchase_refunded","timestamp":"2025-01-31T12:00:00.000Z","data":{}}';
  const now = Date.now();
  const headersAt = (seconds: number) => {
    const signature = new Webhook(secret).sign('msg_9', new Date(seconds * 1000), body);
    return { 'Webhook-Id': 'msg_9', 'Webhook-Timestamp': String(seconds), 'Webhook-Signature': signature };
  };

  it('accepts what the reference library signed, whatever the header case', () => {
    expect(
      verifyWebhook({ payload: body, headers: headersAt(Math.floor(now / 1000)), secrets: [secret], now }),
    ).toEqual({
      valid: true,
    });
  });

  it('says why a delivery fails', () => {
    const seconds = Math.floor(now / 1000);
    const check = (payload: string, headers: Record<string, string>, secrets = [secret]) =>
      verifyWebhook({ payload, headers, secrets, now });
    expect(check(`${body} `, headersAt(seconds))).toEqual({ valid: false, reason: 'no_matching_signature' });
    expect(check(body, headersAt(seconds), [generateWebhookSecret()])).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
    expect(check(body, headersAt(seconds - 301))).toEqual({ valid: false, reason: 'timestamp_too_old' });
    expect(check(body, headersAt(seconds + 301))).toEqual({ valid: false, reason: 'timestamp_too_new' });
    expect(check(body, { ...headersAt(seconds), 'Webhook-Timestamp': 'soon' })).toEqual({
      valid: false,
      reason: 'invalid_timestamp',
    });
    expect(check(body, { 'webhook-id': 'msg_9' })).toEqual({ valid: false, reason: 'missing_headers' });
    // A v1a (asymmetric) entry is ignored rather than mistaken for ours.
    const v1a = { ...headersAt(seconds), 'Webhook-Signature': 'v1a,abc' };
    expect(check(body, v1a)).toEqual({ valid: false, reason: 'no_matching_signature' });
  });
});

describe('webhookIdFor', () => {
  it('keeps header-safe keys and digests the others, the same way every time', () => {
    expect(webhookIdFor('webhook-out:crm:5f1d-77:deliver')).toBe('webhook-out:crm:5f1d-77:deliver');
    const digested = webhookIdFor('run.1:step');
    expect(digested).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(webhookIdFor('run.1:step')).toBe(digested);
    expect(webhookIdFor('run.2:step')).not.toBe(digested);
    expect(webhookIdFor('x'.repeat(300))).toMatch(/^msg_/);
  });
});

describe('event filters and the retry schedule', () => {
  it('matches types exactly, by namespace or all', () => {
    expect(matchesFilter(undefined, 'hotmart.purchase_approved')).toBe(true);
    expect(matchesFilter([], 'hotmart.purchase_approved')).toBe(true);
    expect(matchesFilter(['hotmart.purchase_refunded'], 'hotmart.purchase_approved')).toBe(false);
    expect(matchesFilter(['hotmart.purchase_refunded'], 'hotmart.purchase_refunded')).toBe(true);
    expect(matchesFilter(['hotmart.*'], 'hotmart.switch_plan')).toBe(true);
    expect(matchesFilter(['*'], 'hotmart.switch_plan')).toBe(true);
  });

  it('refuses unknown event types in settings, naming the entry', () => {
    const result = WebhookOutSettings.safeParse({
      url: 'https://example.com/h',
      events: ['hotmart.purchase_aproved'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['events', 0]);
    expect(WebhookOutSettings.safeParse({ url: 'ftp://example.com/h' }).success).toBe(false);
  });

  it('follows Standard Webhooks’ schedule, with bounded jitter and the receiver’s Retry-After', () => {
    expect(RETRY_SCHEDULE_MS).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(retryDelay(300_000, { jitter: 0.1, random: () => 0.5 })).toBe(300_000);
    expect(retryDelay(300_000, { jitter: 0.1, random: () => 0 })).toBe(270_000);
    expect(retryDelay(300_000, { jitter: 0.1, random: () => 0.999_999 })).toBe(330_000);
    expect(retryDelay(5_000, { jitter: 0, random: Math.random, retryAfterMs: 60_000 })).toBe(60_000);
    expect(retryDelay(5_000, { jitter: 0, random: Math.random, retryAfterMs: 10 * 86_400_000 })).toBe(
      86_400_000,
    );
  });
});
