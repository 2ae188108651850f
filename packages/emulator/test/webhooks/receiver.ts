import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

/** What to do with the n-th request (0-based): answer a status, drop the connection, or answer late. */
export type Behaviour = (
  request: Received,
  n: number,
) => number | 'drop' | { status: number; delayMs: number };

/** A real HTTP receiver on 127.0.0.1, port 0, recording every request. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Most requests open at once. */
  readonly maxConcurrent: number;
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = () => 200): Promise<Receiver> {
  let current = behaviour;
  const received: Received[] = [];
  let open = 0;
  let maxConcurrent = 0;
  const server: Server = createServer((req, res) => {
    open++;
    maxConcurrent = Math.max(maxConcurrent, open);
    let closed = false;
    const done = () => {
      if (!closed) open--;
      closed = true;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const request: Received = {
        path: req.url ?? '',
        method: req.method ?? '',
        headers: req.headers,
        raw,
        body,
      };
      const n = received.length;
      received.push(request);
      const outcome = current(request, n);
      if (outcome === 'drop') {
        req.socket.destroy();
        return;
      }
      const answer = (status: number) => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status < 300 ? 'ok' : 'nope');
      };
      if (typeof outcome === 'number') answer(outcome);
      else setTimeout(() => answer(outcome.status), outcome.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/hotmart/main`,
    received,
    get maxConcurrent() {
      return maxConcurrent;
    },
    behave: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
