import type Database from 'better-sqlite3';
import type pg from 'pg';
import { StoreError } from '../errors.ts';
import { storeInternals } from '../internals.ts';
import type { Store } from '../port.ts';
import { didNotRun, isConnectionError, storeErrorFrom } from '../postgres/postgres-connection.ts';

/**
 * One SQL statement with `?` placeholders, written once for both dialects (the people-and-access tables use only
 * portable SQL: plain SELECT/INSERT/UPDATE/DELETE, no upserts, no dialect functions).
 *
 * @example
 * import type { Statement } from './access-db.ts';
 * const statement: Statement = { sql: 'DELETE FROM sessions WHERE user_id = ?', params: ['u1'] };
 */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/**
 * The little database surface the users, sessions and API-token repositories need, over either adapter's handle.
 * Values are bound portably: booleans become 0/1 on SQLite (better-sqlite3 binds no booleans), arrays and objects
 * become JSON text (SQLite TEXT; PostgreSQL casts the text parameter into the JSONB column). Rows come back as the
 * driver gives them; the repositories normalise booleans and JSON with {@link readBoolean} and {@link readJson}.
 *
 * @example
 * import { accessDb } from './access-db.ts';
 * const db = accessDb(store);
 * const rows = await db.all<{ id: string }>('SELECT id FROM users WHERE role = ?', ['admin']);
 */
export interface AccessDb {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** One write; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Several writes in one transaction (all or none); resolves with each statement's changed-row count. */
  batch(statements: readonly Statement[]): Promise<number[]>;
}

type SqliteStatement = Database.Statement<unknown[], unknown>;
const sqliteCache = new WeakMap<Database.Database, Map<string, SqliteStatement>>();

/**
 * The access database of a store opened by `createSqliteStore` or `createPostgresStore`.
 *
 * @example
 * import { accessDb } from './access-db.ts';
 * const changed = await accessDb(store).run('DELETE FROM sessions WHERE expires_at <= ?', [Date.now()]);
 */
export function accessDb(store: Store): AccessDb {
  const handle = storeInternals(store);
  if (handle.dialect === 'sqlite') return sqliteAccess(handle.db);
  return postgresAccess(handle.pool);
}

/**
 * A boolean column as a boolean (SQLite stores 0/1, PostgreSQL has BOOLEAN).
 *
 * @example
 * import { readBoolean } from './access-db.ts';
 * readBoolean(1); // true
 */
export function readBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/**
 * A JSON column as a value (SQLite gives the text, PostgreSQL the parsed JSONB).
 *
 * @example
 * import { readJson } from './access-db.ts';
 * readJson('["read"]'); // ['read']
 */
export function readJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/**
 * A BIGINT/INTEGER column as a number, or null.
 *
 * @example
 * import { readMs } from './access-db.ts';
 * readMs(null); // null
 */
export function readMs(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function bind(value: unknown, dialect: 'sqlite' | 'postgres'): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return dialect === 'sqlite' ? (value ? 1 : 0) : value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

function sqliteAccess(db: Database.Database): AccessDb {
  let cache = sqliteCache.get(db);
  if (!cache) {
    cache = new Map();
    sqliteCache.set(db, cache);
  }
  const statements = cache;
  const prepare = (sql: string): SqliteStatement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const args = (params: readonly unknown[]) => params.map((p) => bind(p, 'sqlite'));
  // Every call is synchronous inside: the connection is shared with the inbox's group commit, and a transaction is
  // never held open across an await (store/internals.ts).
  const guard = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(sqliteError(error, db));
    }
  };
  return {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly unknown[] = []) =>
      guard(() => prepare(sql).all(...args(params)) as T[]),
    get: <T>(sql: string, params: readonly unknown[] = []) =>
      guard(() => prepare(sql).get(...args(params)) as T | undefined),
    run: (sql, params = []) => guard(() => db.transaction(() => prepare(sql).run(...args(params)).changes)()),
    batch: (list) =>
      guard(() => db.transaction(() => list.map((s) => prepare(s.sql).run(...args(s.params)).changes))()),
  };
}

function sqliteError(error: unknown, db: Database.Database): unknown {
  if (!db.open) return new StoreError('closed', 'the store is closed', { cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new StoreError('conflict', 'the record exists already', { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new StoreError('not_found', 'the record it refers to does not exist', { cause: error });
  }
  return error;
}

/** `?` → `$1`, `$2`… (the statements here hold no `?` inside string literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function postgresAccess(pool: pg.Pool): AccessDb {
  const args = (params: readonly unknown[]) => params.map((p) => bind(p, 'postgres'));
  // Reads are retried once on any dropped connection; writes only when they certainly did not run
  // (store/ARCHITECTURE.md, "PostgreSQL availability").
  const query = async (sql: string, params: readonly unknown[], write: boolean): Promise<pg.QueryResult> => {
    const text = numbered(sql);
    try {
      return await pool.query(text, args(params));
    } catch (error) {
      const retry = write ? didNotRun(error) : isConnectionError(error);
      if (!retry) throw postgresError(error);
      try {
        return await pool.query(text, args(params));
      } catch (again) {
        throw postgresError(again);
      }
    }
  };
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(sql, params, false)).rows as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(sql, params, false)).rows[0] as T | undefined,
    run: async (sql, params = []) => (await query(sql, params, true)).rowCount ?? 0,
    async batch(list) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw postgresError(error);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const counts: number[] = [];
        for (const statement of list) {
          const result = await client.query(numbered(statement.sql), args(statement.params));
          counts.push(result.rowCount ?? 0);
        }
        await client.query('COMMIT');
        return counts;
      } catch (error) {
        if (isConnectionError(error)) broken = error as Error;
        else await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
        throw postgresError(error);
      } finally {
        client.release(broken);
      }
    },
  };
}

function postgresError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505') return new StoreError('conflict', 'the record exists already', { cause: error });
  if (code === '23503') {
    return new StoreError('not_found', 'the record it refers to does not exist', { cause: error });
  }
  if (error instanceof Error && /Cannot use a pool after calling end/i.test(error.message)) {
    return new StoreError('closed', 'the store is closed', { cause: error });
  }
  return storeErrorFrom(error);
}
