import { createHmac } from 'node:crypto';
import type { ActionServices } from '../../connectors/kit.ts';
import { NonRetriableError } from '../../engine/errors.ts';
import { Secret } from '../../kit/secret.ts';

/**
 * The key certificate codes are signed with: `services.certificateSecret`, given by the composition root, at least
 * 16 bytes. A `Secret` is unwrapped only to compute a code.
 *
 * @example
 * import type { CertificateSecret } from './certificate-code.ts';
 * const secret: CertificateSecret = 'a long random value from the environment';
 */
export type CertificateSecret = string | Uint8Array | Secret<string>;

/**
 * What a certificate asserts: this student (by e-mail) completed this course (the Hotmart product, else the
 * members area's subdomain) of this Hotmart connection on this date (`YYYY-MM-DD`, the seller's calendar).
 *
 * @example
 * import type { CertificateClaim } from './certificate-code.ts';
 * const claim: CertificateClaim = { connectionId: 'main', courseId: '1925400', email: 'ana@example.com', completedOn: '2026-05-30' };
 */
export interface CertificateClaim {
  connectionId: string;
  courseId: string;
  email: string;
  completedOn: string;
}

// Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper isn't misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;
const MIN_KEY_BYTES = 16;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function keyBytes(secret: CertificateSecret): Uint8Array {
  const raw = secret instanceof Secret ? secret.reveal() : secret;
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (!(bytes instanceof Uint8Array) || bytes.length < MIN_KEY_BYTES) {
    throw new TypeError(`the certificate secret must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return bytes;
}

/**
 * The verification code printed on a certificate: an HMAC-SHA256 of the claim under the secret, cut to 60 bits
 * and written as 12 Crockford base-32 characters in groups of four (`7K2M-Q9XD-4HTB`). Short enough to type from
 * paper; a forger has one chance in 2⁶⁰ per guess, and a guess can only be checked against the issuer's records.
 * The same claim always gives the same code. Throws a `TypeError` for a short secret or an incomplete claim.
 *
 * @example
 * import { certificateCode } from './certificate-code.ts';
 * const code = certificateCode('k'.repeat(32), {
 *   connectionId: 'main', courseId: '1925400', email: 'ana@example.com', completedOn: '2026-05-30',
 * });
 * /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/.test(code); // true
 */
export function certificateCode(secret: CertificateSecret, claim: CertificateClaim): string {
  for (const field of ['connectionId', 'courseId', 'email'] as const) {
    if (typeof claim?.[field] !== 'string' || claim[field].trim() === '') {
      throw new TypeError(`certificateCode: ${field} must be a non-empty string`);
    }
  }
  if (typeof claim.completedOn !== 'string' || !DATE.test(claim.completedOn)) {
    throw new TypeError('certificateCode: completedOn must be a YYYY-MM-DD date');
  }
  // A label and line breaks keep the fields apart (no field can end where another begins) and this key's codes
  // apart from any other use of it.
  const message = [
    'hotpilot-certificate-v1',
    claim.connectionId,
    claim.courseId,
    claim.email.trim().toLowerCase(),
    claim.completedOn,
  ].join('\n');
  const digest = createHmac('sha256', keyBytes(secret)).update(message, 'utf8').digest();
  let bits = digest.readBigUInt64BE(0) >> 4n;
  let text = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    text = (ALPHABET[Number(bits & 31n)] as string) + text;
    bits >>= 5n;
  }
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/**
 * A code as someone typed it, in its canonical form (`7K2M-Q9XD-4HTB`), or null when it can't be a code. Case,
 * spaces and dashes don't matter, and the letters Crockford's alphabet leaves out are read as the digits they look
 * like (O → 0, I and L → 1).
 *
 * @example
 * import { normalizeCertificateCode } from './certificate-code.ts';
 * normalizeCertificateCode(' 7k2m q9xd 4htb '); // '7K2M-Q9XD-4HTB'
 * normalizeCertificateCode('not a code'); // null
 */
export function normalizeCertificateCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const text = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== CODE_LENGTH || [...text].some((char) => !ALPHABET.includes(char))) return null;
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/**
 * The certificate secret from the actions' services (`services.certificateSecret`), checked. Missing or too short,
 * it is a wiring mistake no retry fixes: `NonRetriableError` (code `CERTIFICATE_SECRET_MISSING`). The message never
 * contains the secret.
 *
 * @example
 * import { certificateSecretOf } from './certificate-code.ts';
 * const secret = certificateSecretOf({ certificateSecret: 'a long random value from the environment' });
 */
export function certificateSecretOf(services: ActionServices): CertificateSecret {
  const secret = (services as { certificateSecret?: unknown }).certificateSecret;
  const usable =
    typeof secret === 'string' || secret instanceof Uint8Array || secret instanceof Secret
      ? (() => {
          try {
            keyBytes(secret);
            return true;
          } catch {
            return false;
          }
        })()
      : false;
  if (!usable) {
    throw new NonRetriableError(
      `certificates need services.certificateSecret (at least ${MIN_KEY_BYTES} bytes) to sign their codes`,
      { code: 'CERTIFICATE_SECRET_MISSING' },
    );
  }
  return secret as CertificateSecret;
}
