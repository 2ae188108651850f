import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import type { Lease, StepRecord, Store } from '../store/port.ts';
import { type Duration, parseDuration } from './duration.ts';
import { DeferRunError, NonRetriableError } from './errors.ts';
import type { EngineMetrics } from './metrics.ts';
import { serializeError } from './serialize-error.ts';

/**
 * What a step function receives.
 *
 * @example
 * import type { StepInfo } from './step.ts';
 * const headers = (info: StepInfo) => ({ 'Idempotency-Key': info.idempotencyKey });
 */
export interface StepInfo {
  /** `${runId}:${stepId}`: the same on every retry and replay, for side effects that must happen once. */
  idempotencyKey: string;
  /** Aborted when the attempt ends early (timeout, lost lease, cancel, shutdown). */
  signal: AbortSignal;
  /** Failed attempts of the run before this one. */
  attempt: number;
}

/**
 * The step tools a workflow handler receives as `step`.
 *
 * @example
 * import type { StepTools } from './step.ts';
 * async function onboard(step: StepTools, email: string) {
 *   const id = await step.run('crm-upsert', () => ({ contactId: `c-${email}` }));
 *   await step.sleep('cool-off', '2h');
 *   return id;
 * }
 */
export interface StepTools {
  /**
   * Runs `fn` once per run: a step that completed in an earlier attempt returns its stored output without calling
   * `fn` again. The output is stored as JSON (and returned as stored, so the first execution and a replay see the
   * same value). A thrown error is stored as the step's failure and rethrown. Step ids must be unique in a run.
   */
  run<T>(id: string, fn: (info: StepInfo) => T | Promise<T>): Promise<Awaited<T>>;
  /** Parks the run for `duration` (ms or `'5m'`, `'2h'`, `'3d'`…); persisted, so it survives restarts. */
  sleep(id: string, duration: Duration): Promise<void>;
  /** Parks the run until `until` (a past instant continues at once). */
  sleepUntil(id: string, until: Date | number | string): Promise<void>;
  /** `${runId}:${stepId}`, for side effects performed outside `step.run`. */
  idempotencyKey(id: string): string;
}

/**
 * Why an attempt may no longer write: its lease is gone (`lost`), an operator cancelled it, it timed out, the worker
 * gave it back at shutdown (`released`), or the attempt already settled (`finished`).
 *
 * @example
 * import type { HaltReason } from './step.ts';
 * const isFenced = (reason: HaltReason) => reason === 'lost' || reason === 'cancelled';
 */
export type HaltReason = 'lost' | 'cancelled' | 'timeout' | 'released' | 'finished';

/**
 * The mutable state of one attempt, shared by the step tools and the attempt runner.
 *
 * @example
 * import type { StepSession } from './step.ts';
 * const parked = (session: StepSession) => session.park !== null;
 */
export interface StepSession {
  readonly store: Store;
  readonly lease: Lease;
  readonly runId: string;
  readonly workflowId: string;
  readonly attempt: number;
  readonly now: Clock;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  readonly signal: AbortSignal;
  /** Steps stored by earlier attempts, by id. */
  readonly memo: Map<string, StepRecord>;
  /** Step ids used by this attempt (a repeat is a programming error). */
  readonly seen: Set<string>;
  halted: HaltReason | null;
  /** Marks the attempt halted (first reason wins) and aborts `signal`. */
  halt(reason: HaltReason): void;
  /** Set by a sleep that must wait: the run is to be parked until `wakeAt`. */
  park: { stepId: string; wakeAt: number } | null;
}

/**
 * Thrown into the handler when the attempt may no longer make progress (lease lost, cancelled, timed out, released).
 * The attempt runner decides the outcome from the session, not from this error, so a handler that catches it
 * changes nothing.
 *
 * @example
 * import { AttemptHaltedError } from './step.ts';
 * const error = new AttemptHaltedError('lost');
 * console.log(error.reason); // 'lost'
 */
