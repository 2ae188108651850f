import { userInfo } from 'node:os';
import pg from 'pg';
import { StoreError } from '../errors.ts';

const INT8_OID = 20;

/**
 * Type parsers of every hotpilot connection: BIGINT (epoch-ms timestamps, counts, identity keys) becomes a number.
 * All of them stay far below 2^53. A per-pool parser, so other pg users in the process keep the global default.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as never,
};

/** Lower-case identifiers only, so the name needs no quoting anywhere (search_path option, lock keys, DDL). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * What the adapter needs to open its pool and its listening connection.
 *
 * @example
 * import { postgresTarget, type PostgresTarget } from './postgres-connection.ts';
 * const target: PostgresTarget = postgresTarget('postgres://127.0.0.1:5432/test', 'hotpilot');
 */
export interface PostgresTarget {
  /** pg client configuration (connection string with hotpilot's startup options merged in, type parsers). */
  config: pg.ClientConfig;
  /** The schema holding hotpilot's tables, or null for the connection's default `search_path`. */
  schema: string | null;
  /** A name scoping advisory locks and notifications to this schema (several hotpilots may share a database). */
  scope: string;
}

/**
 * Builds the connection settings: the `search_path` (when a schema is given) and a guard against sessions idling
 * inside a transaction go in the startup `options`, so every pooled connection has them without an extra round
 * trip. A connection string without a user gets the operating-system user, as libpq (`psql`) does.
 *
 * @example
 * import { postgresTarget } from './postgres-connection.ts';
 * const target = postgresTarget('postgres://127.0.0.1:5432/hotpilot', 'hotpilot');
 * console.log(target.scope); // 'hotpilot'
 */
export function postgresTarget(connectionString: string, schema?: string): PostgresTarget {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError('invalid', 'schema must be a lower-case identifier (letters, digits, underscore)');
  }
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // Never echo the string: it may hold a password.
    throw new StoreError('invalid', 'the PostgreSQL connection string is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreError('invalid', 'the PostgreSQL connection string must start with postgres://');
  }
  const startup = [url.searchParams.get('options') ?? ''];
  if (schema !== undefined) startup.push(`-c search_path=${schema}`);
  // A process frozen inside a transaction would hold the claim lock for everyone; PostgreSQL ends such sessions.
  startup.push('-c idle_in_transaction_session_timeout=60000');
  url.searchParams.set('options', startup.join(' ').trim());
  if (!url.searchParams.has('application_name')) url.searchParams.set('application_name', 'hotpilot');
  // pg only falls back to $USER, which service managers and CI shells may leave unset.
  if (!url.username && !url.searchParams.has('user') && !pg.defaults.user) {
    url.username = encodeURIComponent(userInfo().username);
  }

  const config: pg.ClientConfig = { connectionString: url.toString(), types, keepAlive: true };
  return { config, schema: schema ?? null, scope: schema ?? 'default' };
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // admin_shutdown (restart, pg_terminate_backend), crash_shutdown, cannot_connect_now (starting up)
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * True when an error means "the server is not reachable right now" (restart, killed connection, network) rather
 * than a problem with the statement.
 *
 * @example
 * import { isConnectionError } from './postgres-connection.ts';
 * isConnectionError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // true
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed/i.test(
    error.message,
  );
}

/** The server ended the session (restart, pg_terminate_backend) or refused it while starting up. */
const SESSION_ENDED = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED']);

/**
 * True when a failed statement certainly did not run, so one retry is safe even for writes: the connection could
 * not be opened, or the server had already ended the session (its pending work is rolled back, never committed).
 * A connection that merely vanished mid-statement is not such a case: the commit may have happened.
 *
 * @example
 * import { didNotRun } from './postgres-connection.ts';
 * didNotRun(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })); // true
 */
export function didNotRun(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SESSION_ENDED.has(code);
}

/**
 * Translates a driver error into the store's vocabulary: unreachable server → `unavailable`, missing tables →
 * `schema`; anything else is returned unchanged (it is a bug worth its original stack).
 *
 * @example
 * import { storeErrorFrom } from './postgres-connection.ts';
 * const error = storeErrorFrom(Object.assign(new Error('relation "runs" does not exist'), { code: '42P01' }));
 * console.log(error.message); // 'the database schema is missing; run `hotpilot migrate` (…)'
 */
export function storeErrorFrom(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (isConnectionError(error)) {
    return new StoreError('unavailable', `PostgreSQL is unavailable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if ((error as { code?: unknown })?.code === '42P01') {
    return new StoreError(
      'schema',
      `the database schema is missing; run \`hotpilot migrate\` (${(error as Error).message})`,
      { cause: error },
    );
  }
  return error;
}
