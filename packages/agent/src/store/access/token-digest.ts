import { createHash, randomBytes } from 'node:crypto';

/**
 * A new random secret: `bytes` bytes from the system CSPRNG, base64url without padding (43 characters for 32 bytes).
 *
 * @example
 * import { randomSecret } from './token-digest.ts';
 * const token = randomSecret(); // e.g. 'r3Q0w…' (43 characters)
 */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * The SHA-256 digest (hex) under which a session or API token is stored. Tokens are 256 random bits, so a plain
 * fast hash is enough (no salt or key stretching needed, unlike passwords); a stolen database holds no usable
 * token, and lookups stay a single indexed equality.
 *
 * @example
 * import { tokenDigest } from './token-digest.ts';
 * tokenDigest('hp_abc').length; // 64
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
