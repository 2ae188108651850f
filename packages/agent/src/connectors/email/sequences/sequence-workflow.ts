import { NonRetriableError } from '../../../engine/errors.ts';
import type { WorkflowContext, WorkflowDefinition } from '../../../engine/workflow.ts';
import { type Clock, systemClock } from '../../../kit/clock.ts';
import type { Locale } from '../../../kit/i18n/locale.ts';
import { type Logger, silentLogger } from '../../../kit/logger.ts';
import type { ConnectionRecord, Store } from '../../../store/port.ts';
import { loadConnection } from '../../connections.ts';
import { invokeAction } from '../../invoke.ts';
import type { ActionServices } from '../../kit.ts';
import { emailSendMessage } from '../actions/send-message.ts';
import { emailConnector } from '../email-connector.ts';
import { readEmailServices } from '../email-services.ts';
import type { SequenceDefinition } from './define-sequence.ts';
import { EnrolmentRunInput, SEQUENCE_RETRIES, SEQUENCE_WORKFLOW_ID } from './enrolment.ts';
import { checkStopConditions, type StopReason } from './stop-conditions.ts';

/**
 * What the sequence workflow needs from the composition root.
 *
 * @example
 * import type { SequenceWorkflowOptions } from './sequence-workflow.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const options: SequenceWorkflowOptions = { store, services: { unsubscribeSecret: 'a long random secret value' } };
 */
export interface SequenceWorkflowOptions {
  /** The store enrolments, suppressions and connections live in (the engine's store). */
  store: Store;
  /**
   * The `email` connection to send with when the enrolment names none. Default: the only `email` connection in the
   * store (several without a choice is a configuration error).
   */
  connectionId?: string;
  /** The services actions receive (`unsubscribeSecret`, `hasPurchased`, `emailTemplates`…); `store` is added. */
  services?: ActionServices;
  logger?: Logger;
  /** The engine's clock (message dates and suppression times follow it). */
  now?: Clock;
}

/**
 * What a finished enrolment run returns (the run's output).
 *
 * @example
 * import type { SequenceRunOutput } from './sequence-workflow.ts';
 * const stoppedByPurchase = (output: SequenceRunOutput) => output.status === 'stopped' && output.reason === 'purchased';
 */
export type SequenceRunOutput =
  | { status: 'completed'; sent: string[] }
  | { status: 'stopped'; reason: StopReason; step: string; sent: string[] };

/**
 * The engine workflow that runs every enrolment (`enrol` creates its runs; no Hotmart event or schedule starts
 * it). Each step of the enrolment's sequence is three memoized steps:
 * `step.sleep('wait-<id>', delay)` (persisted: the run parks in the store, no timer in memory),
 * `step.run('check-<id>')` (stop conditions: unsubscribed, purchased…) and `step.run('send-<id>')` (the
 * `email_send_message` action, whose Message-ID is the step's idempotency key `runId:send-<id>`). A restart
 * resumes where the store says; a step that completed is never sent again.
 *
 * Failures follow the action's errors: SMTP outages and 4xx replies are retried with backoff; refused
 * credentials, permanent 5xx refusals, unknown sequences and broken templates stop the run (`failed`).
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { createEngine } from '../../../engine/engine.ts';
 * import { defaultSequences } from './default-sequences.ts';
 * import { sequenceWorkflow } from './sequence-workflow.ts';
 * declare const store: Store;
 * const engine = createEngine({
 *   store,
 *   workflows: [sequenceWorkflow(defaultSequences, { store, services: { hasPurchased: async () => false } })],
 * });
 * await engine.start();
 */
