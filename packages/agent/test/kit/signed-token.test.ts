import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createChurnFormToken,
  verifyChurnFormToken,
} from '../../src/agents/retention/churn-form/churn-form-token.ts';
import {
  createUnsubscribeToken,
  unsubscribeKeyBytes,
  verifyUnsubscribeToken,
} from '../../src/connectors/email/unsubscribe-token.ts';
import { Secret } from '../../src/kit/secret.ts';
import { signingKeyBytes, signToken, type TokenKind, verifyToken } from '../../src/kit/signed-token.ts';

const SECRET = 'test-signed-token-secret-0123456789';
const KIND: TokenKind = { keyName: 'demo', purpose: 'hotpilot.demo' };

describe('signed tokens', () => {
  it('round-trips a JSON payload with any form of the key', () => {
    for (const secret of [
      SECRET,
      Buffer.from(SECRET),
      new Uint8Array(Buffer.from(SECRET)),
      new Secret(SECRET),
    ]) {
      const token = signToken(secret, KIND, { e: 'ana@example.com', n: 3, p: null });
      expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(verifyToken(SECRET, KIND, token)).toEqual({ e: 'ana@example.com', n: 3, p: null });
    }
  });

  it('signs the purpose and the version ahead of the payload, or the version alone without a purpose', () => {
    const body = Buffer.from('{"e":"ana@example.com"}', 'utf8').toString('base64url');
    const mac = (signed: string) => createHmac('sha256', SECRET).update(signed).digest('base64url');
    expect(signToken(SECRET, KIND, { e: 'ana@example.com' })).toBe(
      `v1.${body}.${mac(`hotpilot.demo.v1.${body}`)}`,
    );
    expect(signToken(SECRET, { keyName: 'demo', purpose: null }, { e: 'ana@example.com' })).toBe(
      `v1.${body}.${mac(`v1.${body}`)}`,
    );
  });

  it('refuses missing, malformed, tampered, foreign-key and other-purpose tokens with undefined', () => {
    const token = signToken(SECRET, KIND, { e: 'ana@example.com' });
    const [version, body, signature] = token.split('.') as [string, string, string];
    const notJson = Buffer.from('{"e":', 'utf8').toString('base64url');
    const notJsonMac = createHmac('sha256', SECRET).update(`hotpilot.demo.v1.${notJson}`).digest('base64url');
    const refused = [
      undefined,
      null,
      42,
      { token },
      '',
      'v1..',
      `${token}x`,
      `${token} `,
      `v2.${body}.${signature}`,
      `${version}.${body}`,
      `${version}.${body}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${version}.${Buffer.from('{"e":"eve@example.com"}').toString('base64url')}.${signature}`,
      signToken('another-secret-of-enough-length', KIND, { e: 'ana@example.com' }),
      signToken(SECRET, { keyName: 'demo', purpose: 'hotpilot.other' }, { e: 'ana@example.com' }),
      signToken(SECRET, { keyName: 'demo', purpose: null }, { e: 'ana@example.com' }),
      `v1.${notJson}.${notJsonMac}`,
    ];
    for (const candidate of refused) expect(verifyToken(SECRET, KIND, candidate)).toBeUndefined();
  });

  it('refuses a short or missing key, naming the key and never its value', () => {
    expect(() => signToken('short-value', KIND, {})).toThrow('the demo secret must be at least 16 bytes');
    expect(() => verifyToken(new Secret('short-value'), KIND, `v1.e30.${'A'.repeat(43)}`)).toThrow(
      'the demo secret must be at least 16 bytes',
    );
    expect(() => signingKeyBytes(undefined as unknown as string, 'demo')).toThrow(
      'the demo secret must be a string, bytes or a Secret',
    );
    expect(signingKeyBytes(new Secret(SECRET), 'demo')).toEqual(Buffer.from(SECRET, 'utf8'));
  });
});

