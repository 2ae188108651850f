import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import type { Store } from '../store/port.ts';
import type { BackoffOptions } from './backoff.ts';
import type { DecideOptions } from './decide-inbox-row.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import type { EngineMetrics } from './metrics.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import { createWorker, type Worker } from './worker.ts';
import type { WorkflowDefinition } from './workflow.ts';

/**
 * Options of {@link createEngine}.
 *
 * @example
 * import type { EngineOptions } from './engine.ts';
 * const tuning: Partial<EngineOptions> = { concurrency: 10, leaseMs: 30_000, roles: { schedule: false } };
 */
export interface EngineOptions {
  store: Store;
  workflows: readonly WorkflowDefinition[];
  logger?: Logger;
  now?: Clock;
  /** Lease owner id of this process (default `${hostname}:${pid}:${random}`). */
  workerId?: string;
  /** Runs in flight at most in this process (default 10). */
  concurrency?: number;
  /** Lease length; heartbeats every third of it (default 30 s). */
  leaseMs?: number;
  /** Poll backstop of the dispatcher and the worker when no wake-up comes (default 1 s). */
  pollMs?: number;
  /** Which loops this process runs (default: all three). */
  roles?: { dispatch?: boolean; execute?: boolean; schedule?: boolean };
  /**
   * Ids of the workflows whose runs this engine executes (default: all of `workflows`). The dispatcher and the
   * scheduler still create runs for every workflow; the others are executed elsewhere (worker threads, processes).
   */
  executeWorkflows?: readonly string[];
  metrics?: EngineMetrics;
  /** Given to every handler as `ctx` (the server passes its services). */
  context?: unknown;
  /** Retry delays: base (1 s), cap (10 min) and the jitter's random source. */
  backoff?: BackoffOptions;
  /** Inbox rows per dispatch transaction (default 100). */
  dispatchBatch?: number;
  /** Scheduler re-check interval besides its next-slot timer (default 60 s). */
  scheduleBackstopMs?: number;
  /** Mirror hook, called for every dispatched event inside the decision (see `DecideOptions.onEvent`). */
  onEvent?: DecideOptions['onEvent'];
}

/**
 * A running engine: dispatcher, worker and scheduler, as `roles` asked.
 *
 * @example
 * import type { Engine } from './engine.ts';
 * async function shutdown(engine: Engine) {
 *   await engine.stop({ deadlineMs: 10_000 });
 * }
 */
export interface Engine {
  readonly workerId: string;
  start(): Promise<void>;
  /** Stops claiming, finishes in-flight runs or releases them at the deadline (default 10 s). Idempotent. */
  stop(options?: { deadlineMs?: number }): Promise<void>;
  /**
   * Wakes a loop now: `dispatch` (new inbox rows), `execute` (due runs) or `schedule` (a schedule to re-check);
   * every loop when no role is named.
   */
  wake(role?: 'dispatch' | 'execute' | 'schedule'): void;
  /**
   * Operator replay: `whole` starts over, `failed` (default) keeps completed steps and resumes at the failed one.
   * False when the run doesn't exist or can't be replayed.
   */
  replay(runId: string, mode?: 'whole' | 'failed'): Promise<boolean>;
  /** Operator cancel: an attempt in flight (here or anywhere) can no longer write. False when not cancellable. */
  cancel(runId: string): Promise<boolean>;
}

/**
 * Composes the engine. Workflow ids must be unique. The loops start with `start()`; `stop()` is graceful.
 *
 * @example
 * import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
 * import { createEngine } from './engine.ts';
 * import { defineWorkflow } from './workflow.ts';
 *
 * const store = createSqliteStore({ path: ':memory:', secretKey: Buffer.alloc(32, 1) });
 * await store.migrate();
 * const hello = defineWorkflow({ id: 'hello', on: ['PURCHASE_APPROVED'] }, async ({ event, step }) =>
 *   step.run('greet', () => `hello ${event.buyerEmail}`),
 * );
 * const engine = createEngine({ store, workflows: [hello] });
 * await engine.start();
 * await engine.stop();
 */
export function createEngine(options: EngineOptions): Engine {
  const { store } = options;
  const now = options.now ?? systemClock;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const logger = (options.logger ?? silentLogger).child({ module: 'engine', workerId });
  const workflows = options.workflows;
  const seen = new Set<string>();
  for (const workflow of workflows) {
    if (seen.has(workflow.id))
      throw new TypeError(`createEngine: workflow id "${workflow.id}" is defined twice`);
    seen.add(workflow.id);
  }
  const roles = { dispatch: true, execute: true, schedule: true, ...options.roles };

  const executed =
    options.executeWorkflows === undefined
      ? workflows
      : workflows.filter((workflow) => options.executeWorkflows?.includes(workflow.id));
  const worker: Worker | null =
    roles.execute && executed.length > 0
      ? createWorker({
          store,
          workflows: executed,
          workerId,
          logger,
          now,
          ...pick(options, ['concurrency', 'leaseMs', 'pollMs', 'metrics', 'context', 'backoff']),
        })
      : null;
  const wakeWorker = () => worker?.wake();
  const dispatcher: Dispatcher | null = roles.dispatch
    ? createDispatcher({
        store,
        workflows,
        logger,
        now,
        onRuns: wakeWorker,
        ...pick(options, ['pollMs', 'metrics', 'onEvent']),
        ...(options.dispatchBatch === undefined ? {} : { batchSize: options.dispatchBatch }),
      })
    : null;
  const scheduler: Scheduler | null = roles.schedule
    ? createScheduler({
        store,
        workflows,
        logger,
        now,
        onRuns: wakeWorker,
        ...(options.scheduleBackstopMs === undefined ? {} : { backstopMs: options.scheduleBackstopMs }),
      })
    : null;

  const unsubscribe: (() => void)[] = [];
  let state: 'new' | 'started' | 'stopped' = 'new';
  let stopping: Promise<void> | null = null;

  return {
    workerId,

    async start() {
      if (state !== 'new') return;
      state = 'started';
      if (dispatcher) unsubscribe.push(store.onInbox(() => dispatcher.wake()));
      if (worker) unsubscribe.push(store.onRunsReady(() => worker.wake()));
      dispatcher?.start();
      worker?.start();
      scheduler?.start();
      logger.info({ roles, workflows: workflows.map((w) => w.id) }, 'engine started');
    },

    stop(stopOptions) {
      if (stopping) return stopping;
      state = 'stopped';
      stopping = (async () => {
        for (const off of unsubscribe.splice(0)) off();
        await Promise.all([dispatcher?.stop(), scheduler?.stop(), worker?.stop(stopOptions)]);
        logger.info({}, 'engine stopped');
      })();
      return stopping;
    },

    wake(role) {
      if (role === undefined || role === 'dispatch') dispatcher?.wake();
      if (role === undefined || role === 'execute') worker?.wake();
      if (role === undefined || role === 'schedule') scheduler?.wake();
    },

    async replay(runId, mode = 'failed') {
      const done = await store.replayRun(runId, mode, now());
      if (done) {
        logger.info({ runId, mode }, 'run replayed');
        worker?.wake();
      }
      return done;
    },

    async cancel(runId) {
      const done = await store.cancelRun(runId, now());
      if (done) {
        logger.info({ runId }, 'run cancelled');
        // The store already fenced the attempt; halting it here just frees the slot at once.
        worker?.abort(runId, 'cancelled');
      }
      return done;
    },
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
