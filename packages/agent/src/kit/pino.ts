import { type DestinationStream, pino } from 'pino';
import type { Logger } from './logger.ts';
import { redact, redactText } from './redact.ts';
import { REDACTED } from './secret.ts';

/**
 * Log levels accepted by `HOTPILOT_LOG_LEVEL`.
 *
 * @example
 * import { LOG_LEVELS } from './pino.ts';
 * LOG_LEVELS.includes('debug'); // true
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * One of {@link LOG_LEVELS}.
 *
 * @example
 * import type { LogLevel } from './pino.ts';
 * const level: LogLevel = 'warn';
 */
export type LogLevel = (typeof LOG_LEVELS)[number];

// Keys whose values pino replaces wherever they appear in the first three levels of a log object. Header names
// are the lower-case ones Node gives; camelCase and snake_case cover our records and Hotmart's wire names.
const SECRET_KEYS = [
  'x-hotmart-hottok',
  'hottok',
  'hottoks',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'clientSecret',
  'client_secret',
  'secret',
  'basic',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'apiKey',
  'api_key',
  'key',
  'secretKey',
  'encryptionKey',
  'password',
  'credentials',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const plain = /^[A-Za-z_$][\w$]*$/.test(key);
    const self = plain ? key : `["${key}"]`;
    const child = plain ? `.${key}` : self;
    paths.push(self, `*${child}`, `*.*${child}`);
  }
  return paths;
}

/**
 * Options of `createPinoLogger`.
 *
 * @example
 * import type { PinoLoggerOptions } from './pino.ts';
 * const options: PinoLoggerOptions = { level: 'debug', bindings: { role: 'web' } };
 */
export interface PinoLoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** Where JSON lines go; default standard output (synchronous, so nothing is lost on exit). */
  destination?: DestinationStream;
  /** Fields added to every line (e.g. `{ role: 'worker' }`). */
  bindings?: Record<string, unknown>;
}

/**
 * The one pino instance of a hotpilot process: JSON lines, with `redact` covering hottok headers, authorization,
 * cookies, client secrets, tokens and keys, errors serialized through `redact()`, and string messages passed through
 * `redactText()`, so a secret interpolated into a message is masked too. Pino's own `isLevelEnabled` is the
 * logger's, so `lazyChild` makes no child for a level this logger drops.
 *
 * @example
 * import { createPinoLogger } from './pino.ts';
 * const logger = createPinoLogger({ level: 'info' });
 * logger.info({ headers: { 'x-hotmart-hottok': 'abc' } }, 'received'); // … "x-hotmart-hottok":"[redacted]" …
 */
export function createPinoLogger(options: PinoLoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid, ...options.bindings },
      redact: { paths: redactPaths(), censor: REDACTED },
      serializers: { err: (error: unknown) => redact(error) },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg = args[i];
            if (typeof arg === 'string') args[i] = redactText(arg);
          }
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
  return logger;
}
