import { Command, Option } from 'commander';
import { CLI_ROLES, type CliContext, type CliRole } from './cli-context.ts';
import { cliText } from './cli-messages.ts';

/**
 * `hotpilot start [--role web|worker|all]`: runs the server until SIGTERM/SIGINT.
 *
 * @example
 * import { Command } from 'commander';
 * import { startCommand } from './start-command.ts';
 * new Command('hotpilot').addCommand(startCommand(context));
 */
export function startCommand(context: CliContext): Command {
  return new Command('start')
    .description('run hotpilot: receive webhooks and run workflows until stopped (SIGTERM/SIGINT)')
    .addOption(
      new Option(
        '--role <role>',
        'web: webhooks only; worker: workflows only; all: both (default: HOTPILOT_ROLE or all)',
      ).choices(CLI_ROLES),
    )
    .action(async (options: { role?: CliRole }) => {
      const { url } = await context.start(options.role);
      context.err(cliText(context.locale)('start.listening', { url }));
    });
}
