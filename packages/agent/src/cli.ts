#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli/cli-context.ts';
import { UsageError } from './cli/cli-context.ts';
import { connectionsCommand } from './cli/connections-command.ts';
import { migrateCommand } from './cli/migrate-command.ts';
import { startCommand } from './cli/start-command.ts';
import { ConfigError, connectionSecretsFromEnv, type HotpilotConfig, loadConfig } from './config.ts';
import { silentLogger } from './kit/logger.ts';
import { redactText } from './kit/redact.ts';
import { handleSignals, openConfiguredStore, startHotpilot } from './main.ts';

/**
 * Exit codes: 0 success, 1 failure, 2 the command was called wrongly.
 *
 * @example
 * import { EXIT, runCli } from './cli.ts';
 * if ((await runCli(['migrate'])) === EXIT.failure) console.error('migration failed');
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Options of `runCli`; the defaults are the real process (environment, standard output and error).
 *
 * @example
 * import type { CliOptions } from './cli.ts';
 * const lines: string[] = [];
 * const options: CliOptions = { env: { HOTPILOT_DATA_DIR: '/tmp/hp' }, out: (line) => lines.push(line) };
 */
export interface CliOptions {
  env?: Readonly<Record<string, string | undefined>>;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/**
 * Runs the `hotpilot` command line with the given arguments (without `node` and the script) and resolves to the
 * exit code. `start` resolves once the server listens; the process then lives until a signal.
 *
 * @example
 * import { runCli } from './cli.ts';
 * const code = await runCli(['connections', 'ls']);
 * process.exitCode = code;
 */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let config: HotpilotConfig | null = null;
  const configuration = () => {
    config ??= loadConfig(options.env);
    return config;
  };

  const context: CliContext = {
    out,
    err,
    async openStore(openOptions = {}) {
      const store = await openConfiguredStore(configuration(), silentLogger);
      if (openOptions.migrate) {
        try {
          await store.migrate();
        } catch (error) {
          await store.close().catch(() => {});
          throw error;
        }
      }
      return store;
    },
    publicUrl: () => configuration().publicUrl,
    connectionSecrets: () => connectionSecretsFromEnv(options.env),
    async start(role) {
      const base = configuration();
      const effective: HotpilotConfig = role ? Object.freeze({ ...base, role }) : base;
      const hotpilot = await startHotpilot(effective);
      handleSignals(hotpilot, { deadlineMs: effective.shutdownDeadlineMs });
      return { url: hotpilot.url };
    },
  };

  const program = new Command('hotpilot')
    .description('hotpilot: a self-hosted operations agent for Hotmart sellers')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out(text.replace(/\n$/, '')),
      writeErr: (text) => err(text.replace(/\n$/, '')),
    })
    .showHelpAfterError('(add --help for usage)');
  program.addCommand(startCommand(context));
  program.addCommand(migrateCommand(context));
  program.addCommand(connectionsCommand(context));
  // Subcommands are built before they are added, so they take these settings explicitly.
  for (const command of allCommands(program)) {
    command
      .exitOverride()
      .configureOutput(program.configureOutput())
      .showHelpAfterError('(add --help for usage)');
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `hotpilot` or `hotpilot connections` alone print help as an error (code `commander.help`): that is usage.
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return ok ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      err(`error: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      err(error.message);
      return EXIT.failure;
    }
    err(`error: ${redactText(error instanceof Error ? error.message : String(error))}`);
    return EXIT.failure;
  }
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}

function packageVersion(): string {
  // One level above both src/ and dist/.
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
