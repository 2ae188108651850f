import { Command } from 'commander';
import type { CliContext } from './cli-context.ts';

/**
 * `hotpilot migrate`: applies pending database migrations and says which.
 *
 * @example
 * import { Command } from 'commander';
 * import { migrateCommand } from './migrate-command.ts';
 * new Command('hotpilot').addCommand(migrateCommand(context));
 */
export function migrateCommand(context: CliContext): Command {
  return new Command('migrate').description('apply pending database migrations').action(async () => {
    const store = await context.openStore();
    try {
      const applied = await store.migrate();
      const { current } = await store.schemaVersion();
      context.out(
        applied.length === 0
          ? `database is up to date (version ${current})`
          : `applied migration${applied.length === 1 ? '' : 's'} ${applied.join(', ')}; database at version ${current}`,
      );
    } finally {
      await store.close();
    }
  });
}
