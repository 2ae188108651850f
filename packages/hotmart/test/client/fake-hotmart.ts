// Test doubles for the client tests: an in-process fake of Hotmart's token host and API (a router returning
// `Response` objects through an injected `fetch`), and a virtual clock whose `sleep` advances time instead of
// waiting.
import { createHotmartClient, type HotmartClientOptions, type HotmartLogger } from '../../src/index.ts';

export const TOKEN_URL = 'https://api-sec-vlc.hotmart.com/security/oauth/token';
export const API_BASE = 'https://developers.hotmart.com';
export const CLIENT_SECRET = 'super-secret-client-secret-value';

/** One request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly at: number;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

export function tokenResponse(token: string, expiresIn = 172_799): Response {
  return json({
    access_token: token,
    token_type: 'bearer',
    expires_in: expiresIn,
    scope: 'read write',
    jti: 'j',
  });
}

/**
 * A fake Hotmart. Token requests get `token-1`, `token-2`, … unless `onToken` says otherwise; API requests go to
 * `onApi` (default: `{}`), after a bearer check against `validTokens` when that set is given.
 */
export class FakeHotmart {
  readonly requests: RecordedRequest[] = [];
  tokenCount = 0;
  onToken: Handler = () => tokenResponse(`token-${++this.tokenCount}`);
  onApi: Handler = () => json({});
  readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  get tokenRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.url.href.startsWith(TOKEN_URL));
  }

  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !request.url.href.startsWith(TOKEN_URL));
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    init?.signal?.throwIfAborted();
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      at: this.now(),
    };
    this.requests.push(request);
    const answer = Promise.resolve().then(() =>
      url.href.startsWith(TOKEN_URL) ? this.onToken(request) : this.onApi(request),
    );
    // Like real fetch: an abort rejects the pending request.
    const signal = init?.signal;
    if (!signal) return answer;
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}

/**
 * Virtual time: `sleep(ms)` registers a timer and time jumps to the earliest pending timer once the current burst
 * of promise callbacks has run (checked with `setImmediate`). `sleeps` records every requested delay.
 */
export class VirtualClock {
  time: number;
  readonly sleeps: number[] = [];
  readonly #timers: { at: number; resolve: () => void }[] = [];
  #pumpScheduled = false;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    signal?.throwIfAborted();
    return new Promise((resolve) => {
      this.#timers.push({ at: this.time + ms, resolve });
      this.#schedulePump();
    });
  };

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      if (this.#timers.length === 0) return;
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0]!.at;
      this.time = Math.max(this.time, next);
      const due = this.#timers.filter((timer) => timer.at <= this.time);
      this.#timers.splice(0, due.length);
      for (const timer of due) timer.resolve();
      if (this.#timers.length > 0) this.#schedulePump();
    });
  }
}

/** A logger that keeps every line, to check what was logged (and that no secret was). */
export function recordingLogger(): HotmartLogger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let clientCounter = 0;

/** A unique client id per client, so tests never share the process-wide rate budget by accident. */
export function uniqueClientId(): string {
  clientCounter += 1;
  return `client-${process.pid}-${clientCounter}-${Math.random().toString(36).slice(2)}`;
}

/** A client wired to a fake Hotmart and a virtual clock. */
export function setup(overrides: Partial<HotmartClientOptions> = {}) {
  const clock = new VirtualClock();
  const hotmart = new FakeHotmart(clock.now);
  const logger = recordingLogger();
  const options: HotmartClientOptions = {
    clientId: uniqueClientId(),
    clientSecret: CLIENT_SECRET,
    fetch: hotmart.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    logger,
    ...overrides,
  };
  const client = createHotmartClient(options);
  return { client, hotmart, clock, logger, options };
}
