/**
 * Thrown by a workflow (or one of its steps) to stop at once: the run becomes `dead` after this attempt, whatever
 * retries remain. Use it for failures that another attempt cannot fix (bad input, a refused permission).
 *
 * @example
 * import { NonRetriableError } from './errors.ts';
 * throw new NonRetriableError('buyer has no e-mail address', { code: 'NO_EMAIL' });
 */
export class NonRetriableError extends Error {
  override readonly name = 'NonRetriableError';
  /** A stable, machine-readable code, stored with the run's error. */
  readonly code: string | undefined;

  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code;
  }
}

/**
 * Thrown to retry the run at a given time (e.g. a vendor's `Retry-After`). The attempt still counts towards the
 * workflow's `retries`, so a vendor that keeps refusing can't keep a run alive forever.
 *
 * @example
 * import { RetryAfterError } from './errors.ts';
 * throw new RetryAfterError('CRM rate limited', 30_000);
 * throw new RetryAfterError('mailbox full until tomorrow', new Date('2030-01-02T00:00:00Z'));
 */
export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  readonly code: string | undefined;
  /** Milliseconds to wait (a number) or the instant to retry at (a Date). */
  readonly retryAfter: number | Date;

  constructor(message: string, retryAfter: number | Date, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (typeof retryAfter === 'number' && !(Number.isFinite(retryAfter) && retryAfter >= 0)) {
      throw new TypeError(`RetryAfterError: retryAfter must be a finite number of ms ≥ 0, got ${retryAfter}`);
    }
    if (retryAfter instanceof Date && Number.isNaN(retryAfter.getTime())) {
      throw new TypeError('RetryAfterError: retryAfter is an invalid Date');
    }
    this.retryAfter = retryAfter;
    this.code = options?.code;
  }

  /** The epoch-ms instant to retry at, given the current time. */
  retryAt(now: number): number {
    return this.retryAfter instanceof Date ? this.retryAfter.getTime() : now + this.retryAfter;
  }
}

/**
 * Thrown when the run can't go on before `at` for a reason that is no fault of its own — a client-side rate budget
 * that is spent, say. Not a failure: the run gives its worker slot back and is due again at `at`; no attempt is
 * counted and the step that threw is not stored as failed. Use it only for waits that end by themselves.
 *
 * @example
 * import { DeferRunError } from './errors.ts';
 * throw new DeferRunError('Hotmart request budget spent', Date.now() + 12_000, { code: 'hotmart_rate_budget' });
 */
export class DeferRunError extends Error {
  override readonly name = 'DeferRunError';
  readonly code: string | undefined;
  /** Epoch milliseconds at which the run may go on. */
  readonly at: number;

  constructor(message: string, at: number, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (!Number.isFinite(at)) throw new TypeError(`DeferRunError: at must be epoch milliseconds, got ${at}`);
    this.at = at;
    this.code = options?.code;
  }
}

/**
 * The error an attempt fails with when it outlives the workflow's per-attempt `timeout`.
 *
 * @example
 * import { AttemptTimeoutError } from './errors.ts';
 * const error = new AttemptTimeoutError(60_000);
 * console.log(error.code); // 'ATTEMPT_TIMEOUT'
 */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  readonly code = 'ATTEMPT_TIMEOUT';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}
