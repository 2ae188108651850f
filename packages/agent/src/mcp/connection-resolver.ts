import type { ConnectionLike } from '../connectors/connections.ts';
import type { AnyConnector } from '../connectors/kit.ts';
import type { Store } from '../store/port.ts';
import { McpToolError } from './mcp-tool-error.ts';

/**
 * Where the MCP server finds connections: the store by default (`storeConnectionResolver`), or anything that can
 * list them and look one up — a cache, a fixed list in a test.
 *
 * @example
 * import type { ConnectionResolver } from './connection-resolver.ts';
 * const fixed: ConnectionResolver = {
 *   list: async () => [{ id: 'main', kind: 'hotmart', credentials: { clientId: 'a', clientSecret: 'b' } }],
 *   get: async (id) => (id === 'main' ? (await fixed.list())[0]! : null),
 * };
 */
export interface ConnectionResolver {
  list(): Promise<readonly ConnectionLike[]>;
  get(id: string): Promise<ConnectionLike | null>;
}

/**
 * The connections stored in hotpilot (credentials decrypted by the store).
 *
 * @example
 * import { storeConnectionResolver } from './connection-resolver.ts';
 * const connections = storeConnectionResolver(store);
 * const hotmart = (await connections.list()).filter((c) => c.kind === 'hotmart');
 */
export function storeConnectionResolver(
  store: Pick<Store, 'listConnections' | 'getConnection'>,
): ConnectionResolver {
  return {
    list: () => store.listConnections(),
    get: (id) => store.getConnection(id),
  };
}

/**
 * A connector whose credentials schema accepts `{}` (the `report` connector, say) needs no stored connection:
 * hotpilot provides one named after the connector.
 *
 * @example
 * import { builtInConnection } from './connection-resolver.ts';
 * import { registry } from '../connectors/registry.ts';
 * builtInConnection(registry.connector('hotmart')!); // null: Hotmart needs credentials
 */
export function builtInConnection(connector: AnyConnector): ConnectionLike | null {
  if (!connector.credentials.safeParse({}).success || !connector.settings.safeParse({}).success) return null;
  return { id: connector.id, kind: connector.id, name: connector.title, credentials: {}, settings: {} };
}

/**
 * The connection a tool call runs with: the one named by the call's `connection` argument (which must be of the
 * connector's kind), or else the only connection of that kind. None or several without a name is a tool error that
 * lists the choices.
 *
 * @example
 * import { resolveConnection, storeConnectionResolver } from './connection-resolver.ts';
 * import { registry } from '../connectors/registry.ts';
 * const connection = await resolveConnection(storeConnectionResolver(store), registry.connector('hotmart')!, undefined);
 */
export async function resolveConnection(
  resolver: ConnectionResolver,
  connector: AnyConnector,
  requested: string | undefined,
): Promise<ConnectionLike> {
  const builtIn = builtInConnection(connector);
  if (requested !== undefined) {
    const found = await resolver.get(requested);
    if (found && found.kind === connector.id) return found;
    if (!found && builtIn && requested === builtIn.id) return builtIn;
    const known = await idsOfKind(resolver, connector);
    const choices = known.length > 0 ? `; ${connector.id} connections: ${known.join(', ')}` : '';
    throw new McpToolError(
      'connection_not_found',
      found
        ? `connection "${requested}" is a ${found.kind} connection, not ${connector.id}${choices}`
        : `no connection "${requested}"${choices}`,
    );
  }
  const candidates = (await resolver.list()).filter((connection) => connection.kind === connector.id);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    if (builtIn) return builtIn;
    throw new McpToolError(
      'connection_not_found',
      `no ${connector.title} connection is set up; add one first (dashboard › Connections, or hotpilot connections add)`,
    );
  }
  throw new McpToolError(
    'connection_required',
    `there are ${candidates.length} ${connector.title} connections (${candidates.map((c) => c.id).join(', ')}): ` +
      'pass `connection` to choose one',
  );
}

async function idsOfKind(resolver: ConnectionResolver, connector: AnyConnector): Promise<string[]> {
  return (await resolver.list()).filter((c) => c.kind === connector.id).map((c) => c.id);
}
