import { hash32, mix32 } from './random.ts';

/**
 * Identifiers that embed the index of what they name, so the account can find a sale or a buyer from its code
 * with arithmetic instead of a map: that is what lets an account of 1,000,000 sales keep only its small
 * collections in memory. Each code also carries a seed-derived check, so a code from another seed, or a typo,
 * is recognised as unknown instead of silently naming some other record.
 */

const STREAM_TRANSACTION_CHECK = 0x7a11;
const STREAM_UCODE = 0x0c0d;
const MAX_TRANSACTION_INDEX = 9_999_999_999;
const ZEROS = '0000000000';
const FOUR_DIGITS = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));

/**
 * The transaction code of the sale at `index`: `HP` + 14 digits like Hotmart's (`HP12455690122399`, reference
 * §4.1) — four check digits derived from the seed, then the index on ten digits.
 *
 * @example
 * transactionCode(7, 42); // 'HP' + 4 check digits + '0000000042'
 */
export function transactionCode(seed: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_TRANSACTION_INDEX) {
    throw new RangeError(`sale index out of range: ${index}`);
  }
  const check = hash32(seed, index, STREAM_TRANSACTION_CHECK) % 10_000;
  const digits = String(index);
  return `HP${FOUR_DIGITS[check]}${ZEROS.slice(digits.length)}${digits}`;
}

/**
 * The sale index a transaction code names, or `undefined` when the code is not one of this seed's.
 *
 * @example
 * transactionIndex(7, transactionCode(7, 42)); // 42
 * transactionIndex(7, 'HP00000000000001'); // undefined unless the check digits happen to match
 */
export function transactionIndex(seed: number, code: string): number | undefined {
  if (code.length !== 16 || !code.startsWith('HP')) return undefined;
  const digits = code.slice(2);
  if (!/^\d{14}$/.test(digits)) return undefined;
  const index = Number(digits.slice(4));
  return transactionCode(seed, index) === code ? index : undefined;
}

/** An odd multiplier and its inverse modulo 2^32 scramble indexes reversibly. */
const SCRAMBLE = 0x2c1b3c6d;
const UNSCRAMBLE = inverseModulo32(SCRAMBLE);

function inverseModulo32(odd: number): number {
  // Newton's iteration doubles the number of correct low bits each step: 5 steps cover 32 bits.
  let inverse = odd;
  for (let i = 0; i < 5; i++) inverse = Math.imul(inverse, 2 - Math.imul(odd, inverse));
  return inverse >>> 0;
}

/** Two-digit hex strings for every byte: building ucodes from tables is several times faster than toString(16). */
const LOWER_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const UPPER_BYTES = LOWER_BYTES.map((pair) => pair.toUpperCase());

function hex32(value: number, bytes: readonly string[]): string {
  return (
    (bytes[value >>> 24] as string) +
    (bytes[(value >>> 16) & 255] as string) +
    (bytes[(value >>> 8) & 255] as string) +
    (bytes[value & 255] as string)
  );
}

function hex16(value: number, bytes: readonly string[]): string {
  return (bytes[(value >>> 8) & 255] as string) + (bytes[value & 255] as string);
}

/**
 * A UUID-shaped ucode for the person at `index` of a `kind` (buyers, …). Its last 8 hex digits are the index
 * scrambled by an invertible multiplication, so `ucodeIndex` recovers it; the rest is hashed from the seed.
 * Buyers' ucodes are upper case in Hotmart's sales-history sample (reference §4.1), so `upper` is offered.
 *
 * @example
 * const ucode = personUcode(7, 1, 42, true); // '1F0C…-…' (36 chars)
 */
export function personUcode(seed: number, kind: number, index: number, upper = false): string {
  const key = seed ^ Math.imul(kind, 0x5bd1e995);
  const a = hash32(key, index, STREAM_UCODE);
  const b = hash32(key, index, STREAM_UCODE + 1);
  const c = hash32(key, index, STREAM_UCODE + 2);
  const scrambled = Math.imul((index ^ mix32(key)) >>> 0, SCRAMBLE) >>> 0;
  const bytes = upper ? UPPER_BYTES : LOWER_BYTES;
  // Version nibble 4 and variant 8..b make it a well-formed v4 UUID.
  const version = 0x4000 | (b & 0x0fff);
  const variant = 0x8000 | ((c >>> 16) & 0x3fff);
  return `${hex32(a, bytes)}-${hex16(b >>> 16, bytes)}-${hex16(version, bytes)}-${hex16(variant, bytes)}-${hex16(c, bytes)}${hex32(scrambled, bytes)}`;
}

/**
 * The index a `personUcode` embeds, or `undefined` when the ucode is not one this seed and kind produced.
 *
 * @example
 * ucodeIndex(7, 1, personUcode(7, 1, 42)); // 42
 */
export function ucodeIndex(seed: number, kind: number, ucode: string): number | undefined {
  if (ucode.length !== 36) return undefined;
  const tail = ucode.slice(28);
  if (!/^[0-9a-fA-F]{8}$/.test(tail)) return undefined;
  const key = seed ^ Math.imul(kind, 0x5bd1e995);
  const index = (Math.imul(Number.parseInt(tail, 16), UNSCRAMBLE) ^ mix32(key)) >>> 0;
  const upper = ucode !== ucode.toLowerCase();
  return personUcode(seed, kind, index, upper) === ucode ? index : undefined;
}
