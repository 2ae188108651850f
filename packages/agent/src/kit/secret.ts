const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * What every secret prints as, wherever it ends up (logs, errors, JSON, `util.inspect`).
 *
 * @example
 * import { REDACTED } from './secret.ts';
 * const shown = { hottok: REDACTED };
 */
export const REDACTED = '[redacted]';

/**
 * A value that must never be printed: `toString`, `toJSON`, template literals and `util.inspect` all give
 * `[redacted]`; only `reveal()` returns the value, so every use of a secret is a visible, greppable call.
 *
 * @example
 * import { Secret } from './secret.ts';
 * const hottok = new Secret('abc123');
 * console.log(`${hottok}`, JSON.stringify({ hottok })); // [redacted] {"hottok":"[redacted]"}
 * hottok.reveal(); // 'abc123'
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The wrapped value. Call it only where the secret is used, never to print it. */
  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return REDACTED;
  }
}
