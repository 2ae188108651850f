import type { Clock } from '../kit/clock.ts';
import { type Logger, lazyChild } from '../kit/logger.ts';
import type { EventRecord, Lease, RunRecord, Store } from '../store/port.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import { AttemptTimeoutError, DeferRunError, NonRetriableError, RetryAfterError } from './errors.ts';
import type { EngineMetrics, RunOutcome } from './metrics.ts';
import { serializeError } from './serialize-error.ts';
import {
  AttemptHaltedError,
  createStepTools,
  type HaltReason,
  haltedReason,
  type StepSession,
  toJson,
} from './step.ts';
import type { RunInfo, WorkflowDefinition } from './workflow.ts';

/**
 * Everything one attempt of a claimed run needs.
 *
 * @example
 * import type { AttemptOptions } from './run-attempt.ts';
 * const leaseOf = (options: AttemptOptions) => options.run.leaseEpoch;
 */
export interface AttemptOptions {
  store: Store;
  /** The run as `claimRuns` returned it (status running, our lease). */
  run: RunRecord;
  workflow: WorkflowDefinition;
  owner: string;
  leaseMs: number;
  now: Clock;
  logger: Logger;
  metrics: EngineMetrics;
  context: unknown;
  backoff: BackoffOptions;
  /** Where the run's event is read (default: the store); the worker passes a small cache, events never change. */
  getEvent?: (id: string) => Promise<EventRecord | null>;
}

/**
 * One attempt in flight. `done` settles once the attempt's outcome is written (or known to be unwritable); it never
 * rejects. `released` means the run was given back unchanged at shutdown.
 *
 * @example
 * import type { RunningAttempt } from './run-attempt.ts';
 * const cancel = (attempt: RunningAttempt) => attempt.halt('cancelled');
 */
export interface RunningAttempt {
  readonly runId: string;
  readonly done: Promise<RunOutcome | 'released'>;
  /** Stops the attempt from the outside: an operator cancel, a lost lease, or a shutdown past its deadline. */
  halt(reason: 'cancelled' | 'released' | 'lost'): void;
}

type Settled = { kind: 'ok'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'halted' };

/**
 * Executes one claimed run: loads its event and memoized steps, calls the handler with the step tools, heartbeats
 * the lease every `leaseMs / 3`, enforces the workflow's per-attempt timeout, and writes the outcome (complete,
 * retry with backoff, dead, or parked) fenced by the lease. A lost lease or a cancel stops every further write.
 *
 * @example
 * import type { AttemptOptions } from './run-attempt.ts';
 * import { startAttempt } from './run-attempt.ts';
 * declare const options: AttemptOptions;
 * const outcome = await startAttempt(options).done; // 'completed' | 'retry' | 'dead' | …
 */
