import { z } from 'zod';
import { type InputIssue, InvalidInputError } from '../errors.ts';
import { type HotmartLogger, silentLogger } from './logger.ts';
import { Secret } from './redact.ts';

/** The `fetch` the client calls; the global one by default. @example const f: FetchLike = fetch; */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Waits `ms` milliseconds (rejecting if `signal` aborts). @example const s: SleepFn = (ms) => new Promise((r) => setTimeout(r, ms)); */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Hosts per environment (reference §1): one token host for both, since the environment is decided by which
 * credentials you use; REST paths are identical on both API hosts.
 *
 * @example
 * HOTMART_ENVIRONMENTS.sandbox.apiBaseUrl; // 'https://sandbox.hotmart.com'
 */
export const HOTMART_ENVIRONMENTS = {
  production: {
    apiBaseUrl: 'https://developers.hotmart.com',
    tokenUrl: 'https://api-sec-vlc.hotmart.com/security/oauth/token',
  },
  sandbox: {
    apiBaseUrl: 'https://sandbox.hotmart.com',
    tokenUrl: 'https://api-sec-vlc.hotmart.com/security/oauth/token',
  },
} as const;

/**
 * Hotmart's documented limit: 500 requests per minute per credential, reads and writes together (reference §3.6).
 *
 * @example
 * const client = createHotmartClient({ clientId, clientSecret, rateLimit: { requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE / 2 } });
 */
export const DEFAULT_REQUESTS_PER_MINUTE = 500;

const isFunction = (value: unknown): boolean => typeof value === 'function';
const fn = <T>(description: string) => z.custom<T>(isFunction, `expected ${description}`);

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const LoggerSchema = z.custom<HotmartLogger>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['debug', 'info', 'warn', 'error'].every((level) =>
      isFunction((value as Record<string, unknown>)[level]),
    ),
  'expected an object with debug, info, warn and error functions (pino-compatible)',
);

/**
 * The options `createHotmartClient` accepts, validated strictly: an unknown key is reported by name, so a typo such
 * as `clientSecrt` fails at start instead of at the first request.
 *
 * @example
 * HotmartClientOptionsSchema.parse({ clientId: 'id', clientSecret: 'secret' });
 */
export const HotmartClientOptionsSchema = z.strictObject({
  clientId: z.string('expected a non-empty string').min(1, 'expected a non-empty string'),
  clientSecret: z.string('expected a non-empty string').min(1, 'expected a non-empty string'),
  basic: z.string('expected a non-empty string').min(1, 'expected a non-empty string').optional(),
  environment: z.enum(['production', 'sandbox'], "expected 'production' or 'sandbox'").optional(),
  apiBaseUrl: httpUrl.optional(),
  tokenUrl: httpUrl.optional(),
  fetch: fn<FetchLike>('a fetch function').optional(),
  now: fn<() => number>('a function returning epoch milliseconds').optional(),
  logger: LoggerSchema.optional(),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  rateLimit: z
    .union([
      z.literal(false),
      z.strictObject({ requestsPerMinute: z.number().int().positive().max(100_000).optional() }),
    ])
    .optional(),
  userAgent: z.string().min(1).optional(),
  sleep: fn<SleepFn>('a sleep(ms, signal) function').optional(),
  random: fn<() => number>('a function returning a number in [0, 1)').optional(),
});

/**
 * Options of `createHotmartClient`.
 *
 * - `clientId`, `clientSecret`: the developer credential (reference §2.1).
 * - `basic`: the dashboard's Basic token; derived as base64(`clientId:clientSecret`) when omitted.
 * - `environment`: `'production'` (default) or `'sandbox'`; `apiBaseUrl` / `tokenUrl` override the hosts
 *   (e.g. to point at the emulator).
 * - `fetch`, `now`, `logger`, `sleep`, `random`: injected I/O, for tests and for wiring into an app.
 * - `timeoutMs` (per attempt, default 30 000), `maxRetries` (default 3).
 * - `rateLimit`: the client-side budget, `{ requestsPerMinute }` (default 500), or `false` to turn it off.
 * - `userAgent`: the `User-Agent` header.
 *
 * @example
 * const options: HotmartClientOptions = { clientId: 'id', clientSecret: 'secret', environment: 'sandbox' };
 */
export type HotmartClientOptions = z.input<typeof HotmartClientOptionsSchema>;

/**
 * Options after validation and defaults; secrets wrapped so they cannot be printed.
 *
 * @example
 * const resolved: ResolvedOptions = resolveOptions({ clientId: 'id', clientSecret: 'secret' });
 */
export interface ResolvedOptions {
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly basic: Secret;
  readonly environment: 'production' | 'sandbox';
  readonly apiBaseUrl: string;
  readonly tokenUrl: string;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly logger: HotmartLogger;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly requestsPerMinute: number | false;
  readonly userAgent: string;
  readonly sleep: SleepFn;
  readonly random: () => number;
}

/**
 * Version sent in the default `User-Agent`.
 *
 * @example
 * const userAgent = `hotpilot-hotmart/${PACKAGE_VERSION}`;
 */
export const PACKAGE_VERSION = '0.1.0';

/**
 * Validates `createHotmartClient` options and applies defaults. Throws `InvalidInputError` naming every bad field;
 * values are never echoed, so a secret passed in the wrong field cannot end up in the message.
 *
 * @example
 * const resolved = resolveOptions({ clientId: 'id', clientSecret: 'secret' });
 * resolved.apiBaseUrl; // 'https://developers.hotmart.com'
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const parsed = HotmartClientOptionsSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError('Hotmart client options', toIssues(parsed.error));
  const options = parsed.data;
  const environment = options.environment ?? 'production';
  const hosts = HOTMART_ENVIRONMENTS[environment];
  // The dashboard shows a ready-made Basic value, which in practice is base64("client_id:client_secret") (reference
  // §2.1). Sources disagree on whether it is always that (⚠ §2.1/§9: W6W treats it as opaque), so a given value
  // wins and the derivation is only the fallback.
  const basic =
    options.basic?.replace(/^basic\s+/i, '') ??
    Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
  return {
    clientId: options.clientId,
    clientSecret: new Secret(options.clientSecret),
    basic: new Secret(basic),
    environment,
    apiBaseUrl: (options.apiBaseUrl ?? hosts.apiBaseUrl).replace(/\/+$/, ''),
    tokenUrl: options.tokenUrl ?? hosts.tokenUrl,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? Date.now,
    logger: options.logger ?? silentLogger,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 3,
    requestsPerMinute:
      options.rateLimit === false
        ? false
        : (options.rateLimit?.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE),
    userAgent: options.userAgent ?? `hotpilot-hotmart/${PACKAGE_VERSION} (node ${process.versions.node})`,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  };
}

/**
 * Zod issues as `{ path, message }` pairs: the path joined with dots (for unknown keys, the key names). Zod 4 does
 * not put input values into issue messages unless asked to, so these pairs are safe to show.
 *
 * @example
 * toIssues(z.object({ a: z.string() }).safeParse({}).error!); // [{ path: 'a', message: '...' }]
 */
export function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return { path: keys.join(', '), message: issue.message };
    }
    return { path, message: issue.message };
  });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