// Tokens made by the code before the signing moved to kit/signed-token.ts, with these keys and this clock: links
// in e-mails already sent must still verify, and the same claims must still give the same bytes.
describe('tokens already sent', () => {
  const T0 = Date.parse('2026-06-01T12:00:00.000Z');
  const CHURN_SECRET = 'test-churn-form-secret-0123456789';
  const UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-0123456789';
  const churnClaim = {
    connectionId: 'main',
    subscriberCode: 'SUB-4F2A',
    email: 'Ana.Souza@Example.com',
    productId: '1925400',
    locale: 'pt-BR' as const,
  };
  const CHURN_TOKEN =
    'v1.eyJjIjoibWFpbiIsInMiOiJTVUItNEYyQSIsImUiOiJhbmEuc291emFAZXhhbXBsZS5jb20iLCJwIjoiMTkyNTQwMCIsImwiOiJwdC1CUiIsIngiOjE3ODU0OTkyMDAwMDB9.Y0GcADXski2XzhEEPN0v12aWhJex2od9n0S3zZ7U3go';
  const CHURN_TOKEN_NO_PRODUCT =
    'v1.eyJjIjoibWFpbiIsInMiOiJTVUItNEYyQSIsImUiOiJhbmFAZXhhbXBsZS5jb20iLCJwIjpudWxsLCJsIjoiZXMiLCJ4IjoxNzg1NDk5MjAwMDAwfQ.XZwz9HIf0JtgFGl4KTRLg49zGN9aHq7Jl2nRryzv8sg';
  const UNSUBSCRIBE_TOKEN =
    'v1.eyJlIjoiYW5hQGV4YW1wbGUuY29tIiwibCI6IndlbGNvbWUiLCJjIjoicHQtQlIifQ.O7GJ2vyq6owqW6XbLQoTgnXshYb66D13HbWh2XNqiIU';
  const UNSUBSCRIBE_TOKEN_NO_LOCALE =
    'v1.eyJlIjoiYUBleGFtcGxlLmNvbSIsImwiOiJhbGwifQ.r6hqEZNle3tGAeDw1NuPLh11dc3ic1Y3Yg1c-ir4ak0';

  it('verifies churn-form tokens made before, and makes the same bytes for the same claims', () => {
    expect(verifyChurnFormToken(CHURN_SECRET, CHURN_TOKEN, T0)).toEqual({
      ...churnClaim,
      email: 'ana.souza@example.com',
      expiresAt: Date.parse('2026-07-31T12:00:00.000Z'),
    });
    expect(verifyChurnFormToken(CHURN_SECRET, CHURN_TOKEN_NO_PRODUCT, T0)).toEqual({
      ...churnClaim,
      email: 'ana@example.com',
      productId: null,
      locale: 'es',
      expiresAt: Date.parse('2026-07-31T12:00:00.000Z'),
    });
    expect(createChurnFormToken(CHURN_SECRET, churnClaim, { now: T0 })).toBe(CHURN_TOKEN);
    expect(
      createChurnFormToken(
        CHURN_SECRET,
        { ...churnClaim, email: 'ana@example.com', productId: null, locale: 'es' },
        { now: T0 },
      ),
    ).toBe(CHURN_TOKEN_NO_PRODUCT);
  });

  it('verifies unsubscribe tokens made before, and makes the same bytes for the same claims', () => {
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, UNSUBSCRIBE_TOKEN)).toEqual({
      email: 'ana@example.com',
      list: 'welcome',
      locale: 'pt-BR',
    });
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, UNSUBSCRIBE_TOKEN_NO_LOCALE)).toEqual({
      email: 'a@example.com',
      list: 'all',
    });
    expect(
      createUnsubscribeToken(UNSUBSCRIBE_SECRET, {
        email: 'Ana@Example.com',
        list: 'welcome',
        locale: 'pt-BR',
      }),
    ).toBe(UNSUBSCRIBE_TOKEN);
    expect(createUnsubscribeToken(UNSUBSCRIBE_SECRET, { email: 'a@example.com', list: 'all' })).toBe(
      UNSUBSCRIBE_TOKEN_NO_LOCALE,
    );
    expect(unsubscribeKeyBytes(UNSUBSCRIBE_SECRET)).toEqual(Buffer.from(UNSUBSCRIBE_SECRET, 'utf8'));
  });

  it('keeps each kind apart under one key', () => {
    expect(
      verifyUnsubscribeToken(CHURN_SECRET, createChurnFormToken(CHURN_SECRET, churnClaim, { now: T0 })),
    ).toBeNull();
    const unsubscribe = createUnsubscribeToken(CHURN_SECRET, { email: 'ana@example.com', list: 'win-back' });
    expect(verifyChurnFormToken(CHURN_SECRET, unsubscribe, T0)).toBeNull();
  });
});
