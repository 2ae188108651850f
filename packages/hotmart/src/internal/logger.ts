/**
 * The logging shape the client takes by injection: pino-compatible (`logger.warn(obj, msg)`), so a pino instance
 * fits as is. The client never logs secrets: only redacted URLs, statuses, codes and delays.
 *
 * @example
 * const logger: HotmartLogger = { debug() {}, info() {}, warn: (obj, msg) => console.warn(msg, obj), error() {} };
 */
export interface HotmartLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};

/**
 * The default logger: drops everything, because a library should be quiet unless given a logger.
 *
 * @example
 * silentLogger.warn({ status: 500 }, 'never printed');
 */
export const silentLogger: HotmartLogger = { debug: noop, info: noop, warn: noop, error: noop };
