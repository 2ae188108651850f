import { createHash } from 'node:crypto';
import { createHotmartClient, type HotmartClient } from '@hotpilot/hotmart';
import type { Clock } from '../../kit/clock.ts';
import { type Logger, silentLogger } from '../../kit/logger.ts';
import type { ActionConnection } from '../kit.ts';
import { type HotmartCredentials, HotmartSettings } from './hotmart-connection.ts';

/**
 * What `getHotmartClient` needs besides the connection: the I/O the client is built with.
 *
 * @example
 * import type { HotmartClientDeps } from './hotmart-client.ts';
 * import { silentLogger } from '../../kit/logger.ts';
 * const deps: HotmartClientDeps = { fetch, logger: silentLogger };
 */
export interface HotmartClientDeps {
  fetch: typeof fetch;
  logger?: Logger;
  now?: Clock;
}

interface CachedClient {
  fingerprint: string;
  client: HotmartClient;
}

// One client per (fetch, connection): the client owns the OAuth token cache and the 500 requests/minute budget
// (reference §2.3, §3.6), so rebuilding it per call would fetch a token per call. Keyed by the `fetch` function
// first so tests (and any caller) injecting their own fetch never get a client wired to another one; the weak map
// lets a discarded fetch take its clients with it.
const cache = new WeakMap<typeof fetch, Map<string, CachedClient>>();

/**
 * The Hotmart client of a connection, built once and cached. A change of credentials or settings (a rotated
 * secret, another host) builds a new client and drops the old one. The client already retries, re-authenticates
 * on 401 and keeps to Hotmart's rate limit; callers add no retry loop of their own (STYLE convention 4).
 *
 * The logger and clock of the first call are the ones the cached client keeps.
 *
 * @example
 * import { getHotmartClient } from './hotmart-client.ts';
 * const client = getHotmartClient(
 *   { id: 'main', kind: 'hotmart', name: 'Main', credentials: { clientId: 'id', clientSecret: 'secret' }, settings: {} },
 *   { fetch },
 * );
 * const me = await client.user.me();
 */
export function getHotmartClient(
  connection: ActionConnection<HotmartCredentials>,
  deps: HotmartClientDeps,
): HotmartClient {
  const settings = HotmartSettings.parse(connection.settings ?? {});
  const { credentials } = connection;
  // A digest, so the cache key never holds the secret itself.
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        credentials.clientId,
        credentials.clientSecret,
        credentials.basic ?? null,
        settings.environment ?? null,
        settings.apiBaseUrl ?? null,
        settings.tokenUrl ?? null,
        settings.requestsPerMinute,
      ]),
    )
    .digest('hex');

  let clients = cache.get(deps.fetch);
  if (!clients) {
    clients = new Map();
    cache.set(deps.fetch, clients);
  }
  const cached = clients.get(connection.id);
  if (cached && cached.fingerprint === fingerprint) return cached.client;

  const client = createHotmartClient({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    ...(credentials.basic === undefined ? {} : { basic: credentials.basic }),
    ...(settings.environment === undefined ? {} : { environment: settings.environment }),
    ...(settings.apiBaseUrl === undefined ? {} : { apiBaseUrl: settings.apiBaseUrl }),
    ...(settings.tokenUrl === undefined ? {} : { tokenUrl: settings.tokenUrl }),
    ...(settings.requestsPerMinute === undefined
      ? {}
      : {
          rateLimit:
            settings.requestsPerMinute === null ? false : { requestsPerMinute: settings.requestsPerMinute },
        }),
    fetch: deps.fetch,
    logger: (deps.logger ?? silentLogger).child({ vendor: 'hotmart', connection: connection.id }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  clients.set(connection.id, { fingerprint, client });
  return client;
}
