import type { HotmartClient } from '@hotpilot/hotmart';
import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import { getHotmartClient } from '../connectors/hotmart/hotmart-client.ts';
import { HotmartCredentials } from '../connectors/hotmart/hotmart-connection.ts';
import { defineWorkflow, type WorkflowDefinition } from '../engine/workflow.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import { createMirrorRepo } from '../store/mirror/mirror-repo.ts';
import type { ConnectionRecord, EventRecord, Store } from '../store/port.ts';
import { applyEvent } from './apply-event.ts';
import { DEFAULT_RECONCILE_WINDOW_MS, type ReconcileResult, reconcileConnection } from './reconcile.ts';

/**
 * Id of the workflow that applies every event to the mirror.
 *
 * @example
 * import { MIRROR_APPLY_WORKFLOW_ID } from './mirror-workflow.ts';
 * console.log(MIRROR_APPLY_WORKFLOW_ID); // 'mirror-apply'
 */
export const MIRROR_APPLY_WORKFLOW_ID = 'mirror-apply';

/**
 * Id of the cron workflow that reconciles the mirror's events with the API.
 *
 * @example
 * import { MIRROR_RECONCILE_WORKFLOW_ID } from './mirror-workflow.ts';
 * console.log(MIRROR_RECONCILE_WORKFLOW_ID); // 'mirror-reconcile'
 */
export const MIRROR_RECONCILE_WORKFLOW_ID = 'mirror-reconcile';

/**
 * Makes sure the mirror holds an event before a workflow reads it: when the event's `mirror-apply` run has finished,
 * nothing to do (one read); otherwise the event is applied here — the mirror run applies it too, and applying an event
 * twice changes nothing — so a workflow racing the mirror's own run still reads a mirror with its event in it.
 *
 * @example
 * import type { EventRecord, Store } from '../store/port.ts';
 * import { ensureMirrored } from './mirror-workflow.ts';
 * declare const store: Store;
 * declare const event: EventRecord;
 * await ensureMirrored(store, event, Date.now);
 */
export async function ensureMirrored(store: Store, event: EventRecord, now: Clock): Promise<void> {
  const run = await store.getRun(`${MIRROR_APPLY_WORKFLOW_ID}:${event.id}`);
  if (run?.status === 'completed') return;
  await applyEvent(createMirrorRepo(store), event, { now });
}

/**
 * Options of {@link mirrorWorkflows}.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import type { MirrorWorkflowOptions } from './mirror-workflow.ts';
 * declare const store: Store;
 * const options: MirrorWorkflowOptions = { store, reconcile: { cron: '*\/30 * * * *', windowHours: 48 } };
 */
export interface MirrorWorkflowOptions {
  store: Store;
  /**
   * Every workflow the engine runs, asked when reconciliation runs (a function, since the list contains the mirror
   * workflows themselves): synthetic events get the runs each would get. Default: the two mirror workflows.
   */
  workflows?: () => readonly WorkflowDefinition[];
  /** The Hotmart client of a connection (default: `getHotmartClient` with `fetch`). */
  client?: (connection: ConnectionRecord) => HotmartClient;
  /** `fetch` of the default clients (default: the global one). */
  fetch?: typeof fetch;
  reconcile?: {
    /** Cron pattern (default hourly, `0 * * * *`). */
    cron?: string;
    /** IANA time zone of the pattern (default UTC). */
    timeZone?: string;
    /** Sales history compared each time (default 72). */
    windowHours?: number;
  };
  now?: Clock;
  logger?: Logger;
}

/**
 * The workflow `mirror-apply`: every Hotmart event, applied to the mirror in one memoized step (see
 * `apply-event.ts`). Runs of one subscriber (else one transaction, else one buyer) never run at the same time, so
 * a subscription's events apply one after the other even when delivered together.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { mirrorApplyWorkflow } from './mirror-workflow.ts';
 * declare const store: Store;
 * console.log(mirrorApplyWorkflow({ store }).events.length); // 16
 */
