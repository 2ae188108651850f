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
