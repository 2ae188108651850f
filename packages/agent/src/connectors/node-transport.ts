import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  brotliDecompress,
  gunzip,
  inflate,
  inflateRaw,
  type ZlibOptions,
  constants as zlibConstants,
} from 'node:zlib';

/**
 * One request as `sendHttp` sends it: the body is UTF-8 text (the vendor client serialises JSON and forms itself).
 *
 * @example
 * import type { NodeHttpInit } from './node-transport.ts';
 * const init: NodeHttpInit = {
 *   method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"limit":1}', signal: AbortSignal.timeout(5_000),
 * };
 */
export interface NodeHttpInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Aborting destroys the request, body included, and rejects with `signal.reason`. */
  readonly signal: AbortSignal;
}

/**
 * The final (non-redirect) response: header names lower-cased with repeated headers joined by `, `, and the body
 * decompressed and decoded as UTF-8.
 *
 * @example
 * import type { NodeHttpResult } from './node-transport.ts';
 * const result: NodeHttpResult = { status: 200, headers: { 'content-type': 'application/json' }, text: '{"ok":true}' };
 */
export interface NodeHttpResult {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** As many redirects as fetch follows before giving up (https://fetch.spec.whatwg.org/#http-redirect-fetch). */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// What fetch drops when a redirect turns the request into a body-less GET.
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];
// What fetch (undici) drops when a redirect leaves the origin, so a vendor's token never reaches another host.
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'host'];

// One pool per scheme for the whole process, as undici's global dispatcher is. `timeout` is how long an idle socket
// stays pooled (Node shortens it to the server's `Keep-Alive: timeout` hint minus 1 s, and only applies a hint when
// this is set); 4 s is undici's default, under the 5 s most servers keep an idle connection. LIFO reuses the
// warmest socket and lets the surplus ones idle out.
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, scheduling: 'lifo', timeout: 4_000 } as const;
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/**
 * Sends one HTTP request over `node:http`/`node:https` with pooled keep-alive connections (64 per origin) and
 * resolves with the final response's status, headers and text. It does what the vendor client relied on fetch for:
 * follows up to 20 redirects as fetch does (303, and 301/302 after a POST, become a body-less GET; 307/308 resend
 * method and body; credentials are dropped when the redirect leaves the origin) and decompresses gzip, deflate and
 * br bodies. It sends no `accept-encoding` of its own. Network errors reject with Node's error (with its `code`,
 * e.g. `ECONNREFUSED`); an abort rejects with `signal.reason`. It is several times cheaper in CPU than undici's
 * fetch, whose Request/Response objects and web streams cost more than the request itself on a busy worker.
 *
 * @example
 * import { sendHttp } from './node-transport.ts';
 * const { status, text } = await sendHttp(new URL('https://slack.com/api/auth.test'), {
 *   method: 'POST', headers: { authorization: 'Bearer xoxb-1-2-abc' }, signal: AbortSignal.timeout(10_000),
 * });
 */
export async function sendHttp(url: URL, init: NodeHttpInit): Promise<NodeHttpResult> {
  const { signal } = init;
  signal.throwIfAborted();
  let current = url;
  let method = init.method.toUpperCase();
  let body = init.body;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;

  for (let redirects = 0; ; redirects++) {
    const response = await exchange(current, method, headers, body, signal);
    const status = response.statusCode ?? 0;
    const responseHeaders = headerRecord(response.rawHeaders);
    const location = REDIRECT_STATUSES.has(status) ? responseHeaders['location'] : undefined;
    if (location === undefined) {
      const raw = await readBody(response, signal);
      const decoded = await decode(raw, responseHeaders['content-encoding']);
      return { status, headers: responseHeaders, text: decoded.toString('utf8') };
    }
    await drain(response, signal);
    if (redirects >= MAX_REDIRECTS) {
      throw Object.assign(new Error(`redirect limit reached: more than ${MAX_REDIRECTS} redirects`), {
        code: 'ERR_TOO_MANY_REDIRECTS',
      });
    }
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw Object.assign(new Error(`redirect to an unsupported scheme (${next.protocol})`), {
        code: 'ERR_UNSUPPORTED_REDIRECT',
      });
    }
    if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      for (const name of BODY_HEADERS) delete headers[name];
    }
    if (next.origin !== current.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
    current = next;
  }
}

/** Sends the request and resolves at the response's head; the body is left unread. */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  // A redirect's next hop starts after an await: the caller may have given up in between.
  if (signal.aborted) return Promise.reject(signal.reason);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    return Promise.reject(new TypeError(`unsupported protocol ${url.protocol} (only http: and https:)`));
  }
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  const sent = { ...headers };
  // fetch announces an empty body on POST and PUT (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch).
  if (payload !== undefined) sent['content-length'] = String(payload.length);
  else if (method === 'POST' || method === 'PUT') sent['content-length'] = '0';

  return new Promise<IncomingMessage>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      req.destroy();
    };
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method,
      headers: sent,
      agent: secure ? httpsAgent : httpAgent,
    });
    // Stays attached once settled: a late socket error is then a no-op instead of an unhandled 'error' event.
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    req.on('response', (response: IncomingMessage) => {
      signal.removeEventListener('abort', onAbort);
      resolve(response);
    });
    signal.addEventListener('abort', onAbort, { once: true });
    req.end(payload);
  });
}

/** The whole body as one Buffer; an abort destroys the response (a stalled body included). */
function readBody(response: IncomingMessage, signal: AbortSignal): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => {
      reject(signal.reason);
      response.destroy();
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    response.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
    });
    response.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

/**
 * Reads a redirect's body to its end so its connection is back in the pool for the next hop; a failure there does
 * not matter (the next hop opens another connection), an abort does.
 */
async function drain(response: IncomingMessage, signal: AbortSignal): Promise<void> {
  try {
    await readBody(response, signal);
  } catch {
    if (signal.aborted) throw signal.reason;
  }
}

/** Lower-cased names; a repeated header's values joined by `, ` in the order they came. */
function headerRecord(raw: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const previous = record[name];
    record[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return record;
}

type Decoder = (input: Buffer, done: (error: Error | null, output: Buffer) => void) => void;

// Lenient like fetch: a body cut short after its last complete block still decodes what arrived.
const LENIENT: ZlibOptions = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
const gunzipDecoder: Decoder = (input, done) => gunzip(input, LENIENT, done);
const DECODERS = new Map<string, Decoder>([
  ['gzip', gunzipDecoder],
  ['x-gzip', gunzipDecoder],
  // `deflate` is meant to be zlib-wrapped, but some servers send raw deflate; the first byte tells them apart.
  [
    'deflate',
    (input, done) =>
      ((input[0] ?? 0) & 0x0f) === 0x08 ? inflate(input, LENIENT, done) : inflateRaw(input, LENIENT, done),
  ],
  ['br', (input, done) => brotliDecompress(input, done)],
]);

/**
 * Undoes `content-encoding` (last coding first) on zlib's thread pool. An unknown coding leaves the body as it came,
 * as fetch does.
 */
async function decode(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (contentEncoding === undefined || body.length === 0) return body;
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
  let out = body;
  for (const coding of codings) {
    const decoder = DECODERS.get(coding);
    if (decoder === undefined) return body;
    out = await new Promise<Buffer>((resolve, reject) =>
      decoder(out, (error, output) => (error ? reject(error) : resolve(output))),
    );
  }
  return out;
}
