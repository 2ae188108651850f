import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VendorError, VendorRateLimitError, VendorRequestError } from '../../../src/connectors/errors.ts';
import {
  createVendorHttp,
  describeErrorBody,
  redactUrl,
  retryDelayFromHeaders,
  type VendorHttpOptions,
  vendorUrl,
} from '../../../src/connectors/http.ts';
import { NonRetriableError, RetryAfterError } from '../../../src/engine/errors.ts';
import { capturingLogger, errorText, thrown } from './support.ts';

// A loopback server that answers from a script: each request takes the next scripted reply for its path.
type Reply = { status?: number; headers?: Record<string, string>; body?: string; hangMs?: number };
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const script = new Map<string, Reply[]>();
const seen: Seen[] = [];

function reply(path: string, ...replies: Reply[]) {
  script.set(path, [...(script.get(path) ?? []), ...replies]);
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      const next = script.get(path)?.shift() ?? { status: 200, body: '{"ok":true}' };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(next.status ?? 200, { 'content-type': 'application/json', ...next.headers });
        res.end(next.body ?? '');
      };
      if (next.hangMs) setTimeout(send, next.hangMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script.clear();
  seen.length = 0;
});

function client(overrides: Partial<VendorHttpOptions> = {}) {
  const waits: number[] = [];
  const captured = capturingLogger();
  const http = createVendorHttp({
    fetch,
    logger: captured.logger,
    vendor: 'acme',
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 1_000,
    ...overrides,
  });
  return { http, waits, logs: captured };
}

describe('createVendorHttp: requests and responses', () => {
  it('sends JSON with its headers and parses the JSON answer', async () => {
    reply('/items', { status: 201, body: '{"id":7}', headers: { 'x-request-id': 'r1' } });
    const { http } = client();
    const response = await http.request({
      method: 'POST',
      url: `${base}/items`,
      headers: { Authorization: 'Bearer t0ken-value' },
      body: { name: 'Ana' },
      idempotent: true,
    });
    expect(response).toEqual({
      status: 201,
      headers: expect.objectContaining({ 'x-request-id': 'r1' }),
      body: { id: 7 },
      request: { method: 'POST', url: `${base}/items` },
    });
    expect(seen[0]?.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'hotpilot',
      authorization: 'Bearer t0ken-value',
    });
    expect(seen[0]?.body).toBe('{"name":"Ana"}');
  });

  it('sends form bodies as forms, and reads text and empty answers', async () => {
    reply('/form', { body: 'plain words', headers: { 'content-type': 'text/plain' } });
    reply('/empty', { status: 204, body: '' });
    const { http } = client();
    const form = await http.request({
      method: 'POST',
      url: `${base}/form`,
      body: new URLSearchParams({ a: '1', b: 'x y' }),
      idempotent: true,
    });
    expect(form.body).toBe('plain words');
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]?.body).toBe('a=1&b=x+y');
    expect(
      (await http.request({ method: 'DELETE', url: `${base}/empty`, idempotent: true })).body,
    ).toBeUndefined();
  });

  it('parses a body with a schema, or names the missing fields', async () => {
    reply('/shape', { body: '{"id":"1","extra":true}' }, { body: '{"name":"x"}' });
    const { http } = client();
    const schema = z.looseObject({ id: z.string() });
    const ok = await http.request({ method: 'GET', url: `${base}/shape`, idempotent: true });
    expect(http.parse(schema, ok)).toEqual({ id: '1', extra: true });
    const bad = await http.request({ method: 'GET', url: `${base}/shape`, idempotent: true });
    const error = await thrown(async () => http.parse(schema, bad));
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 200, retryable: false });
    expect(error.message).toContain('body.id');
  });
});

