import type { FaultKind } from './fault-injector.ts';

/**
 * One request a fake received, as the demo and the tests inspect it. Credentials in headers, query and body are
 * replaced by `[redacted]`. `status` is what the fake answered (0 when the client went away before any answer).
 *
 * @example
 * const [first] = fakes.hubspot.requests();
 * first?.path; // '/crm/v3/objects/contacts'
 */
export interface RecordedRequest {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly status: number;
  /** When the request arrived (ISO 8601). */
  readonly time: string;
  readonly durationMs: number;
  /** The fault injected into this request, if one was. */
  readonly fault?: FaultKind;
}

/**
 * The parts of a {@link RecordedRequest} worked out from the request: its redacted query, headers and body.
 *
 * @example
 * const parts: RecordedParts = { query: () => ({}), headers: () => ({}), body: () => undefined };
 */
export interface RecordedParts {
  query(): RecordedRequest['query'];
  headers(): RecordedRequest['headers'];
  body(): unknown;
}

/**
 * A {@link RecordedRequest} whose query, headers and body are redacted (and the body parsed) when first read, then
 * kept: a benchmark pushes many thousands of requests through a fake and reads few of them, if any. They are
 * ordinary enumerable properties to `JSON.stringify`, spreading and test matchers.
 *
 * @example
 * const request = recordedRequest(
 *   { id: 1, method: 'GET', path: '/x', status: 200, time: '2026-01-01T00:00:00.000Z', durationMs: 0.4 },
 *   { query: () => ({}), headers: () => ({}), body: () => undefined },
 * );
 * request.headers; // {}
 */
export function recordedRequest(
  fields: Omit<RecordedRequest, 'query' | 'headers' | 'body'>,
  parts: RecordedParts,
): RecordedRequest {
  const { id, method, path, ...rest } = fields;
  const request = { id, method, path };
  for (const key of ['query', 'headers', 'body'] as const) {
    Object.defineProperty(request, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = parts[key]();
        Object.defineProperty(request, key, {
          value,
          enumerable: true,
          configurable: false,
          writable: false,
        });
        return value;
      },
    });
  }
  return Object.assign(request, rest) as RecordedRequest;
}

/**
 * A bounded log of requests, oldest first: benchmarks push many thousands through a fake and the log must not grow
 * without end.
 *
 * @example
 * const log = new RequestLog(2);
 * log.nextId(); // 1
 */
export class RequestLog {
  readonly capacity: number;
  // The held requests are `#items` from `#start` on: dropping the oldest moves `#start`, and the array is compacted
  // once the dropped part is as long as the capacity, so a full log does not shift every entry on every request.
  #items: RecordedRequest[] = [];
  #start = 0;
  #nextId = 1;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
  }

  /** Reserves the id of a request as it arrives, so the log orders requests by arrival, not completion. */
  nextId(): number {
    return this.#nextId++;
  }

  add(request: RecordedRequest): void {
    // Requests finish out of order (a hung one ends last); keep arrival order with an insertion from the end.
    let i = this.#items.length;
    while (i > this.#start && (this.#items[i - 1] as RecordedRequest).id > request.id) i--;
    if (i === this.#items.length) this.#items.push(request);
    else this.#items.splice(i, 0, request);
    if (this.#items.length - this.#start > this.capacity) this.#start = this.#items.length - this.capacity;
    if (this.#start >= this.capacity) {
      this.#items = this.#items.slice(this.#start);
      this.#start = 0;
    }
  }

  /** The requests held, oldest first. */
  list(): RecordedRequest[] {
    return this.#items.slice(this.#start);
  }

  clear(): void {
    this.#items = [];
    this.#start = 0;
  }
}
