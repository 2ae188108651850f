import { Worker } from 'node:worker_threads';
import type { EngineMetrics, RunOutcome } from './engine/metrics.ts';
import type { Logger } from './kit/logger.ts';
import type { LogLevel } from './kit/pino.ts';
import type { Store } from './store/port.ts';

/**
 * What a worker thread needs to open its own store and build the same workflows as the main thread. The key stays
 * in memory (it crosses by structured clone, never through a file or the environment).
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import type { ThreadSettings } from './engine-threads.ts';
 * const settings: ThreadSettings = {
 *   databaseUrl: 'sqlite:/var/lib/hotpilot/hotpilot.db', secretKey: randomBytes(32), logLevel: 'info',
 *   concurrency: 50, publicUrl: null,
 * };
 */
export interface ThreadSettings {
  databaseUrl: string;
  secretKey: Uint8Array;
  logLevel: LogLevel;
  concurrency: number;
  publicUrl: string | null;
  leaseMs?: number;
  pollMs?: number;
  /**
   * Thread 1 also dispatches the inbox (default false: the main thread does). The connection that makes the runs
   * then goes on to execute them, and the main thread's only busy write is the inbox's group commit; the main
   * thread's store wakes thread 1 when rows arrive. Only when the threads know every workflow (none given in code).
   */
  dispatch?: boolean;
}

/**
 * The data a thread starts with: its settings and its number (1-based, in its logs and lease owner id).
 *
 * @example
 * import type { ThreadData } from './engine-threads.ts';
 * const index = (data: ThreadData) => data.index;
 */
export interface ThreadData extends ThreadSettings {
  index: number;
}

/**
 * Messages from the main thread to a worker thread: runs may be due (`wake`), inbox rows arrived (`inbox`, for the
 * dispatching thread), or stop gracefully.
 *
 * @example
 * import type { ToThread } from './engine-threads.ts';
 * const message: ToThread = { type: 'stop', deadlineMs: 10_000 };
 */
export type ToThread = { type: 'wake' } | { type: 'inbox' } | { type: 'stop'; deadlineMs: number };

/**
 * Messages from a worker thread: started, it wrote something that may make runs due (`runs`), its engine metrics
 * (batched), stopped, or failed to start.
 *
 * @example
 * import type { FromThread } from './engine-threads.ts';
 * const message: FromThread = { type: 'metrics', runs: [['sales.purchase', 'completed']], steps: [] };
 */
export type FromThread =
  | { type: 'ready' }
  | { type: 'runs' }
  | {
      type: 'metrics';
      runs: [workflowId: string, outcome: RunOutcome][];
      steps: [workflowId: string, stepId: string, ms: number, ok: boolean][];
      dispatched?: [outcome: 'event' | 'quarantine', n: number][];
    }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/**
 * The worker threads of a process.
 *
 * @example
 * import type { EngineThreads } from './engine-threads.ts';
 * async function restart(threads: EngineThreads) {
 *   await threads.stop({ deadlineMs: 5_000 });
 * }
 */
export interface EngineThreads {
  /** Starts every thread and resolves once each has its engine running (rejects if one can't start). */
  start(): Promise<void>;
  /** Stops every thread gracefully: runs in flight finish, or are given back at the deadline. Idempotent. */
  stop(options?: { deadlineMs?: number }): Promise<void>;
}

/** Options of {@link createEngineThreads}. */
export interface EngineThreadsOptions {
  count: number;
  /** The main thread's store: its writes (new runs from the dispatcher and scheduler) wake the threads. */
  store: Store;
  logger: Logger;
  /** The process's engine metrics: the threads' run and step figures are added to them. */
  metrics?: EngineMetrics;
  thread: ThreadSettings;
  /**
   * The module each thread runs (default: `engine-thread`, built or as TypeScript source). It gets its
   * {@link ThreadData} as `workerData` and speaks {@link FromThread} and {@link ToThread}; a `.ts` module is loaded
   * through tsx. Tests give a module of their own.
   */
  entry?: URL;
}

// A thread that dies unexpectedly is started again after this long (its runs come back when their leases expire).
const RESPAWN_MS = 1_000;
// Beyond the graceful deadline, a thread that doesn't say it stopped is terminated.
const STOP_GRACE_MS = 5_000;

/**
 * Worker threads that execute hotpilot's own workflows, so one process uses more than one core: each thread opens
 * its own connection to the store and runs an engine with the execute role (`engine-thread.ts`); the main thread
 * keeps the HTTP server and the scheduler, and the dispatcher unless thread 1 is given it (`ThreadSettings.dispatch`).
 * The store is the only thing they share — claims, leases and fencing work across threads as across processes.
 * Wake-ups cross by message: a write of the main thread that makes runs due wakes every thread, a stored delivery
 * wakes the dispatching thread, and a thread's write (a finished run frees its concurrency key) wakes the others.
 * Run, step and dispatch metrics are sent back in batches and added to the process's metrics.
 *
 * From TypeScript sources (development, tests) a thread loads `engine-thread.ts` through tsx; built, it loads
 * `engine-thread.js` directly.
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import { silentLogger } from './kit/logger.ts';
 * import type { Store } from './store/port.ts';
 * import { createEngineThreads } from './engine-threads.ts';
 * declare const store: Store;
 * const threads = createEngineThreads({
 *   count: 1, store, logger: silentLogger,
 *   thread: { databaseUrl: 'sqlite:/tmp/hotpilot.db', secretKey: randomBytes(32), logLevel: 'warn', concurrency: 50, publicUrl: null },
 * });
 * await threads.start();
 * await threads.stop();
 */
