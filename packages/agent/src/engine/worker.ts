import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import type { EventRecord, RunRecord, Store } from '../store/port.ts';
import type { BackoffOptions } from './backoff.ts';
import type { EngineMetrics } from './metrics.ts';
import { type RunningAttempt, startAttempt } from './run-attempt.ts';
import { createWakeup } from './wakeup.ts';
import type { WorkflowDefinition } from './workflow.ts';

const EVENT_CACHE_SIZE = 256;

/**
 * Options of {@link createWorker}.
 *
 * @example
 * import type { WorkerOptions } from './worker.ts';
 * const tuning: Partial<WorkerOptions> = { concurrency: 8, leaseMs: 30_000, pollMs: 1_000 };
 */
export interface WorkerOptions {
  store: Store;
  workflows: readonly WorkflowDefinition[];
  /** Lease owner id, unique per process (shown in the runs table). */
  workerId: string;
  logger: Logger;
  now: Clock;
  /** Runs in flight at most (default 10). */
  concurrency?: number;
  /** Lease length; heartbeats every third of it (default 30 s). */
  leaseMs?: number;
  /** Poll backstop when no wake-up comes (default 1 s). */
  pollMs?: number;
  metrics?: EngineMetrics;
  context?: unknown;
  backoff?: BackoffOptions;
}

/**
 * The executing role: claims due runs and runs them.
 *
 * @example
 * import type { Worker } from './worker.ts';
 * async function drain(worker: Worker) {
 *   worker.wake();
 *   await worker.stop({ deadlineMs: 5_000 });
 * }
 */
export interface Worker {
  start(): void;
  /** Stops claiming, waits for runs in flight until `deadlineMs` (default 10 s), then releases what is left. */
  stop(options?: { deadlineMs?: number }): Promise<void>;
  /** Claim now (runs became due). */
  wake(): void;
  /** Halts a run in flight in this process (after an operator cancel); false when it isn't here. */
  abort(runId: string, reason: 'cancelled' | 'lost'): boolean;
  /** Ids of the runs in flight in this process. */
  inFlight(): string[];
}

/**
 * Creates a worker. It claims runs of its own workflows with `store.claimRuns` up to `concurrency` in flight, waits
 * on wake-ups (`onRunsReady`, finished runs), a timer for the store's next due run and a poll backstop — never a
 * busy loop — and backs off while the store is unreachable.
 *
 * @example
 * import { silentLogger } from '../kit/logger.ts';
 * import type { Store } from '../store/port.ts';
 * import { createWorker } from './worker.ts';
 * declare const store: Store;
 * const worker = createWorker({ store, workflows: [], workerId: 'w1', logger: silentLogger, now: Date.now });
 * worker.start();
 * await worker.stop();
 */
