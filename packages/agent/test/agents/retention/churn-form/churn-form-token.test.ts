import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHURN_FORM_TOKEN_TTL_MS,
  type ChurnFormClaim,
  createChurnFormToken,
  verifyChurnFormToken,
} from '../../../../src/agents/retention/churn-form/churn-form-token.ts';
import { buildChurnFormUrl } from '../../../../src/agents/retention/churn-form/churn-form-url.ts';
import { createUnsubscribeToken } from '../../../../src/connectors/email/unsubscribe-token.ts';
import { Secret } from '../../../../src/kit/secret.ts';

const SECRET = 'test-churn-form-secret-0123456789';
const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const claim: ChurnFormClaim = {
  connectionId: 'main',
  subscriberCode: 'SUB-4F2A',
  email: 'Ana.Souza@Example.com',
  productId: '1925400',
  locale: 'pt-BR',
};

describe('churn-form tokens', () => {
  it('round-trips the claim (address lower-cased) with any form of the key, and says when it expires', () => {
    for (const secret of [SECRET, Buffer.from(SECRET), new Secret(SECRET)]) {
      const token = createChurnFormToken(secret, claim, { now: T0 });
      expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(verifyChurnFormToken(SECRET, token, T0 + 1)).toEqual({
        ...claim,
        email: 'ana.souza@example.com',
        expiresAt: T0 + 60 * DAY,
      });
    }
    const noProduct = createChurnFormToken(SECRET, { ...claim, productId: null, locale: 'es' }, { now: T0 });
    expect(verifyChurnFormToken(SECRET, noProduct, T0)).toMatchObject({ productId: null, locale: 'es' });
  });

  it('expires after 60 days (or the given lifetime)', () => {
    expect(CHURN_FORM_TOKEN_TTL_MS).toBe(60 * DAY);
    const token = createChurnFormToken(SECRET, claim, { now: T0 });
    expect(verifyChurnFormToken(SECRET, token, T0 + 60 * DAY - 1)?.subscriberCode).toBe('SUB-4F2A');
    expect(verifyChurnFormToken(SECRET, token, T0 + 60 * DAY)).toBeNull();
    const short = createChurnFormToken(SECRET, claim, { now: T0, ttlMs: 1000 });
    expect(verifyChurnFormToken(SECRET, short, T0 + 999)?.connectionId).toBe('main');
    expect(verifyChurnFormToken(SECRET, short, T0 + 1000)).toBeNull();
  });

  it('refuses missing, malformed, tampered, foreign-key and cross-purpose tokens', () => {
    const token = createChurnFormToken(SECRET, claim, { now: T0 });
    const [version, body, signature] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const reSigned = (changed: Record<string, unknown>) =>
      `${version}.${Buffer.from(JSON.stringify({ ...payload, ...changed })).toString('base64url')}.${signature}`;
    const refused = [
      undefined,
      null,
      42,
      '',
      'v1',
      `${token}x`,
      `v2.${body}.${signature}`,
      `${version}.${body}.${signature.slice(0, -1)}A`,
      reSigned({ s: 'SUB-OTHER' }),
      reSigned({ x: T0 + 3650 * DAY }),
      createChurnFormToken('another-secret-of-enough-length', claim, { now: T0 }),
      // An unsubscribe token signed with the same key is not a churn-form token.
      createUnsubscribeToken(SECRET, { email: 'ana@example.com', list: 'win-back' }),
    ];
    for (const candidate of refused) expect(verifyChurnFormToken(SECRET, candidate, T0)).toBeNull();
  });

  it('refuses a payload signed correctly but of the wrong shape (defence in depth)', () => {
    const body = Buffer.from(
      JSON.stringify({ c: 'main', s: 'S', e: 'not-an-email', p: null, l: 'fr', x: T0 + DAY }),
    ).toString('base64url');
    const signature = createHmac('sha256', SECRET)
      .update(`hotpilot.churn-form.v1.${body}`)
      .digest('base64url');
    expect(verifyChurnFormToken(SECRET, `v1.${body}.${signature}`, T0)).toBeNull();
  });

  it('names invalid fields (never their values) and refuses short keys', () => {
    expect(() =>
      createChurnFormToken(SECRET, { ...claim, email: 'nope', subscriberCode: '' }, { now: T0 }),
    ).toThrow('createChurnFormToken: invalid subscriberCode, email');
    expect(() => createChurnFormToken('short', claim, { now: T0 })).toThrow(
      'the churn-form secret must be at least 16 bytes',
    );
    expect(() => verifyChurnFormToken('short', 'v1.a.' + 'b'.repeat(43), T0)).toThrow(TypeError);
  });
});

describe('buildChurnFormUrl', () => {
  it('puts the signed token on /forms/churn under the public URL, keeping a path prefix', () => {
    const url = new URL(buildChurnFormUrl('https://hp.example.com', SECRET, claim, { now: T0 }));
    expect(`${url.origin}${url.pathname}`).toBe('https://hp.example.com/forms/churn');
    expect(verifyChurnFormToken(SECRET, url.searchParams.get('token'), T0)?.subscriberCode).toBe('SUB-4F2A');

    const prefixed = new URL(buildChurnFormUrl('https://example.com/hotpilot/', SECRET, claim, { now: T0 }));
    expect(prefixed.pathname).toBe('/hotpilot/forms/churn');
    expect([...prefixed.searchParams.keys()]).toEqual(['token']);
  });

  it('is valid for 60 days from the clock by default', () => {
    const url = new URL(
      buildChurnFormUrl('https://hp.example.com', new Uint8Array(Buffer.from(SECRET)), claim),
    );
    const verified = verifyChurnFormToken(SECRET, url.searchParams.get('token'), Date.now());
    expect(verified?.email).toBe('ana.souza@example.com');
    expect(Math.abs((verified?.expiresAt ?? 0) - (Date.now() + 60 * DAY))).toBeLessThan(60_000);
  });

  it('refuses a public URL that is not absolute http(s)', () => {
    for (const bad of ['hp.example.com', 'javascript:alert(1)', 'ftp://example.com']) {
      expect(() => buildChurnFormUrl(bad, SECRET, claim)).toThrow(
        'buildChurnFormUrl: publicUrl must be an absolute http(s) URL',
      );
    }
  });
});
