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
  /** A stored record's version: with it, `parseConnection` parses the record once until it changes. */
  updatedAt?: number;
}

/**
 * Checks a connection against its connector: the kind must match, and the credentials and settings must parse with
 * the connector's strict schemas. Failures are a `ConnectionLookupError` (wrong kind) or a `CredentialsError`
 * naming each field at fault (`credentials.accessToken`, `settings.baseUrl`) — never a value.
 *
 * A stored record (it has `updatedAt`; the connection cache hands out the same one for seconds) and a result of this
 * function given back (`loadConnection`, then `invokeAction`) are parsed once per connector: the result is
 * remembered and shared, so it is frozen, credentials and settings too. Stores build a new object on every read
 * and update; a record is parsed again when its id, kind, name, `updatedAt`, or its `credentials` or `settings`
 * object is not the one parsed. Anything else (a literal without `updatedAt`, whose nested objects may be edited
 * between calls) is parsed on every call, into a new unfrozen object. Errors are never remembered.
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
  const cached = parsedConnections.get(connection);
  if (cached && cached.connector === connector && sameVersion(cached, connection)) {
    return cached.result as ActionConnection<C>;
  }
  // Forget the old parse first, so a record that no longer parses keeps no answer from before.
  if (cached) parsedConnections.delete(connection);
  const parsed = checkConnection(connector, connection);
  if (!isMemoisable(connection)) return parsed;
  const result = frozenCopy(parsed);
  ownResults.add(result);
  parsedConnections.set(connection, versionOf(connector, connection, result));
  return result;
}

/** What a parse was made of, to tell whether the record is still the one parsed, and what it gave. */
interface ParsedVersion {
  connector: ConnectorDefinition<unknown>;
  id: string;
  kind: string;
  name: string | undefined;
  updatedAt: number | undefined;
  credentials: unknown;
  settings: unknown;
  result: ActionConnection<unknown>;
}

// One slot per record object (the last connector it was parsed for): a record is parsed for its own connector
// only, so a second connector merely replaces the slot and is checked in full. WeakMap/WeakSet: an entry goes
// with its record (the connection cache drops records after a few seconds).
const parsedConnections = new WeakMap<ConnectionLike, ParsedVersion>();
const ownResults = new WeakSet<object>();

function checkConnection<C>(
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

// A stored record carries `updatedAt` and is replaced, never edited, by the stores; our own results are frozen.
// Anything else (a literal a test or CLI builds) may have its nested credentials edited in place between calls.
function isMemoisable(connection: ConnectionLike): boolean {
  return ownResults.has(connection) || typeof connection.updatedAt === 'number';
}

function versionOf(
  connector: ConnectorDefinition<unknown>,
  connection: ConnectionLike,
  result: ActionConnection<unknown>,
): ParsedVersion {
  return {
    connector,
    id: connection.id,
    kind: connection.kind,
    name: connection.name,
    updatedAt: connection.updatedAt,
    credentials: connection.credentials,
    settings: connection.settings,
    result,
  };
}

function sameVersion(version: ParsedVersion, connection: ConnectionLike): boolean {
  return (
    version.id === connection.id &&
    version.kind === connection.kind &&
    version.name === connection.name &&
    version.updatedAt === connection.updatedAt &&
    version.credentials === connection.credentials &&
    version.settings === connection.settings
  );
}

// The result is shared by every caller of the same record, so no caller may change what another one reads. It is
// copied before freezing: zod hands unknown keys of loose schemas through by reference, and freezing those would
// freeze the caller's own record. Plain objects and arrays only (what the connectors' JSON schemas give).
function frozenCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = frozenCopy(item);
  return Object.freeze(copy) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
