import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Store } from './port.ts';

/**
 * The database handle behind a store, for repositories that live in the store layer next to the adapters (the
 * mirror, users and sessions, MCP approvals). They keep their SQL dialect to themselves, as the adapters do; nothing
 * above the store layer may call this.
 *
 * SQLite repositories must write inside `db.transaction(...)` (synchronous), never across an `await`: the
 * connection is shared with the inbox's group commit, and an open transaction across an await would swallow other
 * writers' statements.
 */
export type StoreInternals =
  | { dialect: 'sqlite'; db: Database.Database }
  | { dialect: 'postgres'; pool: pg.Pool; schema: string | undefined };

const internals = new WeakMap<Store, StoreInternals>();

/**
 * Records the handle behind a store (called by the adapters).
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { registerStoreInternals } from './internals.ts';
 * import type { Store } from './port.ts';
 * declare const store: Store;
 * registerStoreInternals(store, { dialect: 'sqlite', db: new Database(':memory:') });
 */
export function registerStoreInternals(store: Store, handle: StoreInternals): void {
  internals.set(store, handle);
}

/**
 * The handle behind a store opened by `createSqliteStore` or `createPostgresStore`.
 *
 * @example
 * import { storeInternals } from './internals.ts';
 * import type { Store } from './port.ts';
 * declare const store: Store;
 * const handle = storeInternals(store);
 * if (handle.dialect === 'sqlite') handle.db.prepare('SELECT 1').get();
 */
export function storeInternals(store: Store): StoreInternals {
  const handle = internals.get(store);
  if (!handle) throw new Error('this store was not opened by a hotpilot adapter');
  return handle;
}