export function sequenceWorkflow(
  sequences: readonly SequenceDefinition[],
  options: SequenceWorkflowOptions,
): WorkflowDefinition {
  const byId = new Map<string, SequenceDefinition>();
  for (const sequence of sequences) {
    if (byId.has(sequence.id))
      throw new TypeError(`sequenceWorkflow: sequence "${sequence.id}" is defined twice`);
    byId.set(sequence.id, sequence);
  }
  const { store } = options;
  const now = options.now ?? systemClock;
  const services = readEmailServices({ ...options.services, store });
  const baseLogger = (options.logger ?? silentLogger).child({ workflow: SEQUENCE_WORKFLOW_ID });

  async function handler({ run, step }: WorkflowContext): Promise<SequenceRunOutput> {
    const record = await store.getRun(run.id);
    const parsed = EnrolmentRunInput.safeParse(record?.input);
    if (!parsed.success) {
      throw new NonRetriableError(`enrolment ${run.id} has no valid input`, {
        code: 'ENROLMENT_INPUT_INVALID',
      });
    }
    const enrolment = parsed.data;
    const sequence = byId.get(enrolment.sequenceId);
    if (!sequence) {
      throw new NonRetriableError(
        `unknown sequence "${enrolment.sequenceId}" (not given to sequenceWorkflow)`,
        {
          code: 'SEQUENCE_NOT_FOUND',
        },
      );
    }
    const logger = baseLogger.child({ runId: run.id, sequence: sequence.id });
    const sent: string[] = [];

    for (const current of sequence.steps) {
      await step.sleep(`wait-${current.id}`, current.delayMs);
      const check = await step.run(`check-${current.id}`, () =>
        checkStopConditions([...sequence.stopWhen, ...current.stopIf], {
          store,
          email: enrolment.email,
          data: enrolment.data,
          ...(record ? { enrolledAt: record.createdAt } : {}),
          ...(services.hasPurchased ? { hasPurchased: services.hasPurchased } : {}),
          ...(services.subscriptionStatus ? { subscriptionStatus: services.subscriptionStatus } : {}),
        }),
      );
      if (check) {
        logger.info({ step: current.id, reason: check.reason }, 'sequence stopped');
        return { status: 'stopped', reason: check.reason, step: current.id, sent };
      }
      const result = await step.run(`send-${current.id}`, async (info) => {
        const connection = await emailConnection(enrolment.connectionId ?? options.connectionId);
        const output = await invokeAction(
          emailSendMessage,
          {
            to: enrolment.email,
            template: {
              id: current.template.id,
              data: enrolment.data,
              ...(enrolment.timeZone === undefined ? {} : { timeZone: enrolment.timeZone }),
            },
            locale: enrolment.locale as Locale,
            list: sequence.id,
          },
          {
            connector: emailConnector,
            connection,
            idempotencyKey: info.idempotencyKey,
            logger,
            now,
            signal: info.signal,
            // The step's own template object comes first, so a sequence can use templates no registry lists.
            services: { ...services, emailTemplates: [current.template, ...(services.emailTemplates ?? [])] },
          },
        );
        return { status: output.status, messageId: output.messageId };
      });
      if (result.status === 'suppressed') {
        // Unsubscribed between the check and the send: the action sent nothing.
        return { status: 'stopped', reason: 'unsubscribed', step: current.id, sent };
      }
      sent.push(current.id);
    }
    return { status: 'completed', sent };
  }

  async function emailConnection(
    id: string | undefined,
  ): Promise<ConnectionRecord | Awaited<ReturnType<typeof loadConnection>>> {
    if (id !== undefined) return loadConnection(store, id, emailConnector);
    const candidates = await store.listConnections({ kind: emailConnector.id });
    if (candidates.length !== 1) {
      throw new NonRetriableError(
        candidates.length === 0
          ? 'no email connection exists: create one before enrolling anyone in a sequence'
          : 'several email connections exist: give sequenceWorkflow (or enrol) a connectionId',
        { code: 'EMAIL_CONNECTION_AMBIGUOUS' },
      );
    }
    return candidates[0] as ConnectionRecord;
  }

  // Built by hand rather than with defineWorkflow: no Hotmart event and no schedule starts this workflow, only
  // `enrol`, which creates its runs directly. With no events and no cron, the dispatcher and the scheduler leave
  // it alone; the worker claims its runs like any other.
  return Object.freeze({
    id: SEQUENCE_WORKFLOW_ID,
    description: 'Sends the steps of e-mail sequences, one run per enrolment.',
    events: Object.freeze([]),
    cron: null,
    filter: undefined,
    concurrencyKey: undefined,
    retries: SEQUENCE_RETRIES,
    // An attempt renders and sends one message at most before it parks; five minutes is generous.
    timeoutMs: 5 * 60_000,
    handler: handler as WorkflowDefinition['handler'],
  });
}
