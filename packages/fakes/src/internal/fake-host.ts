import { IncomingMessage, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { type Fault, FaultInjector } from './fault-injector.ts';
import { redactBody, redactHeaders, redactQuery } from './redact.ts';
import { type RecordedRequest, RequestLog, recordedRequest } from './request-log.ts';
import { sleep } from './sleep.ts';

/**
 * The time source of a fake; tests pass a fixed or stepping clock to make timestamps and token expiry exact.
 *
 * @example
 * const now: Clock = () => new Date('2026-01-01T00:00:00Z');
 */
export type Clock = () => Date;

/**
 * How a vendor renders the failures the host injects (each vendor has its own 429 and 5xx shape).
 *
 * @example
 * const failures: VendorFailures = {
 *   rateLimited: ({ retryAfterSeconds }) => new Response('slow down', { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } }),
 *   serverError: ({ status }) => new Response('oops', { status }),
 * };
 */
export interface VendorFailures {
  rateLimited(info: { path: string; retryAfterSeconds: number }): Response;
  serverError(info: { path: string; status: number }): Response;
}

/**
 * What the host needs of a vendor's state: a JSON snapshot for `/_fake/state` and a way back to the seed.
 *
 * @example
 * const state: ResettableState = { snapshot: () => ({ messages: [] }), reset: () => {} };
 */
export interface ResettableState {
  snapshot(): unknown;
  reset(): void;
}

/**
 * What a vendor hands the host: its routes and state, how it renders failures and errors, and its extras.
 *
 * @example
 * const init: FakeHostInit = { api: new Hono(), state, failures, now: () => new Date(), requestLogCapacity: 1000 };
 */
export interface FakeHostInit {
  /** The vendor's API routes. */
  api: Hono;
  state: ResettableState;
  failures: VendorFailures;
  /** Maps the received path to the one routes and fault patterns see (Zendesk's optional `.json` suffix). */
  normalizePath?: (path: string) => string;
  /** Turns an error a vendor route threw into the vendor's error response; unknown errors become a 500. */
  mapError?: (error: unknown) => Response | undefined;
  /** Adds vendor-specific inspection routes, mounted under `/_fake`. */
  admin?: (admin: Hono) => void;
  now: Clock;
  requestLogCapacity: number;
}

/**
 * What every fake exposes: the Hono app (serve it with `serveFake` or call `app.request` directly), its in-memory
 * state, the requests it received, a reset to the seed, and its fault rules.
 *
 * @example
 * const fake = createSlackFake();
 * fake.faults.add({ route: 'POST /api/chat.postMessage', kind: 'rate-limit', times: 1 });
 * fake.reset();
 */
export interface FakeHandle<State> {
  readonly app: Hono;
  readonly state: State;
  /** Every request received since the last reset (newest `requestLogCapacity`), oldest first; secrets redacted. */
  requests(): RecordedRequest[];
  /** Back to the seeded state; forgets requests and fault rules. */
  reset(): void;
  readonly faults: FaultInjector;
}

/**
 * Wraps a vendor's routes with what every fake shares: request recording, fault injection and the `/_fake/*`
 * inspection endpoints (`GET /_fake/requests`, `POST /_fake/reset`, `GET|POST|DELETE /_fake/faults`,
 * `GET /_fake/state`). Inspection requests are neither recorded nor faulted.
 *
 * @example
 * const host = createFakeHost({ api, state, failures, now: () => new Date(), requestLogCapacity: 1000 });
 * await host.app.request('/_fake/requests');
 */
export function createFakeHost(init: FakeHostInit): Omit<FakeHandle<never>, 'state'> {
  const { api, state, failures, now } = init;
  const normalize = init.normalizePath ?? ((path: string) => path);
  const log = new RequestLog(init.requestLogCapacity);
  const faults = new FaultInjector();
  const reset = () => {
    state.reset();
    log.clear();
    faults.clear();
  };

  api.onError((error) => {
    const mapped = init.mapError?.(error);
    if (mapped) return mapped;
    console.error('fake handler failed:', error instanceof Error ? error.message : error);
    return failures.serverError({ path: '', status: 500 });
  });

  const admin = new Hono();
  admin.get('/requests', (c) => c.json({ requests: log.list() }));
  admin.post('/reset', (c) => {
    reset();
    return c.json({ ok: true });
  });
  admin.get('/state', (c) => c.json(state.snapshot() as object));
  admin.get('/faults', (c) => c.json({ faults: faults.list() }));
  admin.post('/faults', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'body must be a JSON fault rule' }, 400);
    }
    try {
      return c.json({ fault: faults.add(body as never) }, 201);
    } catch (error) {
      return c.json({ error: error instanceof Error ? error.message : 'invalid fault rule' }, 400);
    }
  });
  admin.delete('/faults', (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  admin.delete('/faults/:id', (c) => (faults.remove(c.req.param('id')) ? c.body(null, 204) : c.notFound()));
  init.admin?.(admin);

  const app = new Hono();
  app.route('/_fake', admin);
  app.all('*', async (c) => {
    const started = now();
    const startedMs = performance.now();
    const id = log.nextId();
    const request = c.req.raw;
    const url = new URL(request.url);
    const path = normalize(url.pathname);
    const method = request.method.toUpperCase();
    // Served by @hono/node-server, the body is read from the socket's stream: `request.text()` and
    // `request.signal` would first build a full web Request (a web stream over the socket, an AbortController),
    // which cost more than most vendor handlers. `request.signal` is only built when a fault needs it.
    const node = nodeBindings(c.env);
    const text =
      method === 'GET' || method === 'HEAD'
        ? ''
        : node
          ? await readText(node.incoming)
          : await request.text();
    const clientGone = () => request.signal;

    const fault = faults.decide(method, path);
    const forward = async () => {
      const target = new URL(path + url.search, url.origin);
      return api.fetch(
        new Request(target, { method, headers: request.headers, body: text === '' ? null : text }),
      );
    };

    let response: Response;
    try {
      response = await applyFault(fault, { path, forward, failures, clientGone, hangs: faults.hangSignal });
    } catch (error) {
      console.error('fake request failed:', error instanceof Error ? error.message : error);
      response = failures.serverError({ path, status: 500 });
    }

    const headers = request.headers;
    log.add(
      recordedRequest(
        {
          id,
          method,
          path: url.pathname,
          status: (node && !fault ? node.outgoing.closed : clientGone().aborted) ? 0 : response.status,
          time: started.toISOString(),
          durationMs: Math.round((performance.now() - startedMs) * 10) / 10,
          ...(fault ? { fault: fault.kind } : {}),
        },
        {
          query: () => redactQuery(url.searchParams),
          headers: () => redactHeaders(headers),
          body: () => redactBody(parseBody(text, headers.get('content-type'))),
        },
      ),
    );
    return response;
  });

  return { app, requests: () => log.list(), reset, faults };
}

interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** The Node request and response under a request served by @hono/node-server (its `c.env`), if that is how. */
function nodeBindings(env: unknown): NodeBindings | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const { incoming, outgoing } = env as Partial<NodeBindings>;
  // A body a platform already read (`rawBody`) is not on the stream any more.
  if (!(incoming instanceof IncomingMessage) || 'rawBody' in incoming) return undefined;
  return outgoing instanceof ServerResponse ? { incoming, outgoing } : undefined;
}

