import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { HotpilotConfig } from './config.ts';
import { MIN_INBOX_RETENTION_MS } from './config.ts';
import { registry } from './connectors/registry.ts';
import { createDashboardRoutes, type DashboardApp } from './dashboard/dashboard-routes.ts';
import { createEngine, type Engine } from './engine/engine.ts';
import type { WorkflowDefinition } from './engine/workflow.ts';
import { builtInWorkflows, createActionServices, engineContext } from './engine-setup.ts';
import { createEngineThreads, type EngineThreads } from './engine-threads.ts';
import type { Clock } from './kit/clock.ts';
import { systemClock } from './kit/clock.ts';
import type { Logger } from './kit/logger.ts';
import { createPinoLogger } from './kit/pino.ts';
import { loadOrCreateKeyFile } from './kit/secret-box.ts';
import { createMcpHttpHandler } from './mcp/mcp-http.ts';
import { createApiReferenceRoutes } from './server/api/api-reference-page.ts';
import { createApiRoutes } from './server/api/create-api-routes.ts';
import { createAuth } from './server/auth/auth-options.ts';
import { createAuthRoutes } from './server/auth/auth-routes.ts';
import { createTokenVerifier } from './server/auth/token-verifier.ts';
import { createBuyerRoutes } from './server/buyer-routes.ts';
import { type ConnectionCache, createConnectionCache } from './server/connection-cache.ts';
import { createHttpApp } from './server/http-app.ts';
import { createMetrics, type HotpilotMetrics } from './server/metrics.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/port.ts';

/**
 * What the composition root adds to the configuration: workflows to run, and (in tests) a logger and a clock.
 *
 * @example
 * import type { HotpilotExtras } from './main.ts';
 * const extras: HotpilotExtras = { workflows: [] };
 */
export interface HotpilotExtras {
  workflows?: readonly WorkflowDefinition[];
  /** Default: a pino logger at `config.logLevel` writing JSON lines to standard output. */
  logger?: Logger;
  now?: Clock;
  /** Engine timings for tests that kill processes (a short lease lets a restarted worker take over sooner). */
  engine?: { leaseMs?: number; pollMs?: number };
  /**
   * Run hotpilot's own workflows — the mirror updates and reconciliation, e-mail sequences, outbound webhook
   * deliveries and the enabled agents — besides `workflows` (default true). Tests and benchmarks of the engine
   * alone turn them off.
   */
  builtInWorkflows?: boolean;
}

/**
 * The services workflows receive as `ctx` (the engine's `context` option).
 *
 * @example
 * import type { HotpilotServices } from './main.ts';
 * const lookUp = (ctx: HotpilotServices) => ctx.store.getEvent('some-id');
 */
export interface HotpilotServices {
  store: Store;
  logger: Logger;
  /** Changes to connections made in-process invalidate this cache, so the inbox sees them at once. */
  connections: ConnectionCache;
  publicUrl: string | null;
}

/**
 * A running hotpilot process.
 *
 * @example
 * import { loadConfig } from './config.ts';
 * import { startHotpilot } from './main.ts';
 * const hotpilot = await startHotpilot(loadConfig({ HOTPILOT_PORT: '0' }));
 * console.log(hotpilot.url); // http://127.0.0.1:41234
 * await hotpilot.close();
 */
export interface Hotpilot {
  /** Base URL the HTTP server answers on (loopback when bound to every interface). */
  readonly url: string;
  readonly store: Store;
  /** Null in the `web` role, which only receives webhooks. */
  readonly engine: Engine | null;
  readonly metrics: HotpilotMetrics;
  readonly logger: Logger;
  readonly connections: ConnectionCache;
  /** Every route the HTTP app serves (method and path pattern), for route-table tests and docs. */
  routes(): { method: string; path: string }[];
  /**
   * Graceful shutdown: `/readyz` turns 503, the server stops accepting connections while in-flight requests
   * finish, the engine finishes or gives back its runs by the deadline, then the store closes. Idempotent.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * The composition root: opens and migrates the store, builds the engine for the configured role (`web` = HTTP
 * only; `worker` = engine plus `/healthz`, `/readyz`, `/metrics`; `all` = both), starts the HTTP server and the
 * retention pruning loop. Signals are not handled here (tests start several instances in one process); the CLI
 * calls `handleSignals`.
 *
 * @example
 * import { loadConfig } from './config.ts';
 * import { handleSignals, startHotpilot } from './main.ts';
 * const config = loadConfig();
 * const hotpilot = await startHotpilot(config, { workflows: [] });
 * handleSignals(hotpilot, { deadlineMs: config.shutdownDeadlineMs });
 */
export async function startHotpilot(config: HotpilotConfig, extras: HotpilotExtras = {}): Promise<Hotpilot> {
  const logger =
    extras.logger ?? createPinoLogger({ level: config.logLevel, bindings: { role: config.role } });
  const now = extras.now ?? systemClock;
  for (const warning of config.warnings) logger.warn({}, warning);

  // Read once: it opens the store and keys the unsubscribe links and certificate codes.
  const secretKey = secretKeyOf(config);
  const store = openStore(config.databaseUrl.reveal(), secretKey, logger.child({ module: 'store' }));

  let engine: Engine | null = null;
  let threads: EngineThreads | null = null;
  let server: Server | null = null;
  let pruner: { stop(): Promise<void> } | null = null;
  let dashboard: DashboardApp | null = null;
  try {
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ versions: applied }, 'database migrated');

