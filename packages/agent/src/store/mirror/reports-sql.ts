import type Database from 'better-sqlite3';
import type pg from 'pg';
import { StoreError } from '../errors.ts';
import { storeInternals } from '../internals.ts';
import type { Store } from '../port.ts';
import { isConnectionError, storeErrorFrom } from '../postgres/postgres-connection.ts';
import { localDateOf } from './reports-time.ts';

/**
 * How the reports talk to the mirror tables: each report builds its statements for one dialect (the SQL of both
 * dialects lives here in the store layer, STYLE "business code never writes SQL dialect"), and `readMirror` runs
 * them as one consistent read — SQLite: one synchronous transaction; PostgreSQL: one REPEATABLE READ, READ ONLY
 * transaction on one connection, so a sync writing meanwhile can't make the opening and the closing of a report
 * disagree.
 */

/**
 * The SQL dialect a statement is built for.
 *
 * @example
 * import type { ReportDialect } from './reports-sql.ts';
 * const dialect: ReportDialect = 'postgres';
 */
export type ReportDialect = 'sqlite' | 'postgres';

/**
 * One statement with `?` placeholders (turned into `$1…` for PostgreSQL) and its values.
 *
 * @example
 * import type { ReportStatement } from './reports-sql.ts';
 * const statement: ReportStatement = { sql: 'SELECT count(*) AS n FROM mirror_sales WHERE connection_id = ?', params: ['main'] };
 */
export interface ReportStatement {
  sql: string;
  params: unknown[];
}

/**
 * A result row: column name → value (numbers for counts and integer cents in both dialects).
 *
 * @example
 * import type { ReportRow } from './reports-sql.ts';
 * const row: ReportRow = { currency: 'BRL', cents: 19_700 };
 */
export type ReportRow = Record<string, unknown>;

/** The SQLite function that gives the local date of an epoch-ms instant in a time zone (SQLite has no zones). */
const LOCAL_DATE_FUNCTION = 'hotpilot_local_date';
const withLocalDate = new WeakSet<Database.Database>();

function registerFunctions(db: Database.Database): void {
  if (withLocalDate.has(db)) return;
  db.function(LOCAL_DATE_FUNCTION, { deterministic: true }, (ms: unknown, timeZone: unknown) =>
    typeof ms === 'number' && typeof timeZone === 'string' ? localDateOf(ms, timeZone) : null,
  );
  withLocalDate.add(db);
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

function sqliteError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/no such table/i.test(message)) {
    return new StoreError('schema', `the mirror tables are missing; run \`hotpilot migrate\` (${message})`, {
      cause: error,
    });
  }
  if (/database connection is not open/i.test(message)) {
    return new StoreError('closed', 'the store is closed', { cause: error });
  }
  return error;
}

