/**
 * The two SQL dialects the store speaks.
 *
 * @example
 * import type { Dialect } from './migration.ts';
 * const jsonType = (dialect: Dialect) => (dialect === 'postgres' ? 'JSONB' : 'TEXT');
 */
export type Dialect = 'sqlite' | 'postgres';

/**
 * One forward-only schema change. Versions are consecutive integers starting at 1; a released migration is never
 * edited, only followed by a new one. Each dialect gets its own statements, run in order inside one transaction
 * together with the `schema_migrations` row that records them.
 *
 * @example
 * import type { Migration } from './migration.ts';
 * const addIndex: Migration = {
 *   version: 3,
 *   name: 'audit-by-actor',
 *   statements: {
 *     sqlite: ['CREATE INDEX audit_log_actor ON audit_log (actor, id)'],
 *     postgres: ['CREATE INDEX audit_log_actor ON audit_log (actor, id)'],
 *   },
 * };
 */
export interface Migration {
  version: number;
  /** kebab-case, shown by `hotpilot migrate` and stored in `schema_migrations.name`. */
  name: string;
  statements: Readonly<Record<Dialect, readonly string[]>>;
}
