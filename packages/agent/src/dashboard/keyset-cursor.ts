/**
 * A position in a list ordered newest first: the time and id of the last row shown. The next page starts strictly
 * after it, so rows arriving meanwhile never shift a page (unlike offsets).
 *
 * @example
 * import type { KeysetPosition } from './keyset-cursor.ts';
 * const position: KeysetPosition = { at: 1748865600000, id: 'evt_1' };
 */
export interface KeysetPosition {
  at: number;
  id: string;
}

/**
 * Encodes a position as an opaque URL-safe cursor.
 *
 * @example
 * import { encodeKeyset } from './keyset-cursor.ts';
 * const cursor = encodeKeyset({ at: 1748865600000, id: 'evt_1' });
 */
export function encodeKeyset(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeKeyset}; anything else (a hand-edited link) is null, i.e. the first page.
 *
 * @example
 * import { decodeKeyset, encodeKeyset } from './keyset-cursor.ts';
 * decodeKeyset(encodeKeyset({ at: 5, id: 'a' })); // { at: 5, id: 'a' }
 * decodeKeyset('garbage'); // null
 */
export function decodeKeyset(cursor: string | null | undefined): KeysetPosition | null {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 800) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 300
    ) {
      return { at: value[0] as number, id: value[1] };
    }
  } catch {
    // Not a cursor of ours: the first page.
  }
  return null;
}

/**
 * A positive integer from a query parameter (`?before=42` for lists keyed by a sequence), or null.
 *
 * @example
 * import { positiveInteger } from './keyset-cursor.ts';
 * positiveInteger('42'); // 42
 * positiveInteger('-1'); // null
 */
export function positiveInteger(value: string | null | undefined): number | null {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : null;
}

/**
 * Cuts a page from `limit + 1` fetched rows: the rows to show and the cursor of the next page (null at the end).
 *
 * @example
 * import { keysetPage } from './keyset-cursor.ts';
 * const page = keysetPage([{ at: 3, id: 'c' }, { at: 2, id: 'b' }, { at: 1, id: 'a' }], 2, (x) => x);
 * page.rows.length; // 2
 */
export function keysetPage<T>(
  fetched: readonly T[],
  limit: number,
  position: (row: T) => KeysetPosition,
): { rows: T[]; next: string | null } {
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  return { rows, next: fetched.length > limit && last !== undefined ? encodeKeyset(position(last)) : null };
}
