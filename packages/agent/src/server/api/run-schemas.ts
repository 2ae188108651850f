import { z } from 'zod';
import type { RunRecord, SerializedError, StepRecord } from '../../store/port.ts';
import { iso, isoOrNull, responseSchema, Timestamp } from './api-schemas.ts';

/**
 * Every run status.
 *
 * @example
 * import { RunStatus } from './run-schemas.ts';
 * RunStatus.parse('dead');
 */
export const RunStatus = z.enum(['queued', 'running', 'sleeping', 'completed', 'dead', 'cancelled']);

/**
 * A stored error of a run or step (name, message and code only; stacks stay in the logs).
 *
 * @example
 * import { RunError } from './run-schemas.ts';
 * RunError.parse({ name: 'VendorRequestError', message: 'hubspot POST … failed: 400', code: 'VALIDATION_ERROR' });
 */
export const RunError = responseSchema(
  'RunError',
  z.object({ name: z.string(), message: z.string(), code: z.string().nullable() }),
  'Why a run or step failed.',
);

/**
 * A run in lists.
 *
 * @example
 * import { RunSummary } from './run-schemas.ts';
 * type Summary = import('zod').infer<typeof RunSummary>;
 */
export const RunSummary = responseSchema(
  'RunSummary',
  z.object({
    id: z.string(),
    workflowId: z.string(),
    eventId: z.string().nullable(),
    connectionId: z.string().nullable(),
    status: RunStatus,
    attempt: z.number().int().describe('Failed attempts so far.'),
    maxAttempts: z.number().int(),
    concurrencyKey: z.string().nullable(),
    dueAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    error: RunError.nullable(),
  }),
  'A workflow run.',
);

/**
 * One memoized step of a run.
 *
 * @example
 * import { StepView } from './run-schemas.ts';
 * type Step = import('zod').infer<typeof StepView>;
 */
export const StepView = responseSchema(
  'Step',
  z.object({
    stepId: z.string(),
    status: z.enum(['completed', 'failed', 'sleeping']),
    output: z.unknown().describe('The JSON the step returned (completed steps).'),
    error: RunError.nullable(),
    wakeAt: Timestamp.nullable(),
    attempt: z.number().int(),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    durationMs: z.number().nullable(),
  }),
  'A step of a run: its output is stored once and replayed on retries.',
);

/**
 * A run with its input, output and steps.
 *
 * @example
 * import { RunDetail } from './run-schemas.ts';
 * type Detail = import('zod').infer<typeof RunDetail>;
 */
export const RunDetail = responseSchema(
  'RunDetail',
  RunSummary.extend({
    input: z.unknown(),
    output: z.unknown(),
    leaseOwner: z.string().nullable(),
    leaseExpiresAt: Timestamp.nullable(),
    steps: z.array(StepView),
  }),
  'A workflow run with its steps.',
);

/**
 * A run as the API shows it in lists.
 *
 * @example
 * import { runSummary } from './run-schemas.ts';
 * const view = runSummary(run);
 */
export function runSummary(run: RunRecord): z.input<typeof RunSummary> {
  return {
    id: run.id,
    workflowId: run.workflowId,
    eventId: run.eventId,
    connectionId: run.connectionId,
    status: run.status,
    attempt: run.attempt,
    maxAttempts: run.maxAttempts,
    concurrencyKey: run.concurrencyKey,
    dueAt: iso(run.dueAt),
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    startedAt: isoOrNull(run.startedAt),
    finishedAt: isoOrNull(run.finishedAt),
    error: errorView(run.error),
  };
}

/**
 * A run with its steps, as `GET /runs/{id}` shows it.
 *
 * @example
 * import { runDetail } from './run-schemas.ts';
 * const view = runDetail(run, await store.getSteps(run.id));
 */
export function runDetail(run: RunRecord, steps: readonly StepRecord[]): z.input<typeof RunDetail> {
  return {
    ...runSummary(run),
    input: run.input ?? null,
    output: run.output ?? null,
    leaseOwner: run.leaseOwner,
    leaseExpiresAt: isoOrNull(run.leaseExpiresAt),
    steps: [...steps]
      .sort((a, b) => a.startedAt - b.startedAt || a.stepId.localeCompare(b.stepId))
      .map((step) => ({
        stepId: step.stepId,
        status: step.status,
        output: step.output ?? null,
        error: errorView(step.error),
        wakeAt: isoOrNull(step.wakeAt),
        attempt: step.attempt,
        startedAt: iso(step.startedAt),
        finishedAt: isoOrNull(step.finishedAt),
        durationMs: step.durationMs,
      })),
  };
}

function errorView(error: SerializedError | null): z.input<typeof RunError> | null {
  return error ? { name: error.name, message: error.message, code: error.code ?? null } : null;
}
