/**
 * How long the server asked us to wait, in ms: `Retry-After` (seconds or an HTTP date) first, then
 * `RateLimit-Reset` (seconds until the window resets, reference §3.6). `undefined` when neither is usable.
 *
 * @example
 * retryDelayFromHeaders({ 'ratelimit-reset': '7' }, Date.now()); // 7000
 */
export function retryDelayFromHeaders(
  headers: Readonly<Record<string, string>>,
  now: number,
): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter.trim());
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return resetDelayFromHeaders(headers, now);
}

/**
 * `RateLimit-Reset` as a delay in ms. The draft standard Hotmart follows sends seconds until the reset; a value
 * that only makes sense as an epoch timestamp (after 2001) is read as one, as some gateways send that.
 *
 * @example
 * resetDelayFromHeaders({ 'ratelimit-reset': '30' }, Date.now()); // 30000
 */
export function resetDelayFromHeaders(
  headers: Readonly<Record<string, string>>,
  now: number,
): number | undefined {
  const raw = headers['ratelimit-reset'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (value > 1_000_000_000) return Math.max(0, value * 1000 - now);
  return value * 1000;
}