const UTF8 = new TextDecoder();

/** The body as `Request.text()` reads it: UTF-8, a byte-order mark dropped, bad bytes replaced. */
function readText(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(UTF8.decode(Buffer.concat(chunks))));
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error('the client went away before sending the whole body'));
    });
  });
}

interface FaultContext {
  path: string;
  forward: () => Promise<Response>;
  failures: VendorFailures;
  /** Aborted when the client goes away; built on first call (only faults need it). */
  clientGone: () => AbortSignal;
  hangs: AbortSignal;
}

async function applyFault(fault: Fault | undefined, ctx: FaultContext): Promise<Response> {
  if (!fault) return ctx.forward();
  const { path, failures } = ctx;
  const clientGone = ctx.clientGone();
  const interrupt = AbortSignal.any([clientGone, ctx.hangs]);
  switch (fault.kind) {
    case 'rate-limit':
      return failures.rateLimited({ path, retryAfterSeconds: fault.retryAfterSeconds });
    case 'server-error':
      return failures.serverError({ path, status: fault.status });
    case 'latency': {
      if (fault.afterHandler) {
        const response = await ctx.forward();
        await sleep(fault.latencyMs, interrupt);
        return response;
      }
      await sleep(fault.latencyMs, interrupt);
      return clientGone.aborted ? failures.serverError({ path, status: 503 }) : ctx.forward();
    }
    case 'hang': {
      // Waits until the client gives up, the server closes (releaseHangs) or `hangMs` passes. Before the handler
      // nothing happens and the late answer is a 504; after it the side effect is done and the real answer is late.
      const response = fault.afterHandler ? await ctx.forward() : undefined;
      const elapsed = await sleep(fault.hangMs ?? 2_147_483_647, interrupt);
      if (response) return response;
      return failures.serverError({ path, status: elapsed ? 504 : 503 });
    }
  }
}

/**
 * A request body as the log shows it: JSON and form bodies parsed, other text as is, nothing when empty.
 *
 * @example
 * parseBody('a=1', 'application/x-www-form-urlencoded'); // { a: '1' }
 */
export function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return formToObject(new URLSearchParams(text));
  return text;
}

/**
 * Form fields as an object; a repeated field becomes an array.
 *
 * @example
 * formToObject(new URLSearchParams('a=1&a=2&b=3')); // { a: ['1', '2'], b: '3' }
 */
export function formToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}
