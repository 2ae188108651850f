import { z } from 'zod';
import { isLocale, type Locale } from '../../kit/i18n/locale.ts';
import {
  type SigningSecret,
  signingKeyBytes,
  signToken,
  type TokenKind,
  verifyToken,
} from '../../kit/signed-token.ts';

/**
 * The key that signs unsubscribe links: given by the composition root (`services.unsubscribeSecret`), at least 16
 * bytes. A `Secret` is unwrapped only to compute the signature.
 *
 * @example
 * import type { UnsubscribeSecret } from './unsubscribe-token.ts';
 * const secret: UnsubscribeSecret = 'a long random value from the environment';
 */
export type UnsubscribeSecret = SigningSecret;

/**
 * What an unsubscribe link asserts: this address asked to stop receiving this list. `locale` only picks the
 * language of the confirmation page.
 *
 * @example
 * import type { UnsubscribeClaim } from './unsubscribe-token.ts';
 * const claim: UnsubscribeClaim = { email: 'ana@example.com', list: 'welcome', locale: 'pt-BR' };
 */
export interface UnsubscribeClaim {
  email: string;
  list: string;
  locale?: Locale;
}

// No purpose: unsubscribe links shipped before purposes did, and a link in an e-mail already sent must still work.
// They can't pass for another kind's token, which always signs a purpose before the version.
const KIND: TokenKind = { keyName: 'unsubscribe', purpose: null };
const LIST = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/;
const Payload = z.strictObject({
  e: z.email().max(320),
  l: z.string().regex(LIST),
  c: z.string().refine(isLocale).optional(),
});

/**
 * Signs `{ email, list }` into a URL-safe token: `v1.<payload>.<HMAC-SHA256>`, both parts base64url. The payload
 * is readable (it is the recipient's own address) but can't be changed without the key. Tokens don't expire: a
 * link in a two-year-old e-mail must still unsubscribe (CAN-SPAM and LGPD expect it to keep working).
 *
 * @example
 * import { createUnsubscribeToken } from './unsubscribe-token.ts';
 * const token = createUnsubscribeToken('k'.repeat(32), { email: 'ana@example.com', list: 'welcome' });
 * token.startsWith('v1.'); // true
 */
export function createUnsubscribeToken(secret: UnsubscribeSecret, claim: UnsubscribeClaim): string {
  const payload = Payload.safeParse({
    e: claim.email?.trim().toLowerCase(),
    l: claim.list,
    ...(claim.locale === undefined ? {} : { c: claim.locale }),
  });
  if (!payload.success) {
    const fields = payload.error.issues.map(
      (issue) => ({ e: 'email', l: 'list', c: 'locale' })[String(issue.path[0])],
    );
    throw new TypeError(`createUnsubscribeToken: invalid ${[...new Set(fields)].join(', ')}`);
  }
  return signToken(secret, KIND, payload.data);
}

/**
 * Checks a token's signature in constant time and returns its claim, or null for anything malformed, tampered
 * with or signed with another key. Never throws for bad input: tokens come from the internet.
 *
 * @example
 * import { createUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.ts';
 * const secret = 'k'.repeat(32);
 * const token = createUnsubscribeToken(secret, { email: 'ana@example.com', list: 'welcome' });
 * verifyUnsubscribeToken(secret, token); // { email: 'ana@example.com', list: 'welcome' }
 * verifyUnsubscribeToken(secret, `${token}x`); // null
 */
export function verifyUnsubscribeToken(secret: UnsubscribeSecret, token: unknown): UnsubscribeClaim | null {
  const payload = Payload.safeParse(verifyToken(secret, KIND, token));
  if (!payload.success) return null;
  const { e, l, c } = payload.data;
  return c === undefined ? { email: e, list: l } : { email: e, list: l, locale: c as Locale };
}

/**
 * The key as bytes; refuses a missing or short key (a guessable key would let anyone unsubscribe anyone).
 *
 * @example
 * import { unsubscribeKeyBytes } from './unsubscribe-token.ts';
 * unsubscribeKeyBytes('k'.repeat(32)).length; // 32
 */
export function unsubscribeKeyBytes(secret: UnsubscribeSecret): Buffer {
  return signingKeyBytes(secret, KIND.keyName);
}
