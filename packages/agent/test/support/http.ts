import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** What a test request got back. */
export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Options of `send`: the body goes out in one piece with `Content-Length`, or with `chunks` as a chunked body
 * without one (each chunk written separately, with `chunkDelayMs` between them).
 */
export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunks?: (string | Buffer)[];
  chunkDelayMs?: number;
}

/**
 * One HTTP request on a fresh connection (node:http, so headers and framing are exactly what the test says).
 * Resolves with the answer even when the server answered early and closed the connection while the body was still
 * being written (as a 413 does); rejects only when no answer came at all.
 *
 * @example
 * import { send } from './http.ts';
 * const answer = await send('http://127.0.0.1:3000/healthz', { method: 'GET' });
 * console.log(answer.status);
 */
export function send(url: string, options: SendOptions = {}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string | number> = { connection: 'close', ...options.headers };
    if (
      options.body !== undefined &&
      options.chunks === undefined &&
      headers['content-length'] === undefined
    ) {
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = httpRequest(url, { method: options.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        answered = true;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', (error) => {
        if (!answered) reject(error);
      });
    });
    req.on('error', (error) => {
      // EPIPE/ECONNRESET after an early answer are expected; the response handler resolves.
      setTimeout(() => {
        if (!answered) reject(error);
      }, 200);
    });
    if (options.chunks) {
      void (async () => {
        for (const chunk of options.chunks ?? []) {
          if (req.destroyed) return;
          req.write(chunk);
          if (options.chunkDelayMs) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
        }
        req.end();
      })();
    } else {
      req.end(options.body);
    }
  });
}
