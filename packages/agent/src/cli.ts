#!/usr/bin/env node
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { actionsCommand } from './cli/actions-command.ts';
import type { CliContext, CliTerminal } from './cli/cli-context.ts';
import { CommandFailedError, NotFoundError, UsageError } from './cli/cli-context.ts';
import { cliLocale } from './cli/cli-locale.ts';
import { cliText } from './cli/cli-messages.ts';
import { connectionsCommand } from './cli/connections-command.ts';
import { demoCommand } from './cli/demo-command.ts';
import { doctorCommand } from './cli/doctor-command.ts';
import { eventsCommand } from './cli/events-command.ts';
import { initCommand } from './cli/init-command.ts';
import { mcpCommand } from './cli/mcp-command.ts';
import { migrateCommand } from './cli/migrate-command.ts';
import { createPrompter } from './cli/prompt.ts';
import { reportCommand } from './cli/report-command.ts';
import { runsCommand } from './cli/runs-command.ts';
import { startCommand } from './cli/start-command.ts';
import { subscribersCommand } from './cli/subscribers-command.ts';
import { syncCommand } from './cli/sync-command.ts';
import { ConfigError, connectionSecretsFromEnv, type HotpilotConfig, loadConfig } from './config.ts';
import { silentLogger } from './kit/logger.ts';
import { createPinoLogger, type LogLevel } from './kit/pino.ts';
import { redactText } from './kit/redact.ts';
import { loadOrCreateKeyFile } from './kit/secret-box.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/port.ts';

/**
 * Exit codes: 0 success, 1 failure, 2 the command was called wrongly, 3 what it was asked about does not exist.
 *
 * @example
 * import { EXIT, runCli } from './cli.ts';
 * if ((await runCli(['migrate'])) === EXIT.failure) console.error('migration failed');
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3 } as const;

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
  /** Where `init` asks its questions (default: standard input, when it is a terminal). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where progress bars go (default: standard error). */
  terminal?: CliTerminal;
}

/**
 * Runs the `hotpilot` command line with the given arguments (without `node` and the script) and resolves to the
 * exit code (see {@link EXIT}). `start` resolves once the server listens; the process then lives until a signal.
 * `demo` and `mcp` resolve when they stop (Ctrl-C; the MCP client closing standard input).
 *
 * @example
 * import { runCli } from './cli.ts';
 * const code = await runCli(['connections', 'ls']);
 * process.exitCode = code;
 */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const locale = cliLocale(options.env);
  const context = cliContext(() => loadConfig(options.env), options.env, {
    out,
    err,
    locale,
    stdin: options.stdin ?? process.stdin,
    terminal: options.terminal ?? {
      isTTY: process.stderr.isTTY === true,
      columns: process.stderr.columns ?? 80,
      write: (text) => process.stderr.write(text),
    },
  });

  const program = new Command('hotpilot')
    .description('hotpilot: a self-hosted operations agent for Hotmart sellers')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out(text.replace(/\n$/, '')),
      writeErr: (text) => err(text.replace(/\n$/, '')),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 failure, 2 wrong usage, 3 not found.\n' +
        'Messages follow HOTPILOT_LOCALE, else LC_ALL/LC_MESSAGES/LANG (pt-BR, es, en). Docs: docs/cli.md',
    );
  for (const command of [
    initCommand,
    startCommand,
    demoCommand,
    doctorCommand,
    migrateCommand,
    connectionsCommand,
    syncCommand,
    eventsCommand,
    runsCommand,
    actionsCommand,
    reportCommand,
    subscribersCommand,
    mcpCommand,
  ]) {
    program.addCommand(command(context));
  }
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
    const prefix = cliText(locale)('error.prefix');
    if (error instanceof UsageError) {
      err(`${prefix}: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof NotFoundError) {
      err(`${prefix}: ${error.message}`);
      return EXIT.notFound;
    }
    if (error instanceof ConfigError) {
      err(error.message);
      return EXIT.failure;
    }
    if (error instanceof CommandFailedError) {
      err(error.message);
      return EXIT.failure;
    }
    err(`${prefix}: ${redactText(error instanceof Error ? error.message : String(error))}`);
    return EXIT.failure;
  }
}

// The commands' view of the world (see CliContext). The configuration is read on first use, so `--help` and usage
// errors work whatever the environment holds.
function cliContext(
  load: () => HotpilotConfig,
  env: CliOptions['env'],
  io: Pick<CliContext, 'out' | 'err' | 'locale' | 'terminal'> & {
    stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  },
): CliContext {
  let config: HotpilotConfig | null = null;
  const configuration = () => {
    config ??= load();
    return config;
  };
  let prompter: CliContext['prompter'] | undefined;
  return {
    out: io.out,
    err: io.err,
    locale: io.locale,
    terminal: io.terminal,
    get prompter() {
      prompter ??= createPrompter(io.stdin, process.stderr);
      return prompter;
    },
    async openStore(openOptions = {}) {
      const store = await openCliStore(configuration());
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
    environment() {
      const current = configuration();
      return {
        dataDir: current.dataDir,
        databaseKind: current.databaseKind,
        keyFile: current.keyFile,
        encryptionKeyFromEnv: current.encryptionKey !== null,
        publicUrl: current.publicUrl,
        host: current.host,
        port: current.port,
        logLevel: current.logLevel,
        mcp: current.mcp,
      };
    },
    withEnv(overrides) {
      // `init` describes a new installation by its own settings alone; only the encryption key (never written to a
      // file) and the log level still come from this process's configuration.
      const defined = Object.fromEntries(
        Object.entries(overrides).filter(([, value]) => value !== undefined),
      );
      return cliContext(
        () => {
          const base = configuration();
          return Object.freeze({
            ...loadConfig(defined),
            encryptionKey: base.encryptionKey,
            logLevel: base.logLevel,
          });
        },
        env,
        io,
      );
    },
    connectionSecrets: () => connectionSecretsFromEnv(env),
    stderrLogger: () =>
      createPinoLogger({ level: configuration().logLevel as LogLevel, destination: process.stderr }),
    async start(role) {
      const base = configuration();
      const effective: HotpilotConfig = role ? Object.freeze({ ...base, role }) : base;
      const { handleSignals, startHotpilot } = await import('./main.ts');
      const hotpilot = await startHotpilot(effective);
      handleSignals(hotpilot, { deadlineMs: effective.shutdownDeadlineMs });
      return { url: hotpilot.url };
    },
    async demo(demoOptions) {
      // Loaded only for `demo`: it pulls in the emulator and the fakes, which no other command needs.
      const { startDemo } = await import('./demo/start-demo.ts');
      return startDemo(demoOptions);
    },
  };
}

// What `openConfiguredStore` in main.ts does, without loading main.ts: that module pulls in the HTTP app, the
// dashboard, the agents and every connector — seconds of start-up that `hotpilot events ls` has no use for. Keep the
// two in step (data directory 0700; key from HOTPILOT_ENCRYPTION_KEY, else the key file, created on first use).
async function openCliStore(config: HotpilotConfig): Promise<Store> {
  if (config.databaseKind === 'sqlite' || !config.encryptionKey) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  }
  const secretKey = config.encryptionKey?.reveal() ?? loadOrCreateKeyFile(config.keyFile);
  return openStore(config.databaseUrl.reveal(), secretKey, silentLogger);
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
  // `hotpilot events ls --json | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
