import { z } from 'zod';
import { isLocale, type Locale } from '../../../kit/i18n/locale.ts';
import { type SigningSecret, signToken, type TokenKind, verifyToken } from '../../../kit/signed-token.ts';

/**
 * The key that signs churn-form links: given by the composition root, at least 16 bytes. A `Secret` is unwrapped
 * only to compute a signature.
 *
 * @example
 * import type { ChurnFormSecret } from './churn-form-token.ts';
 * const secret: ChurnFormSecret = 'a long random value from the environment';
 */
export type ChurnFormSecret = SigningSecret;

/**
 * What a churn-form link asserts: this subscriber (by Hotmart subscriber code and e-mail) of this connection, who
 * cancelled this product, may say why. `locale` picks the language of the form.
 *
 * @example
 * import type { ChurnFormClaim } from './churn-form-token.ts';
 * const claim: ChurnFormClaim = {
 *   connectionId: 'main', subscriberCode: 'SUB123', email: 'ana@example.com', productId: '1925400', locale: 'pt-BR',
 * };
 */
export interface ChurnFormClaim {
  connectionId: string;
  subscriberCode: string;
  email: string;
  productId: string | null;
  locale: Locale;
}

/**
 * A verified claim with the time (epoch ms) after which its token is refused.
 *
 * @example
 * import type { VerifiedChurnFormClaim } from './churn-form-token.ts';
 * const left = (claim: VerifiedChurnFormClaim, now: number) => claim.expiresAt - now;
 */
export interface VerifiedChurnFormClaim extends ChurnFormClaim {
  expiresAt: number;
}

/**
 * How long a churn-form link works: 60 days. Long enough for a win-back follow-up read late; short enough that an
 * old forwarded e-mail stops letting someone else answer for the subscriber.
 *
 * @example
 * import { CHURN_FORM_TOKEN_TTL_MS } from './churn-form-token.ts';
 * CHURN_FORM_TOKEN_TTL_MS / 86_400_000; // 60
 */
export const CHURN_FORM_TOKEN_TTL_MS = 60 * 24 * 60 * 60 * 1000;

// Signed with a purpose, so a token of another kind signed with the same key (an unsubscribe link) can never pass
// for a churn-form token, nor the reverse.
const KIND: TokenKind = { keyName: 'churn-form', purpose: 'hotpilot.churn-form' };
const Payload = z.strictObject({
  c: z.string().min(1).max(100),
  s: z.string().min(1).max(100),
  e: z.email().max(320),
  p: z.string().min(1).max(100).nullable(),
  l: z.string().refine(isLocale),
  x: z.number().int().positive(),
});

/**
 * Signs a claim into a URL-safe token, `v1.<payload>.<HMAC-SHA256>` (both base64url), valid for `ttlMs` (default
 * 60 days) from `now`. The payload is readable — it is the recipient's own data — but can't be changed without
 * the key. Throws a `TypeError` naming the invalid fields (never their values) or for a short key.
 *
 * @example
 * import { createChurnFormToken } from './churn-form-token.ts';
 * const token = createChurnFormToken('k'.repeat(32), {
 *   connectionId: 'main', subscriberCode: 'SUB123', email: 'ana@example.com', productId: null, locale: 'es',
 * }, { now: Date.now() });
 * token.startsWith('v1.'); // true
 */
export function createChurnFormToken(
  secret: ChurnFormSecret,
  claim: ChurnFormClaim,
  options: { now: number; ttlMs?: number },
): string {
  const ttlMs = options.ttlMs ?? CHURN_FORM_TOKEN_TTL_MS;
  const payload = Payload.safeParse({
    c: claim.connectionId,
    s: claim.subscriberCode,
    e: typeof claim.email === 'string' ? claim.email.trim().toLowerCase() : claim.email,
    p: claim.productId,
    l: claim.locale,
    x: Math.floor(options.now + ttlMs),
  });
  if (!payload.success) {
    const names: Record<string, string> = {
      c: 'connectionId',
      s: 'subscriberCode',
      e: 'email',
      p: 'productId',
      l: 'locale',
      x: 'expiry',
    };
    const fields = payload.error.issues.map((issue) => names[String(issue.path[0])] ?? 'claim');
    throw new TypeError(`createChurnFormToken: invalid ${[...new Set(fields)].join(', ')}`);
  }
  return signToken(secret, KIND, payload.data);
}

/**
 * Checks a token's signature in constant time and its expiry, and returns its claim; null for anything missing,
 * malformed, tampered with, signed with another key or expired. Never throws for bad input: tokens come from the
 * internet. (A short key still throws: that is a configuration error, not a bad token.)
 *
 * @example
 * import { createChurnFormToken, verifyChurnFormToken } from './churn-form-token.ts';
 * const secret = 'k'.repeat(32);
 * const claim = { connectionId: 'main', subscriberCode: 'SUB1', email: 'ana@example.com', productId: null, locale: 'en' as const };
 * const token = createChurnFormToken(secret, claim, { now: 0 });
 * verifyChurnFormToken(secret, token, 1000)?.subscriberCode; // 'SUB1'
 * verifyChurnFormToken(secret, token, 61 * 86_400_000); // null (expired)
 */
export function verifyChurnFormToken(
  secret: ChurnFormSecret,
  token: unknown,
  now: number,
): VerifiedChurnFormClaim | null {
  const payload = Payload.safeParse(verifyToken(secret, KIND, token));
  if (!payload.success) return null;
  const { c, s, e, p, l, x } = payload.data;
  if (!(now < x)) return null;
  return { connectionId: c, subscriberCode: s, email: e, productId: p, locale: l as Locale, expiresAt: x };
}
