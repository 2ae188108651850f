import { z } from 'zod';
import { AuthenticationError, HotmartApiError } from '../errors.ts';
import type { HttpCore, TokenSource } from './http.ts';
import type { HotmartLogger } from './logger.ts';
import type { Redactor, Secret } from './redact.ts';

// The token response (reference §2.3). Only these two fields are needed; the rest (`token_type`, `scope`, `jti`)
// is ignored.
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

// Refresh ahead of expiry: 10 % of the lifetime, at most 5 minutes. With Hotmart's ~48 h tokens (reference §2.3)
// that is 5 minutes; a short-lived token still gets a proportional margin instead of being refreshed constantly.
const MAX_MARGIN_MS = 5 * 60_000;
const MARGIN_FRACTION = 0.1;

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
}

/**
 * What the token provider needs to know.
 *
 * @example
 * const options: TokenProviderOptions = { http, tokenUrl, clientId: 'id', clientSecret, basic, now: Date.now, logger, redactor };
 */
export interface TokenProviderOptions {
  readonly http: HttpCore;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly basic: Secret;
  readonly now: () => number;
  readonly logger: HotmartLogger;
  readonly redactor: Redactor;
}

/**
 * OAuth2 client-credentials tokens (reference §2): fetched on first use, cached until `expires_in` minus a safety
 * margin (never a hard-coded lifetime, §2.3), shared by concurrent callers through one in-flight request, and
 * dropped when the API answers 401 with it.
 *
 * @example
 * const tokens = new TokenProvider({ http, tokenUrl, clientId, clientSecret, basic, now: Date.now, logger, redactor });
 * const token = await tokens.getToken();
 */
export class TokenProvider implements TokenSource {
  readonly #options: TokenProviderOptions;
  #cached: CachedToken | undefined;
  #inFlight: Promise<CachedToken> | undefined;

  constructor(options: TokenProviderOptions) {
    this.#options = options;
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#options.now() < cached.refreshAt) return cached.value;
    // Single flight: the first caller starts the request, everyone arriving meanwhile awaits the same promise. It
    // is not tied to any one caller's signal, so one caller giving up does not fail the others.
    this.#inFlight ??= this.#fetchToken().finally(() => {
      this.#inFlight = undefined;
    });
    const token = await abortable(this.#inFlight, signal);
    return token.value;
  }

  invalidate(token: string): void {
    // Only drop the token that was rejected: if another request already replaced it, keep the new one.
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  async #fetchToken(): Promise<CachedToken> {
    const { http, tokenUrl, clientId, clientSecret, basic, now, logger, redactor } = this.#options;
    // All three parameters go in the query string and the body is empty, exactly as Hotmart's sample
    // (reference §2.2).
    const url = new URL(tokenUrl);
    url.searchParams.set('grant_type', 'client_credentials');
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('client_secret', clientSecret.reveal());
    const requestedAt = now();
    let body: unknown;
    try {
      const response = await http.request({
        operation: 'auth.token',
        method: 'POST',
        url,
        headers: { authorization: `Basic ${basic.reveal()}` },
        idempotent: true,
      });
      body = response.body;
    } catch (error) {
      // Any answer from the token host that is not a token means the credentials were not accepted (or the
      // host is not a Hotmart token endpoint). Network failures and timeouts stay ConnectionError/TimeoutError:
      // they say nothing about the credentials, and callers retry them differently.
      // The original error is not attached as `cause`: its body is whatever the token host sent back, and only
      // Hotmart's error fields are known to be free of credentials.
      if (error instanceof HotmartApiError) {
        throw new AuthenticationError({
          status: error.status,
          body: errorOnly(error),
          headers: error.headers,
          request: { method: 'POST', url },
          message: redactor.scrub(`Hotmart token request failed: ${error.message}`),
        });
      }
      throw error;
    }
    const parsed = TokenResponse.safeParse(body);
    if (!parsed.success) {
      throw new AuthenticationError({
        status: 200,
        body: undefined,
        headers: undefined,
        request: { method: 'POST', url },
        message: `Hotmart token response has no usable access_token/expires_in (POST ${tokenUrl})`,
      });
    }
    redactor.add(parsed.data.access_token);
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(MAX_MARGIN_MS, lifetimeMs * MARGIN_FRACTION);
    // Measured from when the request started, so time spent waiting for the answer counts against the token.
    const cached = { value: parsed.data.access_token, refreshAt: requestedAt + lifetimeMs - margin };
    this.#cached = cached;
    logger.debug({ expiresInSeconds: parsed.data.expires_in }, 'hotmart access token obtained');
    return cached;
  }
}

/** Keeps only Hotmart's error fields of a failed token response, never anything else it echoed. */
function errorOnly(error: HotmartApiError): Record<string, string> | undefined {
  if (error.error === undefined) return undefined;
  const body: Record<string, string> = { error: error.error };
  if (error.errorDescription !== undefined) body['error_description'] = error.errorDescription;
  return body;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