export function createWorker(options: WorkerOptions): Worker {
  const { store, now } = options;
  const logger = options.logger.child({ role: 'worker', workerId: options.workerId });
  const concurrency = positive('concurrency', options.concurrency ?? 10);
  const leaseMs = positive('leaseMs', options.leaseMs ?? 30_000);
  const pollMs = positive('pollMs', options.pollMs ?? 1_000);
  const metrics = options.metrics ?? {};
  const workflows = new Map(options.workflows.map((workflow) => [workflow.id, workflow]));
  const workflowIds = [...workflows.keys()];
  const inFlight = new Map<string, RunningAttempt>();
  // An event has several runs (the mirror's, each agent's) that usually run close together, and a stored event never
  // changes: the last few are kept rather than read and parsed once per run.
  const events = new Map<string, Promise<EventRecord | null>>();
  const getEvent = (id: string): Promise<EventRecord | null> => {
    const cached = events.get(id);
    if (cached) return cached;
    const loading = store.getEvent(id);
    events.set(id, loading);
    if (events.size > EVENT_CACHE_SIZE) events.delete(events.keys().next().value as string);
    // A failed read is not kept: the next run of the event reads again.
    loading.then(
      (event) => {
        if (event === null) events.delete(id);
      },
      () => events.delete(id),
    );
    return loading;
  };
  const wakeup = createWakeup();
  let stopping = false;
  let loop: Promise<void> | null = null;

  function launch(run: RunRecord): void {
    const workflow = workflows.get(run.workflowId);
    if (!workflow) {
      // claimRuns is filtered by workflow id, so this is a store bug; hand the run back rather than sit on it.
      logger.error({ runId: run.id, workflowId: run.workflowId }, 'claimed a run of an unknown workflow');
      void store
        .releaseRun({ runId: run.id, epoch: run.leaseEpoch, owner: options.workerId }, now())
        .catch(() => {});
      return;
    }
    const attempt = startAttempt({
      store,
      run,
      workflow,
      owner: options.workerId,
      leaseMs,
      now,
      logger,
      metrics,
      context: options.context,
      backoff: options.backoff ?? {},
      getEvent,
    });
    inFlight.set(run.id, attempt);
    void attempt.done.then((outcome) => {
      if (inFlight.get(run.id) === attempt) inFlight.delete(run.id);
      if (outcome !== 'released') metrics.runFinished?.(run.workflowId, outcome);
      // A free slot, and maybe the next run of this concurrency key is due now.
      wakeup.notify();
    });
  }

  // A claim costs about the same whatever its size (it has to look at the queue's heads), so a busy worker waits
  // for a few free slots before claiming again; the poll backstop claims whatever is free.
  const minBatch = Math.max(1, Math.floor(concurrency / 4));

  async function run(): Promise<void> {
    let failures = 0;
    let timedOut = true;
    while (!stopping) {
      const free = concurrency - inFlight.size;
      let waitMs = pollMs;
      if (free > 0 && workflowIds.length > 0 && (free >= minBatch || timedOut)) {
        try {
          const claimed = await store.claimRuns({
            owner: options.workerId,
            limit: free,
            leaseMs,
            now: now(),
            workflowIds,
          });
          failures = 0;
          for (const claimedRun of claimed) {
            if (stopping) {
              void store
                .releaseRun(
                  { runId: claimedRun.id, epoch: claimedRun.leaseEpoch, owner: options.workerId },
                  now(),
                )
                .catch(() => {});
            } else launch(claimedRun);
          }
          // A full batch: there may be more due right now.
          if (claimed.length === free) continue;
          const next = await store.nextDueAt();
          const inMs = next === null ? Number.POSITIVE_INFINITY : next - now();
          // A due time in the past belongs to a run we can't take (another workflow, a busy concurrency key):
          // only the poll backstop and wake-ups apply then, or this would spin.
          if (inMs > 0) waitMs = Math.min(pollMs, inMs);
        } catch (error) {
          failures += 1;
          waitMs = Math.min(pollMs * 2 ** Math.min(failures, 5), 30_000);
          logger.warn({ err: error, retryInMs: waitMs }, 'claiming runs failed');
        }
      }
      if (stopping) break;
      timedOut = !(await wakeup.wait(waitMs));
    }
  }

  return {
    start() {
      if (loop || stopping) return;
      loop = run().catch((error) => logger.error({ err: error }, 'worker loop crashed'));
    },

    async stop(stopOptions = {}) {
      stopping = true;
      wakeup.close();
      await loop;
      const deadlineMs = stopOptions.deadlineMs ?? 10_000;
      const pending = [...inFlight.values()];
      if (pending.length === 0) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
      });
      await Promise.race([Promise.all(pending.map((attempt) => attempt.done)), deadline]);
      clearTimeout(timer);
      const left = [...inFlight.values()];
      if (left.length > 0)
        logger.warn({ runs: left.map((a) => a.runId) }, 'shutdown deadline: releasing runs');
      for (const attempt of left) attempt.halt('released');
      await Promise.all(left.map((attempt) => attempt.done));
    },

    wake() {
      wakeup.notify();
    },

    abort(runId, reason) {
      const attempt = inFlight.get(runId);
      if (!attempt) return false;
      attempt.halt(reason);
      return true;
    },

    inFlight() {
      return [...inFlight.keys()];
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`createWorker: ${name} must be a number > 0`);
  return value;
}
