import type { Store } from '../store/port.ts';
import { ConnectionLookupError, CredentialsError, fieldIssues } from './errors.ts';
import type { ActionConnection, ConnectorDefinition } from './kit.ts';

/**
 * What `parseConnection` and `invokeAction` accept: a stored `ConnectionRecord`, a parsed `ActionConnection`, or a
 * literal in a test — credentials and settings still unchecked.
 *
 * @example
 * import type { ConnectionLike } from './connections.ts';
 * const connection: ConnectionLike = { id: 'crm', kind: 'hubspot', credentials: { accessToken: 'pat-na1-…' } };
 */
export interface ConnectionLike {
  id: string;
  kind: string;
  name?: string;
  credentials: unknown;
  settings?: unknown;
}

/**
 * Checks a connection against its connector: the kind must match, and the credentials and settings must parse with
 * the connector's strict schemas. Failures are a `ConnectionLookupError` (wrong kind) or a `CredentialsError`
 * naming each field at fault (`credentials.accessToken`, `settings.baseUrl`) — never a value.
 *
 * @example
 * import { parseConnection } from './connections.ts';
 * import { slackConnector } from './slack/index.ts';
 * const connection = parseConnection(slackConnector, {
 *   id: 'team', kind: 'slack', credentials: { botToken: 'xoxb-1-2-abc' },
 * });
 * connection.credentials.botToken; // 'xoxb-1-2-abc'
 */
export function parseConnection<C>(
  connector: ConnectorDefinition<C>,
  connection: ConnectionLike,
): ActionConnection<C> {
  if (connection.kind !== connector.id) {
    throw new ConnectionLookupError(connection.id, connector.id, 'CONNECTION_KIND_MISMATCH', connection.kind);
  }
  if (connection.credentials === null || connection.credentials === undefined) {
    throw new CredentialsError({
      connectionId: connection.id,
      connector: connector.id,
      issues: [{ path: 'credentials', message: `none stored; set the ${connector.title} credentials first` }],
      missing: true,
    });
  }
  const credentials = connector.credentials.safeParse(connection.credentials);
  const settings = connector.settings.safeParse(connection.settings ?? {});
  const issues = [
    ...(credentials.success ? [] : fieldIssues('credentials', credentials.error)),
    ...(settings.success ? [] : fieldIssues('settings', settings.error)),
  ];
  if (!credentials.success || !settings.success) {
    throw new CredentialsError({ connectionId: connection.id, connector: connector.id, issues });
  }
  return {
    id: connection.id,
    kind: connection.kind,
    name: connection.name ?? connection.id,
    credentials: credentials.data,
    settings: settings.data,
  };
}

/**
 * Reads a connection from the store (credentials decrypted by the adapter) and checks it with `parseConnection`.
 * An unknown id is a `ConnectionLookupError` with code `CONNECTION_NOT_FOUND`.
 *
 * @example
 * import { loadConnection } from './connections.ts';
 * import { hubspotConnector } from './hubspot/index.ts';
 * const connection = await loadConnection(store, 'crm', hubspotConnector);
 */
export async function loadConnection<C>(
  store: Pick<Store, 'getConnection'>,
  id: string,
  connector: ConnectorDefinition<C>,
): Promise<ActionConnection<C>> {
  const record = await store.getConnection(id);
  if (!record) throw new ConnectionLookupError(id, connector.id, 'CONNECTION_NOT_FOUND');
  return parseConnection(connector, record);
}
