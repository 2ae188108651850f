import { ApiError } from './api-error.ts';

/**
 * A keyset position in a list ordered newest first: the time (`receivedAt` of events, `createdAt` of runs) and id
 * of the last item of a page. The next page starts strictly after it, so items inserted meanwhile never shift
 * a page (unlike offsets).
 *
 * @example
 * import type { KeysetPosition } from './cursor.ts';
 * const position: KeysetPosition = { at: 1748865600000, id: 'evt_1' };
 */
export interface KeysetPosition {
  at: number;
  id: string;
}

/**
 * Encodes a position as an opaque cursor (base64url JSON). Opaque so clients don't build them, and the encoding
 * can change.
 *
 * @example
 * import { encodeCursor } from './cursor.ts';
 * const cursor = encodeCursor({ at: 1748865600000, id: 'evt_1' });
 */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ t: position.at, i: position.id }), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}; anything else is a 400 `invalid_cursor`.
 *
 * @example
 * import { decodeCursor, encodeCursor } from './cursor.ts';
 * decodeCursor(encodeCursor({ at: 5, id: 'a' })); // { at: 5, id: 'a' }
 */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      t?: unknown;
      i?: unknown;
    };
    if (Number.isSafeInteger(value.t) && typeof value.i === 'string' && value.i.length <= 300) {
      return { at: value.t as number, id: value.i };
    }
  } catch {
    // falls through to the 400 below
  }
  throw new ApiError(400, 'invalid_cursor', 'the cursor is not one this API returned', {
    fields: [{ path: 'query.cursor', message: 'is not a cursor from a previous page' }],
  });
}

/**
 * Cuts a page from `limit + 1` fetched items: the first `limit` items and the cursor of the next page (null when
 * nothing follows).
 *
 * @example
 * import { pageOf } from './cursor.ts';
 * const page = pageOf([{ at: 3, id: 'c' }, { at: 2, id: 'b' }, { at: 1, id: 'a' }], 2, (x) => x);
 * console.log(page.items.length, page.nextCursor !== null); // 2 true
 */
export function pageOf<T>(
  fetched: readonly T[],
  limit: number,
  position: (item: T) => KeysetPosition,
): { items: T[]; nextCursor: string | null } {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = fetched.length > limit && last !== undefined ? encodeCursor(position(last)) : null;
  return { items, nextCursor };
}
