import type Database from 'better-sqlite3';
import type pg from 'pg';
import { storeInternals } from '../internals.ts';
import type { Store } from '../port.ts';
import { didNotRun, isConnectionError, storeErrorFrom } from '../postgres/postgres-connection.ts';
import { columnOf, fieldOf, type TableSpec } from './mirror-tables.ts';

/**
 * One SQL statement with `?` placeholders (turned into `$1…` on PostgreSQL). Booleans, JSON and NUL characters are
 * encoded per dialect, so callers write one text for both.
 *
 * @example
 * import type { Statement } from './mirror-sql.ts';
 * const statement: Statement = { sql: 'DELETE FROM mirror_offers WHERE connection_id = ?', params: ['main'] };
 */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/**
 * The mirror's access to the database behind a store: transactions of statements, reads, and table upserts
 * driven by a {@link TableSpec}. SQLite writes run inside one synchronous `db.transaction` (never across an await,
 * see `store/internals.ts`); PostgreSQL writes run in one `BEGIN … COMMIT` on a pooled client.
 *
 * @example
 * import type { Store } from '../port.ts';
 * import { createMirrorSql } from './mirror-sql.ts';
 * declare const store: Store;
 * const sql = createMirrorSql(store);
 * const rows = await sql.all('SELECT count(*) AS n FROM mirror_sales WHERE connection_id = ?', ['main']);
 */
export interface MirrorSql {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs the statements in order in one transaction; resolves with the number of rows each one changed. */
  transaction(statements: readonly Statement[]): Promise<number[]>;
  all(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * Inserts rows or updates existing ones by the table's rules, in one transaction. Rows repeating a key are
   * merged first by the same rules, so both dialects end with the same row. Resolves with the rows changed.
   */
  upsert(spec: TableSpec, rows: readonly object[]): Promise<number>;
  /** A read row (snake_case columns) as fields, booleans and JSON decoded by the table's description. */
  decode<Row>(spec: TableSpec, row: Record<string, unknown>): Row;
}

// One access per database connection, however many repositories are made on it (workflows make one per run): its
// prepared statements are prepared once, not once per repository.
const sqlByConnection = new WeakMap<object, MirrorSql>();

/**
 * The mirror's SQL access for a store opened by `createSqliteStore` or `createPostgresStore`: the same object for
 * every call on one store.
 *
 * @example
 * import type { Store } from '../port.ts';
 * import { createMirrorSql } from './mirror-sql.ts';
 * declare const store: Store;
 * console.log(createMirrorSql(store).dialect);
 */
export function createMirrorSql(store: Store): MirrorSql {
  const handle = storeInternals(store);
  const connection = handle.dialect === 'sqlite' ? handle.db : handle.pool;
  let sql = sqlByConnection.get(connection);
  if (!sql) {
    sql = handle.dialect === 'sqlite' ? sqliteSql(handle.db) : postgresSql(handle.pool);
    sqlByConnection.set(connection, sql);
  }
  return sql;
}

/**
 * Merges two rows with one key the way the database would apply them one after the other.
 *
 * @example
 * import { mirrorTables } from './mirror-tables.ts';
 * import { mergeRows } from './mirror-sql.ts';
 * const merged = mergeRows(mirrorTables.plans, { planId: '7', name: 'A' }, { planId: null, name: 'B' });
 * console.log(merged); // { planId: '7', name: 'B' }
 */
export function mergeRows(spec: TableSpec, first: object, second: object): object {
  const a = first as Record<string, unknown>;
  const b = second as Record<string, unknown>;
  if (spec.update === 'never') return a;
  if (spec.update === 'newer' && (b['stateAt'] as number) < (a['stateAt'] as number)) return a;
  const merged: Record<string, unknown> = { ...b };
  for (const [field, rule] of Object.entries(spec.merge)) {
    if (rule === 'coalesce') merged[field] = b[field] ?? a[field] ?? null;
    else if (rule === 'or') merged[field] = a[field] === true || b[field] === true;
  }
  return merged;
}

function dedupe(spec: TableSpec, rows: readonly object[]): object[] {
  const byKey = new Map<string, object>();
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    const key = JSON.stringify(spec.key.map((field) => record[field]));
    const existing = byKey.get(key);
    byKey.set(key, existing ? mergeRows(spec, existing, row) : row);
  }
  return [...byKey.values()];
}

function conflictClause(spec: TableSpec): string {
  const keyColumns = spec.key.map(columnOf).join(', ');
  if (spec.update === 'never') return `ON CONFLICT (${keyColumns}) DO NOTHING`;
  const sets = spec.fields
    .filter((field) => !spec.key.includes(field))
    .map((field) => {
      const column = columnOf(field);
      const rule = spec.merge[field] ?? 'replace';
      if (rule === 'coalesce') return `${column} = COALESCE(excluded.${column}, ${spec.table}.${column})`;
      if (rule === 'or') return `${column} = (excluded.${column} OR ${spec.table}.${column})`;
      return `${column} = excluded.${column}`;
    });
  const where = spec.update === 'newer' ? ` WHERE excluded.state_at >= ${spec.table}.state_at` : '';
  return `ON CONFLICT (${keyColumns}) DO UPDATE SET ${sets.join(', ')}${where}`;
}

function insertSql(spec: TableSpec, rowCount: number): string {
  const row = `(${spec.fields.map(() => '?').join(', ')})`;
  const values = Array.from({ length: rowCount }, () => row).join(', ');
  return `INSERT INTO ${spec.table} (${spec.fields.map(columnOf).join(', ')}) VALUES ${values} ${conflictClause(spec)}`;
}

