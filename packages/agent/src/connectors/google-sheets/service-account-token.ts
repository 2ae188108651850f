import { createHash, createPrivateKey, sign } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../kit/clock.ts';
import type { VendorAuth, VendorHttp } from '../http.ts';

/**
 * Google's OAuth 2.0 token endpoint for service accounts (the key file's `token_uri`).
 *
 * @example
 * import { GOOGLE_TOKEN_URL } from './service-account-token.ts';
 * new URL(GOOGLE_TOKEN_URL).host; // 'oauth2.googleapis.com'
 */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * Read and write access to spreadsheets (https://developers.google.com/sheets/api/scopes).
 *
 * @example
 * import { SHEETS_SCOPE } from './service-account-token.ts';
 * const scopes = [SHEETS_SCOPE].join(' ');
 */
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

// Google accepts assertions valid for at most one hour ("exp: … a maximum of 1 hour after the issued time").
const ASSERTION_LIFETIME_SECONDS = 3_600;
// A cached token is replaced this long before it expires, so a request never leaves with a token that dies in
// flight (and clocks that disagree by a little do not matter).
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A key pasted into a JSON file or an environment variable sometimes keeps its newlines as the two characters
 * `\n`; Node's key parser needs real ones.
 *
 * @example
 * import { normalizePrivateKey } from './service-account-token.ts';
 * normalizePrivateKey('-----BEGIN PRIVATE KEY-----\\nMII…'); // '-----BEGIN PRIVATE KEY-----\nMII…'
 */
export function normalizePrivateKey(pem: string): string {
  return pem.replace(/\\n/g, '\n');
}

/**
 * True when the text is a PEM RSA private key Node can use for RS256.
 *
 * @example
 * import { isRsaPrivateKey } from './service-account-token.ts';
 * isRsaPrivateKey('not a key'); // false
 */
export function isRsaPrivateKey(pem: string): boolean {
  // Every action call checks its connection's credentials, and parsing a key costs about a millisecond: the
  // answers for the few keys a process sees are kept, by a digest of the key (never the key itself).
  const digest = createHash('sha256').update(pem).digest('hex');
  const known = checkedKeys.get(digest);
  if (known !== undefined) return known;
  let rsa: boolean;
  try {
    rsa = createPrivateKey(normalizePrivateKey(pem)).asymmetricKeyType === 'rsa';
  } catch {
    rsa = false;
  }
  if (checkedKeys.size >= MAX_CHECKED_KEYS) checkedKeys.clear();
  checkedKeys.set(digest, rsa);
  return rsa;
}

const MAX_CHECKED_KEYS = 64;
const checkedKeys = new Map<string, boolean>();

/**
 * What the JWT is made of: the service account's e-mail and key, the scope, and the token URL as audience.
 *
 * @example
 * import type { ServiceAccountAssertion } from './service-account-token.ts';
 * const assertion: ServiceAccountAssertion = {
 *   clientEmail: 'bot@project.iam.gserviceaccount.com', privateKey: pem, scope: SHEETS_SCOPE,
 *   audience: GOOGLE_TOKEN_URL, issuedAtSeconds: Math.floor(Date.now() / 1000),
 * };
 */
export interface ServiceAccountAssertion {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string | undefined;
  scope: string;
  audience: string;
  issuedAtSeconds: number;
}

/**
 * Signs the JWT of the service-account flow with RS256: header `{ alg: 'RS256', typ: 'JWT', kid }`, claims `iss`
 * (the account e-mail), `scope`, `aud` (the token URL), `iat` and `exp` one hour later
 * (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests).
 *
 * @example
 * import { signServiceAccountJwt, SHEETS_SCOPE, GOOGLE_TOKEN_URL } from './service-account-token.ts';
 * const jwt = signServiceAccountJwt({
 *   clientEmail: 'bot@project.iam.gserviceaccount.com', privateKey: pem, scope: SHEETS_SCOPE,
 *   audience: GOOGLE_TOKEN_URL, issuedAtSeconds: Math.floor(Date.now() / 1000),
 * });
 */
export function signServiceAccountJwt(assertion: ServiceAccountAssertion): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({
    alg: 'RS256',
    typ: 'JWT',
    ...(assertion.privateKeyId ? { kid: assertion.privateKeyId } : {}),
  });
  const claims = encode({
    iss: assertion.clientEmail,
    scope: assertion.scope,
    aud: assertion.audience,
    iat: assertion.issuedAtSeconds,
    exp: assertion.issuedAtSeconds + ASSERTION_LIFETIME_SECONDS,
  });
  const key = createPrivateKey(normalizePrivateKey(assertion.privateKey));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

interface Entry {
  token?: string;
  expiresAt: number;
  pending?: Promise<string>;
}

/**
 * Access tokens of service accounts, cached per key (account, key, token URL and scope) until shortly before they
 * expire, with one token request in flight per key however many calls want one at once.
 *
 * @example
 * import { ServiceAccountTokenCache } from './service-account-token.ts';
 * const cache = new ServiceAccountTokenCache();
 * cache.size; // 0
 */
export class ServiceAccountTokenCache {
  readonly #entries = new Map<string, Entry>();

  /** Entries held (tokens and requests in flight). */
  get size(): number {
    return this.#entries.size;
  }

  /** A valid cached token, or the result of `fetchToken` (shared by every caller until it settles). */
  async get(
    key: string,
    now: number,
    fetchToken: () => Promise<{ accessToken: string; expiresInSeconds: number; receivedAt: number }>,
  ): Promise<string> {
    const entry = this.#entries.get(key);
    if (entry?.token !== undefined && now < entry.expiresAt - REFRESH_MARGIN_MS) return entry.token;
    if (entry?.pending) return entry.pending;
    const pending = fetchToken().then(
      (fetched) => {
        this.#entries.set(key, {
          token: fetched.accessToken,
          expiresAt: fetched.receivedAt + fetched.expiresInSeconds * 1000,
        });
        return fetched.accessToken;
      },
      (error: unknown) => {
        this.#entries.delete(key);
        throw error;
      },
    );
    this.#entries.set(key, { expiresAt: 0, pending });
    return pending;
  }

  /** Forgets a token the API refused (revoked, or expired earlier than announced). */
  invalidate(key: string, token: string): void {
    if (this.#entries.get(key)?.token === token) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * The process-wide cache the Sheets actions use unless `services.googleTokenCache` gives another: tokens live an
 * hour, and asking for one per call would double the requests and hit Google's token endpoint limits.
 *
 * @example
 * import { defaultServiceAccountTokenCache } from './service-account-token.ts';
 * defaultServiceAccountTokenCache.clear();
 */
export const defaultServiceAccountTokenCache = new ServiceAccountTokenCache();

const tokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
});