export class AttemptHaltedError extends Error {
  override readonly name = 'AttemptHaltedError';
  readonly reason: HaltReason;

  constructor(reason: HaltReason) {
    super(`attempt halted: ${reason}`);
    this.reason = reason;
  }
}

/**
 * An `AttemptHaltedError` without a stack trace, for the abort reason of an attempt's signal: every attempt that ends
 * aborts its signal with one ('finished'), and capturing a stack for it cost as much as a small step.
 *
 * @example
 * import { haltedReason } from './step.ts';
 * new AbortController().abort(haltedReason('finished'));
 */
export function haltedReason(reason: HaltReason): AttemptHaltedError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AttemptHaltedError(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Thrown by `step.sleep` to unwind the handler once the sleep is stored; the run is then parked until the wake time.
 *
 * @example
 * import { RunParkedSignal } from './step.ts';
 * const signal = new RunParkedSignal(Date.now() + 60_000);
 * console.log(signal.wakeAt > Date.now()); // true
 */
export class RunParkedSignal extends Error {
  override readonly name = 'RunParkedSignal';
  readonly wakeAt: number;

  constructor(wakeAt: number) {
    super(`run parked until ${new Date(wakeAt).toISOString()}`);
    this.wakeAt = wakeAt;
  }
}

const MAX_STEP_ID = 200;

/**
 * Builds the `step` tools over one attempt's session.
 *
 * @example
 * import type { StepSession } from './step.ts';
 * import { createStepTools } from './step.ts';
 * declare const session: StepSession;
 * const step = createStepTools(session);
 * await step.run('hello', () => 'world');
 */
export function createStepTools(session: StepSession): StepTools {
  const { store, lease, runId } = session;

  function enter(id: string): void {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_STEP_ID) {
      throw new NonRetriableError(`step id must be a non-empty string of at most ${MAX_STEP_ID} characters`, {
        code: 'INVALID_STEP_ID',
      });
    }
    if (session.halted) throw new AttemptHaltedError(session.halted);
    // A handler that swallowed the park signal must not go on past the sleep.
    if (session.park) throw new RunParkedSignal(session.park.wakeAt);
    if (session.seen.has(id)) {
      throw new NonRetriableError(`duplicate step id "${id}" in one run: step ids must be unique`, {
        code: 'DUPLICATE_STEP_ID',
      });
    }
    session.seen.add(id);
  }

  // Every write is fenced twice: locally (a halted attempt writes nothing) and by the store (a stale epoch is refused).
  async function save(step: StepRecord): Promise<void> {
    if (session.halted) throw new AttemptHaltedError(session.halted);
    const saved = await store.saveStep(lease, step);
    if (!saved) {
      session.halt('lost');
      throw new AttemptHaltedError(session.halted ?? 'lost');
    }
    session.memo.set(step.stepId, step);
  }

  // The step's own error is what the attempt fails with; a store error while recording it only goes to the log.
  async function saveFailure(step: StepRecord): Promise<void> {
    try {
      await save(step);
    } catch (error) {
      if (error instanceof AttemptHaltedError) throw error;
      session.logger.warn({ err: error, runId, stepId: step.stepId }, 'could not store a failed step');
    }
  }

  async function sleepStep(id: string, wake: () => number): Promise<void> {
    enter(id);
    const stored = session.memo.get(id);
    if (stored?.status === 'completed') return;
    const sleeping = stored?.status === 'sleeping' && stored.wakeAt !== null ? stored : null;
    // On re-execution the stored wake time counts, not a fresh `now + duration`.
    const wakeAt = sleeping ? (sleeping.wakeAt as number) : wake();
    const now = session.now();
    if (wakeAt <= now) {
      await save({
        runId,
        stepId: id,
        status: 'completed',
        output: null,
        error: null,
        wakeAt,
        attempt: session.attempt,
        startedAt: sleeping?.startedAt ?? now,
        finishedAt: now,
        durationMs: now - (sleeping?.startedAt ?? now),
      });
      return;
    }
    if (!sleeping) {
      await save({
        runId,
        stepId: id,
        status: 'sleeping',
        output: null,
        error: null,
        wakeAt,
        attempt: session.attempt,
        startedAt: now,
        finishedAt: null,
        durationMs: null,
      });
    }
    session.park = { stepId: id, wakeAt };
    throw new RunParkedSignal(wakeAt);
  }

  return {
    async run(id, fn) {
      enter(id);
      const stored = session.memo.get(id);
      if (stored?.status === 'completed') return stored.output as never;
      if (typeof fn !== 'function') throw new NonRetriableError(`step "${id}": fn must be a function`);

      const startedAt = session.now();
      const started = performance.now();
      let output: unknown;
      let outputJson: string;
      try {
        ({ value: output, text: outputJson } = toJsonText(
          await fn({ idempotencyKey: `${runId}:${id}`, signal: session.signal, attempt: session.attempt }),
        ));
      } catch (error) {
        const ms = performance.now() - started;
        session.metrics.stepFinished?.(session.workflowId, id, ms, false);
        // A deferral is no failure of the step: it runs again, unrecorded, when the run comes back.
        if (!(error instanceof AttemptHaltedError) && !(error instanceof DeferRunError) && !session.halted) {
          await saveFailure({
            runId,
            stepId: id,
            status: 'failed',
            output: null,
            error: serializeError(error),
            wakeAt: null,
            attempt: session.attempt,
            startedAt,
            finishedAt: session.now(),
            durationMs: Math.round(ms),
          });
        }
        throw error;
      }
      const ms = performance.now() - started;
      await save({
        runId,
        stepId: id,
        status: 'completed',
        output,
        outputJson,
        error: null,
        wakeAt: null,
        attempt: session.attempt,
        startedAt,
        finishedAt: session.now(),
        durationMs: Math.round(ms),
      });
      session.metrics.stepFinished?.(session.workflowId, id, ms, true);
      return output as never;
    },

    sleep(id, duration) {
      let ms: number;
      try {
        ms = parseDuration(duration);
      } catch (error) {
        return Promise.reject(new NonRetriableError(`step "${id}": ${(error as Error).message}`));
      }
      return sleepStep(id, () => session.now() + ms);
    },

    sleepUntil(id, until) {
      const at =
        until instanceof Date ? until.getTime() : typeof until === 'string' ? Date.parse(until) : until;
      if (typeof at !== 'number' || !Number.isFinite(at)) {
        return Promise.reject(new NonRetriableError(`step "${id}": sleepUntil needs a valid date`));
      }
      return sleepStep(id, () => at);
    },

    idempotencyKey(id) {
      return `${runId}:${id}`;
    },
  };
}

/**
 * The value as it will be read back from the store: JSON round trip, `undefined` → null.
 *
 * @example
 * import { toJson } from './step.ts';
 * toJson({ at: new Date(0), skip: undefined }); // { at: '1970-01-01T00:00:00.000Z' }
 */
export function toJson(value: unknown): unknown {
  return toJsonText(value).value;
}

/**
 * `toJson`'s value together with its JSON text, for a writer that stores the text (a step's output is serialised
 * once, not once to normalise it and again to store it).
 *
 * @example
 * import { toJsonText } from './step.ts';
 * toJsonText({ skip: undefined, n: 1 }); // { value: { n: 1 }, text: '{"n":1}' }
 */
export function toJsonText(value: unknown): { value: unknown; text: string } {
  if (value === undefined) return { value: null, text: 'null' };
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // Circular or BigInt: no retry can fix that, so don't burn the retries on it.
    throw new NonRetriableError(`output is not JSON-serialisable: ${(error as Error).message}`, {
      code: 'OUTPUT_NOT_JSON',
    });
  }
  return text === undefined ? { value: null, text: 'null' } : { value: JSON.parse(text), text };
}
