import { Hono } from 'hono';
import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import type { Store } from '../store/port.ts';
import { type ConnectionCache, createConnectionCache } from './connection-cache.ts';
import { checkReadiness } from './health.ts';
import { createInboxHandler } from './inbox-route.ts';
import type { HotpilotMetrics } from './metrics.ts';

/**
 * Options of `createHttpApp`.
 *
 * @example
 * import type { HttpAppOptions } from './http-app.ts';
 * const options: HttpAppOptions = { store, metrics, logger, webhooks: true, isClosing: () => false };
 */
export interface HttpAppOptions {
  store: Store;
  metrics: HotpilotMetrics;
  logger: Logger;
  /** Serve the webhook inbox (roles `web` and `all`); false leaves only health and metrics (role `worker`). */
  webhooks: boolean;
  /** True once shutdown began: `/readyz` answers 503 and answers close their connection. */
  isClosing: () => boolean;
  /** Shared with whoever changes connections in this process, so it can invalidate them. */
  connections?: ConnectionCache;
  now?: Clock;
  bodyLimit?: number;
}

// A fresh object per answer: @hono/node-server adds Content-Length to the headers object it is given.
const jsonHeaders = (): Record<string, string> => ({ 'content-type': 'application/json' });

/**
 * The HTTP surface of a hotpilot process (Hono): `POST /webhooks/hotmart/:connection`, `GET /healthz` (alive),
 * `GET /readyz` (store reachable, migrations current, not shutting down) and `GET /metrics` (Prometheus text).
 *
 * @example
 * import { serve } from '@hono/node-server';
 * import { createHttpApp } from './http-app.ts';
 * const app = createHttpApp({ store, metrics, logger, webhooks: true, isClosing: () => false });
 * serve({ fetch: app.fetch, port: 3000 });
 */
export function createHttpApp(options: HttpAppOptions): Hono {
  const { store, metrics, logger, isClosing } = options;
  const app = new Hono();

  app.get('/healthz', () => new Response('{"ok":true}', { status: 200, headers: jsonHeaders() }));

  app.get('/readyz', async () => {
    const readiness = await checkReadiness({ store, isClosing });
    return new Response(JSON.stringify(readiness), {
      status: readiness.ok ? 200 : 503,
      headers: jsonHeaders(),
    });
  });

  app.get('/metrics', async () => {
    const { contentType, body } = await metrics.render();
    return new Response(body, { status: 200, headers: { 'content-type': contentType } });
  });

  if (options.webhooks) {
    const connections = options.connections ?? createConnectionCache({ store, now: options.now });
    app.all(
      '/webhooks/hotmart/:connection',
      createInboxHandler({
        store,
        connections,
        metrics,
        logger,
        now: options.now,
        bodyLimit: options.bodyLimit,
        isClosing,
      }),
    );
  }

  app.notFound(
    () => new Response('{"ok":false,"error":"not_found"}', { status: 404, headers: jsonHeaders() }),
  );
  app.onError((error) => {
    logger.error({ err: error }, 'unhandled error in an HTTP handler');
    return new Response('{"ok":false,"error":"internal"}', { status: 500, headers: jsonHeaders() });
  });
  return app;
}
