/**
 * One API request as the control API reports it. Secrets in the query (`client_secret`) are redacted.
 *
 * @example
 * const failed: RecordedRequest[] = log.list().filter((request) => request.status >= 500);
 */
export interface RecordedRequest {
  id: number;
  /** Emulator time when the request arrived (ms). */
  time: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** HTTP status, or 0 when a fault dropped or held the connection. */
  status: number;
  duration_ms: number;
  client_id?: string;
  fault?: string;
}

const SECRET_PARAMS = new Set(['client_secret']);

/**
 * A query string as a plain object (repeated keys become arrays), with secrets redacted.
 *
 * @example
 * redactedQuery(new URLSearchParams('client_id=a&client_secret=b')); // { client_id: 'a', client_secret: '[redacted]' }
 */
export function redactedQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of params) {
    const value = SECRET_PARAMS.has(key) ? '[redacted]' : raw;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/**
 * A bounded log of recent API requests (a ring buffer): benchmarks push millions of requests through the
 * emulator and the log must not grow with them.
 *
 * @example
 * const log = new RequestLog(2);
 * log.record({ time: 0, method: 'GET', path: '/a', query: {}, status: 200, duration_ms: 1 });
 * log.list()[0]?.path; // '/a'
 */
export class RequestLog {
  readonly capacity: number;
  readonly #items: (RecordedRequest | undefined)[];
  #next = 0;
  #size = 0;
  #total = 0;

  constructor(capacity = 1_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('request log capacity must be positive');
    this.capacity = capacity;
    this.#items = new Array(capacity);
  }

  /** Requests recorded since the start (or the last clear), including those the buffer dropped. */
  get total(): number {
    return this.#total;
  }

  record(entry: Omit<RecordedRequest, 'id'>): RecordedRequest {
    const recorded: RecordedRequest = { id: ++this.#total, ...entry };
    this.#items[this.#next] = recorded;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    return recorded;
  }

  /** Oldest first, optionally filtered; `limit` keeps the newest matches. */
  list(filter: { path?: string; method?: string; limit?: number } = {}): RecordedRequest[] {
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    const out: RecordedRequest[] = [];
    for (let i = 0; i < this.#size; i++) {
      const item = this.#items[(start + i) % this.capacity] as RecordedRequest;
      if (filter.path !== undefined && !item.path.startsWith(filter.path)) continue;
      if (filter.method !== undefined && item.method !== filter.method.toUpperCase()) continue;
      out.push(item);
    }
    return filter.limit !== undefined ? out.slice(Math.max(0, out.length - filter.limit)) : out;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#next = 0;
    this.#size = 0;
    this.#total = 0;
  }
}
