import { Command } from 'commander';
import type { CliContext } from './cli-context.ts';
import { cliText } from './cli-messages.ts';

/**
 * `hotpilot migrate`: applies pending database migrations and says which.
 *
 * @example
 * import { Command } from 'commander';
 * import { migrateCommand } from './migrate-command.ts';
 * new Command('hotpilot').addCommand(migrateCommand(context));
 */
export function migrateCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  return new Command('migrate').description('apply pending database migrations').action(async () => {
    const store = await context.openStore();
    try {
      const applied = await store.migrate();
      const { current } = await store.schemaVersion();
      context.out(
        applied.length === 0
          ? t('migrate.upToDate', { version: current })
          : t(applied.length === 1 ? 'migrate.appliedOne' : 'migrate.appliedMany', {
              versions: applied.join(', '),
              version: current,
            }),
      );
    } finally {
      await store.close();
    }
  });
}
