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
  /**
   * Whether a line at this level would be written (pino loggers have it). Optional: a logger without it is taken
   * to write every level. `lazyChild` asks it so a disabled `trace`/`debug` costs no child logger.
   */
  isLevelEnabled?(level: LoggerLevel): boolean;
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  fatal(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * The levels a {@link Logger} writes at, lowest first.
 *
 * @example
 * import type { LoggerLevel } from './logger.ts';
 * const level: LoggerLevel = 'debug';
 */
export type LoggerLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const noop = (): void => {};

/**
 * A logger that drops everything; the default in tests and libraries.
 *
 * @example
 * import { silentLogger } from './logger.ts';
 * silentLogger.child({ module: 'engine' }).info({}, 'never printed');
 */
export const silentLogger: Logger = {
  isLevelEnabled: () => false,
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  fatal: noop,
  child: () => silentLogger,
};

/**
 * A child logger that is made only when something is logged through it: `parent.child(bindings)` on the first line
 * at a level the parent writes. Runs and action calls each get a child with their ids, and most log nothing; a pino
 * child costs its bindings' redaction and serialisation whether it is used or not. The parent is asked about the
 * level on every line (`isLevelEnabled`), so a level changed at run time applies at once; a child already made also
 * filters with the level it was made with, as pino children do.
 *
 * @example
 * import { lazyChild, silentLogger } from './logger.ts';
 * const logger = lazyChild(silentLogger, { runId: 'sales.purchase:e1' });
 * logger.warn({ attempt: 2 }, 'retrying');
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let made: Logger | null = null;
  const enabled = (level: LoggerLevel): boolean => parent.isLevelEnabled?.(level) ?? true;
  const at =
    (level: LoggerLevel) =>
    (obj: object, msg?: string): void => {
      if (!enabled(level)) return;
      made ??= parent.child(bindings);
      made[level](obj, msg);
    };
  return {
    isLevelEnabled: enabled,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => lazyChild(parent, { ...bindings, ...more }),
  };
}
