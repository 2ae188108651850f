import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import { NonRetriableError } from '../../engine/errors.ts';
import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { type Clock, systemClock } from '../../kit/clock.ts';
import { type Logger, silentLogger } from '../../kit/logger.ts';
import type { EventRecord, NewRun, Store } from '../../store/port.ts';
import { fieldIssues } from '../errors.ts';
import { DEFAULT_DELIVERY_TIMEOUT_MS, deliverWebhook } from './deliver-webhook.ts';
import {
  DEFAULT_DISABLE_POLICY,
  type DisablePolicy,
  recordDead,
  recordDelivered,
} from './endpoint-health.ts';
import { eventTypeOf, matchesFilter } from './event-types.ts';
import { RETRY_SCHEDULE_MS, retryDelay } from './retry-schedule.ts';
import { webhookIdFor } from './sign-webhook.ts';
import { envelopeOf } from './webhook-envelope.ts';
import { signingSecrets, WebhookOutCredentials, WebhookOutSettings } from './webhook-out-connection.ts';

/**
 * The delivery workflow's id, and so the prefix of its run ids.
 *
 * @example
 * import { DELIVERY_WORKFLOW_ID } from './delivery-workflow.ts';
 * const runId = `${DELIVERY_WORKFLOW_ID}:erp:5f1d-77`;
 */
export const DELIVERY_WORKFLOW_ID = 'webhook-out';

/**
 * What the delivery workflow needs: the store (endpoints are `webhook-out` connections; failure counts live in its
 * state) and injected I/O. Everything else has a default.
 *
 * @example
 * import type { DeliveryWorkflowOptions } from './delivery-workflow.ts';
 * declare const store: DeliveryWorkflowOptions['store'];
 * const options: DeliveryWorkflowOptions = { store, disable: { deadDeliveries: 20 } };
 */
export interface DeliveryWorkflowOptions {
  store: Pick<
    Store,
    | 'listConnections'
    | 'getConnection'
    | 'getEvent'
    | 'createRuns'
    | 'updateConnection'
    | 'appendAudit'
    | 'getState'
    | 'setState'
  >;
  fetch?: typeof fetch;
  logger?: Logger;
  now?: Clock;
  /** Waits before each retry (default `RETRY_SCHEDULE_MS`: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  schedule?: readonly number[];
  /** Spread of each wait, as a fraction (default 0.1 = ±10 %). */
  jitter?: number;
  random?: () => number;
  /** When an endpoint is disabled (default: failing for 5 days or 100 dead deliveries in a row). */
  disable?: Partial<DisablePolicy>;
  /** Per-attempt HTTP timeout (default 15 s). */
  timeoutMs?: number;
  /**
   * Engine retries of a run whose code failed (the store unreachable, say) — not delivery attempts, which follow
   * `schedule` (default 10).
   */
  retries?: number;
}

/** What one attempt step stores (JSON): never a secret, never the receiver's answer body. */
type AttemptRecord =
  | { result: 'delivered'; status: number; at: number }
  | { result: 'skipped'; reason: string; at: number }
  | {
      result: 'failed';
      status: number;
      code: string;
      message: string;
      retryable: boolean;
      gone: boolean;
      retryAfterMs: number | null;
      at: number;
    };

/**
 * The outcome a delivery run completes with (its stored output).
 *
 * @example
 * import type { DeliveryResult } from './delivery-workflow.ts';
 * const done: DeliveryResult = { status: 'delivered', endpoint: 'crm', webhookId: 'webhook-out:crm:e1:deliver', attempts: 1 };
 */
export interface DeliveryResult {
  status: 'delivered' | 'dead' | 'skipped';
  endpoint: string;
  webhookId: string;
  attempts: number;
  httpStatus?: number;
  lastError?: string;
  reason?: string;
  endpointDisabled?: boolean;
}

/**
 * Delivers every stored Hotmart event to every enabled `webhook-out` endpoint whose `events` filter matches,
 * durably, on Standard Webhooks' retry schedule.
 *
 * How it runs on the engine: the workflow listens to every event, so the dispatcher gives each event one *fan-out*
 * run (`webhook-out:<eventId>`). Its single step lists the endpoints and creates one *delivery* run per matching
 * endpoint, `webhook-out:<endpoint>:<eventId>` (the store ignores ids it already has, so a repeated fan-out adds
 * nothing). A delivery run makes one `step.run` per attempt (`attempt-1` … `attempt-8`), with a `step.sleep` between
 * them, so every attempt and every wait is stored and survives restarts; a finished attempt never repeats. Every
 * attempt carries the same `webhook-id` (from the run's idempotency key) and a fresh `webhook-timestamp` and
 * signature. Before each attempt the endpoint is re-read: deleted, disabled or no longer subscribed ⇒ the run ends
 * as `skipped`.
 *
 * 2xx delivers and resets the endpoint's failure count. A 4xx other than 408/409/429 ends the delivery at once
 * (retrying can't help); 410 Gone also disables the endpoint. When every attempt failed the delivery is `dead`:
 * the endpoint's count (`webhook-out:failures:<endpoint>` in the state store) grows, and the endpoint is disabled
 * per `DisablePolicy`. A dead delivery is a completed run with `status: 'dead'` in its output (the engine's `dead`
 * status is kept for runs whose code failed), and can be sent again with a whole replay.
 *
 * @example
 * import { createEngine } from '../../engine/engine.ts';
 * import { deliveryWorkflow } from './delivery-workflow.ts';
 * declare const store: import('../../store/port.ts').Store;
 * const engine = createEngine({ store, workflows: [deliveryWorkflow({ store })] });
 * await engine.start();
 */