describe('createVendorHttp: retries', () => {
  it('retries 5xx of idempotent requests with jittered exponential backoff, then gives up', async () => {
    reply(
      '/flaky',
      ...Array.from({ length: 4 }, () => ({
        status: 502,
        body: '{"error":{"status":"UNAVAILABLE","message":"try later"}}',
      })),
    );
    const { http, waits } = client();
    const error = await thrown(() => http.request({ method: 'GET', url: `${base}/flaky`, idempotent: true }));
    expect(error).toBeInstanceOf(VendorError);
    expect(error).not.toBeInstanceOf(NonRetriableError);
    expect(error).toMatchObject({
      vendor: 'acme',
      status: 502,
      code: 'UNAVAILABLE',
      vendorMessage: 'try later',
      retryable: true,
    });
    expect(waits).toEqual([188, 375, 750]);
    expect(seen).toHaveLength(4);
  });

  it('recovers when a 5xx is followed by a success', async () => {
    reply('/flaky', { status: 500 }, { status: 503 }, { body: '{"fine":1}' });
    const { http, waits } = client();
    const response = await http.request({ method: 'GET', url: `${base}/flaky`, idempotent: true });
    expect(response.body).toEqual({ fine: 1 });
    expect(waits).toEqual([188, 375]);
  });

  it('retries a non-idempotent write only when the vendor cannot have acted (429, 503)', async () => {
    reply('/write', { status: 429, headers: { 'retry-after': '1' } }, { status: 503 }, { status: 500 });
    const { http, waits } = client();
    const error = await thrown(() =>
      http.request({ method: 'POST', url: `${base}/write`, body: {}, idempotent: false }),
    );
    expect(error).toMatchObject({ status: 500, code: 'HTTP_500' });
    expect(waits).toEqual([1_000, 375]);
    expect(seen).toHaveLength(3);
  });

  it('never retries other 4xx: VendorRequestError with the vendor code and message', async () => {
    reply('/bad', { status: 422, body: '{"error":"RecordInvalid","description":"Subject: is too long"}' });
    const { http, waits } = client();
    const error = await thrown(() =>
      http.request({ method: 'PUT', url: `${base}/bad`, body: {}, idempotent: true }),
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({
      name: 'VendorRequestError',
      status: 422,
      code: 'RecordInvalid',
      vendorMessage: 'Subject: is too long',
      retryable: false,
      request: { method: 'PUT', url: `${base}/bad` },
    });
    expect(error.message).toBe(`acme PUT ${base}/bad failed: 422 RecordInvalid: Subject: is too long`);
    expect(waits).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('retries a 408 like a 429', async () => {
    reply('/slow', { status: 408 }, { body: '{}' });
    const { http, waits } = client();
    await http.request({ method: 'POST', url: `${base}/slow`, idempotent: false });
    expect(waits).toEqual([188]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    reply(
      '/limited',
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 429, headers: { 'retry-after': new Date(now + 7_000).toUTCString() } },
      { body: '{}' },
    );
    const { http, waits } = client({ now: () => now });
    await http.request({ method: 'GET', url: `${base}/limited`, idempotent: true });
    expect(waits).toEqual([3_000, 7_000]);
  });

  it('hands a Retry-After longer than the cap, or a 429 after the last retry, to the engine', async () => {
    reply('/long', { status: 429, headers: { 'retry-after': '120' }, body: '{"errorType":"RATE_LIMIT"}' });
    const { http, waits } = client({ maxRetryDelayMs: 60_000 });
    const long = await thrown(() => http.request({ method: 'GET', url: `${base}/long`, idempotent: true }));
    expect(long).toBeInstanceOf(VendorRateLimitError);
    expect(long).toBeInstanceOf(RetryAfterError);
    expect(long).toBeInstanceOf(VendorError);
    expect(long).toMatchObject({ status: 429, code: 'RATE_LIMIT', retryAfter: 120_000, retryable: true });
    expect((long as unknown as RetryAfterError).retryAt(1_000)).toBe(121_000);
    expect(waits).toEqual([]);

    reply('/always', ...Array.from({ length: 3 }, () => ({ status: 429 })));
    const exhausted = await thrown(() =>
      client({ maxRetries: 2 }).http.request({ method: 'GET', url: `${base}/always`, idempotent: true }),
    );
    expect(exhausted).toBeInstanceOf(VendorRateLimitError);
    expect(exhausted).toMatchObject({ code: 'HTTP_429', retryAfter: 750 });
  });

  it('times out a silent vendor: retried when idempotent, reported at once otherwise', async () => {
    reply('/hang', { hangMs: 400 }, { body: '{"late":false}' });
    const { http, waits } = client({ timeoutMs: 150 });
    const response = await http.request({ method: 'GET', url: `${base}/hang`, idempotent: true });
    expect(response.body).toEqual({ late: false });
    expect(waits).toEqual([188]);

    reply('/hang-write', { hangMs: 400 });
    const error = await thrown(() =>
      http.request({ method: 'POST', url: `${base}/hang-write`, idempotent: false, timeoutMs: 100 }),
    );
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({
      status: 0,
      code: 'TIMEOUT',
      retryable: true,
      vendorMessage: 'no answer within 100 ms',
    });
    expect(seen.filter((s) => s.path === '/hang-write')).toHaveLength(1);
  });

  it('retries a refused connection even for writes (nothing was sent), then reports NETWORK_ERROR', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { http, waits } = client({ maxRetries: 2 });
    const error = await thrown(() =>
      http.request({ method: 'POST', url: `http://127.0.0.1:${port}/x`, idempotent: false }),
    );
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', retryable: true });
    expect(error['vendorMessage']).toContain('ECONNREFUSED');
    expect(waits).toEqual([188, 375]);
  });

  it('stops waiting when the caller aborts', async () => {
    reply('/limited', { status: 429, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const http = createVendorHttp({ fetch, logger: capturingLogger().logger, vendor: 'acme' });
    const pending = http.request({
      method: 'GET',
      url: `${base}/limited`,
      idempotent: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const error = await thrown(() => pending);
    expect(error.message).toBe('shutting down');
    expect(error).not.toBeInstanceOf(VendorError);
  });

  it('refreshes a refused bearer token once', async () => {
    reply(
      '/api',
      { status: 401 },
      { body: '{"ok":1}' },
      { status: 401 },
      { status: 401, body: '{"error":"invalid_token"}' },
    );
    let issued = 0;
    const invalidated: string[] = [];
    const auth = {
      getToken: async () => `token-${++issued}`,
      invalidate: (t: string) => void invalidated.push(t),
    };
    const { http, waits } = client();
    expect((await http.request({ method: 'GET', url: `${base}/api`, idempotent: true, auth })).body).toEqual({
      ok: 1,
    });
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(invalidated).toEqual(['token-1']);

    const error = await thrown(() =>
      http.request({ method: 'GET', url: `${base}/api`, idempotent: true, auth }),
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_token' });
    expect(invalidated).toEqual(['token-1', 'token-3']);
    expect(waits).toEqual([]);
  });
});

describe('createVendorHttp: secrets', () => {
  it('scrubs known secrets, bearer tokens and secret query values from errors and logs', async () => {
    reply('/echo', {
      status: 400,
      body: JSON.stringify({
        error: 'bad_request',
        message: 'token sk-live-0123456789 is not allowed; got Bearer abc.def',
      }),
    });
    const { http, logs } = client({ redact: ['sk-live-0123456789'] });
    const error = await thrown(() =>
      http.request({
        method: 'GET',
        url: `${base}/echo?token=sk-live-0123456789&page=2`,
        idempotent: true,
      }),
    );
    const text = errorText(error) + logs.text();
    expect(text).not.toContain('sk-live-0123456789');
    expect(text).not.toContain('abc.def');
    expect(error['request']).toEqual({ method: 'GET', url: `${base}/echo?token=[redacted]&page=2` });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'VendorRequestError',
      message: expect.stringContaining('400 bad_request'),
      vendor: 'acme',
      status: 400,
      code: 'bad_request',
      vendorMessage: 'token [redacted] is not allowed; got Bearer [redacted]',
      request: { method: 'GET', url: `${base}/echo?token=[redacted]&page=2` },
      retryable: false,
    });
  });

  it('logs retries with method, redacted URL, status and delay, never headers or bodies', async () => {
    reply('/r', { status: 500 }, { body: '{}' });
    const { http, logs } = client();
    await http.request({
      method: 'POST',
      url: `${base}/r`,
      headers: { authorization: 'Bearer hidden-1234' },
      body: { password: 'p' },
      idempotent: true,
    });
    expect(logs.entries).toContainEqual({
      level: 'warn',
      bindings: {},
      obj: {
        vendor: 'acme',
        operation: 'POST /r',
        method: 'POST',
        url: `${base}/r`,
        code: 'HTTP_500',
        status: 500,
        attempt: 1,
        delayMs: 188,
      },
      msg: 'vendor request failed; retrying',
    });
    expect(logs.text()).not.toContain('hidden-1234');
    expect(logs.text()).not.toContain('password');
  });
});

describe('helpers', () => {
  it('reads retry delays from vendor headers', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayFromHeaders({ 'retry-after': '1.5' }, now)).toBe(1_500);
    expect(retryDelayFromHeaders({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5_000);
    expect(retryDelayFromHeaders({ 'retry-after': 'Wed, 31 Dec 2025 00:00:05 GMT' }, now)).toBe(0);
    expect(retryDelayFromHeaders({ 'ratelimit-reset': '9' }, now)).toBe(9_000);
    expect(retryDelayFromHeaders({ 'x-ratelimit-reset': String(now / 1000 + 4) }, now)).toBe(4_000);
    expect(
      retryDelayFromHeaders(
        { 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' },
        now,
      ),
    ).toBe(10_000);
    expect(retryDelayFromHeaders({ 'x-hubspot-ratelimit-secondly-remaining': '0' }, now)).toBe(1_000);
    expect(
      retryDelayFromHeaders(
        { 'x-hubspot-ratelimit-remaining': '5', 'x-hubspot-ratelimit-interval-milliseconds': '10000' },
        now,
      ),
    ).toBeUndefined();
    expect(retryDelayFromHeaders({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });

  it('reads vendor error bodies by field', () => {
    expect(describeErrorBody({ ok: false, error: 'channel_not_found' }, 200)).toEqual({
      code: 'channel_not_found',
      message: undefined,
    });
    expect(describeErrorBody({ error: "Couldn't authenticate you" }, 401)).toEqual({
      code: undefined,
      message: "Couldn't authenticate you",
    });
    expect(
      describeErrorBody(
        { error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Unable to parse range' } },
        400,
      ),
    ).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'Unable to parse range',
    });
    expect(describeErrorBody({ status: 'error', category: 'VALIDATION_ERROR', message: 'bad' }, 400)).toEqual(
      { code: 'VALIDATION_ERROR', message: 'bad' },
    );
    expect(
      describeErrorBody({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, 400),
    ).toEqual({
      code: 'invalid_grant',
      message: 'Invalid JWT Signature.',
    });
    expect(describeErrorBody('Number of allowed API requests per minute exceeded', 429)).toEqual({
      message: 'Number of allowed API requests per minute exceeded',
    });
    expect(describeErrorBody(undefined, 500)).toEqual({});
  });

  it('builds and redacts URLs', () => {
    expect(
      vendorUrl('https://acme.zendesk.com/', '/api/v2/tickets', { external_id: 'HP 1', page: undefined }),
    ).toBe('https://acme.zendesk.com/api/v2/tickets?external_id=HP+1');
    expect(vendorUrl('http://127.0.0.1:9/prefix', 'v4/x')).toBe('http://127.0.0.1:9/prefix/v4/x');
    expect(redactUrl(new URL('https://u:p@slack.com/api/x?token=xoxb-1&api_key=k&channel=C1'))).toBe(
      'https://slack.com/api/x?token=[redacted]&api_key=[redacted]&channel=C1',
    );
  });
});