    const metrics = createMetrics({ queueDepth: () => store.queueDepth() });
    const connections = createConnectionCache({ store, now });
    const { actionServices, purchases } = createActionServices(store, secretKey);
    const runsEngine = config.role !== 'web';
    const servesWebhooks = config.role !== 'worker';
    let closing = false;

    if (runsEngine) {
      const workflows: WorkflowDefinition[] = [...(extras.workflows ?? [])];
      const builtIn =
        extras.builtInWorkflows === false
          ? []
          : await builtInWorkflows({ store, actionServices, now, logger, all: () => workflows });
      workflows.push(...builtIn);
      // With worker threads, they execute hotpilot's own workflows; this thread schedules and executes only the
      // workflows given in code (which can't cross into a thread). Thread 1 dispatches the inbox when it knows every
      // workflow (none given in code): the runs are then made on the connection that executes them, and this
      // thread's only busy write is the inbox (measured: docs/development.md).
      const threaded = config.workerThreads > 0 && builtIn.length > 0;
      const threadDispatches = threaded && (extras.workflows ?? []).length === 0;
      engine = createEngine({
        store,
        workflows,
        logger: logger.child({ module: 'engine' }),
        now,
        concurrency: config.workerConcurrency,
        ...extras.engine,
        roles: { dispatch: !threadDispatches, execute: true, schedule: true },
        ...(threaded ? { executeWorkflows: (extras.workflows ?? []).map((workflow) => workflow.id) } : {}),
        metrics: metrics.engine,
        context: engineContext({
          store,
          logger,
          connections,
          publicUrl: config.publicUrl,
          actionServices,
          purchases,
          now,
        }),
      });
      if (threaded) {
        threads = createEngineThreads({
          count: config.workerThreads,
          store,
          logger: logger.child({ module: 'engine-threads' }),
          metrics: metrics.engine,
          thread: {
            databaseUrl: config.databaseUrl.reveal(),
            secretKey,
            logLevel: config.logLevel,
            concurrency: config.workerConcurrency,
            publicUrl: config.publicUrl,
            dispatch: threadDispatches,
            ...(extras.engine?.leaseMs === undefined ? {} : { leaseMs: extras.engine.leaseMs }),
            ...(extras.engine?.pollMs === undefined ? {} : { pollMs: extras.engine.pollMs }),
          },
        });
      }
    }

    const app = createHttpApp({
      store,
      metrics,
      logger: logger.child({ module: 'http' }),
      webhooks: servesWebhooks,
      isClosing: () => closing,
      connections,
      now,
    });
    if (servesWebhooks) {
      // People and programs: sign-in pages, the REST API and its reference, and MCP over Streamable HTTP. Every one
      // of these routes requires a session or an API token (test/server/routes-auth.test.ts walks them).
      const httpLogger = logger.child({ module: 'http' });
      const auth = createAuth({ store, publicUrl: config.publicUrl, logger: httpLogger, now });
      app.route('/', createAuthRoutes(auth));
      // Pages buyers reach from e-mail links (unsubscribe, the churn-reason form): their signed token is the credential.
      app.route(
        '/',
        createBuyerRoutes({
          store,
          unsubscribeSecret: actionServices.unsubscribeSecret,
          churnFormSecret: actionServices.churnFormSecret,
          now,
          logger: httpLogger,
        }),
      );
      app.route(
        '/api/v1',
        createApiRoutes({
          store,
          registry,
          auth,
          engine: engine ?? undefined,
          logger: httpLogger,
          now,
          services: actionServices,
          connections,
          publicUrl: config.publicUrl,
        }),
      );
      app.route('/', createApiReferenceRoutes({ auth, publicUrl: config.publicUrl }));
      dashboard = createDashboardRoutes({
        store,
        registry,
        auth,
        engine: engine ?? undefined,
        logger: httpLogger,
        now,
        services: actionServices,
        connections,
        publicUrl: config.publicUrl,
      });
      app.all(
        '/mcp',
        createMcpHttpHandler({
          store,
          registry,
          settings: {
            writes: config.mcp.writes,
            ...(config.mcp.allow ? { allow: [...config.mcp.allow] } : {}),
            approvalTtlHours: config.mcp.approvalTtlHours,
          },
          now,
          logger: logger.child({ module: 'mcp' }),
          services: actionServices,
          verifyToken: createTokenVerifier(auth),
        }),
      );
    }
    // Mounted last: its routes sit at the root, after the API and MCP paths.
    if (dashboard) app.route('/', dashboard);
    server = await listen(app.fetch, config.host, config.port);
    const address = server.address() as AddressInfo;
    const url = `http://${loopbackHost(config.host)}:${address.port}`;

