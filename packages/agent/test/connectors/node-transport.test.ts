import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/connectors/errors.ts';
import { createVendorHttp } from '../../src/connectors/http.ts';
import { sendHttp } from '../../src/connectors/node-transport.ts';
import { silentLogger } from '../../src/kit/logger.ts';

// Real loopback servers: each test starts its own, so the transport's keep-alive pool holds a fresh origin and
// connection counts belong to that test alone.
interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

interface TestServer {
  base: string;
  received: Received[];
  connections: () => number;
}

const servers: Server[] = [];

async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
): Promise<TestServer> {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    connections: () => connections,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const get = (signal = new AbortController().signal) => ({ method: 'GET', headers: {}, signal });

describe('sendHttp', () => {
  it('returns the status, lower-cased headers with repeats joined, and the body as text', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('X-Request-Id', 'req-42');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"id":7,"city":"São Paulo"}');
    });
    const result = await sendHttp(new URL(`${server.base}/things?x=1`), get());
    expect(result.status).toBe(201);
    expect(result.text).toBe('{"id":7,"city":"São Paulo"}');
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(result.headers['x-request-id']).toBe('req-42');
    expect(result.headers['set-cookie']).toBe('a=1, b=2');
    expect(server.received[0]).toMatchObject({ method: 'GET', path: '/things?x=1' });
    expect(server.received[0]?.headers['accept-encoding']).toBeUndefined();
  });

  it('sends a UTF-8 body byte for byte with its content-length', async () => {
    const server = await startServer((_req, res) => res.end());
    const text = '{"city":"São Paulo ñ €"}';
    await sendHttp(new URL(`${server.base}/echo`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: text,
      signal: new AbortController().signal,
    });
    const seen = server.received[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.body.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(seen?.headers['content-type']).toBe('application/json');
  });

  it('announces an empty POST body as content-length 0, as fetch does', async () => {
    const server = await startServer((_req, res) => res.end());
    await sendHttp(new URL(`${server.base}/empty`), { ...get(), method: 'POST' });
    expect(server.received[0]?.headers['content-length']).toBe('0');
    expect(server.received[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('reuses one keep-alive connection across sequential requests', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    for (let i = 0; i < 5; i++) {
      const result = await sendHttp(new URL(`${server.base}/n/${i}`), {
        method: 'POST',
        headers: {},
        body: `{"i":${i}}`,
        signal: new AbortController().signal,
      });
      expect(result.text).toBe('ok');
    }
    expect(server.received.map((r) => r.path)).toEqual(['/n/0', '/n/1', '/n/2', '/n/3', '/n/4']);
    expect(server.connections()).toBe(1);
  });

  it('rejects with the abort reason when aborted in the middle of the body, and drops the connection', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    let closed = false;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first half…');
      res.on('close', () => {
        closed = true;
      });
      setTimeout(() => controller.abort(reason), 50);
    });
    await expect(sendHttp(new URL(`${server.base}/stall`), get(controller.signal))).rejects.toBe(reason);
    await expect.poll(() => closed).toBe(true);
  });

  it('rejects at once without sending when the signal is already aborted', async () => {
    const server = await startServer((_req, res) => res.end());
    const reason = new Error('already cancelled');
    await expect(sendHttp(new URL(`${server.base}/never`), get(AbortSignal.abort(reason)))).rejects.toBe(
      reason,
    );
    expect(server.received).toHaveLength(0);
  });

  it('follows a chain of redirects, resolving relative locations', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/a') res.writeHead(302, { location: '/b?step=2' }).end('moved');
      else if (req.url === '/b?step=2') res.writeHead(301, { location: 'c' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`final ${req.url}`);
    });
    const result = await sendHttp(new URL(`${server.base}/a`), get());
    expect(result).toMatchObject({ status: 200, text: 'final /c' });
    expect(server.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /a',
      'GET /b?step=2',
      'GET /c',
    ]);
    expect(server.connections()).toBe(1);
  });

  it('turns a POST into a body-less GET on 303 (and on 301/302)', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/see-other') res.writeHead(303, { location: '/moved-permanently' }).end();
      else if (req.url === '/moved-permanently') res.writeHead(301, { location: '/result' }).end();
      else res.end(`${req.method} ${req.headers['content-type'] ?? 'no type'}`);
    });
    const result = await sendHttp(new URL(`${server.base}/see-other`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-keep': 'yes' },
      body: '{"a":1}',
      signal: new AbortController().signal,
    });
    expect(result.text).toBe('GET no type');
    const [first, second] = server.received;
    expect(first).toMatchObject({ method: 'POST', path: '/see-other' });
    expect(first?.body.toString()).toBe('{"a":1}');
    expect(second).toMatchObject({ method: 'GET', path: '/moved-permanently' });
    expect(second?.body.length).toBe(0);
    expect(second?.headers['content-length']).toBeUndefined();
    expect(second?.headers['x-keep']).toBe('yes');
  });

  it('keeps the method and body on 307 and 308', async () => {
    const server = await startServer((req, res, body) => {
      if (req.url === '/temporary') res.writeHead(307, { location: '/permanent' }).end();
      else if (req.url === '/permanent') res.writeHead(308, { location: '/target' }).end();
      else res.end(`${req.method} ${body.toString('utf8')}`);
    });
    const result = await sendHttp(new URL(`${server.base}/temporary`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Zoë"}',
      signal: new AbortController().signal,
    });
    expect(result.text).toBe('POST {"name":"Zoë"}');
    expect(server.received.map((r) => `${r.method} ${r.path} ${r.body.toString('utf8')}`)).toEqual([
      'POST /temporary {"name":"Zoë"}',
      'POST /permanent {"name":"Zoë"}',
      'POST /target {"name":"Zoë"}',
    ]);
  });

  it('drops the credentials when a redirect leaves the origin', async () => {
    const other = await startServer((req, res) => res.end(req.headers.authorization ?? 'no authorization'));
    const server = await startServer((_req, res) =>
      res.writeHead(307, { location: `${other.base}/elsewhere` }).end(),
    );
    const result = await sendHttp(new URL(`${server.base}/start`), {
      ...get(),
      headers: { authorization: 'Bearer secret-token', accept: 'application/json' },
    });
    expect(result.text).toBe('no authorization');
    expect(server.received[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(other.received[0]?.headers.accept).toBe('application/json');
  });

  it('fails clearly on a redirect loop after 20 redirects', async () => {
    const server = await startServer((_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const error = await sendHttp(new URL(`${server.base}/loop`), get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'ERR_TOO_MANY_REDIRECTS',
      message: 'redirect limit reached: more than 20 redirects',
    });
    expect(server.received).toHaveLength(21);
  });

  it('returns a redirect without a location as it is', async () => {
    const server = await startServer((_req, res) => res.writeHead(302).end('nowhere to go'));
    const result = await sendHttp(new URL(`${server.base}/x`), get());
    expect(result).toMatchObject({ status: 302, text: 'nowhere to go' });
  });

  it('rejects with the socket error and its code when nothing listens', async () => {
    const port = await closedPort();
    const error = await sendHttp(new URL(`http://127.0.0.1:${port}/`), get()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ])('decodes a %s response', async (encoding, compress) => {
    const text = JSON.stringify({
      results: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `Zoë ${i}` })),
    });
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(compress(Buffer.from(text, 'utf8')));
    });
    const result = await sendHttp(new URL(`${server.base}/packed`), get());
    expect(result.text).toBe(text);
    expect(result.headers['content-encoding']).toBe(encoding);
  });
});