export function deliveryWorkflow(options: DeliveryWorkflowOptions): WorkflowDefinition {
  const { store } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const logger = (options.logger ?? silentLogger).child({ workflow: DELIVERY_WORKFLOW_ID });
  const now = options.now ?? systemClock;
  const schedule = options.schedule ?? RETRY_SCHEDULE_MS;
  const jitter = options.jitter ?? 0.1;
  const random = options.random ?? Math.random;
  const policy: DisablePolicy = { ...DEFAULT_DISABLE_POLICY, ...options.disable };
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const retries = options.retries ?? 10;
  if (schedule.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw new TypeError('deliveryWorkflow: schedule delays must be finite numbers of ms ≥ 0');
  }
  if (!(jitter >= 0 && jitter < 1)) throw new TypeError('deliveryWorkflow: jitter must be in [0, 1)');

  async function fanOut(event: EventRecord, step: StepTools): Promise<{ endpoints: string[] }> {
    const endpoints = await step.run('fan-out', async () => {
      const type = eventTypeOf(event.name);
      const targets: string[] = [];
      for (const connection of await store.listConnections({ kind: 'webhook-out' })) {
        const settings = WebhookOutSettings.safeParse(connection.settings);
        if (!settings.success) {
          logger.warn(
            { endpoint: connection.id, issues: fieldIssues('settings', settings.error).map((i) => i.path) },
            'webhook endpoint has invalid settings; skipped',
          );
          continue;
        }
        if (!settings.data.disabled && matchesFilter(settings.data.events, type)) targets.push(connection.id);
      }
      targets.sort();
      const at = now();
      const runs: NewRun[] = targets.map((endpoint) => ({
        id: `${DELIVERY_WORKFLOW_ID}:${endpoint}:${event.id}`,
        workflowId: DELIVERY_WORKFLOW_ID,
        // Not the event id: the store keeps one run per (workflow, event) — the fan-out's. A delivery run finds its
        // event through its own id instead (`parseDeliveryRunId`).
        eventId: null,
        connectionId: event.connectionId,
        concurrencyKey: null,
        input: { eventId: event.id, endpoint },
        maxAttempts: retries + 1,
        dueAt: at,
      }));
      if (runs.length > 0) await store.createRuns(runs, at);
      return targets;
    });
    return { endpoints };
  }

  async function attempt(
    endpointId: string,
    type: string,
    body: string,
    webhookId: string,
    signal: AbortSignal,
  ): Promise<AttemptRecord> {
    const connection = await store.getConnection(endpointId);
    if (connection?.kind !== 'webhook-out') {
      return { result: 'skipped', reason: 'the endpoint was deleted', at: now() };
    }
    const credentials = WebhookOutCredentials.safeParse(connection.credentials);
    const settings = WebhookOutSettings.safeParse(connection.settings);
    if (!credentials.success || !settings.success) {
      // A configuration someone can fix: counted as a failed attempt, so the schedule gives them time.
      const fields = [
        ...(credentials.success ? [] : fieldIssues('credentials', credentials.error)),
        ...(settings.success ? [] : fieldIssues('settings', settings.error)),
      ].map((issue) => issue.path);
      return {
        result: 'failed',
        status: 0,
        code: 'INVALID_CONFIGURATION',
        message: `the endpoint's configuration is invalid: ${[...new Set(fields)].join(', ')}`,
        retryable: true,
        gone: false,
        retryAfterMs: null,
        at: now(),
      };
    }
    if (settings.data.disabled) return { result: 'skipped', reason: 'the endpoint is disabled', at: now() };
    if (!matchesFilter(settings.data.events, type)) {
      return { result: 'skipped', reason: `the endpoint no longer subscribes to ${type}`, at: now() };
    }
    const outcome = await deliverWebhook({
      url: settings.data.url,
      secrets: signingSecrets(credentials.data),
      webhookId,
      body,
      fetch: fetchFn,
      now,
      timeoutMs,
      signal,
    });
    if (outcome.ok) return { result: 'delivered', status: outcome.status, at: now() };
    return {
      result: 'failed',
      status: outcome.status,
      code: outcome.code,
      message: outcome.message,
      retryable: outcome.retryable,
      gone: outcome.gone,
      retryAfterMs: outcome.retryAfterMs ?? null,
      at: now(),
    };
  }

  async function deliver(
    eventId: string,
    endpointId: string,
    runId: string,
    step: StepTools,
  ): Promise<DeliveryResult> {
    const webhookId = webhookIdFor(step.idempotencyKey('deliver'));
    // The message is fixed once: every attempt sends the same bytes (only the timestamp and signature change), and
    // the event is read only here, so a delivery still in its retry schedule outlives the event's retention.
    const message = await step.run('message', async () => {
      const event = await store.getEvent(eventId);
      if (!event)
        throw new NonRetriableError(`event ${eventId} not found (pruned?)`, { code: 'EVENT_NOT_FOUND' });
      const envelope = envelopeOf(event);
      return { type: envelope.type, body: JSON.stringify(envelope) };
    });
    const log = logger.child({ endpoint: endpointId, eventId, webhookId });
    let firstAt: number | undefined;
    let last: Extract<AttemptRecord, { result: 'failed' }> | undefined;
    let made = 0;

    for (let n = 1; n <= schedule.length + 1; n++) {
      if (n > 1 && last) {
        const scheduled = schedule[n - 2] ?? 0;
        const wait = retryDelay(scheduled, { jitter, random, retryAfterMs: last.retryAfterMs ?? undefined });
        await step.sleep(`wait-${n}`, wait);
      }
      const record = await step.run(`attempt-${n}`, ({ signal }) =>
        attempt(endpointId, message.type, message.body, webhookId, signal),
      );
      if (record.result === 'skipped') {
        log.info({ reason: record.reason, attempts: made }, 'webhook delivery skipped');
        return { status: 'skipped', endpoint: endpointId, webhookId, attempts: made, reason: record.reason };
      }
      made = n;
      firstAt ??= record.at;
      if (record.result === 'delivered') {
        await step.run('record-delivered', () => recordDelivered(store, endpointId, now()));
        log.info({ attempts: n, status: record.status }, 'webhook delivered');
        return {
          status: 'delivered',
          endpoint: endpointId,
          webhookId,
          attempts: n,
          httpStatus: record.status,
        };
      }
      last = record;
      const final = !record.retryable || n === schedule.length + 1;
      log.warn(
        { attempt: n, status: record.status, code: record.code, final },
        final ? 'webhook delivery failed for good' : 'webhook delivery attempt failed; will retry',
      );
      if (!record.retryable) break;
    }

    const failure = last as Extract<AttemptRecord, { result: 'failed' }>;
    const verdict = await step.run('record-dead', () =>
      recordDead(
        store,
        {
          endpointId,
          runId,
          firstAttemptAt: firstAt ?? now(),
          lastError: failure.status > 0 ? `${failure.code} (${failure.status})` : failure.code,
          gone: failure.gone,
        },
        policy,
        now(),
        log,
      ),
    );
    return {
      status: 'dead',
      endpoint: endpointId,
      webhookId,
      attempts: made,
      ...(failure.status > 0 ? { httpStatus: failure.status } : {}),
      lastError: failure.message,
      endpointDisabled: verdict.disabled,
      ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
    };
  }

  return defineWorkflow(
    {
      id: DELIVERY_WORKFLOW_ID,
      on: HOTMART_EVENT_NAMES,
      retries,
      description: 'Delivers stored Hotmart events to outbound webhook endpoints (Standard Webhooks).',
    },
    async ({ event, step, run }) => {
      // The dispatcher's run for an event carries it: that is the fan-out. Delivery runs carry none (see fanOut).
      const stored = event as EventRecord | null;
      if (stored) return fanOut(stored, step);
      const target = parseDeliveryRunId(run.id);
      if (!target)
        throw new NonRetriableError(`run ${run.id} is not a webhook-out delivery`, { code: 'UNKNOWN_RUN' });
      return deliver(target.eventId, target.endpointId, run.id, step);
    },
  );
}

/**
 * The endpoint and event of a delivery run id, `webhook-out:<endpoint>:<eventId>`. Connection ids never contain a
 * `:` (they are URL-safe), so the endpoint ends at the first one; the event id is the rest.
 *
 * @example
 * import { parseDeliveryRunId } from './delivery-workflow.ts';
 * parseDeliveryRunId('webhook-out:erp:5f1d-77'); // { endpointId: 'erp', eventId: '5f1d-77' }
 */
export function parseDeliveryRunId(runId: string): { endpointId: string; eventId: string } | null {
  const prefix = `${DELIVERY_WORKFLOW_ID}:`;
  if (!runId.startsWith(prefix)) return null;
  const rest = runId.slice(prefix.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return null;
  return { endpointId: rest.slice(0, colon), eventId: rest.slice(colon + 1) };
}
