import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import { createPinoLogger } from '../../src/kit/pino.ts';
import { createConnectionCache } from '../../src/server/connection-cache.ts';
import { createHttpApp } from '../../src/server/http-app.ts';
import { createMetrics, type HotpilotMetrics } from '../../src/server/metrics.ts';
import type { Store } from '../../src/store/port.ts';

/** An inbox served on a loopback port, with its metrics and every log line it wrote. */
export interface InboxServer {
  url: string;
  metrics: HotpilotMetrics;
  /** Raw pino output (JSON lines) so far. */
  logs(): string;
  setClosing(value: boolean): void;
  close(): Promise<void>;
}

/**
 * Serves `createHttpApp` for `store` on 127.0.0.1:0 through @hono/node-server (the production path), logging at
 * `debug` into memory so tests can assert what was (and wasn't) logged.
 *
 * @example
 * import { startInboxServer } from './inbox-server.ts';
 * const inbox = await startInboxServer(store);
 * await fetch(`${inbox.url}/healthz`);
 * await inbox.close();
 */
export async function startInboxServer(
  store: Store,
  options: { webhooks?: boolean } = {},
): Promise<InboxServer> {
  let logs = '';
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs += String(chunk);
      callback();
    },
  });
  const logger = createPinoLogger({ level: 'debug', destination });
  const metrics = createMetrics({ processMetrics: false, queueDepth: () => store.queueDepth() });
  let closing = false;
  const app = createHttpApp({
    store,
    metrics,
    logger,
    webhooks: options.webhooks ?? true,
    isClosing: () => closing,
    // A short TTL: tests change connections behind the cache's back.
    connections: createConnectionCache({ store, ttlMs: 50 }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(s as Server),
    ) as Server;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    metrics,
    logs: () => logs,
    setClosing: (value) => {
      closing = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
