import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { parseDuration } from './engine/duration.ts';
import { LOG_LEVELS, type LogLevel } from './kit/pino.ts';
import { Secret } from './kit/secret.ts';
import { parseKey } from './kit/secret-box.ts';

/**
 * Process roles: `web` receives webhooks, `worker` runs the engine, `all` does both (the default).
 *
 * @example
 * import { ROLES } from './config.ts';
 * ROLES.includes('worker'); // true
 */
export const ROLES = ['web', 'worker', 'all'] as const;

/**
 * One of {@link ROLES}.
 *
 * @example
 * import type { Role } from './config.ts';
 * const role: Role = 'web';
 */
export type Role = (typeof ROLES)[number];

const DAY_MS = 86_400_000;
/**
 * The inbox keeps delivery ids at least this long, so a late redelivery is still recognised as a duplicate.
 *
 * @example
 * import { MIN_INBOX_RETENTION_MS } from './config.ts';
 * const inboxMs = Math.max(MIN_INBOX_RETENTION_MS, 3 * 86_400_000); // 7 days
 */
export const MIN_INBOX_RETENTION_MS = 7 * DAY_MS;

/**
 * The validated, frozen configuration of one hotpilot process. Built once by `loadConfig` and passed down.
 *
 * @example
 * import { loadConfig } from './config.ts';
 * const config = loadConfig({ HOTPILOT_PORT: '8080' });
 * console.log(config.port, config.role); // 8080 'all'
 */
export interface HotpilotConfig {
  /** Absolute path of the data directory (SQLite file, key file). */
  readonly dataDir: string;
  /** `sqlite:/abs/path.db` or `postgres://…`; wrapped because a PostgreSQL URL may carry a password. */
  readonly databaseUrl: Secret<string>;
  readonly databaseKind: 'sqlite' | 'postgres';
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly role: Role;
  /** From `HOTPILOT_ENCRYPTION_KEY`; null means "use (or create) `keyFile`". */
  readonly encryptionKey: Secret<Buffer> | null;
  /** `secret.key` in the data directory. */
  readonly keyFile: string;
  readonly logLevel: LogLevel;
  /** The URL Hotmart reaches this server at (webhook URLs are printed with it); null when unset. */
  readonly publicUrl: string | null;
  readonly retention: {
    readonly runsMs: number;
    readonly inboxMs: number;
    readonly eventsMs: number;
    /** How often the pruning loop runs. */
    readonly intervalMs: number;
  };
  /** How long a graceful shutdown waits for in-flight requests and runs before giving runs back. */
  readonly shutdownDeadlineMs: number;
  /** Runs a worker process executes at once (per worker thread when there are any). */
  readonly workerConcurrency: number;
  /**
   * Worker threads that execute hotpilot's own workflows beside the main thread, each with its own store connection
   * (0: the main thread executes them). Lets one process use more than one core.
   */
  readonly workerThreads: number;
  /** MCP write gating (`HOTPILOT_MCP_*`); checked against the registry when the server starts. */
  readonly mcp: {
    readonly writes: (typeof MCP_WRITE_MODES)[number];
    readonly allow: readonly string[] | null;
    readonly approvalTtlHours: number;
  };
  /** Non-fatal remarks (e.g. an unknown `HOTPILOT_*` variable, probably a typo); logged at start. */
  readonly warnings: readonly string[];
}