function decodeRow<Row>(
  spec: TableSpec,
  row: Record<string, unknown>,
  json: (value: unknown) => unknown,
  bool: (value: unknown) => boolean,
): Row {
  const decoded: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const field = fieldOf(column);
    if (spec.json.has(field)) decoded[field] = json(value);
    else if (spec.bool.has(field)) decoded[field] = bool(value);
    else decoded[field] = value ?? null;
  }
  return decoded as Row;
}

function sqliteSql(db: Database.Database): MirrorSql {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const param = (value: unknown): unknown => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  };
  const json = (value: unknown) =>
    value === null || value === undefined ? null : JSON.parse(value as string);
  const bool = (value: unknown) => value === 1 || value === true;

  const encode = (spec: TableSpec, row: object): unknown[] =>
    spec.fields.map((field) => {
      const value = (row as Record<string, unknown>)[field];
      if (spec.json.has(field)) return value === undefined ? null : JSON.stringify(value);
      return param(value);
    });
  // Built once: a transaction function per call, and a table's upsert text per call, cost more than most upserts.
  const runAll = db.transaction((statements: readonly Statement[]) =>
    statements.map((statement) => prepare(statement.sql).run(...statement.params.map(param)).changes),
  );
  const writeRows = db.transaction((spec: TableSpec, statement: Database.Statement, batch: object[]) => {
    let changed = 0;
    for (const row of batch) changed += statement.run(...encode(spec, row)).changes;
    return changed;
  });
  const upserts = new WeakMap<TableSpec, Database.Statement>();
  const upsertOf = (spec: TableSpec): Database.Statement => {
    let statement = upserts.get(spec);
    if (!statement) {
      statement = prepare(insertSql(spec, 1));
      upserts.set(spec, statement);
    }
    return statement;
  };

  return {
    dialect: 'sqlite',
    async transaction(statements) {
      return runAll(statements);
    },
    async all(sql, params = []) {
      return prepare(sql).all(...params.map(param)) as Record<string, unknown>[];
    },
    async upsert(spec, rows) {
      if (rows.length === 0) return 0;
      return writeRows(spec, upsertOf(spec), dedupe(spec, rows));
    },
    decode: (spec, row) => decodeRow(spec, row, json, bool),
  };
}

const NUL = '\u0000';
const ESCAPED_NUL = '\\u0000';

/** PostgreSQL refuses NUL in TEXT and JSONB: it becomes U+FFFD (as the store's adapter does). */
function withoutNulDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll(NUL, '\uFFFD');
  if (Array.isArray(value)) return value.map(withoutNulDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key.replaceAll(NUL, '\uFFFD'), withoutNulDeep(item)]),
    );
  }
  return value;
}

function pgJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  return text.includes(ESCAPED_NUL) ? JSON.stringify(withoutNulDeep(JSON.parse(text))) : text;
}

function pgParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.includes(NUL) ? value.replaceAll(NUL, '\uFFFD') : value;
  return value;
}

function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** Parameters per statement, far below PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

function postgresSql(pool: pg.Pool): MirrorSql {
  const json = (value: unknown) => value ?? null;
  const bool = (value: unknown) => value === true;

  // A statement that certainly did not run (the session was gone) is retried once; a transaction that failed
  // that way committed nothing, so it is replayed whole.
  async function inTransaction(statements: readonly Statement[]): Promise<number[]> {
    if (statements.length === 0) return [];
    // One statement is atomic on its own: no BEGIN/COMMIT round trips.
    if (statements.length === 1) {
      const [only] = statements as [Statement];
      for (let attempt = 0; ; attempt++) {
        try {
          return [(await pool.query(numbered(only.sql), only.params.map(pgParam))).rowCount ?? 0];
        } catch (error) {
          if (attempt === 0 && didNotRun(error)) continue;
          throw storeErrorFrom(error);
        }
      }
    }
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        await client.query('BEGIN');
        const changed: number[] = [];
        for (const statement of statements) {
          const result = await client.query(numbered(statement.sql), statement.params.map(pgParam));
          changed.push(result.rowCount ?? 0);
        }
        await client.query('COMMIT');
        client.release();
        return changed;
      } catch (error) {
        if (client) {
          await client.query('ROLLBACK').catch(() => {});
          client.release(isConnectionError(error) ? (error as Error) : undefined);
        }
        if (attempt === 0 && didNotRun(error)) continue;
        throw storeErrorFrom(error);
      }
    }
  }

  return {
    dialect: 'postgres',
    transaction: inTransaction,
    async all(sql, params = []) {
      const text = numbered(sql);
      const values = params.map(pgParam);
      try {
        return (await pool.query(text, values)).rows as Record<string, unknown>[];
      } catch (error) {
        if (!isConnectionError(error)) throw storeErrorFrom(error);
        try {
          return (await pool.query(text, values)).rows as Record<string, unknown>[];
        } catch (again) {
          throw storeErrorFrom(again);
        }
      }
    },
    async upsert(spec, rows) {
      if (rows.length === 0) return 0;
      const unique = dedupe(spec, rows);
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / spec.fields.length));
      const statements: Statement[] = [];
      for (let start = 0; start < unique.length; start += perStatement) {
        const chunk = unique.slice(start, start + perStatement);
        const params: unknown[] = [];
        for (const row of chunk) {
          for (const field of spec.fields) {
            const value = (row as Record<string, unknown>)[field];
            params.push(spec.json.has(field) ? pgJson(value) : value);
          }
        }
        statements.push({ sql: insertSql(spec, chunk.length), params });
      }
      const changed = await inTransaction(statements);
      return changed.reduce((sum, count) => sum + count, 0);
    },
    decode: (spec, row) => decodeRow(spec, row, json, bool),
  };
}
