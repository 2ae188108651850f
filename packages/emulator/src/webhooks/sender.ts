import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Rng } from '../generator/random.ts';
import type { Account, StateChange } from '../model.ts';
import { WebhookEndpoint, type WebhookEndpointInput } from './endpoint.ts';
import type { WebhookEventName } from './event-names.ts';
import { createHttpTransport, fetchTransport } from './http-transport.ts';
import type { WebhookDataByEvent } from './payload-types.ts';
import { buildWebhookData, productIdOf, wrapWebhookEnvelope } from './payloads.ts';
import { RingBuffer } from './ring-buffer.ts';

/**
 * How the sender delivers. Every field is optional; the defaults suit tests and the demo.
 *
 * @example
 * const options: WebhookSenderOptions = { concurrency: 32, retryDelaysMs: [100, 1_000], duplicateRate: 0.01 };
 */
export interface WebhookSenderOptions {
  /** Endpoints registered from the start. */
  endpoints?: readonly WebhookEndpointInput[];
  /** Per-attempt timeout; a timed-out attempt is recorded as 408, as Hotmart's history does (reference §6.3). */
  timeoutMs?: number;
  /**
   * Delays before each retry of a non-2xx answer or a failed connection; its length is the number of retries.
   * Hotmart's own policy is undocumented (reference §6.3), so it is a choice. Default `[500, 2000, 8000]`.
   */
  retryDelaysMs?: readonly number[];
  /** Random spread applied to each retry delay, as a fraction of it (0 ≤ jitter < 1). Default 0.1. */
  retryJitter?: number;
  /** Attempts in flight at once, over all endpoints. Default 16. */
  concurrency?: number;
  /** Fraction of deliveries sent twice with the same envelope id, to exercise receivers' dedup (§6.3). Default 0. */
  duplicateRate?: number;
  /**
   * Holds deliveries for `windowMs` and releases each window in a shuffled order, since Hotmart guarantees no
   * ordering (reference §6.3). Off by default.
   */
  outOfOrder?: { windowMs: number } | false;
  /** Seed of the duplicate, reordering and jitter choices. Default: the account's seed. */
  seed?: number;
  /** Size of the delivery log ring buffer. Default 10,000. */
  maxDeliveries?: number;
  /**
   * A fetch to POST with instead of the built-in keep-alive `node:http` transport (which is several times faster
   * than Node 20's fetch; see `createHttpTransport`).
   */
  fetch?: typeof globalThis.fetch;
  /** Called after every attempt with its record. */
  onDelivery?: (record: WebhookDeliveryRecord) => void;
  /** Called when a change cannot be rendered (it names an unknown record). Default: a process warning. */
  onError?: (error: Error, change: StateChange) => void;
}

/**
 * One delivery attempt, as Hotmart's webhook history would list it (reference §6.3).
 *
 * @example
 * const dropped: WebhookDeliveryRecord[] = sender.deliveries().filter((record) => record.status === -1);
 */
export interface WebhookDeliveryRecord {
  /** Envelope id; a duplicate delivery carries the same id as its original. */
  id: string;
  event: WebhookEventName;
  /** Endpoint id. */
  endpoint: string;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** HTTP status, 408 when the attempt timed out, -1 when the connection failed or dropped (reference §6.3). */
  status: number;
  latencyMs: number;
  /** Epoch ms when the attempt started. */
  time: number;
  /** True for the second copy of a deliberately duplicated delivery. */
  duplicate: boolean;
  /** Why there is no HTTP status: `timeout` or the connection error code (e.g. `ECONNRESET`). */
  error?: string;
}

/**
 * Counters since the sender started.
 *
 * @example
 * const { delivered, failed }: WebhookSenderStats = sender.stats();
 */
