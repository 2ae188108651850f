import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../kit/secret.ts';

/**
 * The request header that carries the CSRF token on `fetch` calls (`x-csrf-token`).
 *
 * @example
 * import { CSRF_HEADER } from './csrf-token.ts';
 * await fetch('/api/v1/runs/r1/cancel', { method: 'POST', headers: { [CSRF_HEADER]: token } });
 */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The form field that carries the CSRF token in server-rendered forms (`_csrf`).
 *
 * @example
 * import { CSRF_FIELD } from './csrf-token.ts';
 * const hidden = `<input type="hidden" name="${CSRF_FIELD}" value="…">`;
 */
export const CSRF_FIELD = '_csrf';

/*
 * Why a synchroniser token and not a double-submit cookie: the secret lives server-side with the session
 * (`sessions.csrf_secret`), so a valid token can only come from a page or API answer the signed-in user received.
 * A double-submit cookie can be overwritten by a sibling subdomain or a man-in-the-middle on plain HTTP (cookie
 * tossing), after which the attacker knows both halves. Each issued token is masked with fresh random bytes
 * (token = mask ‖ mask XOR secret, as Rails does), so the same secret never appears twice in responses and
 * compression side channels (BREACH) can't recover it.
 */

/**
 * Issues a CSRF token for a session's secret. Every call gives a different string; all of them verify.
 *
 * @example
 * import { Secret } from '../../kit/secret.ts';
 * import { issueCsrfToken } from './csrf-token.ts';
 * const token = issueCsrfToken(session.csrfSecret);
 */
export function issueCsrfToken(secret: Secret<string>): string {
  const key = Buffer.from(secret.reveal(), 'base64url');
  const mask = randomBytes(key.length);
  return Buffer.concat([mask, xor(mask, key)]).toString('base64url');
}

/**
 * True when `token` was issued for this secret. Malformed or missing tokens answer false; the comparison is
 * constant-time.
 *
 * @example
 * import { verifyCsrfToken } from './csrf-token.ts';
 * if (!verifyCsrfToken(session.csrfSecret, c.req.header('x-csrf-token'))) return c.text('CSRF', 403);
 */
export function verifyCsrfToken(secret: Secret<string>, token: string | null | undefined): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const key = Buffer.from(secret.reveal(), 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return false;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical encoding: base64url's last character has spare bits that decoding ignores.
  if (key.length === 0 || bytes.length !== key.length * 2 || bytes.toString('base64url') !== token)
    return false;
  const unmasked = xor(bytes.subarray(0, key.length), bytes.subarray(key.length));
  return timingSafeEqual(unmasked, key);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
