import { type Logger, silentLogger } from '../kit/logger.ts';
import { StoreError } from './errors.ts';
import type { Store } from './port.ts';
import { createPostgresStore } from './postgres/postgres-store.ts';
import { createSqliteStore } from './sqlite/sqlite-store.ts';

/**
 * Where a database URL points, as {@link parseStoreUrl} reads it.
 *
 * @example
 * import { parseStoreUrl, type StoreLocation } from './open-store.ts';
 * const location: StoreLocation = parseStoreUrl('sqlite::memory:');
 */
export type StoreLocation =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; connectionString: string; schema?: string };

/**
 * Reads a database URL: `postgres://…` or `postgresql://…` (an optional `schema` query parameter picks the schema
 * and is removed before the URL reaches the driver), `sqlite:/path/file.db`, `sqlite:///path/file.db`,
 * `sqlite:relative.db`, `sqlite::memory:`, or a plain file path. Errors never echo the URL (it may hold a password).
 *
 * @example
 * import { parseStoreUrl } from './open-store.ts';
 * parseStoreUrl('sqlite:/var/lib/hotpilot/hotpilot.db'); // { dialect: 'sqlite', path: '/var/lib/hotpilot/hotpilot.db' }
 * parseStoreUrl('postgres://db/hotpilot?schema=shop'); // { dialect: 'postgres', connectionString: 'postgres://db/hotpilot', schema: 'shop' }
 */
export function parseStoreUrl(url: string): StoreLocation {
  const text = typeof url === 'string' ? url.trim() : '';
  if (text.length === 0) throw new StoreError('invalid', 'the database URL is empty');
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new StoreError('invalid', 'the PostgreSQL database URL is not a valid URL');
    }
    const schema = parsed.searchParams.get('schema');
    if (schema === null) return { dialect: 'postgres', connectionString: text };
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  if (/^sqlite:/i.test(text)) {
    let path = text.slice('sqlite:'.length);
    // sqlite:///abs/path → /abs/path (URL form with an empty host).
    if (path.startsWith('//')) path = path.slice(2);
    if (path.length === 0) throw new StoreError('invalid', 'the SQLite database URL has no path');
    return { dialect: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new StoreError(
      'invalid',
      'unsupported database URL: use sqlite:/path, a file path, or postgres://',
    );
  }
  return { dialect: 'sqlite', path: text };
}

/**
 * Opens the store a database URL names (see {@link parseStoreUrl}). The store is not migrated yet: call
 * `migrate()` (the `hotpilot migrate` command and `startHotpilot` do).
 *
 * @example
 * import { openStore } from './open-store.ts';
 * const store = openStore('sqlite:/var/lib/hotpilot/hotpilot.db', Buffer.alloc(32, 1));
 * await store.migrate();
 * await store.close();
 */
export function openStore(url: string, secretKey: Buffer, logger: Logger = silentLogger): Store {
  const location = parseStoreUrl(url);
  if (location.dialect === 'sqlite') return createSqliteStore({ path: location.path, secretKey, logger });
  return createPostgresStore({
    connectionString: location.connectionString,
    secretKey,
    logger,
    ...(location.schema === undefined ? {} : { schema: location.schema }),
  });
}