export function startAttempt(options: AttemptOptions): RunningAttempt {
  const { store, run, workflow, now, leaseMs, metrics } = options;
  const lease: Lease = { runId: run.id, epoch: run.leaseEpoch, owner: options.owner };
  const logger = lazyChild(options.logger, {
    runId: run.id,
    workflowId: run.workflowId,
    epoch: run.leaseEpoch,
  });
  const controller = new AbortController();
  let signalHalted: () => void = () => {};
  const halted = new Promise<void>((resolve) => {
    signalHalted = resolve;
  });

  const session: StepSession = {
    store,
    lease,
    runId: run.id,
    workflowId: run.workflowId,
    attempt: run.attempt,
    now,
    logger,
    metrics,
    signal: controller.signal,
    memo: new Map(),
    seen: new Set(),
    halted: null,
    halt,
    park: null,
  };

  function halt(reason: HaltReason): void {
    // The first reason wins; once the outcome is being written ('finished') nothing can interrupt it.
    if (session.halted) return;
    session.halted = reason;
    controller.abort(haltedReason(reason));
    signalHalted();
  }

  // Heartbeat: chained timeouts, so a slow store never stacks concurrent heartbeats.
  let confirmedUntil = run.leaseExpiresAt ?? now() + leaseMs;
  let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  const heartbeatEvery = Math.max(10, Math.floor(leaseMs / 3));
  const scheduleHeartbeat = () => {
    heartbeatTimer = setTimeout(beat, heartbeatEvery);
  };
  async function beat(): Promise<void> {
    if (session.halted) return;
    const expiresAt = now() + leaseMs;
    try {
      if (!(await store.heartbeat(lease, expiresAt))) {
        logger.warn({}, 'lease lost (the run was reclaimed, cancelled or replayed): stopping this attempt');
        halt('lost');
        return;
      }
      confirmedUntil = expiresAt;
    } catch (error) {
      // Can't reach the store: keep trying while the lease we last confirmed is live; past it, another worker may
      // already hold the run, so this attempt must stop writing.
      if (now() >= confirmedUntil) {
        logger.warn({ err: error }, 'heartbeat failed until the lease expired: stopping this attempt');
        halt('lost');
        return;
      }
      logger.warn({ err: error }, 'heartbeat failed; retrying');
    }
    if (!session.halted) scheduleHeartbeat();
  }

  async function body(): Promise<unknown> {
    let event: EventRecord | null = null;
    if (run.eventId !== null) {
      event = await (options.getEvent ?? ((id) => store.getEvent(id)))(run.eventId);
      if (!event) {
        throw new NonRetriableError(`event ${run.eventId} not found (pruned?)`, { code: 'EVENT_NOT_FOUND' });
      }
    }
    // A run is created at epoch 0 and every claim, replay and cancellation raises the epoch; steps are written only
    // under a lease. So a run claimed at epoch 1 (its first claim) has no steps to read.
    if (run.leaseEpoch > 1) {
      for (const step of await store.getSteps(run.id)) session.memo.set(step.stepId, step);
    }
    const info: RunInfo = {
      id: run.id,
      workflowId: run.workflowId,
      attempt: run.attempt,
      epoch: run.leaseEpoch,
      signal: controller.signal,
    };
    const slot = (run.input as { slot?: unknown } | null)?.slot;
    if (typeof slot === 'number') info.slot = slot;
    if (session.halted) throw new AttemptHaltedError(session.halted);
    return await workflow.handler({
      event,
      step: createStepTools(session),
      ctx: options.context,
      run: info,
    });
  }

  async function execute(): Promise<RunOutcome | 'released'> {
    const running = body();
    // The handler may outlive a halted attempt (JS can't be killed); its late rejection must not go unhandled.
    running.catch(() => {});
    const settled: Settled = await Promise.race([
      running.then(
        (value): Settled => ({ kind: 'ok', value }),
        (error): Settled => ({ kind: 'error', error }),
      ),
      halted.then((): Settled => ({ kind: 'halted' })),
    ]);

    const reason = session.halted;
    if (reason === 'lost') return await lostOrCancelled();
    if (reason === 'cancelled') return 'cancelled';
    if (reason === 'released') {
      await write('release', () => store.releaseRun(lease, now()));
      return 'released';
    }
    if (reason === 'timeout') {
      session.halted = 'finished';
      return await fail(new AttemptTimeoutError(workflow.timeoutMs ?? 0));
    }
    // From here on only this function writes: steps a handler left running without awaiting are refused locally.
    session.halted = 'finished';
    if (session.park) {
      const { wakeAt, stepId } = session.park;
      logger.debug({ stepId, wakeAt }, 'run parked');
      return (await write('sleep', () => store.sleepRun(lease, wakeAt, now()))) ? 'sleeping' : 'lost';
    }
    if (settled.kind === 'error' && settled.error instanceof DeferRunError) {
      const dueAt = settled.error.at;
      logger.debug({ dueAt, code: settled.error.code }, 'run deferred');
      return (await write('defer', () => store.releaseRun(lease, now(), dueAt))) ? 'released' : 'lost';
    }
    if (settled.kind === 'error') return await fail(settled.error);
    if (settled.kind === 'ok') {
      let output: unknown;
      try {
        output = toJson(settled.value);
      } catch (error) {
        return await fail(error);
      }
      return (await write('complete', () => store.completeRun(lease, output, now()))) ? 'completed' : 'lost';
    }
    return 'lost';
  }

  async function fail(error: unknown): Promise<RunOutcome> {
    const at = now();
    const failures = run.attempt + 1;
    let retryAt: number | null;
    if (isNonRetriable(error) || failures >= run.maxAttempts) retryAt = null;
    else if (error instanceof RetryAfterError) retryAt = Math.max(at, error.retryAt(at));
    else retryAt = at + backoffDelay(failures, options.backoff);
    if (retryAt === null) logger.error({ err: error, failures }, 'run failed: dead');
    else logger.warn({ err: error, failures, retryAt }, 'run failed: will retry');
    const ok = await write('fail', () => store.failRun(lease, serializeError(error), retryAt, at));
    if (!ok) return 'lost';
    return retryAt === null ? 'dead' : 'retry';
  }

  // A store error on the final write leaves the run `running`: its lease expires and another claim retries it.
  async function write(what: string, action: () => Promise<boolean>): Promise<boolean> {
    try {
      const ok = await action();
      if (!ok) logger.warn({ write: what }, 'write refused: the lease is stale');
      return ok;
    } catch (error) {
      logger.error({ err: error, write: what }, 'could not write the outcome; the lease will expire');
      return false;
    }
  }

  async function lostOrCancelled(): Promise<RunOutcome> {
    try {
      return (await store.getRun(run.id))?.status === 'cancelled' ? 'cancelled' : 'lost';
    } catch {
      return 'lost';
    }
  }

  const done = (async () => {
    scheduleHeartbeat();
    const timeoutTimer =
      workflow.timeoutMs === null ? undefined : setTimeout(() => halt('timeout'), workflow.timeoutMs);
    try {
      return await execute();
    } catch (error) {
      logger.error({ err: error }, 'attempt crashed');
      return 'lost' as const;
    } finally {
      clearTimeout(heartbeatTimer);
      clearTimeout(timeoutTimer);
      if (!controller.signal.aborted) controller.abort(haltedReason('finished'));
    }
  })();

  return { runId: run.id, done, halt };
}

// By name as well: a second copy of this module (two installs) must still be understood.
function isNonRetriable(error: unknown): boolean {
  return error instanceof NonRetriableError || (error instanceof Error && error.name === 'NonRetriableError');
}