    if (engine) await engine.start();
    if (threads) await threads.start();
    // Pruning is housekeeping of the engine's tables: web-only processes leave it to the workers.
    if (runsEngine) pruner = startPruning(store, config, logger, now);
    logger.info(
      { url, role: config.role, database: config.databaseKind, workflows: extras.workflows?.length ?? 0 },
      'hotpilot started',
    );

    let closed: Promise<void> | null = null;
    const httpServer = server;
    const runningEngine = engine;
    const runningThreads = threads;
    const runningPruner = pruner;
    const runningDashboard = dashboard;
    return {
      url,
      store,
      engine,
      metrics,
      logger,
      connections,
      routes: () => app.routes.map(({ method, path }) => ({ method, path })),
      close(options = {}) {
        closed ??= (async () => {
          const deadlineMs = options.deadlineMs ?? config.shutdownDeadlineMs;
          closing = true;
          logger.info({ deadlineMs }, 'shutting down');
          const results = await Promise.allSettled([
            closeServer(httpServer, deadlineMs),
            runningEngine?.stop({ deadlineMs }),
            runningThreads?.stop({ deadlineMs }),
            runningPruner?.stop(),
            runningDashboard?.syncJobs.stopAll(),
          ]);
          for (const result of results) {
            if (result.status === 'rejected')
              logger.error({ err: result.reason }, 'error while shutting down');
          }
          await store.close();
          logger.info({}, 'stopped');
        })();
        return closed;
      },
    };
  } catch (error) {
    await pruner?.stop().catch(() => {});
    await engine?.stop({ deadlineMs: 0 }).catch(() => {});
    await threads?.stop({ deadlineMs: 0 }).catch(() => {});
    if (server) await closeServer(server, 0).catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
}

/**
 * Opens (without migrating) the store the configuration names: creates the data directory (mode 0700) when it
 * is needed, and takes the encryption key from `HOTPILOT_ENCRYPTION_KEY` or the key file, created on first use.
 *
 * @example
 * import { loadConfig } from './config.ts';
 * import { silentLogger } from './kit/logger.ts';
 * import { openConfiguredStore } from './main.ts';
 * const store = await openConfiguredStore(loadConfig(), silentLogger);
 * await store.migrate();
 * await store.close();
 */
export async function openConfiguredStore(config: HotpilotConfig, logger: Logger): Promise<Store> {
  return openStore(config.databaseUrl.reveal(), secretKeyOf(config), logger);
}

// The encryption key: from the environment, or the key file in the data directory (created 0600 on first use).
function secretKeyOf(config: HotpilotConfig): Buffer {
  if (config.encryptionKey) return config.encryptionKey.reveal();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return loadOrCreateKeyFile(config.keyFile);
}

/**
 * Installs SIGTERM/SIGINT handlers for a running process: the first signal starts a graceful shutdown and exits
 * 0 when it completes (1 if it fails); a second signal exits at once with 1. Returns a function that removes the
 * handlers.
 *
 * @example
 * import { handleSignals, startHotpilot } from './main.ts';
 * const hotpilot = await startHotpilot(config);
 * handleSignals(hotpilot, { deadlineMs: 10_000 });
 */
export function handleSignals(
  hotpilot: Pick<Hotpilot, 'close' | 'logger'>,
  options: { deadlineMs?: number; exit?: (code: number) => void } = {},
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      hotpilot.logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    hotpilot.logger.info({ signal }, 'signal received: graceful shutdown (send it again to force)');
    hotpilot.close({ deadlineMs: options.deadlineMs }).then(
      () => exit(0),
      (error: unknown) => {
        hotpilot.logger.error({ err: error }, 'graceful shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }) as Server;
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    server.once('listening', onListening);
  });
}

/**
 * Stops accepting connections and lets in-flight requests finish; idle keep-alive connections are closed at once
 * and again as they become idle, and whatever is still open at the deadline is cut.
 */
function closeServer(server: Server, deadlineMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function startPruning(
  store: Store,
  config: HotpilotConfig,
  logger: Logger,
  now: Clock,
): { stop(): Promise<void> } {
  const { runsMs, eventsMs, intervalMs } = config.retention;
  // Delivery ids are the dedup keys: they must outlive any redelivery Hotmart may still make.
  const inboxMs = Math.max(config.retention.inboxMs, MIN_INBOX_RETENTION_MS);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const prune = async () => {
    try {
      const result = await store.prune({ runsMs, inboxMs, eventsMs, now: now() });
      if (result.runs + result.steps + result.inbox + result.events > 0)
        logger.info({ ...result }, 'pruned old rows');
    } catch (error) {
      logger.error({ err: error }, 'pruning failed; will try again');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = prune().finally(() => {
        running = null;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
