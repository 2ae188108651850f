import { createHmac, timingSafeEqual } from 'node:crypto';
import { Secret } from './secret.ts';

/**
 * A key that signs tokens: given by the composition root, at least 16 bytes. A `Secret` is unwrapped only to
 * compute a signature.
 *
 * @example
 * import type { SigningSecret } from './signed-token.ts';
 * const secret: SigningSecret = 'a long random value from the environment';
 */
export type SigningSecret = string | Uint8Array | Secret<string>;

/**
 * Which kind of token is signed or checked: the name its key goes by in configuration errors, and the purpose
 * signed with every token of this kind.
 *
 * @example
 * import type { TokenKind } from './signed-token.ts';
 * const kind: TokenKind = { keyName: 'churn-form', purpose: 'hotpilot.churn-form' };
 */
export interface TokenKind {
  /** Names the key in errors (`the churn-form secret must be at least 16 bytes`); never a value. */
  readonly keyName: string;
  /**
   * Signed ahead of the version, so a token of one kind signed with the same key never passes for another. Null
   * only for unsubscribe links, which shipped before purposes did: links in e-mails already sent must still verify.
   */
  readonly purpose: string | null;
}

const VERSION = 'v1';
const TOKEN = /^v1\.([A-Za-z0-9_-]{1,1400})\.([A-Za-z0-9_-]{43})$/;
const MIN_KEY_BYTES = 16;

/**
 * The key as bytes; throws a `TypeError` naming the key (never its value) when it is missing or shorter than 16
 * bytes: a guessable key would let anyone forge a token. Call it at start-up to fail before the first link.
 *
 * @example
 * import { signingKeyBytes } from './signed-token.ts';
 * signingKeyBytes('k'.repeat(32), 'unsubscribe').length; // 32
 */
export function signingKeyBytes(secret: SigningSecret, keyName: string): Buffer {
  const raw = secret instanceof Secret ? secret.reveal() : secret;
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    throw new TypeError(`the ${keyName} secret must be a string, bytes or a Secret`);
  }
  const key = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
  if (key.length < MIN_KEY_BYTES) {
    throw new TypeError(`the ${keyName} secret must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return key;
}

/**
 * Signs a JSON payload into a URL-safe token, `v1.<payload>.<HMAC-SHA256>` (both base64url). The payload is
 * readable but can't be changed without the key, so validate it before signing and again after verifying. Throws
 * a `TypeError` for a short key.
 *
 * @example
 * import { signToken } from './signed-token.ts';
 * const token = signToken('k'.repeat(32), { keyName: 'demo', purpose: 'hotpilot.demo' }, { e: 'ana@example.com' });
 * token.startsWith('v1.'); // true
 */
export function signToken(secret: SigningSecret, kind: TokenKind, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${VERSION}.${body}.${sign(secret, kind, body)}`;
}

/**
 * Checks a token's signature in constant time and returns its decoded JSON payload, unchecked — parse it with the
 * kind's schema. Undefined (which JSON never decodes to) for anything missing, malformed, tampered with, signed
 * with another key or for another kind. Never throws for bad input: tokens come from the internet. (A short key
 * still throws: that is a configuration error, not a bad token.)
 *
 * @example
 * import { signToken, verifyToken } from './signed-token.ts';
 * const kind = { keyName: 'demo', purpose: 'hotpilot.demo' };
 * const token = signToken('k'.repeat(32), kind, { e: 'ana@example.com' });
 * verifyToken('k'.repeat(32), kind, token); // { e: 'ana@example.com' }
 * verifyToken('k'.repeat(32), kind, `${token}x`); // undefined
 */
export function verifyToken(secret: SigningSecret, kind: TokenKind, token: unknown): unknown {
  if (typeof token !== 'string') return undefined;
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const [, body, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, kind, body), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function sign(secret: SigningSecret, kind: TokenKind, body: string): string {
  // The version is signed too, so a future format can't be confused with this one; the purpose, so another kind
  // signed with the same key can't either.
  const signed = kind.purpose === null ? `${VERSION}.${body}` : `${kind.purpose}.${VERSION}.${body}`;
  return createHmac('sha256', signingKeyBytes(secret, kind.keyName)).update(signed).digest('base64url');
}