export function mirrorApplyWorkflow(options: MirrorWorkflowOptions): WorkflowDefinition {
  const repo = createMirrorRepo(options.store);
  const now = options.now ?? systemClock;
  return defineWorkflow(
    {
      id: MIRROR_APPLY_WORKFLOW_ID,
      on: HOTMART_EVENT_NAMES,
      concurrencyKey: (event) => event.subscriberCode ?? event.transaction ?? event.buyerEmail,
      retries: 5,
      description:
        'Keeps the local mirror current: applies every Hotmart event (sales, subscriptions, MRR, students).',
    },
    async ({ event, step }) => step.run('apply-to-mirror', () => applyEvent(repo, event, { now })),
  );
}

/**
 * The cron workflow `mirror-reconcile` (hourly by default): for every Hotmart connection with credentials, compares
 * the last 72 hours of sales history with the events received and inserts the missing ones as synthetic events
 * (see `reconcile.ts`). One memoized step per connection; a failure retries that connection only.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { mirrorReconcileWorkflow } from './mirror-workflow.ts';
 * declare const store: Store;
 * console.log(mirrorReconcileWorkflow({ store, reconcile: { cron: '15 * * * *' } }).cron?.pattern); // '15 * * * *'
 */
export function mirrorReconcileWorkflow(
  options: MirrorWorkflowOptions,
  defaults: () => readonly WorkflowDefinition[] = () => [],
): WorkflowDefinition {
  const { store } = options;
  const now = options.now ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const windowHours = options.reconcile?.windowHours ?? DEFAULT_RECONCILE_WINDOW_MS / 3_600_000;
  if (!(Number.isFinite(windowHours) && windowHours > 0))
    throw new TypeError('mirrorWorkflows: reconcile.windowHours must be a positive number');
  const clientOf =
    options.client ??
    ((connection: ConnectionRecord) =>
      getHotmartClient(
        { ...connection, credentials: HotmartCredentials.parse(connection.credentials) },
        { fetch: options.fetch ?? fetch, logger, now },
      ));
  return defineWorkflow(
    {
      id: MIRROR_RECONCILE_WORKFLOW_ID,
      on: {
        cron: options.reconcile?.cron ?? '0 * * * *',
        ...(options.reconcile?.timeZone ? { timeZone: options.reconcile.timeZone } : {}),
      },
      retries: 3,
      description: 'Recovers missed webhooks: compares recent sales history with the events received.',
    },
    async ({ step, run }) => {
      // Ids only: a step's output is stored, and credentials never are.
      const ids = await step.run('list-connections', async () =>
        (await store.listConnections({ kind: 'hotmart' }))
          .filter((connection) => connection.credentials !== null)
          .map((connection) => connection.id),
      );
      const results: ReconcileResult[] = [];
      for (const id of ids) {
        const result = await step.run(`reconcile-${id}`, async () => {
          const connection = await store.getConnection(id);
          if (!connection || connection.credentials === null) return null;
          return reconcileConnection({
            store,
            connection,
            client: clientOf(connection),
            workflows: (options.workflows ?? defaults)(),
            windowMs: windowHours * 3_600_000,
            now,
            signal: run.signal,
            logger,
          });
        });
        if (result) results.push(result);
      }
      return results;
    },
  );
}

/**
 * The mirror's workflows for the engine: `[mirror-apply, mirror-reconcile]`.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { createEngine } from '../engine/engine.ts';
 * import { mirrorWorkflows } from './mirror-workflow.ts';
 * declare const store: Store;
 * const all = [...mirrorWorkflows({ store, workflows: () => all })];
 * const engine = createEngine({ store, workflows: all });
 */
export function mirrorWorkflows(options: MirrorWorkflowOptions): [WorkflowDefinition, WorkflowDefinition] {
  const apply = mirrorApplyWorkflow(options);
  const reconcile = mirrorReconcileWorkflow(options, () => [apply, reconcile]);
  return [apply, reconcile];
}