/**
 * A `VendorAuth` for the HTTP core that gets access tokens with the JWT-bearer grant: `POST {tokenUrl}` with form
 * fields `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` and `assertion=<JWT>`, answered by
 * `{ access_token, expires_in, token_type: 'Bearer' }`
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest). A token request has no side
 * effect, so the core retries it like a read; `invalid_grant` (wrong key, unknown account, skewed clock) is a
 * `VendorRequestError`.
 *
 * @example
 * import { serviceAccountAuth, defaultServiceAccountTokenCache } from './service-account-token.ts';
 * const auth = serviceAccountAuth({
 *   http, now: Date.now, cache: defaultServiceAccountTokenCache, tokenUrl: 'https://oauth2.googleapis.com/token',
 *   clientEmail: 'bot@project.iam.gserviceaccount.com', privateKey: pem, scope: SHEETS_SCOPE,
 * });
 * const token = await auth.getToken(new AbortController().signal);
 */
export function serviceAccountAuth(options: {
  http: VendorHttp;
  now: Clock;
  cache: ServiceAccountTokenCache;
  tokenUrl: string;
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string | undefined;
  scope: string;
}): VendorAuth {
  const { http, now, cache, tokenUrl, clientEmail, privateKey, privateKeyId, scope } = options;
  // The key itself is part of the cache key (hashed), so a rotated key never reuses the old key's token.
  const key = createHash('sha256')
    .update([clientEmail, privateKeyId ?? '', privateKey, tokenUrl, scope].join('\n'))
    .digest('hex');
  return {
    getToken: (signal) =>
      cache.get(key, now(), async () => {
        const assertion = signServiceAccountJwt({
          clientEmail,
          privateKey,
          privateKeyId,
          scope,
          audience: tokenUrl,
          issuedAtSeconds: Math.floor(now() / 1000),
        });
        const response = await http.request({
          method: 'POST',
          url: tokenUrl,
          body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
          idempotent: true,
          signal,
          operation: 'oauth.token',
        });
        const answer = http.parse(tokenAnswer, response);
        return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in, receivedAt: now() };
      }),
    invalidate: (token) => cache.invalidate(key, token),
  };
}
