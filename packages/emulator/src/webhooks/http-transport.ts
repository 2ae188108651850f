import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * How the sender POSTs one body: resolves with the HTTP status; rejects when no answer came, with `code`
 * `'timeout'` when `timeoutMs` passed first, else the connection error's code (`ECONNREFUSED`, `ECONNRESET`…).
 *
 * @example
 * const status = await transport.post(url, { 'X-HOTMART-HOTTOK': 'h0t' }, body, 10_000);
 */
export interface WebhookTransport {
  post(
    url: string,
    headers: Readonly<Record<string, string>>,
    body: string,
    timeoutMs: number,
  ): Promise<number>;
  /** Aborts requests in flight and closes the keep-alive connections. */
  close(): void;
}

const timeoutError = (): Error => Object.assign(new Error('webhook attempt timed out'), { code: 'timeout' });

/**
 * A transport over `node:http`/`node:https` with keep-alive agents of `maxSockets` connections per host. On Node
 * 20 it is several times faster than the global fetch (about 13k against 2.5k POSTs/s on loopback with the
 * receiver in the same process), and the benchmarks push thousands of events per second through the sender.
 * Requests carry no AbortSignal: a timer per request and `destroy()` are all a timeout or `close()` need.
 *
 * @example
 * const transport = createHttpTransport(16);
 * const status = await transport.post('http://127.0.0.1:3000/hook', { 'X-HOTMART-HOTTOK': 'h0t' }, '{}', 5_000);
 * transport.close();
 */
export function createHttpTransport(maxSockets: number): WebhookTransport {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  const targets = new Map<string, { secure: boolean; options: RequestOptions }>();
  const open = new Set<{ destroy(error?: Error): void }>();

  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      target = {
        secure,
        options: {
          protocol: parsed.protocol,
          hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
          port: parsed.port || (secure ? 443 : 80),
          path: `${parsed.pathname}${parsed.search}`,
          method: 'POST',
          agent: secure ? agents.https : agents.http,
        },
      };
      targets.set(url, target);
    }
    return target;
  };

  return {
    post(url, headers, body, timeoutMs) {
      const target = targetOf(url);
      const send = target.secure ? httpsRequest : httpRequest;
      return new Promise<number>((resolve, reject) => {
        const req = send({
          ...target.options,
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        });
        open.add(req);
        let settled = false;
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          open.delete(req);
          outcome();
        };
        const timer = setTimeout(() => {
          settle(() => reject(timeoutError()));
          req.destroy();
        }, timeoutMs);
        req.on('response', (res: IncomingMessage) => {
          const status = res.statusCode ?? -1;
          // Read the answer to the end so the connection goes back to the pool; a body cut short still answered.
          res.on('end', () => settle(() => resolve(status)));
          res.on('error', () => settle(() => resolve(status)));
          res.on('aborted', () => settle(() => resolve(status)));
          res.resume();
        });
        req.on('error', (error) => settle(() => reject(error)));
        req.end(body);
      });
    },
    close() {
      for (const req of open)
        req.destroy(Object.assign(new Error('webhook sender closed'), { code: 'closed' }));
      open.clear();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * A transport over a fetch implementation, for callers that inject their own `fetch` (style rule 9).
 *
 * @example
 * const transport = fetchTransport(globalThis.fetch);
 */
export function fetchTransport(fetchImpl: typeof globalThis.fetch): WebhookTransport {
  const controllers = new Set<AbortController>();
  return {
    async post(url, headers, body, timeoutMs) {
      const controller = new AbortController();
      controllers.add(controller);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const response = await fetchImpl(url, { method: 'POST', headers, body, signal: controller.signal });
        await response.arrayBuffer().catch(() => undefined);
        return response.status;
      } catch (error) {
        throw timedOut ? timeoutError() : error;
      } finally {
        clearTimeout(timer);
        controllers.delete(controller);
      }
    },
    close() {
      for (const controller of controllers) controller.abort();
      controllers.clear();
    },
  };
}
