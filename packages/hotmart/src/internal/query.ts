/**
 * A query value after parameter validation: dates are already epoch ms, repeatable filters already arrays.
 *
 * @example
 * const value: QueryValue = ['ACTIVE', 'OVERDUE'];
 */
export type QueryValue =
  | string
  | number
  | boolean
  | readonly (string | number | boolean)[]
  | null
  | undefined;

/**
 * A validated query object, keys as Hotmart spells them (snake_case).
 *
 * @example
 * const query: QueryObject = { product_id: 2125812, start_date: 1704067200000 };
 */
export type QueryObject = Readonly<Record<string, QueryValue>>;

/**
 * Writes a validated query object into `url.searchParams`:
 * - arrays become repeated keys, `?status=A&status=B`, never comma-joined (reference §3.4);
 * - `select` is the exception: one comma-joined value (reference §3.3), whether given as array or string;
 * - `undefined`/`null` are left out; numbers (epoch-ms dates included, §3.1) and booleans are written as text.
 *
 * @example
 * const url = new URL('https://developers.hotmart.com/payments/api/v1/subscriptions');
 * appendQuery(url, { status: ['ACTIVE', 'OVERDUE'], select: ['subscriber_code', 'status'] });
 * url.search; // '?status=ACTIVE&status=OVERDUE&select=subscriber_code%2Cstatus'
 */
export function appendQuery(url: URL, query: QueryObject | undefined): URL {
  if (query === undefined) return url;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (key === 'select') {
        if (value.length > 0) url.searchParams.append(key, value.map(String).join(','));
        continue;
      }
      for (const item of value) url.searchParams.append(key, String(item));
      continue;
    }
    url.searchParams.append(key, String(value));
  }
  return url;
}