/**
 * One invalid variable and what to do about it.
 *
 * @example
 * import type { ConfigProblem } from './config.ts';
 * const problem: ConfigProblem = { variable: 'HOTPILOT_PORT', message: 'use a whole number from 0 to 65535' };
 */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * Every configuration problem found, in one error, so a user fixes them all in one go. Values of secret variables
 * are never included.
 *
 * @example
 * import { ConfigError, loadConfig } from './config.ts';
 * try {
 *   loadConfig({ HOTPILOT_PORT: 'eighty', HOTPILOT_ROLE: 'boss' });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.problems.map((p) => p.variable)); // ['HOTPILOT_PORT', 'HOTPILOT_ROLE']
 * }
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((problem) => `  ${problem.variable}: ${problem.message}`);
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${lines.join('\n')}`);
    this.problems = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
  }
}

type Env = Readonly<Record<string, string | undefined>>;

// Empty strings count as unset: `FOO=` in a compose file or a shell means "no value", not "the empty value".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );

const duration = (what: string, minMs = 0) =>
  z.string().transform((text, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(text.trim());
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${what}: use a duration like 30s, 15m, 12h, 30d (got "${text}")`,
      });
      return z.NEVER;
    }
    if (ms < minMs) {
      ctx.addIssue({
        code: 'custom',
        message: `${what}: must be at least ${formatMs(minMs)} (got "${text}")`,
      });
      return z.NEVER;
    }
    return ms;
  });

const integer = (what: string, min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const value = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${what}: use a whole number from ${min} to ${max} (got "${text}")`,
      });
      return z.NEVER;
    }
    return value;
  });

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((text, ctx) => {
    const value = text.trim().toLowerCase();
    if (!(values as readonly string[]).includes(value)) {
      ctx.addIssue({ code: 'custom', message: `use one of ${values.join(', ')} (got "${text}")` });
      return z.NEVER;
    }
    return value as T[number];
  });

const databaseUrl = z.string().transform((text, ctx) => {
  const value = text.trim();
  if (/^postgres(ql)?:\/\//i.test(value) || /^sqlite:/i.test(value)) return value;
  if (!value.includes('://')) return value;
  // The value is not echoed: a URL of an unsupported scheme may still carry a password.
  ctx.addIssue({
    code: 'custom',
    message: 'use postgres://user@host:5432/db, sqlite:/path/to/file.db or a file path',
  });
  return z.NEVER;
});

const encryptionKey = z.string().transform((text, ctx) => {
  try {
    return new Secret(parseKey(text.trim()));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'use 32 random bytes in base64 or hex, e.g. `openssl rand -base64 32` (value not shown)',
    });
    return z.NEVER;
  }
});

const publicUrl = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `use an absolute http(s) URL, e.g. https://hooks.example.com (got "${text}")`,
    });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `use an http or https URL (got "${url.protocol}")` });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

const host = z.string().transform((text, ctx) => {
  const value = text.trim();
  if (/\s|\//.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `use a host name or IP address such as 0.0.0.0 (got "${text}")`,
    });
    return z.NEVER;
  }
  return value;
});

/** What MCP clients may do with write tools (docs/mcp.md). */
const MCP_WRITE_MODES = ['off', 'dry_run', 'approval', 'on'] as const;

const envSchema = z.object({
  HOTPILOT_DATA_DIR: optional(z.string()),
  HOTPILOT_DATABASE_URL: optional(databaseUrl),
  HOTPILOT_HOST: optional(host),
  HOTPILOT_PORT: optional(integer('port', 0, 65_535)),
  HOTPILOT_ROLE: optional(oneOf(ROLES)),
  HOTPILOT_ENCRYPTION_KEY: optional(encryptionKey),
  HOTPILOT_LOG_LEVEL: optional(oneOf(LOG_LEVELS)),
  HOTPILOT_PUBLIC_URL: optional(publicUrl),
  HOTPILOT_RETENTION_RUNS: optional(duration('finished runs are kept', 60_000)),
  HOTPILOT_RETENTION_INBOX: optional(duration('deliveries are kept', MIN_INBOX_RETENTION_MS)),
  HOTPILOT_RETENTION_EVENTS: optional(duration('events are kept', 60_000)),
  HOTPILOT_PRUNE_INTERVAL: optional(duration('pruning interval', 1_000)),
  HOTPILOT_SHUTDOWN_DEADLINE: optional(duration('shutdown deadline')),
  HOTPILOT_WORKER_CONCURRENCY: optional(integer('concurrency', 1, 1_000)),
  HOTPILOT_WORKER_THREADS: optional(integer('worker threads', 0, 64)),
  HOTPILOT_MCP_WRITES: optional(oneOf(MCP_WRITE_MODES)),
  HOTPILOT_MCP_ALLOW: optional(
    z.string().transform((text) =>
      text
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    ),
  ),
  HOTPILOT_MCP_APPROVAL_TTL: optional(integer('hours', 1, 24 * 30)),
});

