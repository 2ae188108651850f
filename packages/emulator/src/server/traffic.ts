import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../routes/context.ts';
import type { Emulator } from './emulator.ts';
import { ERROR_URI } from './errors.ts';
import type { FaultAction } from './faults.ts';
import { rateLimitHeaders } from './rate-limit.ts';
import { redactedQuery } from './request-log.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whether a path belongs to the control API (never faulted, never recorded).
 *
 * @example
 * isControlPath('/_emulator/faults'); // true
 */
export const isControlPath = (path: string): boolean =>
  path === '/_emulator' || path.startsWith('/_emulator/');

/** Gateway-style bodies: a 5xx from Hotmart's edge is not always JSON, and clients must cope (reference §3.5). */
function faultResponse(c: Context<EmulatorEnv>, status: number): Response {
  if (status === 500) {
    return c.json(
      {
        error: 'internal_server_error',
        error_description: 'Internal server error (fault injected)',
        error_uri: ERROR_URI,
      },
      500,
    );
  }
  const title =
    status === 502
      ? 'Bad Gateway'
      : status === 503
        ? 'Service Unavailable'
        : status === 504
          ? 'Gateway Timeout'
          : 'Server Error';
  return c.html(
    `<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center></body></html>`,
    status as 500,
  );
}

/**
 * Applies fault rules to every non-control request and records it in the request log: added latency, then
 * possibly a 5xx, a 429, a held request (timeout) or a destroyed socket (dropped connection).
 *
 * Timeouts and drops need the Node socket, so they only work when the app is served by @hono/node-server; a
 * held request is released (its socket destroyed) when the client gives up or the emulator closes.
 *
 * @example
 * app.use('*', createTrafficMiddleware(emulator));
 */
export function createTrafficMiddleware(emulator: Emulator): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (isControlPath(url.pathname)) return next();
    const started = performance.now();
    const time = emulator.clock.now();
    const decision = emulator.faults.decide(c.req.method, url.pathname);
    const record = (status: number, fault?: FaultAction) => {
      const clientId = c.get('clientId');
      emulator.requests.record({
        time,
        method: c.req.method,
        path: url.pathname,
        query: redactedQuery(url.searchParams),
        status,
        duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
        ...(clientId !== undefined && { client_id: clientId }),
        ...(fault !== undefined && { fault }),
      });
    };
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const socket = c.env?.incoming?.socket;
    switch (decision.action) {
      case 'drop':
        record(0, 'drop');
        if (!socket) throw new Error('fault injection: connection dropped (needs a Node server)');
        socket.destroy();
        return c.body(null, 502);
      case 'timeout':
        record(0, 'timeout');
        await new Promise<void>((resolve) => {
          const release = () => {
            emulator.held.delete(release);
            resolve();
          };
          emulator.held.add(release);
          socket?.once('close', release);
        });
        socket?.destroy();
        return c.body(null, 504);
      case 'error': {
        const status = decision.status ?? 500;
        record(status, 'error');
        return faultResponse(c, status);
      }
      case 'rate_limit': {
        record(429, 'rate_limit');
        const verdict = emulator.rateLimiter.peek(c.get('clientId') ?? 'fault', emulator.clock.now());
        return c.json(
          {
            error: 'too_many_requests',
            error_description: 'Rate limit exceeded (fault injected)',
            error_uri: ERROR_URI,
          },
          429,
          rateLimitHeaders({ ...verdict, remaining: 0 }),
        );
      }
      default:
        await next();
        record(c.res.status);
    }
  };
}
