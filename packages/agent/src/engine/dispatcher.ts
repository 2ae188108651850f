import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import type { NewRun, Store } from '../store/port.ts';
import { type DecideOptions, decideInboxRow } from './decide-inbox-row.ts';
import type { EngineMetrics } from './metrics.ts';
import { createWakeup } from './wakeup.ts';
import type { WorkflowDefinition } from './workflow.ts';

/**
 * Options of {@link createDispatcher}.
 *
 * @example
 * import type { DispatcherOptions } from './dispatcher.ts';
 * const tuning: Partial<DispatcherOptions> = { batchSize: 100, pollMs: 1_000 };
 */
export interface DispatcherOptions {
  store: Store;
  workflows: readonly WorkflowDefinition[];
  logger: Logger;
  now: Clock;
  /** Inbox rows per transaction (default 100). */
  batchSize?: number;
  /** Poll backstop when no wake-up comes (default 1 s). */
  pollMs?: number;
  metrics?: EngineMetrics;
  /** The mirror's hook: see {@link DecideOptions.onEvent}. */
  onEvent?: DecideOptions['onEvent'];
  /** Called with the runs each batch created (the engine wakes its worker). */
  onRuns?: (runs: NewRun[]) => void;
}

/**
 * The dispatching role.
 *
 * @example
 * import type { Dispatcher } from './dispatcher.ts';
 * const flush = (dispatcher: Dispatcher) => dispatcher.drain();
 */
export interface Dispatcher {
  start(): void;
  stop(): Promise<void>;
  wake(): void;
  /** Dispatches until the inbox has no pending row; resolves with the totals. */
  drain(): Promise<{ dispatched: number; quarantined: number; runs: number }>;
}

/**
 * Creates the dispatcher: woken by `store.onInbox` (through the engine) plus a poll backstop, it calls
 * `store.dispatchInbox` with {@link decideInboxRow} until the inbox is drained, then waits.
 *
 * @example
 * import { silentLogger } from '../kit/logger.ts';
 * import type { Store } from '../store/port.ts';
 * import { createDispatcher } from './dispatcher.ts';
 * declare const store: Store;
 * const dispatcher = createDispatcher({ store, workflows: [], logger: silentLogger, now: Date.now });
 * await dispatcher.drain();
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, workflows, now } = options;
  const logger = options.logger.child({ role: 'dispatcher' });
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 1_000;
  const metrics = options.metrics ?? {};
  const wakeup = createWakeup();
  let stopping = false;
  let loop: Promise<void> | null = null;

  const onEvent = options.onEvent;
  const onWorkflowError: DecideOptions['onWorkflowError'] = (workflowId, where, error) =>
    logger.error(
      { err: error, workflowId, where },
      `workflow ${where} threw; treated as ${where === 'filter' ? 'no match' : 'no key'}`,
    );

  async function batch(): Promise<{ dispatched: number; quarantined: number; runs: NewRun[] }> {
    const at = now();
    const result = await store.dispatchInbox(batchSize, at, (row) =>
      decideInboxRow(row, workflows, { now: at, onWorkflowError, ...(onEvent ? { onEvent } : {}) }),
    );
    if (result.dispatched > 0) metrics.dispatched?.('event', result.dispatched);
    if (result.quarantined > 0) {
      metrics.dispatched?.('quarantine', result.quarantined);
      logger.warn({ quarantined: result.quarantined }, 'inbox rows quarantined (unparseable bodies)');
    }
    if (result.runs.length > 0) options.onRuns?.(result.runs);
    return result;
  }

  async function drain() {
    const totals = { dispatched: 0, quarantined: 0, runs: 0 };
    for (;;) {
      const result = await batch();
      totals.dispatched += result.dispatched;
      totals.quarantined += result.quarantined;
      totals.runs += result.runs.length;
      if (result.dispatched + result.quarantined < batchSize || stopping) return totals;
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let waitMs = pollMs;
      try {
        await drain();
        failures = 0;
      } catch (error) {
        failures += 1;
        waitMs = Math.min(pollMs * 2 ** Math.min(failures, 5), 30_000);
        logger.warn({ err: error, retryInMs: waitMs }, 'dispatching failed');
      }
      if (stopping) break;
      await wakeup.wait(waitMs);
    }
  }

  return {
    start() {
      if (loop || stopping) return;
      loop = run().catch((error) => logger.error({ err: error }, 'dispatcher loop crashed'));
    },
    async stop() {
      stopping = true;
      wakeup.close();
      await loop;
    },
    wake() {
      wakeup.notify();
    },
    drain,
  };
}
