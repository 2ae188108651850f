/**
 * Deterministic randomness for the account generator. Two tools, for two access patterns:
 * - `hash32(seed, a, b)` is a stateless integer hash: anything addressed by index (the n-th sale, the n-th buyer)
 *   draws from `hash32(seed, n, stream)`, so it can be produced on demand in any order, and an account of a
 *   million sales never has to be generated front to back or held in memory.
 * - `Rng` (mulberry32) is a small sequential generator, seeded from a hash, for everything drawn in a fixed order
 *   (the catalogue, the subscriptions, the fields of one sale).
 */

/**
 * The murmur3 32-bit finaliser: a bijection on 32-bit integers with good avalanche.
 *
 * @example
 * const bucket = mix32(42) % 16;
 */
export function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A stateless hash of `(seed, a, b)` to an unsigned 32-bit integer.
 *
 * @example
 * const dateJitter = hash32(seed, saleIndex, STREAM_DATE) / 2 ** 32;
 */
export function hash32(seed: number, a: number, b = 0): number {
  const h = mix32(mix32(seed ^ 0x9e3779b9) ^ (a | 0));
  // `a` may exceed 2^32 only for absurd sizes; fold its high part in so distinct indexes stay distinct.
  const high = Math.floor(a / 4294967296);
  return mix32(h + Math.imul(b ^ high, 0x27d4eb2f) + 0x165667b1);
}

/**
 * A value in [0, 1) from a 32-bit hash.
 *
 * @example
 * const draw = unit(hash32(seed, index)); // in [0, 1)
 */
export const unit = (hash: number): number => hash / 4294967296;

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/**
 * mulberry32: a tiny, fast sequential PRNG; the same seed always yields the same sequence.
 *
 * @example
 * const rng = new Rng(hash32(seed, 0, 1));
 * const price = rng.pick([47, 97, 197]);
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One value of `[value, weight]` pairs, proportionally to the weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('weighted() needs a non-empty list');
    return last[0];
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }

  /** `length` lowercase letters and digits, like Hotmart's offer codes (`k2pasun0`). */
  alphanumeric(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHANUMERIC[Math.floor(this.next() * 36)];
    return out;
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** A version-4-shaped UUID (lowercase), as Hotmart's product ucodes. */
  uuid(): string {
    const variant = HEX[8 + Math.floor(this.next() * 4)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

/**
 * The index of the first element of a sorted numeric array that is ≥ `value` (its length when none is).
 *
 * @example
 * lowerBound(Float64Array.of(1, 3, 3, 7), 3); // 1
 */
export function lowerBound(sorted: ArrayLike<number>, value: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
