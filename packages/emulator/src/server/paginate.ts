import type { Cursor } from './page-token.ts';

/**
 * A list the API pages through by scanning positions [lo, hi): `match` says whether the record at a position is
 * in the result (returning what `render` needs), `render` builds the JSON item. Sales are scanned by index inside
 * the index range of the date filter, so a page costs O(page size + skipped records), never O(all sales).
 * `after`/`before` let sparse position spaces jump over gaps.
 *
 * @example
 * const source: ScanSource<number, string> = { lo: 0, hi: 10, match: (i) => i, render: (i) => String(i) };
 */
export interface ScanSource<M, T> {
  lo: number;
  hi: number;
  match(position: number): M | undefined;
  render(match: M, position: number): T;
  after?(position: number): number;
  before?(position: number): number;
}

/**
 * One page: its items and the cursors of its neighbours (absent at either end).
 *
 * @example
 * const page: Page<string> = readPage(source, undefined, 5);
 */
export interface Page<T> {
  items: T[];
  next?: Cursor;
  prev?: Cursor;
}

/**
 * Reads the page at `cursor` (the first page when undefined) of at most `size` items.
 *
 * @example
 * const page = readPage({ lo: 0, hi: 10, match: (i) => (i % 2 ? i : undefined), render: (m) => m }, undefined, 3);
 * page.items; // [1, 3, 5]
 */
export function readPage<M, T>(source: ScanSource<M, T>, cursor: Cursor | undefined, size: number): Page<T> {
  const after = source.after ?? ((i: number) => i + 1);
  const before = source.before ?? ((i: number) => i - 1);
  const found: [number, M][] = [];
  const firstMatchFrom = (from: number): number | undefined => {
    for (let i = from; i < source.hi; i = after(i)) if (source.match(i) !== undefined) return i;
    return undefined;
  };
  const lastMatchBefore = (end: number): number | undefined => {
    for (let i = before(end); i >= source.lo; i = before(i)) if (source.match(i) !== undefined) return i;
    return undefined;
  };
  let next: number | undefined;
  let prev: number | undefined;
  if (cursor?.direction === 'prev') {
    const end = Math.min(source.hi, cursor.position);
    let i = before(end);
    for (; i >= source.lo && found.length < size; i = before(i)) {
      const match = source.match(i);
      if (match !== undefined) found.push([i, match]);
    }
    found.reverse();
    const last = found[found.length - 1];
    next = last ? firstMatchFrom(after(last[0])) : firstMatchFrom(end);
    const first = found[0];
    if (first && lastMatchBefore(first[0]) !== undefined) prev = first[0];
  } else {
    const start = Math.max(source.lo, cursor?.position ?? source.lo);
    let i = start;
    for (; i < source.hi && found.length < size; i = after(i)) {
      const match = source.match(i);
      if (match !== undefined) found.push([i, match]);
    }
    next = firstMatchFrom(i);
    const first = found[0];
    const boundary = first ? first[0] : start;
    if (boundary > source.lo && lastMatchBefore(boundary) !== undefined) prev = boundary;
  }
  const page: Page<T> = { items: found.map(([position, match]) => source.render(match, position)) };
  if (next !== undefined) page.next = { position: next, direction: 'next' };
  if (prev !== undefined) page.prev = { position: prev, direction: 'prev' };
  return page;
}

/**
 * Counts the matches of a source (for `page_info.total_results`).
 *
 * @example
 * countMatches({ lo: 0, hi: 10, match: (i) => (i % 2 ? i : undefined), render: (m) => m }); // 5
 */
export function countMatches<M, T>(source: ScanSource<M, T>): number {
  const after = source.after ?? ((i: number) => i + 1);
  let count = 0;
  for (let i = source.lo; i < source.hi; i = after(i)) if (source.match(i) !== undefined) count++;
  return count;
}

/**
 * A small least-recently-used cache. Totals and summaries of big scans are cached under the account version,
 * the query and the range, so walking the pages of a million-sale query scans for the total once.
 *
 * @example
 * const cache = new LruCache<number>(2);
 * cache.get('a', () => 1); // computes 1
 * cache.get('a', () => 2); // 1, cached
 */
export class LruCache<V> {
  readonly #capacity: number;
  readonly #entries = new Map<string, V>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string, compute: () => V): V {
    if (this.#entries.has(key)) {
      const value = this.#entries.get(key) as V;
      this.#entries.delete(key);
      this.#entries.set(key, value);
      return value;
    }
    const value = compute();
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