describe('createVendorHttp with the global fetch', () => {
  const client = (overrides: { fetch?: typeof fetch; timeoutMs?: number } = {}) =>
    createVendorHttp({
      fetch: globalThis.fetch,
      logger: silentLogger,
      vendor: 'acme',
      sleep: async () => {},
      maxRetries: 0,
      ...overrides,
    });

  it('goes through node:http, while a wrapped fetch is still called as given', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const direct = await client().request({
      method: 'POST',
      url: `${server.base}/direct`,
      body: { a: 1 },
      idempotent: true,
    });
    const calls: string[] = [];
    const wrapped: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    const viaFetch = await client({ fetch: wrapped }).request({
      method: 'POST',
      url: `${server.base}/wrapped`,
      body: { a: 1 },
      idempotent: true,
    });
    expect(direct.body).toEqual({ ok: true });
    expect(viaFetch.body).toEqual({ ok: true });
    expect(calls).toEqual([`${server.base}/wrapped`]);
    // undici marks its requests with `sec-fetch-mode` and asks for compression; node:http sends neither.
    const [first, second] = server.received;
    expect(first?.headers['sec-fetch-mode']).toBeUndefined();
    expect(first?.headers['accept-encoding']).toBeUndefined();
    expect(first?.body.toString()).toBe('{"a":1}');
    expect(second?.headers['sec-fetch-mode']).toBe('cors');
  });

  it('reports a refused connection as NETWORK_ERROR carrying ECONNREFUSED', async () => {
    const port = await closedPort();
    const error = await client()
      .request({ method: 'GET', url: `http://127.0.0.1:${port}/x`, idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', retryable: true });
    expect((error as VendorError & { vendorMessage: string }).vendorMessage).toMatch(
      /^ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
  });

  it('times out a vendor that stalls in the middle of the body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const error = await client({ timeoutMs: 100 })
      .request({ method: 'GET', url: `${server.base}/slow-body`, idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'TIMEOUT', vendorMessage: 'no answer within 100 ms' });
  });
});