/**
 * Every variable `loadConfig` reads, with its meaning; the README's table and the unknown-variable check use it.
 *
 * @example
 * import { CONFIG_VARIABLES } from './config.ts';
 * for (const [name, help] of Object.entries(CONFIG_VARIABLES)) console.log(name, help);
 */
export const CONFIG_VARIABLES = {
  HOTPILOT_DATA_DIR: 'data directory (default ./.hotpilot)',
  HOTPILOT_DATABASE_URL: 'database: a SQLite file (default <data dir>/hotpilot.db) or postgres://…',
  HOTPILOT_HOST: 'address to listen on (default 127.0.0.1)',
  HOTPILOT_PORT: 'port to listen on (default 3000)',
  HOTPILOT_ROLE: 'web, worker or all (default all)',
  HOTPILOT_ENCRYPTION_KEY:
    '32-byte key, base64 or hex (default: <data dir>/secret.key, created on first start)',
  HOTPILOT_LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent (default info)',
  HOTPILOT_PUBLIC_URL: 'URL Hotmart reaches this server at, used in printed webhook URLs',
  HOTPILOT_RETENTION_RUNS: 'how long finished runs are kept (default 30d)',
  HOTPILOT_RETENTION_INBOX: 'how long processed deliveries are kept, at least 7d (default 30d)',
  HOTPILOT_RETENTION_EVENTS: 'how long events are kept (default 90d)',
  HOTPILOT_PRUNE_INTERVAL: 'how often old rows are pruned (default 1h)',
  HOTPILOT_SHUTDOWN_DEADLINE: 'grace period of a graceful shutdown (default 25s)',
  HOTPILOT_WORKER_CONCURRENCY:
    'runs one worker executes at once (default 50: runs mostly wait on vendor answers)',
  HOTPILOT_WORKER_THREADS:
    'worker threads executing the workflows beside the main thread (default 0; 1 or more uses more cores)',
  HOTPILOT_MCP_WRITES: 'MCP write tools: off, dry_run, approval or on (default off)',
  HOTPILOT_MCP_ALLOW:
    'comma-separated write actions the MCP write mode applies to (a trailing * matches a prefix)',
  HOTPILOT_MCP_APPROVAL_TTL: 'hours a queued MCP write waits for approval (default 24)',
  HOTPILOT_HOTTOK: '`connections add`: the hottok, instead of --hottok',
  HOTPILOT_CLIENT_ID: '`connections add`: the Hotmart client id, instead of --client-id',
  HOTPILOT_CLIENT_SECRET: '`connections add`: the Hotmart client secret, instead of --client-secret',
} as const;

const SECRET_VARIABLES = new Set([
  'HOTPILOT_ENCRYPTION_KEY',
  'HOTPILOT_DATABASE_URL',
  'HOTPILOT_HOTTOK',
  'HOTPILOT_CLIENT_SECRET',
]);

/**
 * Reads and validates the whole environment at once and returns a frozen `HotpilotConfig`. Throws one
 * `ConfigError` listing every bad variable. Reads no files: the key file is loaded or created by `startHotpilot`.
 *
 * @example
 * import { loadConfig } from './config.ts';
 * const config = loadConfig({ HOTPILOT_DATA_DIR: '/var/lib/hotpilot', HOTPILOT_ROLE: 'worker' });
 * console.log(config.databaseUrl.reveal()); // sqlite:/var/lib/hotpilot/hotpilot.db
 */
