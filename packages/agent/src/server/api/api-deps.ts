import type { ActionServices } from '../../connectors/kit.ts';
import type { Registry } from '../../connectors/registry.ts';
import type { Engine } from '../../engine/engine.ts';
import { type Clock, systemClock } from '../../kit/clock.ts';
import { type Logger, silentLogger } from '../../kit/logger.ts';
import type { Store } from '../../store/port.ts';
import type { Auth } from '../auth/auth-options.ts';
import type { ConnectionCache } from '../connection-cache.ts';

/**
 * What the REST API needs. Everything that does I/O is injected (STYLE convention 9).
 *
 * @example
 * import type { ApiDeps } from './api-deps.ts';
 * const deps: ApiDeps = { store, registry, auth, engine, logger, publicUrl: 'https://ops.example.com' };
 */
export interface ApiDeps {
  store: Store;
  /** The registry of connectors and actions (`connectors/registry.ts`); tests pass a smaller one. */
  registry: Registry;
  /** Shared with the sign-in routes and the dashboard (`createAuth`). */
  auth: Auth;
  /**
   * The engine of this process, when it runs one: replays and cancels then also wake or halt local work at once.
   * Without it (role `web`) the API writes to the store directly and workers elsewhere pick the change up.
   */
  engine?: Pick<Engine, 'replay' | 'cancel'> | null;
  now?: Clock;
  logger?: Logger;
  /** The fetch actions and connection tests use (default the global one). */
  fetch?: typeof fetch;
  /** Services given to actions (`ActionContext.services`); the store is always added as `services.store`. */
  services?: ActionServices;
  /** Invalidated when a connection is created or its hottoks change, so the inbox sees it at once. */
  connections?: Pick<ConnectionCache, 'invalidate'>;
  /** Shown in webhook URLs and the OpenAPI `servers` entry. */
  publicUrl?: string | null;
  /** How long one action call or connection test may take (default 60 s). */
  actionTimeoutMs?: number;
}

/**
 * {@link ApiDeps} with defaults filled in.
 *
 * @example
 * import type { ResolvedApiDeps } from './api-deps.ts';
 * const clock = (deps: ResolvedApiDeps) => deps.now();
 */
export interface ResolvedApiDeps extends Required<Omit<ApiDeps, 'engine' | 'connections'>> {
  engine: Pick<Engine, 'replay' | 'cancel'> | null;
  connections: Pick<ConnectionCache, 'invalidate'> | null;
}

/**
 * Fills in the defaults: system clock, silent logger, global fetch, no extra services, 60 s action timeout.
 *
 * @example
 * import { resolveApiDeps } from './api-deps.ts';
 * const deps = resolveApiDeps({ store, registry, auth });
 */
export function resolveApiDeps(deps: ApiDeps): ResolvedApiDeps {
  return {
    store: deps.store,
    registry: deps.registry,
    auth: deps.auth,
    engine: deps.engine ?? null,
    now: deps.now ?? deps.auth.now ?? systemClock,
    logger: deps.logger ?? silentLogger,
    fetch: deps.fetch ?? globalThis.fetch,
    services: deps.services ?? {},
    connections: deps.connections ?? null,
    publicUrl: deps.publicUrl ?? deps.auth.publicUrl ?? null,
    actionTimeoutMs: deps.actionTimeoutMs ?? 60_000,
  };
}
