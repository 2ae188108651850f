import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import type { Migration } from '../migrations/migration.ts';
import { assertMigrationList } from '../migrations/migrations.ts';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/**
 * The newest applied version of a SQLite database (0 for an empty one).
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { sqliteSchemaVersion } from './sqlite-migrate.ts';
 * sqliteSchemaVersion(new Database(':memory:')); // 0
 */
export function sqliteSchemaVersion(db: Database): number {
  const ledger = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get();
  if (!ledger) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Applies the pending migrations of `list`, each in its own `BEGIN IMMEDIATE` transaction together with its
 * `schema_migrations` row. The write lock is taken before the ledger is read, so two processes migrating one file
 * at once apply each version exactly once (the second waits on `busy_timeout`, then sees it done).
 * Returns the versions applied now; refuses a database newer than `list`.
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { migrations } from '../migrations/migrations.ts';
 * import { migrateSqlite } from './sqlite-migrate.ts';
 * const applied = migrateSqlite(new Database(':memory:'), migrations, Date.now());
 * console.log(applied); // [1, 2, 3]
 */
export function migrateSqlite(db: Database, list: readonly Migration[], appliedAt: number): number[] {
  assertMigrationList(list);
  db.exec(CREATE_LEDGER);
  const latest = list.length;
  const current = sqliteSchemaVersion(db);
  if (current > latest) {
    throw new StoreError(
      'schema',
      `the database schema is v${current}, newer than this hotpilot build knows (v${latest}); upgrade hotpilot`,
    );
  }

  const applied: number[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of list) {
    const apply = db.transaction(() => {
      if (isApplied.get(migration.version)) return false;
      for (const statement of migration.statements.sqlite) db.exec(statement);
      record.run(migration.version, migration.name, appliedAt);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(migration.version);
    } catch (error) {
      throw new StoreError(
        'schema',
        `migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return applied;
}
