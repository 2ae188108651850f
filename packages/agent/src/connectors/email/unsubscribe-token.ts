import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isLocale, type Locale } from '../../kit/i18n/locale.ts';
import { Secret } from '../../kit/secret.ts';

/**
 * The key that signs unsubscribe links: given by the composition root (`services.unsubscribeSecret`), at least 16
 * bytes. A `Secret` is unwrapped only to compute the signature.
 *
 * @example
 * import type { UnsubscribeSecret } from './unsubscribe-token.ts';
 * const secret: UnsubscribeSecret = 'a long random value from the environment';
 */
export type UnsubscribeSecret = string | Uint8Array | Secret<string>;

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

const VERSION = 'v1';
const LIST = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/;
const TOKEN = /^v1\.([A-Za-z0-9_-]{1,1400})\.([A-Za-z0-9_-]{43})$/;
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
  const body = Buffer.from(JSON.stringify(payload.data), 'utf8').toString('base64url');
  return `${VERSION}.${body}.${sign(secret, body)}`;
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
  if (typeof token !== 'string') return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, body, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, body), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const payload = Payload.safeParse(decoded);
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
  const raw = secret instanceof Secret ? secret.reveal() : secret;
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    throw new TypeError('the unsubscribe secret must be a string, bytes or a Secret');
  }
  const key = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
  if (key.length < 16) throw new TypeError('the unsubscribe secret must be at least 16 bytes');
  return key;
}

function sign(secret: UnsubscribeSecret, body: string): string {
  // The version is signed too, so a future format can't be confused with this one.
  return createHmac('sha256', unsubscribeKeyBytes(secret)).update(`${VERSION}.${body}`).digest('base64url');
}