function postgresError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  // 22023 invalid_parameter_value: a zone name Node knows but this server's time-zone data does not.
  if (code === '22023' && /time zone/i.test((error as Error).message)) {
    return new StoreError('invalid', `PostgreSQL does not know this time zone: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (error instanceof Error && /after calling end on the pool/i.test(error.message)) {
    return new StoreError('closed', 'the store is closed', { cause: error });
  }
  return storeErrorFrom(error);
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function readPostgres(pool: pg.Pool, statements: readonly ReportStatement[]): Promise<ReportRow[][]> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw postgresError(error);
  }
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const results: ReportRow[][] = [];
    for (const statement of statements) {
      results.push((await client.query(numbered(statement.sql), statement.params)).rows as ReportRow[]);
    }
    await client.query('COMMIT');
    return results;
  } catch (error) {
    if (isConnectionError(error)) broken = error as Error;
    else await client.query('ROLLBACK').catch(() => {});
    throw postgresError(error);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * Runs a report's statements against the store's mirror as one consistent read and returns each statement's rows.
 * `build` is called with the store's dialect. A PostgreSQL read that lost its connection is retried once (it only
 * reads); failures come out as `StoreError` (`unavailable`, `schema`, `closed`, `invalid`).
 *
 * @example
 * import { readMirror } from './reports-sql.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const [rows] = await readMirror(store, () => [{ sql: 'SELECT count(*) AS n FROM mirror_sales', params: [] }]);
 */
export async function readMirror(
  store: Store,
  build: (dialect: ReportDialect) => ReportStatement[],
): Promise<ReportRow[][]> {
  const handle = storeInternals(store);
  if (handle.dialect === 'sqlite') {
    const statements = build('sqlite');
    const { db } = handle;
    try {
      registerFunctions(db);
      // A deferred read transaction: every statement sees the same snapshot, and nothing awaits inside it.
      return db.transaction(() =>
        statements.map((statement) => prepared(db, statement.sql).all(...statement.params) as ReportRow[]),
      )();
    } catch (error) {
      throw sqliteError(error);
    }
  }
  const statements = build('postgres');
  try {
    return await readPostgres(handle.pool, statements);
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'unavailable')) throw error;
    return readPostgres(handle.pool, statements);
  }
}

/**
 * SQL for an amount in integer cents, rounded half away from zero the same way in both dialects (`floor(x·100 +
 * ½)`, not each engine's own ROUND, which differ on halves), so sums are exact and a report reconciles to the cent.
 *
 * @example
 * import { centsSql } from './reports-sql.ts';
 * centsSql('sqlite', 's.price'); // 'CASE WHEN (s.price) < 0 THEN …'
 */
export function centsSql(dialect: ReportDialect, expression: string): string {
  if (dialect === 'sqlite') {
    return `(CASE WHEN (${expression}) < 0 THEN -CAST(0.5 - (${expression}) * 100 AS INTEGER) ELSE CAST((${expression}) * 100 + 0.5 AS INTEGER) END)`;
  }
  return `(CASE WHEN (${expression}) < 0 THEN -FLOOR(0.5 - (${expression}) * 100) ELSE FLOOR((${expression}) * 100 + 0.5) END)::bigint`;
}

/**
 * SQL for `SUM(expression)` as a number in both dialects (PostgreSQL sums BIGINT as NUMERIC, which pg returns as a
 * string).
 *
 * @example
 * import { sumSql } from './reports-sql.ts';
 * sumSql('postgres', 'cents'); // 'CAST(COALESCE(SUM(cents), 0) AS BIGINT)'
 */
export function sumSql(dialect: ReportDialect, expression: string): string {
  return dialect === 'postgres'
    ? `CAST(COALESCE(SUM(${expression}), 0) AS BIGINT)`
    : `COALESCE(SUM(${expression}), 0)`;
}

/**
 * SQL for "this boolean column is true" (INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL).
 *
 * @example
 * import { isTrueSql } from './reports-sql.ts';
 * isTrueSql('sqlite', 's.trial'); // '(s.trial = 1)'
 */
export function isTrueSql(dialect: ReportDialect, column: string): string {
  return dialect === 'postgres' ? `(${column} IS TRUE)` : `(${column} = 1)`;
}

/**
 * SQL for the local calendar date (`YYYY-MM-DD` text) of an epoch-ms column in a time zone given as SQL (usually
 * a placeholder from `ReportParams.bind`).
 *
 * @example
 * import { localDateSql } from './reports-sql.ts';
 * localDateSql('postgres', 's.order_date', '?'); // "to_char((to_timestamp(s.order_date / 1000.0) AT TIME ZONE ?), 'YYYY-MM-DD')"
 */
export function localDateSql(dialect: ReportDialect, msColumn: string, timeZoneSql: string): string {
  return dialect === 'postgres'
    ? `to_char((to_timestamp(${msColumn} / 1000.0) AT TIME ZONE ${timeZoneSql}), 'YYYY-MM-DD')`
    : `${LOCAL_DATE_FUNCTION}(${msColumn}, ${timeZoneSql})`;
}

/**
 * How a report groups dates: by local day, by week (starting on Monday, ISO 8601) or by calendar month.
 *
 * @example
 * import type { Granularity } from './reports-sql.ts';
 * const granularity: Granularity = 'week';
 */
export type Granularity = 'day' | 'week' | 'month';

/**
 * SQL turning a local date (`YYYY-MM-DD` text) into the first day of its bucket, as `YYYY-MM-DD` text.
 *
 * @example
 * import { bucketSql } from './reports-sql.ts';
 * bucketSql('sqlite', 'month', 'x.local_date'); // "substr(x.local_date, 1, 8) || '01'"
 */
export function bucketSql(dialect: ReportDialect, granularity: Granularity, dateColumn: string): string {
  if (granularity === 'day') return dateColumn;
  if (dialect === 'postgres') {
    return `to_char(date_trunc('${granularity}', CAST(${dateColumn} AS date)), 'YYYY-MM-DD')`;
  }
  if (granularity === 'month') return `substr(${dateColumn}, 1, 8) || '01'`;
  // strftime('%w') counts from Sunday = 0; weeks start on Monday.
  return `date(${dateColumn}, '-' || ((CAST(strftime('%w', ${dateColumn}) AS INTEGER) + 6) % 7) || ' days')`;
}

/**
 * Collects a statement's values in the order their placeholders appear: `bind(value)` records the value and
 * returns `?`. Build the SQL text left to right (template literals evaluate their parts in order) and the values
 * line up with the placeholders.
 *
 * @example
 * import { createParams } from './reports-sql.ts';
 * const params = createParams();
 * const sql = `SELECT * FROM mirror_sales WHERE order_date >= ${params.bind(0)} AND order_date < ${params.bind(1)}`;
 * console.log(params.values); // [0, 1]
 */
export function createParams(): { values: unknown[]; bind(value: unknown): string } {
  const values: unknown[] = [];
  return {
    values,
    bind(value: unknown): string {
      values.push(value);
      return '?';
    },
  };
}

/**
 * A column value as a number (0 for null), for counts and cents read back from either driver.
 *
 * @example
 * import { num } from './reports-sql.ts';
 * num({ n: 3 }, 'n'); // 3
 */
export function num(row: ReportRow, column: string): number {
  const value = row[column];
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/**
 * A column value as a string, or null.
 *
 * @example
 * import { text } from './reports-sql.ts';
 * text({ currency: 'BRL' }, 'currency'); // 'BRL'
 */
export function text(row: ReportRow, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : String(value);
}