export interface WebhookSenderStats {
  /** Deliveries waiting for a free slot. */
  queued: number;
  inFlight: number;
  /** Deliveries waiting for their next retry. */
  retrying: number;
  /** Deliveries held back by the out-of-order window. */
  held: number;
  attempts: number;
  /** Deliveries answered 2xx. */
  delivered: number;
  /** Deliveries that exhausted their retries. */
  failed: number;
  duplicates: number;
  /** Changes that could not be rendered. */
  buildErrors: number;
}

/**
 * Filter of {@link WebhookSender.deliveries}.
 *
 * @example
 * const latest = sender.deliveries({ endpoint: 'main', event: 'PURCHASE_APPROVED', limit: 10 } satisfies WebhookDeliveryFilter);
 */
export interface WebhookDeliveryFilter {
  endpoint?: string;
  event?: WebhookEventName;
  id?: string;
  /** Keep only the newest `limit` matching records. */
  limit?: number;
}

/**
 * The webhook sender: registered endpoints, a delivery queue with retries, and a bounded delivery log.
 *
 * @example
 * const sender: WebhookSender = createWebhookSender(account, { endpoints: [{ url, hottok }] });
 * await sender.flush();
 */
export interface WebhookSender {
  /** Registers an endpoint; throws if the input is invalid or the id is taken. */
  addEndpoint(input: WebhookEndpointInput): WebhookEndpoint;
  removeEndpoint(id: string): boolean;
  endpoints(): readonly WebhookEndpoint[];
  /** Renders `change` and queues one delivery per subscribed endpoint; returns how many were queued. */
  deliver(change: StateChange): number;
  /** Delivery attempts, oldest first (at most `maxDeliveries` are kept). */
  deliveries(filter?: WebhookDeliveryFilter): WebhookDeliveryRecord[];
  stats(): WebhookSenderStats;
  /** Deliveries not finished yet: queued, in flight, held or waiting to retry. */
  pending(): number;
  /** Resolves once `pending()` ≤ `limit` (back-pressure for producers that outrun the receiver). */
  whenBelow(limit: number): Promise<void>;
  /** Resolves when the queue, the out-of-order window and every retry are idle. */
  flush(): Promise<void>;
  /** Stops listening, drops what is pending, aborts attempts in flight and resolves when they have settled. */
  close(): Promise<void>;
}

interface Job {
  endpoint: WebhookEndpoint;
  id: string;
  event: WebhookEventName;
  body: string;
  attempt: number;
  duplicate: boolean;
}

const DEFAULT_RETRY_DELAYS_MS = [500, 2_000, 8_000] as const;

function assertRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
}

/** The code of a failed attempt (`timeout`, `ECONNREFUSED`…; fetch nests it in `cause`), never the URL or headers. */
function connectionErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return 'connection_failed';
}

/**
 * Creates the emulator's webhook sender. It subscribes to `account.onChange`, renders each change as a v2.0.0
 * payload (reference §6.5, §6.6) and POSTs it as JSON with `X-HOTMART-HOTTOK` (§6.2) to every endpoint that
 * subscribes to the event, with bounded concurrency, configurable retries, optional duplicates and reordering,
 * and a log of every attempt.
 *
 * @example
 * const sender = createWebhookSender(account, {
 *   endpoints: [{ url: 'http://127.0.0.1:3000/webhooks/hotmart/main', hottok: 'h0t' }],
 *   retryDelaysMs: [100, 1_000],
 *   duplicateRate: 0.05,
 * });
 * account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0001' });
 * await sender.flush();
 * console.log(sender.deliveries().map((d) => d.status));
 * await sender.close();
 */
