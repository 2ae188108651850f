import { HOTMART_EVENT_NAMES, type HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { Cron } from 'croner';
import { z } from 'zod';
import type { EventRecord } from '../store/port.ts';
import { type Duration, parseDuration } from './duration.ts';
import type { StepTools } from './step.ts';

/**
 * What a workflow knows about the run it executes.
 *
 * @example
 * import type { RunInfo } from './workflow.ts';
 * const describe = (run: RunInfo) => `${run.workflowId} run ${run.id}, attempt ${run.attempt + 1}`;
 */
export interface RunInfo {
  /** `${workflowId}:${eventId}` for event runs, `${workflowId}@${slotIso}` for cron runs. */
  id: string;
  workflowId: string;
  /** Failed attempts before this one (0 on the first attempt; reset by a replay). */
  attempt: number;
  /** The lease epoch this attempt holds (the fencing token; grows with every claim, cancel and replay). */
  epoch: number;
  /** For cron runs: the slot (epoch ms) this run is for. */
  slot?: number;
  /** Aborted when the attempt times out, the lease is lost, the run is cancelled or the worker shuts down. */
  signal: AbortSignal;
}

/**
 * The argument of a workflow handler.
 *
 * @example
 * import type { EventRecord } from '../store/port.ts';
 * import type { WorkflowContext } from './workflow.ts';
 * const buyer = (c: WorkflowContext<EventRecord>) => c.event.buyerEmail;
 */
export interface WorkflowContext<TEvent extends EventRecord | null = EventRecord | null, TCtx = unknown> {
  /** The stored event that started the run; null for cron runs. */
  event: TEvent;
  step: StepTools;
  /** The engine's `context` option (the server passes its services). */
  ctx: TCtx;
  run: RunInfo;
}

/**
 * Options of an event workflow: runs once per matching Hotmart event.
 *
 * @example
 * import type { EventWorkflowOptions } from './workflow.ts';
 * const options: EventWorkflowOptions = { id: 'welcome', on: ['PURCHASE_APPROVED'], retries: 3 };
 */
export interface EventWorkflowOptions extends CommonWorkflowOptions {
  on: readonly HotmartEventName[];
  /** Runs are created only for events that pass (called synchronously inside the dispatch transaction: no I/O). */
  filter?: (event: EventRecord) => boolean;
  /**
   * Runs of this workflow that share a key never run at the same time (e.g. the buyer's e-mail), so out-of-order
   * deliveries can't race. Keys are scoped to the workflow. Null ⇒ no constraint.
   */
  concurrencyKey?: (event: EventRecord) => string | null;
}

/**
 * Options of a cron workflow: one run per schedule slot, across any number of processes.
 *
 * @example
 * import type { CronWorkflowOptions } from './workflow.ts';
 * const options: CronWorkflowOptions = { id: 'weekly-mrr', on: { cron: '0 7 * * 1', timeZone: 'America/Sao_Paulo' } };
 */
export interface CronWorkflowOptions extends CommonWorkflowOptions {
  /** A 5- or 6-field cron pattern (croner syntax) and an IANA time zone (default UTC). */
  on: { cron: string; timeZone?: string };
}

interface CommonWorkflowOptions {
  /** Lowercase letters, digits, `-`, `_`, `.`; stable (it is part of every run id). */
  id: string;
  /** Retries after the first failed attempt (default 5); exhausted ⇒ the run is dead. */
  retries?: number;
  /** Per-attempt time limit (ms or `'30s'`, `'5m'`…); the attempt fails when it is exceeded. */
  timeout?: Duration;
  description?: string;
}

/**
 * A validated workflow, ready to give to `createEngine`.
 *
 * @example
 * import { defineWorkflow, type WorkflowDefinition } from './workflow.ts';
 * const all: WorkflowDefinition[] = [defineWorkflow({ id: 'noop', on: ['PURCHASE_APPROVED'] }, async () => null)];
 */
export interface WorkflowDefinition<TCtx = unknown> {
  readonly id: string;
  readonly description: string | undefined;
  /** Event names that start a run (empty for cron workflows). */
  readonly events: readonly HotmartEventName[];
  /** The schedule (null for event workflows). */
  readonly cron: { readonly pattern: string; readonly timeZone: string } | null;
  readonly filter: ((event: EventRecord) => boolean) | undefined;
  readonly concurrencyKey: ((event: EventRecord) => string | null) | undefined;
  readonly retries: number;
  /** Per-attempt limit in ms; null when unlimited. */
  readonly timeoutMs: number | null;
  // Method syntax on purpose: a definition for a specific context type still fits `WorkflowDefinition[]`.
  handler(context: WorkflowContext<EventRecord | null, TCtx>): unknown;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const isFunction = (value: unknown) => typeof value === 'function';

const durationSchema = z.union([z.number(), z.string()]).superRefine((value, context) => {
  try {
    if (parseDuration(value) <= 0) context.addIssue({ code: 'custom', message: 'must be greater than 0' });
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const optionsSchema = z.strictObject({
  id: z
    .string()
    .max(100, 'must be at most 100 characters')
    .regex(ID_PATTERN, 'must start with a lowercase letter or digit and use only a-z, 0-9, "-", "_", "."'),
  on: z.union([
    z.array(z.enum(HOTMART_EVENT_NAMES)).min(1, 'must name at least one event'),
    z.strictObject({ cron: z.string().min(1, 'must not be empty'), timeZone: z.string().min(1).optional() }),
  ]),
  filter: z.custom<(event: EventRecord) => boolean>(isFunction, 'must be a function').optional(),
  concurrencyKey: z
    .custom<(event: EventRecord) => string | null>(isFunction, 'must be a function')
    .optional(),
  retries: z.int('must be an integer').min(0, 'must be ≥ 0').max(100, 'must be ≤ 100').optional(),
  timeout: durationSchema.optional(),
  description: z.string().optional(),
});

/**
 * Defines a workflow: code with named, memoized steps (see `step.ts`). Options are validated at once; a bad one
 * throws a `TypeError` naming the field.
 *
 * @example
 * import { defineWorkflow } from './workflow.ts';
 *
 * export const welcome = defineWorkflow(
 *   { id: 'welcome-email', on: ['PURCHASE_APPROVED'], concurrencyKey: (event) => event.buyerEmail },
 *   async ({ event, step }) => {
 *     const contact = await step.run('crm-upsert', () => ({ email: event.buyerEmail }));
 *     await step.sleep('wait-a-day', '1d');
 *     await step.run('send-tips', () => `tips sent to ${contact.email}`);
 *   },
 * );
 *
 * export const weekly = defineWorkflow(
 *   { id: 'weekly-mrr', on: { cron: '0 7 * * 1', timeZone: 'America/Sao_Paulo' } },
 *   async ({ run, step }) => step.run('report', () => ({ slot: run.slot })),
 * );
 */
export function defineWorkflow<TCtx = unknown>(
  options: EventWorkflowOptions,
  handler: (context: WorkflowContext<EventRecord, TCtx>) => unknown,
): WorkflowDefinition<TCtx>;
export function defineWorkflow<TCtx = unknown>(
  options: CronWorkflowOptions,
  handler: (context: WorkflowContext<null, TCtx>) => unknown,
): WorkflowDefinition<TCtx>;
export function defineWorkflow<TCtx = unknown>(
  options: EventWorkflowOptions | CronWorkflowOptions,
  handler: (context: WorkflowContext<never, TCtx>) => unknown,
): WorkflowDefinition<TCtx> {
  const label = typeof options?.id === 'string' ? ` "${options.id}"` : '';
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`,
    );
    throw new TypeError(`defineWorkflow${label}: invalid options — ${problems.join('; ')}`);
  }
  if (typeof handler !== 'function')
    throw new TypeError(`defineWorkflow${label}: handler must be a function`);
  const value = parsed.data;
  const cron = Array.isArray(value.on) ? null : checkCron(label, value.on.cron, value.on.timeZone);

  return Object.freeze({
    id: value.id,
    description: value.description,
    events: Object.freeze(Array.isArray(value.on) ? [...new Set(value.on)] : []),
    cron,
    filter: value.filter,
    concurrencyKey: value.concurrencyKey,
    retries: value.retries ?? 5,
    timeoutMs: value.timeout === undefined ? null : parseDuration(value.timeout),
    handler: handler as WorkflowDefinition<TCtx>['handler'],
  });
}

function checkCron(label: string, pattern: string, timeZone = 'UTC'): WorkflowDefinition['cron'] {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new TypeError(
      `defineWorkflow${label}: invalid options — on.timeZone: unknown time zone "${timeZone}"`,
    );
  }
  try {
    new Cron(pattern, { timezone: timeZone, paused: true }).nextRun();
  } catch (error) {
    throw new TypeError(`defineWorkflow${label}: invalid options — on.cron: ${(error as Error).message}`);
  }
  return Object.freeze({ pattern, timeZone });
}
