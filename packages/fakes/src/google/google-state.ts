import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import type { Clock } from '../internal/fake-host.ts';
import type { ServiceAccount } from './service-account-assertion.ts';
import { type SheetSeed, Spreadsheet } from './spreadsheet.ts';

/**
 * A service account to register: its e-mail and a public key (a `KeyObject` or PEM text), with the key id clients
 * send as `kid` (the `private_key_id` of a key file).
 *
 * @example
 * const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
 * const input: ServiceAccountInput = { clientEmail: 'bot@demo.iam.gserviceaccount.com', publicKey, keyId: 'k1' };
 */
export interface ServiceAccountInput {
  clientEmail: string;
  publicKey: KeyObject | string;
  keyId?: string;
}

/**
 * A spreadsheet to create: optional id and title, and its sheets (one `Sheet1` when none are given).
 *
 * @example
 * const seed: SpreadsheetSeed = { spreadsheetId: 'finance', title: 'Finance', sheets: [{ title: 'MRR' }] };
 */
export interface SpreadsheetSeed {
  spreadsheetId?: string;
  title?: string;
  sheets?: SheetSeed[];
}

/**
 * An access token the fake issued, with the account and scopes it carries and when it expires.
 *
 * @example
 * const token: IssuedToken = state.issueAccessToken({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
 */
export interface IssuedToken {
  readonly accessToken: string;
  readonly clientEmail: string;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  readonly subject?: string;
}

/**
 * The seed a Google fake resets to.
 *
 * @example
 * const options: GoogleSeed = { spreadsheets: [{ spreadsheetId: 'finance', sheets: [{ title: 'MRR' }] }] };
 */
export interface GoogleSeed {
  serviceAccounts?: ServiceAccountInput[];
  spreadsheets?: SpreadsheetSeed[];
}

/**
 * Token lifetime Google gives service-account access tokens (`expires_in: 3599`).
 *
 * @example
 * const expiresAt = Date.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000;
 */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;

/**
 * The in-memory state of the Google fake: registered service accounts, issued access tokens and spreadsheets.
 * Helpers here are for tests and the demo; clients use the HTTP API.
 *
 * @example
 * const state = new GoogleState({}, () => new Date());
 * const book = state.createSpreadsheet({ title: 'Finance', sheets: [{ title: 'MRR' }] });
 * state.spreadsheet(book.spreadsheetId)?.title; // 'Finance'
 */
export class GoogleState {
  readonly #seed: GoogleSeed;
  readonly #now: Clock;
  #accounts = new Map<string, ServiceAccount>();
  #tokens = new Map<string, IssuedToken>();
  #spreadsheets = new Map<string, Spreadsheet>();

  constructor(seed: GoogleSeed, now: Clock) {
    this.#seed = seed;
    this.#now = now;
    this.reset();
  }

  /** Back to the seed: seeded accounts and spreadsheets only, no tokens. */
  reset(): void {
    this.#accounts = new Map();
    this.#tokens = new Map();
    this.#spreadsheets = new Map();
    for (const account of this.#seed.serviceAccounts ?? []) this.registerServiceAccount(account);
    for (const book of this.#seed.spreadsheets ?? []) this.createSpreadsheet(book);
  }

  /** Registers (or adds a key to) a service account whose JWTs the token endpoint will accept. */
  registerServiceAccount(input: ServiceAccountInput): void {
    const publicKey =
      typeof input.publicKey === 'string' ? createPublicKey(input.publicKey) : input.publicKey;
    if (publicKey.asymmetricKeyType !== 'rsa')
      throw new TypeError('service account keys must be RSA keys (RS256)');
    const existing = this.#accounts.get(input.clientEmail);
    const key = input.keyId === undefined ? { publicKey } : { keyId: input.keyId, publicKey };
    this.#accounts.set(input.clientEmail, {
      clientEmail: input.clientEmail,
      keys: [...(existing?.keys ?? []), key],
    });
  }

  /** The registered accounts, by e-mail. */
  get serviceAccounts(): ReadonlyMap<string, ServiceAccount> {
    return this.#accounts;
  }

  /**
   * Issues an access token directly, as if the token endpoint had: for tests of the Sheets API that do not
   * exercise the JWT grant.
   */
  issueAccessToken(input: {
    clientEmail?: string;
    scopes: readonly string[];
    subject?: string;
  }): IssuedToken {
    const token: IssuedToken = {
      accessToken: `ya29.fake-${randomBytes(32).toString('base64url')}`,
      clientEmail: input.clientEmail ?? 'fake@hotpilot-fake.iam.gserviceaccount.com',
      scopes: [...input.scopes],
      expiresAt: new Date(this.#now().getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000),
      ...(input.subject ? { subject: input.subject } : {}),
    };
    this.#tokens.set(token.accessToken, token);
    return token;
  }

  /** The token, when it was issued here and has not expired. */
  validToken(accessToken: string): IssuedToken | undefined {
    const token = this.#tokens.get(accessToken);
    if (!token) return undefined;
    if (token.expiresAt.getTime() <= this.#now().getTime()) return undefined;
    return token;
  }

  /** Creates a spreadsheet; throws when the id is taken. */
  createSpreadsheet(seed: SpreadsheetSeed = {}): Spreadsheet {
    if (seed.spreadsheetId !== undefined && this.#spreadsheets.has(seed.spreadsheetId)) {
      throw new TypeError(`spreadsheet ${seed.spreadsheetId} already exists`);
    }
    const book = new Spreadsheet(seed);
    this.#spreadsheets.set(book.spreadsheetId, book);
    return book;
  }

  spreadsheet(spreadsheetId: string): Spreadsheet | undefined {
    return this.#spreadsheets.get(spreadsheetId);
  }

  /** A JSON view for `GET /_fake/state`: accounts (no keys), live token count, and every sheet's cells. */
  snapshot(): Record<string, unknown> {
    const now = this.#now().getTime();
    return {
      serviceAccounts: [...this.#accounts.values()].map((a) => ({
        clientEmail: a.clientEmail,
        keyIds: a.keys.map((k) => k.keyId ?? null),
      })),
      activeAccessTokens: [...this.#tokens.values()].filter((t) => t.expiresAt.getTime() > now).length,
      spreadsheets: [...this.#spreadsheets.values()].map((book) => ({
        ...book.toResource(),
        values: Object.fromEntries(book.sheetProperties().map((p) => [p.title, book.sheetRows(p.title)])),
      })),
    };
  }
}
