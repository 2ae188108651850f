import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * A client_id/client_secret pair (reference §2.1). The secret and the Basic token derived from it never print:
 * `toString`, `toJSON` and `util.inspect` show `[redacted]`.
 *
 * @example
 * const pair = new ClientCredentials('my-client', 'my-secret');
 * fetch(tokenUrl, { method: 'POST', headers: { authorization: `Basic ${pair.basic}` } });
 * JSON.stringify(pair); // '{"clientId":"my-client","clientSecret":"[redacted]"}'
 */
export class ClientCredentials {
  readonly clientId: string;
  readonly #secret: string;

  constructor(clientId: string, clientSecret: string) {
    this.clientId = clientId;
    this.#secret = clientSecret;
  }

  get clientSecret(): string {
    return this.#secret;
  }

  /** `base64(client_id:client_secret)`, the Basic token Hotmart's dashboard shows (reference §2.1). */
  get basic(): string {
    return Buffer.from(`${this.clientId}:${this.#secret}`).toString('base64');
  }

  toJSON(): { clientId: string; clientSecret: string } {
    return { clientId: this.clientId, clientSecret: '[redacted]' };
  }

  toString(): string {
    return `ClientCredentials(${this.clientId}, [redacted])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * The pair every emulator accepts unless told otherwise; the CLI prints it at start.
 *
 * @example
 * new ClientCredentials(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET).basic;
 */
export const DEFAULT_CLIENT_ID = 'hotpilot-emulator';
/**
 * The default pair's secret: a development credential of a local fake, not a real secret.
 *
 * @example
 * new ClientCredentials(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET).basic;
 */
export const DEFAULT_CLIENT_SECRET = 'hotpilot-emulator-secret';

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * The registered client credentials.
 *
 * @example
 * const store = new CredentialStore([new ClientCredentials('id', 'secret')]);
 * store.verify('id', 'secret'); // true
 */
export class CredentialStore {
  readonly #pairs = new Map<string, ClientCredentials>();

  constructor(initial: readonly ClientCredentials[] = []) {
    for (const pair of initial) this.add(pair);
  }

  add(pair: ClientCredentials): void {
    this.#pairs.set(pair.clientId, pair);
  }

  remove(clientId: string): boolean {
    return this.#pairs.delete(clientId);
  }

  has(clientId: string): boolean {
    return this.#pairs.has(clientId);
  }

  /** Client ids only: secrets are never listed. */
  clientIds(): string[] {
    return [...this.#pairs.keys()];
  }

  /** Constant-time check of a client's secret. */
  verify(clientId: string, clientSecret: string): boolean {
    const pair = this.#pairs.get(clientId);
    return pair !== undefined && sameText(pair.clientSecret, clientSecret);
  }
}

/**
 * What a bearer check found.
 *
 * @example
 * const check: TokenCheck = tokens.check(token, clock.now());
 * if (check.status === 'expired') console.log('token_expired');
 */
export type TokenCheck =
  | { status: 'valid'; clientId: string }
  | { status: 'expired'; clientId: string }
  | { status: 'unknown' };

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

/** How long an expired token is still recognised as expired (and not unknown). */
const EXPIRED_MEMORY_MS = 7 * 86_400_000;

/**
 * Issued access tokens and their expiry on the emulator clock. Tokens are opaque and long, like Hotmart's
 * (several hundred characters, reference §2.3); the store never logs them.
 *
 * @example
 * const tokens = new TokenStore();
 * const issued = tokens.issue('id', 3600, Date.now());
 * tokens.check(issued.accessToken, Date.now()); // { status: 'valid', clientId: 'id' }
 */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  #issuedSinceSweep = 0;

  issue(clientId: string, ttlSeconds: number, now: number): { accessToken: string; jti: string } {
    this.#sweep(now);
    const accessToken = randomBytes(240).toString('base64url');
    this.#tokens.set(accessToken, { clientId, expiresAt: now + ttlSeconds * 1000 });
    return { accessToken, jti: randomUUID() };
  }

  check(token: string, now: number): TokenCheck {
    const issued = this.#tokens.get(token);
    if (!issued) return { status: 'unknown' };
    return now < issued.expiresAt
      ? { status: 'valid', clientId: issued.clientId }
      : { status: 'expired', clientId: issued.clientId };
  }

  /** Forgets every token of a client (when its credentials are removed). */
  revokeClient(clientId: string): void {
    for (const [token, issued] of this.#tokens) if (issued.clientId === clientId) this.#tokens.delete(token);
  }

  get size(): number {
    return this.#tokens.size;
  }

  clear(): void {
    this.#tokens.clear();
  }

  #sweep(now: number): void {
    if (++this.#issuedSinceSweep < 1_000) return;
    this.#issuedSinceSweep = 0;
    for (const [token, issued] of this.#tokens) {
      if (issued.expiresAt + EXPIRED_MEMORY_MS < now) this.#tokens.delete(token);
    }
  }
}