export function createEngineThreads(options: EngineThreadsOptions): EngineThreads {
  const { logger } = options;
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new TypeError('createEngineThreads: count must be an integer ≥ 1');
  }
  const workers = new Map<number, Worker>();
  let stopping: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;

  // New inbox rows wake the dispatching thread; runs made due wake every thread. Many in one turn make one message.
  const wakeDispatcher = oncePerTurn(() => workers.get(1)?.postMessage({ type: 'inbox' } satisfies ToThread));
  const wakeAll = oncePerTurn(() => {
    for (const worker of workers.values()) worker.postMessage({ type: 'wake' } satisfies ToThread);
  });

  const onMessage = (message: FromThread) => {
    if (message.type === 'runs') wakeAll();
    else if (message.type === 'metrics') {
      for (const [workflowId, outcome] of message.runs) options.metrics?.runFinished?.(workflowId, outcome);
      for (const [workflowId, stepId, ms, ok] of message.steps)
        options.metrics?.stepFinished?.(workflowId, stepId, ms, ok);
      for (const [outcome, n] of message.dispatched ?? []) options.metrics?.dispatched?.(outcome, n);
    }
  };

  function spawn(index: number): Promise<void> {
    const data: ThreadData = { ...options.thread, index };
    const worker = threadWorker(data, options.entry);
    workers.set(index, worker);
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: FromThread) => {
        if (message.type === 'ready') {
          ready = true;
          logger.info({ thread: index }, 'engine thread started');
          resolve();
        } else if (message.type === 'failed') {
          reject(new Error(`engine thread ${index} could not start: ${message.message}`));
        } else onMessage(message);
      });
      worker.on('error', (error) => {
        logger.error({ err: error, thread: index }, 'engine thread failed');
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        if (workers.get(index) === worker) workers.delete(index);
        if (!ready) {
          reject(new Error(`engine thread ${index} exited with code ${code} before it started`));
          return;
        }
        if (stopping) return;
        logger.error({ thread: index, code }, 'engine thread exited; starting it again');
        setTimeout(() => {
          if (!stopping)
            spawn(index).catch((error) => logger.error({ err: error, thread: index }, 'restart failed'));
        }, RESPAWN_MS).unref();
      });
    });
  }

  async function stopWorker(worker: Worker, deadlineMs: number): Promise<void> {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop', deadlineMs } satisfies ToThread);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs + STOP_GRACE_MS);
    });
    const outcome = await Promise.race([exited.then(() => 'exited' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      logger.warn({}, 'engine thread did not stop in time: terminating it');
      await worker.terminate();
    }
  }

  return {
    async start() {
      const offRuns = options.store.onRunsReady(wakeAll);
      const offInbox = options.thread.dispatch ? options.store.onInbox(wakeDispatcher) : () => {};
      unsubscribe = () => {
        offRuns();
        offInbox();
      };
      const started = await Promise.allSettled(Array.from({ length: options.count }, (_, i) => spawn(i + 1)));
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) {
        await this.stop({ deadlineMs: 0 });
        throw (failed as PromiseRejectedResult).reason;
      }
    },

    stop(stopOptions = {}) {
      stopping ??= (async () => {
        unsubscribe?.();
        const deadlineMs = stopOptions.deadlineMs ?? 10_000;
        await Promise.all([...workers.values()].map((worker) => stopWorker(worker, deadlineMs)));
        workers.clear();
      })();
      return stopping;
    },
  };
}

/**
 * `send`, at most once per event-loop turn however often the result is called in it: many writes in one turn make
 * one message to the other threads.
 *
 * @example
 * import { oncePerTurn } from './engine-threads.ts';
 * const notify = oncePerTurn(() => console.log('runs may be due'));
 * notify();
 * notify(); // one line, on the next turn
 */
export function oncePerTurn(send: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      send();
    });
  };
}

/** A worker running `entry` (default `engine-thread`: the built module, or the TypeScript source through tsx). */
function threadWorker(data: ThreadData, entry?: URL): Worker {
  const here = import.meta.url;
  const module = entry ?? new URL(here.endsWith('.ts') ? './engine-thread.ts' : './engine-thread.js', here);
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { workerData: data });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  // The loader is registered by the bootstrap; profiling flags (`--cpu-prof…`) still reach the thread.
  const profiling = process.execArgv.filter(
    (arg) => arg.startsWith('--cpu-prof') || arg.startsWith('--heap-prof'),
  );
  return new Worker(bootstrap, {
    eval: true,
    workerData: data,
    execArgv: [...profiling, '--conditions=source'],
  });
}
