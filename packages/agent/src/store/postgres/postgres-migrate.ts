import type pg from 'pg';
import { StoreError } from '../errors.ts';
import type { Migration } from '../migrations/migration.ts';
import { assertMigrationList } from '../migrations/migrations.ts';
import { isConnectionError } from './postgres-connection.ts';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/**
 * The newest applied version in the client's `search_path` (0 when the ledger doesn't exist yet).
 *
 * @example
 * import pg from 'pg';
 * import { postgresSchemaVersion } from './postgres-migrate.ts';
 * const client = new pg.Client('postgres://127.0.0.1:5432/test');
 * await client.connect();
 * console.log(await postgresSchemaVersion(client));
 */
export async function postgresSchemaVersion(client: pg.ClientBase | pg.Pool): Promise<number> {
  const ledger = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (ledger.rows[0]?.present !== true) return 0;
  const result = await client.query('SELECT MAX(version) AS version FROM schema_migrations');
  return (result.rows[0]?.version as number | null) ?? 0;
}

/**
 * Applies the pending migrations of `list` on one connection whose `search_path` is the target schema. A session
 * advisory lock scoped to the schema serialises concurrent migrators (two processes starting at once): the second
 * waits, then finds every version applied. The schema is created under the lock, because two concurrent
 * `CREATE SCHEMA IF NOT EXISTS` can still collide. Each migration runs in its own transaction with its ledger row.
 *
 * @example
 * import pg from 'pg';
 * import { migrations } from '../migrations/migrations.ts';
 * import { migratePostgres } from './postgres-migrate.ts';
 * const client = new pg.Client({ connectionString: 'postgres://127.0.0.1:5432/test', options: '-c search_path=demo' });
 * await client.connect();
 * const applied = await migratePostgres(client, { schema: 'demo', scope: 'demo' }, migrations, Date.now());
 */
export async function migratePostgres(
  client: pg.ClientBase,
  target: { schema: string | null; scope: string },
  list: readonly Migration[],
  appliedAt: number,
): Promise<number[]> {
  assertMigrationList(list);
  await client.query(`SELECT pg_advisory_lock(hashtext('hotpilot.migrate'), hashtext($1))`, [target.scope]);
  try {
    // The schema name was validated as a plain lower-case identifier, so it needs no quoting.
    if (target.schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
    await client.query(CREATE_LEDGER);
    const latest = list.length;
    const current = await postgresSchemaVersion(client);
    if (current > latest) {
      throw new StoreError(
        'schema',
        `the database schema is v${current}, newer than this hotpilot build knows (v${latest}); upgrade hotpilot`,
      );
    }
    const applied: number[] = [];
    for (const migration of list) {
      if (migration.version <= current) continue;
      await client.query('BEGIN');
      try {
        // One round trip for the whole migration (simple-query protocol; the statements take no parameters).
        await client.query(migration.statements.postgres.join(';\n'));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          appliedAt,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (isConnectionError(error)) throw error;
        throw new StoreError(
          'schema',
          `migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client
      .query(`SELECT pg_advisory_unlock(hashtext('hotpilot.migrate'), hashtext($1))`, [target.scope])
      .catch(() => {});
  }
}
