import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got: the raw body, byte for byte, and the headers. */
export interface Received {
  method: string;
  path: string;
  body: string;
  headers: IncomingHttpHeaders;
  header(name: string): string;
}

/** How the receiver answers its n-th request (1-based). */
export type Answer = { status: number; headers?: Record<string, string>; delayMs?: number; body?: string };

/** A real HTTP receiver on 127.0.0.1, port 0, answering as `answer` says. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Replaces the answer policy. */
  answer(policy: (n: number, request: Received) => Answer): void;
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** Answers `status` to the first `failures` requests and 200 afterwards. */
export const failTimes =
  (failures: number, status = 503): ((n: number) => Answer) =>
  (n) => ({ status: n <= failures ? status : 200 });

export async function startReceiver(
  policy: (n: number, request: Received) => Answer = () => ({ status: 200 }),
) {
  let answer = policy;
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = request.headers;
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        headers,
        header: (name) => {
          const value = headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : (value ?? '');
        },
      };
      received.push(entry);
      const reply = answer(received.length, entry);
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        response.end(reply.body ?? 'ok');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks/hotpilot`,
    received,
    answer(next) {
      answer = next;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received.slice(0, count));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received.slice(0, count));
          },
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
  return receiver;
}

/** A loopback URL nothing listens on: a port that was free a moment ago. */
export async function closedPortUrl(path = '/hooks'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
