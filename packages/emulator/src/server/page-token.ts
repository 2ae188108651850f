import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.ts';

/**
 * Where a page starts: a forward page from position `p`, or a backward page ending just before `p`.
 *
 * @example
 * const cursor: Cursor = { position: 500, direction: 'next' };
 */
export interface Cursor {
  position: number;
  direction: 'next' | 'prev';
}

interface TokenPayload {
  /** Scan position. */
  p: number;
  /** Direction: n(ext) or p(rev). */
  d: 'n' | 'p';
  /** Fingerprint of the endpoint and filters the token was issued for. */
  f: string;
  /** MAC over the fields above. */
  m: string;
}

/**
 * Opaque page tokens: base64url of a small JSON cursor (Hotmart's own tokens are base64 JSON too, reference
 * §3.2) carrying the scan position, a fingerprint of the query and an HMAC. A tampered token, a token from
 * another query, or one from an emulator with another seed is refused with 400 `invalid_token`.
 *
 * The key derives from the seed, so two emulators with the same seed issue the same tokens: pages stay
 * byte-identical across runs.
 *
 * @example
 * const tokens = new PageTokens(42);
 * const token = tokens.encode({ position: 50, direction: 'next' }, 'sales-history|');
 * tokens.decode(token, 'sales-history|'); // { position: 50, direction: 'next' }
 */
export class PageTokens {
  readonly #key: Buffer;

  constructor(seed: number) {
    this.#key = createHash('sha256').update(`hotmart-emulator-page-token:${seed}`).digest();
  }

  /** A short fingerprint of a query scope (endpoint id + canonical filters). */
  static fingerprint(scope: string): string {
    return createHash('sha256').update(scope).digest('base64url').slice(0, 10);
  }

  #mac(p: number, d: string, f: string): string {
    return createHmac('sha256', this.#key).update(`${p}|${d}|${f}`).digest('base64url').slice(0, 16);
  }

  encode(cursor: Cursor, scope: string): string {
    const d = cursor.direction === 'next' ? 'n' : 'p';
    const f = PageTokens.fingerprint(scope);
    const payload: TokenPayload = { p: cursor.position, d, f, m: this.#mac(cursor.position, d, f) };
    return Buffer.from(JSON.stringify(payload)).toString('base64url');
  }

  decode(token: string, scope: string): Cursor {
    // Built only when refusing: an error captures a stack, and a sync decodes a token for every page it reads.
    const invalid = () => new ApiError(400, 'invalid_token', 'Invalid page_token');
    let payload: Partial<TokenPayload>;
    try {
      payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenPayload>;
    } catch {
      throw invalid();
    }
    const { p, d, f, m } = payload ?? {};
    if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) throw invalid();
    if ((d !== 'n' && d !== 'p') || typeof f !== 'string' || typeof m !== 'string') throw invalid();
    const expected = Buffer.from(this.#mac(p, d, f));
    const given = Buffer.from(m);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    if (f !== PageTokens.fingerprint(scope)) throw invalid();
    return { position: p, direction: d === 'n' ? 'next' : 'prev' };
  }
}
