import type { ActionServices } from '../connectors/kit.ts';
import { registry as defaultRegistry, type Registry } from '../connectors/registry.ts';
import { NonRetriableError } from '../engine/errors.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import type { ConnectionRecord, Store } from '../store/port.ts';
import type { PurchaseLookup } from './purchase-lookup.ts';

/**
 * What the agents' workflows need, given to the engine as its `context` (the handler's `ctx`): the store (settings,
 * connections, state), the registry of actions, and the I/O actions receive. `services` go to every action (the
 * e-mail connector's `unsubscribeSecret`, HTTP tuning…; `store` is added). `purchases` is the mirror, when there is
 * one. `publicUrl` is where buyers reach this server (`HOTPILOT_PUBLIC_URL`: links in e-mails), null when unset.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import type { AgentContext } from './agent-context.ts';
 * import { registry } from '../connectors/registry.ts';
 * declare const store: Store;
 * const context: AgentContext = { store, registry, services: { unsubscribeSecret: 'a long random secret value' } };
 */
export interface AgentContext {
  store: Store;
  registry: Registry;
  fetch?: typeof fetch;
  logger?: Logger;
  now?: Clock;
  services?: ActionServices;
  purchases?: PurchaseLookup;
  publicUrl?: string | null;
  /**
   * A cache of connections by id (the process's, which the API and dashboard invalidate when they change one), so a
   * run doesn't read and decrypt a connection for every call. Without it, every lookup reads the store.
   */
  connections?: ConnectionLookup;
}

/**
 * Where agents look connections up by id: a cache in a running hotpilot (entries expire after a few seconds, and
 * edits made in the process invalidate them at once), the store itself otherwise.
 *
 * @example
 * import type { ConnectionLookup } from './agent-context.ts';
 * const lookup: ConnectionLookup = { get: async () => null };
 */
export interface ConnectionLookup {
  get(id: string): Promise<ConnectionRecord | null>;
}

/**
 * An {@link AgentContext} with every default filled in.
 *
 * @example
 * import type { ResolvedAgentContext } from './agent-context.ts';
 * const clockOf = (ctx: ResolvedAgentContext) => ctx.now();
 */
export interface ResolvedAgentContext
  extends Required<Omit<AgentContext, 'purchases' | 'publicUrl' | 'connections'>> {
  purchases: PurchaseLookup | undefined;
  publicUrl: string | null;
  /** Connection reads: by id through the cache when there is one, the list from the store. */
  connections: Pick<Store, 'getConnection' | 'listConnections'>;
}

/**
 * Builds the engine `context` for the agents, defaulting the registry to hotpilot's and the I/O to the process's.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { createEngine } from '../engine/engine.ts';
 * import { createAgentContext } from './agent-context.ts';
 * declare const store: Store;
 * const engine = createEngine({ store, workflows: [], context: createAgentContext({ store }) });
 */
export function createAgentContext(
  options: Omit<AgentContext, 'registry'> & { registry?: Registry },
): AgentContext {
  return {
    ...options,
    registry: options.registry ?? defaultRegistry,
  };
}

/**
 * Checks the engine's `context` and fills in the defaults. A context without a store or a registry is a wiring
 * mistake no retry fixes (`NonRetriableError`, code `AGENT_CONTEXT_MISSING`).
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { registry } from '../connectors/registry.ts';
 * import { readAgentContext } from './agent-context.ts';
 * declare const store: Store;
 * const ctx = readAgentContext({ store, registry });
 * ctx.now() > 0; // true
 */
export function readAgentContext(context: unknown): ResolvedAgentContext {
  const ctx = (context ?? {}) as Partial<AgentContext>;
  const store = ctx.store as Partial<Store> | undefined;
  const registry = ctx.registry as Partial<Registry> | undefined;
  if (!store || typeof store.getState !== 'function' || typeof store.getConnection !== 'function') {
    throw new NonRetriableError('the agents need the engine context { store, registry, … } (store missing)', {
      code: 'AGENT_CONTEXT_MISSING',
    });
  }
  if (!registry || typeof registry.action !== 'function') {
    throw new NonRetriableError(
      'the agents need the engine context { store, registry, … } (registry missing)',
      {
        code: 'AGENT_CONTEXT_MISSING',
      },
    );
  }
  return {
    store: ctx.store as Store,
    registry: ctx.registry as Registry,
    fetch: ctx.fetch ?? globalThis.fetch,
    logger: ctx.logger ?? silentLogger,
    now: ctx.now ?? systemClock,
    services: ctx.services ?? {},
    purchases: ctx.purchases,
    publicUrl: typeof ctx.publicUrl === 'string' ? ctx.publicUrl : null,
    connections: connectionReads(ctx.store as Store, ctx.connections),
  };
}

function connectionReads(
  store: Store,
  cache: ConnectionLookup | undefined,
): Pick<Store, 'getConnection' | 'listConnections'> {
  if (typeof cache?.get !== 'function') return store;
  return {
    getConnection: (id) => cache.get(id),
    listConnections: (filter) => store.listConnections(filter),
  };
}
