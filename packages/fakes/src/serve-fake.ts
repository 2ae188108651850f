import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { FakeHandle } from './internal/fake-host.ts';

/**
 * Where to listen. Port 0 (the default) picks a free port; the host defaults to loopback so a fake is never
 * reachable from the network.
 *
 * @example
 * const options: ServeFakeOptions = { port: 0, hostname: '127.0.0.1' };
 */
export interface ServeFakeOptions {
  port?: number;
  hostname?: string;
}

/**
 * A fake listening on a real socket. `url` has no trailing slash; `close()` ends hanging requests, drops open
 * connections and stops listening.
 *
 * @example
 * const running: RunningFake = await serveFake(createSlackFake());
 * await running.close();
 */
export interface RunningFake {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one fake over HTTP with `@hono/node-server`.
 *
 * @example
 * const zendesk = createZendeskFake();
 * const { url, close } = await serveFake(zendesk);
 * await fetch(`${url}/api/v2/groups`, { headers: { authorization: zendesk.state.authorizationHeader() } });
 * await close();
 */
export async function serveFake(
  fake: Pick<FakeHandle<unknown>, 'app' | 'faults'>,
  options: ServeFakeOptions = {},
) {
  const hostname = options.hostname ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: fake.app.fetch, hostname });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  const running: RunningFake = {
    url: `http://${host}:${address.port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        fake.faults.releaseHangs();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closed;
    },
  };
  return running;
}
