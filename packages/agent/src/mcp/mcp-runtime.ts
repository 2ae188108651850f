import { readFileSync } from 'node:fs';
import type { ActionServices } from '../connectors/kit.ts';
import type { Registry } from '../connectors/registry.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import { type ApprovalsRepo, createApprovalsRepo } from '../store/access/approvals-repo.ts';
import type { Store } from '../store/port.ts';
import { type ConnectionResolver, storeConnectionResolver } from './connection-resolver.ts';
import { type McpSettings, type ResolvedMcpSettings, resolveMcpSettings } from './mcp-settings.ts';
import { createToolCatalog, type ToolCatalog } from './tool-catalog.ts';

/**
 * What the MCP server needs, whatever the transport (the HTTP handler takes the same minus `actor`, which comes
 * from each request's token).
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import type { McpDeps } from './mcp-runtime.ts';
 * const deps: McpDeps = { store, registry, settings: { writes: 'approval' }, actor: 'local' };
 */
export interface McpDeps {
  store: Store;
  registry: Registry;
  /** Where connections come from; default: the store. */
  connections?: ConnectionResolver;
  settings: McpSettings;
  /** Who the calls are made as, in the audit log and the approvals queue (stdio: the local operator). */
  actor: string;
  now?: Clock;
  /** Must not write to standard output when serving stdio: that stream carries the protocol. */
  logger?: Logger;
  /** Given to every action (`ActionContext.services`): the store, sequences, templates… */
  services?: ActionServices;
  fetch?: typeof fetch;
  /** The approvals queue; default: `createApprovalsRepo(store)`. */
  approvals?: ApprovalsRepo;
}

/**
 * Everything built once per process and shared by every MCP session: the checked settings, the tool catalog
 * (JSON Schemas converted once), the approvals queue.
 *
 * @example
 * import { createMcpRuntime } from './mcp-runtime.ts';
 * const runtime = createMcpRuntime({ store, registry, settings: { writes: 'off' } });
 * runtime.catalog.tools.length; // one per action
 */
export interface McpRuntime {
  readonly store: Store;
  readonly registry: Registry;
  readonly connections: ConnectionResolver;
  readonly settings: ResolvedMcpSettings;
  readonly catalog: ToolCatalog;
  readonly approvals: ApprovalsRepo;
  readonly now: Clock;
  readonly logger: Logger;
  readonly services: ActionServices;
  readonly fetch: typeof fetch;
  /** This package's version, announced to clients. */
  readonly version: string;
}

/**
 * Builds the shared part of the MCP server. Throws on bad settings (an allow-list entry naming no action, an
 * unknown time zone) so a typo fails at start-up.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { createMcpRuntime } from './mcp-runtime.ts';
 * const runtime = createMcpRuntime({ store, registry, settings: { writes: 'on', allow: ['slack_post_message'] } });
 */
export function createMcpRuntime(deps: Omit<McpDeps, 'actor'>): McpRuntime {
  const settings = resolveMcpSettings(deps.settings, deps.registry);
  return Object.freeze({
    store: deps.store,
    registry: deps.registry,
    connections: deps.connections ?? storeConnectionResolver(deps.store),
    settings,
    catalog: createToolCatalog(deps.registry, settings),
    approvals: deps.approvals ?? createApprovalsRepo(deps.store),
    now: deps.now ?? systemClock,
    logger: (deps.logger ?? silentLogger).child({ module: 'mcp' }),
    services: deps.services ?? {},
    fetch: deps.fetch ?? globalThis.fetch,
    version: packageVersion(),
  });
}

/**
 * Who is calling and over what: recorded with every audit entry.
 *
 * @example
 * import type { McpCaller } from './mcp-runtime.ts';
 * const caller: McpCaller = { actor: 'user_1', channel: 'http' };
 */
export interface McpCaller {
  actor: string;
  channel: 'stdio' | 'http' | 'in-process';
}

function packageVersion(): string {
  // src/mcp and dist/mcp are both two levels below the package root.
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
