import { type KeyObject, verify } from 'node:crypto';

/**
 * A service account the fake token endpoint knows: its e-mail (the JWT's `iss`) and the public halves of its keys,
 * each optionally with the key id a client puts in the JWT header's `kid`.
 *
 * @example
 * const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
 * const account: ServiceAccount = { clientEmail: 'bot@demo.iam.gserviceaccount.com', keys: [{ publicKey }] };
 */
export interface ServiceAccount {
  readonly clientEmail: string;
  readonly keys: readonly { readonly keyId?: string; readonly publicKey: KeyObject }[];
}

/**
 * The claims of a verified assertion.
 *
 * @example
 * const claims: AssertionClaims = {
 *   iss: 'bot@demo.iam.gserviceaccount.com', scope: 'https://www.googleapis.com/auth/spreadsheets',
 *   aud: 'http://127.0.0.1:4000/token', iat: 1767225600, exp: 1767229200,
 * };
 */
export interface AssertionClaims {
  readonly iss: string;
  readonly scope: string;
  readonly aud: string;
  readonly iat: number;
  readonly exp: number;
  readonly sub?: string;
}

/**
 * The outcome of checking an assertion: its claims, or the OAuth error Google's token endpoint answers with.
 *
 * @example
 * const outcome: AssertionCheck = { ok: false, error: 'invalid_grant', description: 'Invalid JWT Signature.' };
 */
export type AssertionCheck =
  | { readonly ok: true; readonly claims: AssertionClaims }
  | { readonly ok: false; readonly error: 'invalid_grant' | 'invalid_scope'; readonly description: string };

// Google tolerates some clock skew between the signer and its servers; five minutes is the usual allowance.
const CLOCK_SKEW_SECONDS = 300;
// "Token must be a short-lived token (60 minutes)": exp may be at most one hour after iat.
const MAX_LIFETIME_SECONDS = 3600;

/**
 * Verifies a service-account JWT the way Google's token endpoint does for the `jwt-bearer` grant: RS256 signature
 * by a registered key of the account named in `iss`, `aud` equal to the token URL, a lifetime of at most one hour
 * around the current time, and a non-empty `scope`.
 *
 * @example
 * const check = verifyServiceAccountAssertion(jwt, {
 *   accounts: new Map([[account.clientEmail, account]]),
 *   audiences: ['http://127.0.0.1:4000/token'],
 *   nowSeconds: Math.floor(Date.now() / 1000),
 * });
 */
export function verifyServiceAccountAssertion(
  assertion: string,
  context: {
    accounts: ReadonlyMap<string, ServiceAccount>;
    audiences: readonly string[];
    nowSeconds: number;
  },
): AssertionCheck {
  const invalid = (description: string): AssertionCheck => ({
    ok: false,
    error: 'invalid_grant',
    description,
  });
  const parts = assertion.split('.');
  if (parts.length !== 3) return invalid('Invalid JWT: the assertion must have three dot-separated parts.');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  const header = decodeJson(encodedHeader);
  const payload = decodeJson(encodedPayload);
  if (!header || !payload)
    return invalid('Invalid JWT: header and payload must be base64url-encoded JSON objects.');
  if (header['alg'] !== 'RS256')
    return invalid(`Invalid JWT: unsupported algorithm ${String(header['alg'])}.`);

  const iss = payload['iss'];
  const account = typeof iss === 'string' ? context.accounts.get(iss) : undefined;
  if (!account) return invalid('Invalid grant: account not found');

  const kid = header['kid'];
  const keys = typeof kid === 'string' ? account.keys.filter((k) => k.keyId === kid) : account.keys;
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  const signature = Buffer.from(encodedSignature, 'base64url');
  const valid = keys.some((key) => {
    try {
      return verify('RSA-SHA256', signed, key.publicKey, signature);
    } catch {
      return false;
    }
  });
  if (!valid) return invalid('Invalid JWT Signature.');

  const aud = payload['aud'];
  if (typeof aud !== 'string' || !context.audiences.includes(aud)) {
    return invalid(`Invalid JWT: Failed audience check. The right audience is ${context.audiences[0] ?? ''}`);
  }

  const { iat, exp } = payload;
  const now = context.nowSeconds;
  const timely =
    typeof iat === 'number' &&
    typeof exp === 'number' &&
    exp > iat &&
    exp - iat <= MAX_LIFETIME_SECONDS &&
    iat <= now + CLOCK_SKEW_SECONDS &&
    exp >= now - CLOCK_SKEW_SECONDS;
  if (!timely) {
    return invalid(
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }

  const scope = payload['scope'];
  if (typeof scope !== 'string' || scope.trim() === '') {
    return {
      ok: false,
      error: 'invalid_scope',
      description: 'Invalid OAuth scope or ID token audience provided.',
    };
  }
  const sub = payload['sub'];
  return {
    ok: true,
    claims: {
      iss: iss as string,
      scope,
      aud,
      iat: iat as number,
      exp: exp as number,
      ...(typeof sub === 'string' ? { sub } : {}),
    },
  };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
