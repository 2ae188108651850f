import type { Migration } from './migration.ts';
import { initialSchema } from './v001-initial.ts';
import { lookupAndRetentionIndexes } from './v002-lookup-and-retention-indexes.ts';
import { claimOrderIndex } from './v003-claim-order-index.ts';
import { mirrorTables } from './v004-mirror.ts';
import { peopleAndAccess } from './v005-people-and-access.ts';
import { openAndFinishedRunIndexes } from './v006-open-and-finished-run-indexes.ts';

/**
 * Every migration this build knows, oldest first. An explicit list (no directory scan), so a bundle or a missing
 * file can never silently skip a version.
 *
 * @example
 * import { migrations } from './migrations.ts';
 * console.log(migrations.map((m) => `${m.version} ${m.name}`));
 */
export const migrations: readonly Migration[] = [
  initialSchema,
  lookupAndRetentionIndexes,
  claimOrderIndex,
  mirrorTables,
  peopleAndAccess,
  openAndFinishedRunIndexes,
];

/**
 * The newest schema version this build knows.
 *
 * @example
 * import { latestSchemaVersion } from './migrations.ts';
 * console.log(`schema v${latestSchemaVersion}`);
 */
export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;

/**
 * Checks that a migration list is numbered 1, 2, 3… with no gap or repeat (a broken list is a build bug, caught
 * before anything touches the database).
 *
 * @example
 * import { assertMigrationList, migrations } from './migrations.ts';
 * assertMigrationList(migrations);
 */
export function assertMigrationList(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