export function loadConfig(env: Env = process.env): HotpilotConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      // A zod type error on a secret would quote nothing, but keep the rule in one place.
      const message = SECRET_VARIABLES.has(variable)
        ? issue.message.replace(/"[^"]*"/g, '"…"')
        : issue.message;
      return { variable, message };
    });
    throw new ConfigError(problems);
  }
  const vars = parsed.data;
  const dataDir = resolve(vars.HOTPILOT_DATA_DIR ?? './.hotpilot');
  const rawDatabaseUrl = vars.HOTPILOT_DATABASE_URL ?? `sqlite:${join(dataDir, 'hotpilot.db')}`;
  const databaseKind = /^postgres(ql)?:\/\//i.test(rawDatabaseUrl) ? 'postgres' : 'sqlite';

  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('HOTPILOT_') && !(name in CONFIG_VARIABLES))
    .map(
      (name) => `unknown variable ${name} is ignored (known: ${Object.keys(CONFIG_VARIABLES).join(', ')})`,
    );

  return deepFreeze({
    dataDir,
    databaseUrl: new Secret(databaseKind === 'sqlite' ? absoluteSqlite(rawDatabaseUrl) : rawDatabaseUrl),
    databaseKind,
    host: vars.HOTPILOT_HOST ?? '127.0.0.1',
    port: vars.HOTPILOT_PORT ?? 3000,
    role: vars.HOTPILOT_ROLE ?? 'all',
    encryptionKey: vars.HOTPILOT_ENCRYPTION_KEY ?? null,
    keyFile: join(dataDir, 'secret.key'),
    logLevel: vars.HOTPILOT_LOG_LEVEL ?? 'info',
    publicUrl: vars.HOTPILOT_PUBLIC_URL ?? null,
    retention: {
      runsMs: vars.HOTPILOT_RETENTION_RUNS ?? 30 * DAY_MS,
      inboxMs: vars.HOTPILOT_RETENTION_INBOX ?? 30 * DAY_MS,
      eventsMs: vars.HOTPILOT_RETENTION_EVENTS ?? 90 * DAY_MS,
      intervalMs: vars.HOTPILOT_PRUNE_INTERVAL ?? 3_600_000,
    },
    shutdownDeadlineMs: vars.HOTPILOT_SHUTDOWN_DEADLINE ?? 25_000,
    workerConcurrency: vars.HOTPILOT_WORKER_CONCURRENCY ?? 50,
    workerThreads: vars.HOTPILOT_WORKER_THREADS ?? 0,
    mcp: {
      writes: vars.HOTPILOT_MCP_WRITES ?? 'off',
      allow: vars.HOTPILOT_MCP_ALLOW ?? null,
      approvalTtlHours: vars.HOTPILOT_MCP_APPROVAL_TTL ?? 24,
    },
    warnings,
  });
}

/**
 * The secrets `hotpilot connections add` may take from the environment instead of flags (flags show up in `ps`
 * and shell history; the environment doesn't).
 *
 * @example
 * import { connectionSecretsFromEnv } from './config.ts';
 * const { hottok } = connectionSecretsFromEnv({ HOTPILOT_HOTTOK: 'abc' });
 * hottok?.reveal(); // 'abc'
 */
export function connectionSecretsFromEnv(env: Env = process.env): {
  hottok: Secret | null;
  clientId: string | null;
  clientSecret: Secret | null;
} {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const hottok = read('HOTPILOT_HOTTOK');
  const clientSecret = read('HOTPILOT_CLIENT_SECRET');
  return {
    hottok: hottok === null ? null : new Secret(hottok),
    clientId: read('HOTPILOT_CLIENT_ID'),
    clientSecret: clientSecret === null ? null : new Secret(clientSecret),
  };
}

// A relative SQLite path is resolved now, so every later reader (and the printed config) agrees on one file.
function absoluteSqlite(url: string): string {
  const path = url.replace(/^sqlite:/i, '');
  if (path === ':memory:') return 'sqlite::memory:';
  return `sqlite:${isAbsolute(path) ? path : resolve(path)}`;
}

function formatMs(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Secret) && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
