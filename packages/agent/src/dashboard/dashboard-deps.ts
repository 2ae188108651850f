import type { AgentDefinition } from '../agents/agent.ts';
import { agents as builtInAgents } from '../agents/all-agents.ts';
import type { ActionServices } from '../connectors/kit.ts';
import type { Registry } from '../connectors/registry.ts';
import type { Engine } from '../engine/engine.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import type { Auth } from '../server/auth/auth-options.ts';
import type { ConnectionCache } from '../server/connection-cache.ts';
import type { Store } from '../store/port.ts';

/**
 * What the dashboard needs. Everything that does I/O is injected (STYLE convention 9); pass the same `auth` as the
 * sign-in routes so sessions, CSRF secrets and the login rate limiter are shared.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import type { DashboardDeps } from './dashboard-deps.ts';
 * const deps: DashboardDeps = { store, registry, auth, engine, logger, publicUrl: 'https://ops.example.com' };
 */
export interface DashboardDeps {
  store: Store;
  /** The registry of connectors and actions (`connectors/registry.ts`). */
  registry: Registry;
  /** Built once per process with `createAuth`, shared with `createAuthRoutes` and the REST API. */
  auth: Auth;
  /**
   * The engine of this process, when it runs one: replays, cancels and re-dispatches then wake or halt local work
   * at once. Without it (role `web`) the dashboard writes to the store and workers elsewhere pick the change up.
   */
  engine?: Pick<Engine, 'replay' | 'cancel' | 'wake'> | null;
  now?: Clock;
  logger?: Logger;
  /** The fetch connection tests, approved calls and syncs use (default the global one). */
  fetch?: typeof fetch;
  /** Services given to actions (approved MCP calls, connection tests); the store is always added. */
  services?: ActionServices;
  /** Invalidated when a connection is created or its hottoks change, so the inbox sees it at once. */
  connections?: Pick<ConnectionCache, 'invalidate'> | null;
  /** The URL people reach hotpilot at, for webhook URLs (default: the origin of the request). */
  publicUrl?: string | null;
  /** Agent definitions shown on the agents pages (default: every built-in agent). */
  agents?: readonly AgentDefinition[];
  /** Time zone of dates and report days (default: the agent settings' `timeZone`). */
  timeZone?: string | null;
  /** How long a connection test may take (default 15 s). */
  testTimeoutMs?: number;
}

/**
 * {@link DashboardDeps} with every default filled in.
 *
 * @example
 * import type { ResolvedDashboardDeps } from './dashboard-deps.ts';
 * const at = (deps: ResolvedDashboardDeps) => deps.now();
 */
export interface ResolvedDashboardDeps {
  store: Store;
  registry: Registry;
  auth: Auth;
  engine: Pick<Engine, 'replay' | 'cancel' | 'wake'> | null;
  now: Clock;
  logger: Logger;
  fetch: typeof fetch;
  services: ActionServices;
  connections: Pick<ConnectionCache, 'invalidate'> | null;
  publicUrl: string | null;
  agents: readonly AgentDefinition[];
  timeZone: string | null;
  testTimeoutMs: number;
}

/**
 * Fills in the defaults: the auth's clock, a silent logger, the global fetch, the built-in agents, 15 s tests.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { resolveDashboardDeps } from './dashboard-deps.ts';
 * const deps = resolveDashboardDeps({ store, registry, auth });
 */
export function resolveDashboardDeps(deps: DashboardDeps): ResolvedDashboardDeps {
  return {
    store: deps.store,
    registry: deps.registry,
    auth: deps.auth,
    engine: deps.engine ?? null,
    now: deps.now ?? deps.auth.now ?? systemClock,
    logger: (deps.logger ?? silentLogger).child({ module: 'dashboard' }),
    fetch: deps.fetch ?? globalThis.fetch,
    services: deps.services ?? {},
    connections: deps.connections ?? null,
    publicUrl: deps.publicUrl ?? deps.auth.publicUrl ?? null,
    agents: deps.agents ?? builtInAgents,
    timeZone: deps.timeZone ?? null,
    testTimeoutMs: deps.testTimeoutMs ?? 15_000,
  };
}