export function createWebhookSender(account: Account, options: WebhookSenderOptions = {}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryDelays = [...(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS)];
  const jitter = options.retryJitter ?? 0.1;
  const concurrency = options.concurrency ?? 16;
  const duplicateRate = options.duplicateRate ?? 0;
  const windowMs = options.outOfOrder ? options.outOfOrder.windowMs : 0;
  assertRange('timeoutMs', timeoutMs, 1, 600_000);
  for (const delay of retryDelays) assertRange('retryDelaysMs[]', delay, 0, 3_600_000);
  assertRange('retryJitter', jitter, 0, 0.99);
  assertRange('concurrency', concurrency, 1, 10_000);
  if (!Number.isInteger(concurrency)) throw new RangeError('concurrency must be an integer');
  assertRange('duplicateRate', duplicateRate, 0, 1);
  if (options.outOfOrder) assertRange('outOfOrder.windowMs', windowMs, 1, 60_000);

  const transport = options.fetch ? fetchTransport(options.fetch) : createHttpTransport(concurrency);
  const random = new Rng(options.seed ?? account.seed);
  const log = new RingBuffer<WebhookDeliveryRecord>(options.maxDeliveries ?? 10_000);
  const onError =
    options.onError ??
    ((error: Error) => process.emitWarning(error.message, { type: 'HotmartEmulatorWebhookWarning' }));

  const registered = new Map<string, WebhookEndpoint>();
  const headersByEndpoint = new WeakMap<WebhookEndpoint, Record<string, string>>();
  let queue: Job[] = [];
  let head = 0;
  let held: Job[] = [];
  let windowTimer: NodeJS.Timeout | undefined;
  const retryTimers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let closed = false;
  const idleWaiters: (() => void)[] = [];
  let belowWaiters: { limit: number; resolve: () => void }[] = [];
  const counters = { attempts: 0, delivered: 0, failed: 0, duplicates: 0, buildErrors: 0 };

  const queued = () => queue.length - head;
  const pending = () => queued() + inFlight + retryTimers.size + held.length;

  function settle(): void {
    const count = pending();
    if (belowWaiters.length > 0) {
      const waiting = belowWaiters;
      belowWaiters = [];
      for (const waiter of waiting) {
        if (count <= waiter.limit) waiter.resolve();
        else belowWaiters.push(waiter);
      }
    }
    if (count === 0 && idleWaiters.length > 0) for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function enqueue(job: Job): void {
    queue.push(job);
  }

  function pump(): void {
    while (inFlight < concurrency && head < queue.length) {
      const job = queue[head] as Job;
      queue[head] = undefined as unknown as Job;
      head++;
      void attempt(job);
    }
    // Compact now and then instead of shifting on every dequeue.
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  function headersFor(endpoint: WebhookEndpoint): Record<string, string> {
    let headers = headersByEndpoint.get(endpoint);
    if (!headers) {
      headers = { 'Content-Type': 'application/json', 'X-HOTMART-HOTTOK': endpoint.hottok };
      headersByEndpoint.set(endpoint, headers);
    }
    return headers;
  }

  function record(entry: WebhookDeliveryRecord): void {
    log.push(entry);
    options.onDelivery?.(entry);
  }

  function scheduleRetry(job: Job): void {
    const base = retryDelays[job.attempt - 1] ?? 0;
    const delay = Math.max(0, Math.round(base * (1 + jitter * (random.next() * 2 - 1))));
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      if (closed) return;
      enqueue({ ...job, attempt: job.attempt + 1 });
      pump();
      settle();
    }, delay);
    retryTimers.add(timer);
  }

  async function attempt(job: Job): Promise<void> {
    inFlight++;
    counters.attempts++;
    const time = Date.now();
    const started = performance.now();
    let status: number;
    let error: string | undefined;
    try {
      status = await transport.post(job.endpoint.url, headersFor(job.endpoint), job.body, timeoutMs);
    } catch (caught) {
      const code = connectionErrorCode(caught);
      // Hotmart's history shows a timeout as 408 and a dropped or refused connection as -1 (reference §6.3).
      status = code === 'timeout' ? 408 : -1;
      error = code;
    }
    inFlight--;
    if (!closed) {
      const entry: WebhookDeliveryRecord = {
        id: job.id,
        event: job.event,
        endpoint: job.endpoint.id,
        attempt: job.attempt,
        status,
        latencyMs: performance.now() - started,
        time,
        duplicate: job.duplicate,
      };
      if (error !== undefined) entry.error = error;
      record(entry);
      // Any 2xx counts as delivered (reference §8 item 7).
      if (status >= 200 && status < 300) counters.delivered++;
      else if (job.attempt <= retryDelays.length) scheduleRetry(job);
      else counters.failed++;
      pump();
    }
    settle();
  }

  function releaseWindow(): void {
    windowTimer = undefined;
    const batch = random.shuffle(held);
    held = [];
    for (const job of batch) enqueue(job);
    pump();
    settle();
  }

  function deliver(change: StateChange): number {
    if (closed || registered.size === 0) return 0;
    const event = change.event;
    let productId: number | undefined;
    let productKnown = false;
    const targets: WebhookEndpoint[] = [];
    for (const endpoint of registered.values()) {
      if (endpoint.productId !== undefined && !productKnown) {
        productId = productIdOf(account, change);
        productKnown = true;
      }
      if (endpoint.accepts(event, productId)) targets.push(endpoint);
    }
    if (targets.length === 0) return 0;

    const creationDate = account.now();
    let data: WebhookDataByEvent[WebhookEventName];
    try {
      data = buildWebhookData(account, change, creationDate);
    } catch (caught) {
      counters.buildErrors++;
      onError(caught instanceof Error ? caught : new Error(String(caught)), change);
      return 0;
    }

    let count = 0;
    for (const endpoint of targets) {
      const id = randomUUID();
      const stamp = endpoint.bodyHottok
        ? { id, creationDate, hottok: endpoint.hottok }
        : { id, creationDate };
      const body = JSON.stringify(wrapWebhookEnvelope(event, data, stamp));
      const job: Job = { endpoint, id, event, body, attempt: 1, duplicate: false };
      const jobs = [job];
      if (random.chance(duplicateRate)) {
        jobs.push({ ...job, duplicate: true });
        counters.duplicates++;
      }
      for (const each of jobs) {
        if (windowMs > 0) held.push(each);
        else enqueue(each);
        count++;
      }
    }
    if (windowMs > 0) windowTimer ??= setTimeout(releaseWindow, windowMs);
    else pump();
    return count;
  }

  const unsubscribe = account.onChange((change) => {
    deliver(change);
  });

  const sender: WebhookSender = {
    addEndpoint(input) {
      const endpoint = new WebhookEndpoint(input);
      if (registered.has(endpoint.id))
        throw new Error(`webhook endpoint ${endpoint.id} is already registered`);
      registered.set(endpoint.id, endpoint);
      return endpoint;
    },
    removeEndpoint: (id) => registered.delete(id),
    endpoints: () => [...registered.values()],
    deliver,
    deliveries(filter = {}) {
      let entries = log.toArray();
      if (filter.endpoint !== undefined || filter.event !== undefined || filter.id !== undefined) {
        entries = entries.filter(
          (entry) =>
            (filter.endpoint === undefined || entry.endpoint === filter.endpoint) &&
            (filter.event === undefined || entry.event === filter.event) &&
            (filter.id === undefined || entry.id === filter.id),
        );
      }
      return filter.limit !== undefined ? entries.slice(Math.max(0, entries.length - filter.limit)) : entries;
    },
    stats: () => ({
      queued: queued(),
      inFlight,
      retrying: retryTimers.size,
      held: held.length,
      ...counters,
    }),
    pending,
    whenBelow(limit) {
      if (pending() <= limit) return Promise.resolve();
      return new Promise((resolve) => belowWaiters.push({ limit, resolve }));
    },
    flush() {
      if (pending() === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      if (!closed) {
        closed = true;
        unsubscribe();
        if (windowTimer) clearTimeout(windowTimer);
        windowTimer = undefined;
        held = [];
        for (const timer of retryTimers) clearTimeout(timer);
        retryTimers.clear();
        queue = [];
        head = 0;
        transport.close();
      }
      await sender.flush();
    },
  };

  for (const input of options.endpoints ?? []) sender.addEndpoint(input);
  return sender;
}
