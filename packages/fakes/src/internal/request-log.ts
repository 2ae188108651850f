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
 * A bounded log of requests, oldest first: benchmarks push many thousands through a fake and the log must not grow
 * without end.
 *
 * @example
 * const log = new RequestLog(2);
 * log.nextId(); // 1
 */
export class RequestLog {
  readonly capacity: number;
  #items: RecordedRequest[] = [];
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
    while (i > 0 && (this.#items[i - 1] as RecordedRequest).id > request.id) i--;
    this.#items.splice(i, 0, request);
    if (this.#items.length > this.capacity) this.#items.splice(0, this.#items.length - this.capacity);
  }

  /** The requests held, oldest first. */
  list(): RecordedRequest[] {
    return [...this.#items];
  }

  clear(): void {
    this.#items = [];
  }
}
