/**
 * Stable reasons a store call fails:
 * - `unavailable`: the database cannot be reached right now (PostgreSQL restarting, connection killed); retry later.
 * - `closed`: the store was closed.
 * - `conflict`: the record exists already (e.g. a connection id).
 * - `not_found`: the record does not exist.
 * - `invalid`: the caller passed a value the store refuses (bad id, non-finite time).
 * - `schema`: the database schema is missing, or newer than this build.
 *
 * @example
 * import type { StoreErrorCode } from './errors.ts';
 * const retryable = (code: StoreErrorCode) => code === 'unavailable';
 */
export type StoreErrorCode = 'unavailable' | 'closed' | 'conflict' | 'not_found' | 'invalid' | 'schema';

/**
 * The one error class the adapters throw on purpose. Messages name the operation, never a secret or a row's body.
 *
 * @example
 * import { StoreError } from './errors.ts';
 * try {
 *   throw new StoreError('not_found', 'connection "main" does not exist');
 * } catch (error) {
 *   if (error instanceof StoreError && error.code === 'not_found') console.log('create it first');
 * }
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `error` is a `StoreError` with one of `codes` (any code when none is given).
 *
 * @example
 * import { StoreError, isStoreError } from './errors.ts';
 * const error: unknown = new StoreError('unavailable', 'PostgreSQL is unavailable');
 * if (isStoreError(error, 'unavailable')) console.log('retry later');
 */
export function isStoreError(error: unknown, ...codes: StoreErrorCode[]): error is StoreError {
  return error instanceof StoreError && (codes.length === 0 || codes.includes(error.code));
}
