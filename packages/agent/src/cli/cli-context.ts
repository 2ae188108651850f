import type { Secret } from '../kit/secret.ts';
import type { Store } from '../store/port.ts';

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
  /** Opens the configured store; with `migrate`, pending migrations are applied first. The caller closes it. */
  openStore(options?: { migrate?: boolean }): Promise<Store>;
  /** `HOTPILOT_PUBLIC_URL`, or null. */
  publicUrl(): string | null;
  /** Connection secrets from the environment (`HOTPILOT_HOTTOK`, `HOTPILOT_CLIENT_ID`, `HOTPILOT_CLIENT_SECRET`). */
  connectionSecrets(): { hottok: Secret | null; clientId: string | null; clientSecret: Secret | null };
  /** Starts the server in the given role (default: the configured one) and keeps running until a signal. */
  start(role?: CliRole): Promise<{ url: string }>;
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
