import {
  type HotmartWebhookEvent,
  normalizeWebhook,
  parseWebhook,
  type WebhookParseError,
} from '@hotpilot/hotmart/webhooks';
import type { DispatchDecision, EventRecord, InboxRecord, NewRun } from '../store/port.ts';
import type { WorkflowDefinition } from './workflow.ts';

/**
 * Options of {@link decideInboxRow}.
 *
 * @example
 * import type { DecideOptions } from './decide-inbox-row.ts';
 * const options: DecideOptions = { now: Date.now(), onEvent: (event) => console.log(event.name) };
 */
export interface DecideOptions {
  /** `dueAt` of the runs created (default: the row's `receivedAt`). */
  now?: number;
  /**
   * Called with every event accepted, inside the dispatch decision (synchronously, within the store's
   * transaction): the extension point for updating the local mirror. It must not do I/O; if it throws, the whole
   * batch is rolled back and retried, so it must not throw for a well-formed event.
   */
  onEvent?: (event: EventRecord, parsed: HotmartWebhookEvent) => void;
  /**
   * Called when a workflow's `filter` or `concurrencyKey` throws. A throwing filter means "no run" for that
   * workflow (the other workflows still get theirs); a throwing key means "no key".
   */
  onWorkflowError?: (workflowId: string, where: 'filter' | 'concurrencyKey', error: unknown) => void;
}

/**
 * Decides what one inbox row becomes — pure and synchronous, as `store.dispatchInbox` requires: a body that doesn't
 * parse is quarantined with the parser's reason; a parsed one becomes an {@link EventRecord} (normalised fields and
 * the parsed payload, its `hottok` redacted by the parser) plus one run per workflow that listens to its name and
 * whose filter passes, with the id `${workflowId}:${eventId}` (unique, so a redelivery can't create a second run).
 *
 * @example
 * import type { InboxRecord } from '../store/port.ts';
 * import { decideInboxRow } from './decide-inbox-row.ts';
 * import { defineWorkflow } from './workflow.ts';
 * declare const row: InboxRecord;
 * const welcome = defineWorkflow({ id: 'welcome', on: ['PURCHASE_APPROVED'] }, async () => null);
 * const decision = decideInboxRow(row, [welcome]);
 * if (decision.kind === 'event') console.log(decision.runs.map((run) => run.id)); // ['welcome:<event id>']
 */
export function decideInboxRow(
  row: InboxRecord,
  workflows: readonly WorkflowDefinition[],
  options: DecideOptions = {},
): DispatchDecision {
  const result = parseWebhook(row.body, row.contentType, { receivedAt: row.receivedAt });
  if (!result.ok) return { kind: 'quarantine', reason: quarantineReason(result.error) };

  const parsed = result.event;
  const normalized = normalizeWebhook(parsed);
  const event: EventRecord = {
    id: parsed.id,
    connectionId: row.connectionId,
    name: parsed.event,
    version: parsed.version,
    occurredAt: normalized.occurredAt,
    receivedAt: row.receivedAt,
    transaction: normalized.transaction ?? null,
    buyerEmail: normalized.buyer?.email ?? null,
    subscriberCode: normalized.subscriberCode ?? null,
    productId: normalized.product?.id ?? null,
    normalized: toPlainJson(normalized) as Record<string, unknown>,
    // JSON of the parsed event: the parser's toJSON prints `[redacted]` for any body `hottok` (reference §6.2).
    payload: toPlainJson(parsed),
    // Only hotpilot's reconciliation marks events so; a delivery claiming it is still just a flag on the event.
    reconciled: normalized.reconciled,
  };
  options.onEvent?.(event, parsed);
  const runs = runsForEvent(event, workflows, { ...options, now: options.now ?? row.receivedAt });
  return { kind: 'event', event, runs };
}

/**
 * The runs an event gets: one per workflow that listens to its name and whose filter passes, with the id
 * `${workflowId}:${eventId}`, the workflow-scoped concurrency key and `dueAt` = `options.now` (default: the event's
 * `receivedAt`). Pure and synchronous: the dispatcher calls it inside the store's transaction, and reconciliation
 * uses it for the synthetic events it inserts, so both give an event the same runs.
 *
 * @example
 * import type { EventRecord } from '../store/port.ts';
 * import { runsForEvent } from './decide-inbox-row.ts';
 * import { defineWorkflow } from './workflow.ts';
 * declare const event: EventRecord;
 * const welcome = defineWorkflow({ id: 'welcome', on: ['PURCHASE_APPROVED'] }, async () => null);
 * console.log(runsForEvent(event, [welcome]).map((run) => run.id));
 */
export function runsForEvent(
  event: EventRecord,
  workflows: readonly WorkflowDefinition[],
  options: Pick<DecideOptions, 'now' | 'onWorkflowError'> = {},
): NewRun[] {
  const dueAt = options.now ?? event.receivedAt;
  const runs: NewRun[] = [];
  for (const workflow of workflows) {
    if (!workflow.events.some((name) => name === event.name)) continue;
    if (
      workflow.filter &&
      !attempt(workflow, 'filter', () => workflow.filter?.(event) === true, false, options)
    )
      continue;
    const key = workflow.concurrencyKey
      ? attempt(workflow, 'concurrencyKey', () => workflow.concurrencyKey?.(event) ?? null, null, options)
      : null;
    runs.push({
      id: `${workflow.id}:${event.id}`,
      workflowId: workflow.id,
      eventId: event.id,
      connectionId: event.connectionId,
      // Scoped to the workflow: one buyer's runs of two different workflows may run side by side.
      concurrencyKey: typeof key === 'string' && key.length > 0 ? `${workflow.id}:${key}` : null,
      input: { eventId: event.id },
      maxAttempts: workflow.retries + 1,
      dueAt,
    });
  }
  return runs;
}

function attempt<T>(
  workflow: WorkflowDefinition,
  where: 'filter' | 'concurrencyKey',
  call: () => T,
  fallback: T,
  options: Pick<DecideOptions, 'onWorkflowError'>,
): T {
  try {
    return call();
  } catch (error) {
    options.onWorkflowError?.(workflow.id, where, error);
    return fallback;
  }
}

function quarantineReason(error: WebhookParseError): string {
  const at = error.path && error.path.length > 0 ? ` (at ${error.path.join('.')})` : '';
  return `${error.code}: ${error.message}${at}`;
}

function toPlainJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}
