import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt's cost parameters: `ln` is log2 of N (CPU and memory cost), `r` the block size, `p` the parallelism.
 * Memory per hash is 128 · 2^ln · r bytes (32 MiB for the default).
 *
 * @example
 * import type { ScryptCost } from './password-hash.ts';
 * const cost: ScryptCost = { ln: 15, r: 8, p: 1 };
 */
export interface ScryptCost {
  ln: number;
  r: number;
  p: number;
}

/**
 * The cost new hashes get: N = 2^15, r = 8, p = 1 — the OWASP password-storage minimum for scrypt, about 50–100 ms
 * on a small server, so a stolen database costs an attacker that much per guess and per user.
 *
 * @example
 * import { DEFAULT_SCRYPT_COST } from './password-hash.ts';
 * console.log(2 ** DEFAULT_SCRYPT_COST.ln); // 32768
 */
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ ln: 15, r: 8, p: 1 });

/**
 * Hashes and checks passwords. Hash strings carry their own parameters
 * (`$scrypt$ln=15,r=8,p=1$<salt>$<key>`, PHC style, base64 without padding), so the cost can be raised later
 * without invalidating existing hashes; `needsRehash` tells when a stored hash is below the current cost.
 *
 * @example
 * import { createPasswordHasher } from './password-hash.ts';
 * const hasher = createPasswordHasher();
 * const stored = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', stored); // true
 */
export interface PasswordHasher {
  readonly cost: Readonly<ScryptCost>;
  /** A new hash with a fresh 16-byte random salt. */
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `encoded`. The derived keys are compared with `crypto.timingSafeEqual`; a
   * malformed hash (or one with parameters outside the accepted range) still costs one full derivation and
   * answers false, so every path takes about the same time.
   */
  verify(password: string, encoded: string): Promise<boolean>;
  /** True when `encoded` was made with other parameters than this hasher's (re-hash it at the next sign-in). */
  needsRehash(encoded: string): boolean;
  /**
   * A hash of a random password with this hasher's cost, made once: verifying against it when an e-mail is
   * unknown makes "no such user" cost as much as "wrong password" (no account enumeration by timing).
   */
  decoyHash(): Promise<string>;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{32,})$/;
// Bounds on parameters read from a stored hash: a tampered row must not make one sign-in allocate gigabytes.
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

interface Parsed {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

/**
 * Builds a hasher with the given cost (default {@link DEFAULT_SCRYPT_COST}). Tests pass a lower `ln` to stay fast;
 * hashes made with any accepted cost verify with any hasher.
 *
 * @example
 * import { createPasswordHasher } from './password-hash.ts';
 * const fast = createPasswordHasher({ cost: { ln: 12 } });
 * console.log(fast.cost); // { ln: 12, r: 8, p: 1 }
 */
export function createPasswordHasher(options: { cost?: Partial<ScryptCost> } = {}): PasswordHasher {
  const cost = Object.freeze({ ...DEFAULT_SCRYPT_COST, ...options.cost });
  if (!withinLimits(cost)) {
    throw new RangeError(
      `scrypt cost must have ln in 10–20, r in 1–32 and p in 1–16, got ln=${cost.ln},r=${cost.r},p=${cost.p}`,
    );
  }
  let decoy: Promise<string> | null = null;
  const hash = async (password: string): Promise<string> => {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, cost, KEY_LENGTH);
    return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
  };
  return Object.freeze({
    cost,
    hash,
    async verify(password: string, encoded: string): Promise<boolean> {
      const parsed = parse(encoded);
      if (!parsed) {
        // Same work as a real check, then no.
        await derive(password, randomBytes(SALT_LENGTH), cost, KEY_LENGTH);
        return false;
      }
      const key = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
      return timingSafeEqual(key, parsed.key);
    },
    needsRehash(encoded: string): boolean {
      const parsed = parse(encoded);
      return (
        !parsed ||
        parsed.cost.ln !== cost.ln ||
        parsed.cost.r !== cost.r ||
        parsed.cost.p !== cost.p ||
        parsed.key.length !== KEY_LENGTH
      );
    },
    decoyHash(): Promise<string> {
      decoy ??= hash(randomBytes(24).toString('base64'));
      return decoy;
    },
  });
}

/**
 * The hasher used when none is injected (default cost).
 *
 * @example
 * import { defaultPasswordHasher } from './password-hash.ts';
 * const stored = await defaultPasswordHasher.hash('a long passphrase of mine');
 */
export const defaultPasswordHasher: PasswordHasher = createPasswordHasher();

function withinLimits(cost: ScryptCost): boolean {
  return (Object.keys(LIMITS) as (keyof ScryptCost)[]).every((name) => {
    const value = cost[name];
    const [min, max] = LIMITS[name];
    return Number.isInteger(value) && value >= min && value <= max;
  });
}

function parse(encoded: string): Parsed | null {
  if (typeof encoded !== 'string') return null;
  const match = FORMAT.exec(encoded);
  if (!match) return null;
  const cost = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (!withinLimits(cost)) return null;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (salt.length < SALT_LENGTH || key.length < KEY_LENGTH || key.length > 64) return null;
  return { cost, salt, key };
}

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 };
  // NFKC: the same passphrase typed on another keyboard or OS (composed or decomposed accents) must match.
  const normalized = String(password).normalize('NFKC');
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
