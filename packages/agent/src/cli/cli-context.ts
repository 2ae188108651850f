import type { Locale } from '../kit/i18n/locale.ts';
import type { Logger } from '../kit/logger.ts';
import type { Secret } from '../kit/secret.ts';
import type { Store } from '../store/port.ts';
import type { DemoOptions, RunningDemo } from './demo-types.ts';
import type { Prompter } from './prompt.ts';

/**
 * The process roles `hotpilot start --role` accepts (the same as `ROLES` in config.ts, which this layer can't
 * import).
 *
 * @example
 * import { CLI_ROLES } from './cli-context.ts';
 * console.log(CLI_ROLES.join('|')); // web|worker|all
 */
export const CLI_ROLES = ['web', 'worker', 'all'] as const;

/**
 * One of {@link CLI_ROLES}.
 *
 * @example
 * import type { CliRole } from './cli-context.ts';
 * const role: CliRole = 'worker';
 */
export type CliRole = (typeof CLI_ROLES)[number];

/**
 * What the configuration says, without any secret: where data lives and how the server is reached. `doctor` and
 * `init` print and check these.
 *
 * @example
 * import type { CliEnvironment } from './cli-context.ts';
 * const describe = (env: CliEnvironment) => `${env.databaseKind} in ${env.dataDir}`;
 */
export interface CliEnvironment {
  dataDir: string;
  databaseKind: 'sqlite' | 'postgres';
  /** `<data dir>/secret.key`; used only when `encryptionKeyFromEnv` is false. */
  keyFile: string;
  /** True when `HOTPILOT_ENCRYPTION_KEY` gives the key (the key file is then not used). */
  encryptionKeyFromEnv: boolean;
  publicUrl: string | null;
  host: string;
  port: number;
  logLevel: string;
  /** MCP write gating from `HOTPILOT_MCP_*` (the defaults of `hotpilot mcp`). */
  mcp: {
    writes: 'off' | 'dry_run' | 'approval' | 'on';
    allow: readonly string[] | null;
    approvalTtlHours: number;
  };
}

/**
 * Standard error seen as a terminal, for progress bars: whether it is one, its width, and raw writes (no newline
 * added, so a bar can be redrawn in place).
 *
 * @example
 * import type { CliTerminal } from './cli-context.ts';
 * const bar = (terminal: CliTerminal) => terminal.isTTY && terminal.write('\r[####      ] 40%');
 */
export interface CliTerminal {
  readonly isTTY: boolean;
  readonly columns: number;
  write(text: string): void;
}

/**
 * What a command needs from the outside world, injected by `cli.ts` (the only place that knows the configuration
 * and the composition root), so commands stay testable and the import direction holds.
 *
 * @example
 * import type { CliContext } from './cli-context.ts';
 * async function hello(context: CliContext) {
 *   context.out('hello');
 * }
 */
export interface CliContext {
  /** One line on standard output. */
  out(line: string): void;
  /** One line on standard error. */
  err(line: string): void;
  /** The language people read the output in (`HOTPILOT_LOCALE`, else `LC_ALL`/`LC_MESSAGES`/`LANG`, else en). */
  readonly locale: Locale;
  /** Standard error as a terminal (progress bars). */
  readonly terminal: CliTerminal;
  /** Asks questions on the terminal; null when standard input is not one (scripts, CI, pipes). */
  readonly prompter: Prompter | null;
  /** Opens the configured store; with `migrate`, pending migrations are applied first. The caller closes it. */
  openStore(options?: { migrate?: boolean }): Promise<Store>;
  /** `HOTPILOT_PUBLIC_URL`, or null. */
  publicUrl(): string | null;
  /** The configuration, without secrets (throws the configuration's error when it is invalid). */
  environment(): CliEnvironment;
  /** The same context with some variables overridden (`init` opens the data directory it creates). */
  withEnv(overrides: Readonly<Record<string, string | undefined>>): CliContext;
  /** Connection secrets from the environment (`HOTPILOT_HOTTOK`, `HOTPILOT_CLIENT_ID`, `HOTPILOT_CLIENT_SECRET`). */
  connectionSecrets(): { hottok: Secret | null; clientId: string | null; clientSecret: Secret | null };
  /** A logger that writes JSON lines to standard error at the configured level (`hotpilot mcp`: stdout is the protocol). */
  stderrLogger(): Logger;
  /** Starts the server in the given role (default: the configured one) and keeps running until a signal. */
  start(role?: CliRole): Promise<{ url: string }>;
  /** Starts `hotpilot demo`: the emulator, the fakes, the SMTP catcher and hotpilot on a demo data directory. */
  demo(options: DemoOptions): Promise<RunningDemo>;
}

/**
 * A mistake in how a command was called: printed with a hint and exit code 2.
 *
 * @example
 * import { UsageError } from './cli-context.ts';
 * throw new UsageError('missing --hottok (or set HOTPILOT_HOTTOK)');
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The thing a command was asked about (an event, a run, an action, a connection) does not exist: exit code 3.
 *
 * @example
 * import { NotFoundError } from './cli-context.ts';
 * throw new NotFoundError('no run with id "r_1"');
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * The command failed and has already said why on its own lines (e.g. `doctor`'s ✗ checks): exit code 1, with this
 * message as the last line.
 *
 * @example
 * import { CommandFailedError } from './cli-context.ts';
 * throw new CommandFailedError('2 of 7 checks failed');
 */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}
