/**
 * The logging shape every module takes by injection (pino-compatible: a `pino()` instance satisfies it).
 * Modules never create loggers themselves; `main.ts` builds one pino instance with redaction and passes it down.
 *
 * @example
 * import { silentLogger, type Logger } from './logger.ts';
 * function work(logger: Logger = silentLogger) {
 *   logger.info({ runs: 3 }, 'claimed runs');
 * }
 */
export interface Logger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  fatal(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

const noop = (): void => {};

/**
 * A logger that drops everything; the default in tests and libraries.
 *
 * @example
 * import { silentLogger } from './logger.ts';
 * silentLogger.child({ module: 'engine' }).info({}, 'never printed');
 */
export const silentLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  fatal: noop,
  child: () => silentLogger,
};

/**
 * A child logger that is made only when something is logged through it: `parent.child(bindings)` on first use. Runs
 * and action calls each get a child with their ids, and most log nothing; a pino child costs its bindings' redaction
 * and serialisation whether it is used or not.
 *
 * @example
 * import { lazyChild, silentLogger } from './logger.ts';
 * const logger = lazyChild(silentLogger, { runId: 'sales.purchase:e1' });
 * logger.warn({ attempt: 2 }, 'retrying');
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let made: Logger | null = null;
  const real = (): Logger => {
    made ??= parent.child(bindings);
    return made;
  };
  return {
    trace: (obj, msg) => real().trace(obj, msg),
    debug: (obj, msg) => real().debug(obj, msg),
    info: (obj, msg) => real().info(obj, msg),
    warn: (obj, msg) => real().warn(obj, msg),
    error: (obj, msg) => real().error(obj, msg),
    fatal: (obj, msg) => real().fatal(obj, msg),
    child: (more) => lazyChild(parent, { ...bindings, ...more }),
  };
}
