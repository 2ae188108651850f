import type { Context } from 'hono';

/**
 * Finds the address a request came from (for login rate limiting and the sessions list).
 *
 * @example
 * import type { ClientIpResolver } from './client-ip.ts';
 * const fixed: ClientIpResolver = () => '203.0.113.7';
 */
export type ClientIpResolver = (c: Context) => string;

/**
 * The peer address of the TCP connection (`@hono/node-server` puts Node's request in `c.env.incoming`). The
 * right choice when hotpilot is reached directly; behind a reverse proxy every request would share the proxy's
 * address — use {@link forwardedClientIp} there. Answers `unknown` when no socket is known (in-process requests).
 *
 * @example
 * import { socketClientIp } from './client-ip.ts';
 * const ip = socketClientIp(c); // '127.0.0.1'
 */
export const socketClientIp: ClientIpResolver = (c) => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
};

/**
 * The client address as told by `trustedProxies` reverse proxies in front of hotpilot: the entry of
 * `X-Forwarded-For` that many hops from the right (the part a client can't forge, since each proxy appends what it
 * saw). Falls back to the socket address when the header is missing or shorter than expected.
 *
 * @example
 * import { forwardedClientIp } from './client-ip.ts';
 * const behindNginx = forwardedClientIp(1);
 * const ip = behindNginx(c);
 */
export function forwardedClientIp(trustedProxies: number): ClientIpResolver {
  if (!Number.isInteger(trustedProxies) || trustedProxies < 1) {
    throw new RangeError('forwardedClientIp: trustedProxies must be a positive integer');
  }
  return (c) => {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const entry = entries[entries.length - trustedProxies];
    return entry && entry.length <= 64 ? entry : socketClientIp(c);
  };
}
