import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineMetrics, RunOutcome } from '../engine/metrics.ts';
import type { QueueDepth } from '../store/port.ts';

/**
 * How one webhook delivery ended, the label of `hotpilot_webhook_deliveries_total`.
 *
 * @example
 * import { INGEST_OUTCOMES } from './metrics.ts';
 * INGEST_OUTCOMES.includes('unauthorized'); // true
 */
export const INGEST_OUTCOMES = [
  'stored',
  'duplicate',
  'quarantined',
  'unauthorized',
  'not_found',
  'too_large',
  'bad_request',
  'error',
] as const;
/**
 * One of {@link INGEST_OUTCOMES}.
 *
 * @example
 * import type { IngestOutcome } from './metrics.ts';
 * const outcome: IngestOutcome = 'duplicate';
 */
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

const QUEUES: readonly [keyof QueueDepth, string][] = [
  ['inboxPending', 'inbox_pending'],
  ['runsQueued', 'runs_queued'],
  ['runsRunning', 'runs_running'],
  ['runsSleeping', 'runs_sleeping'],
  ['runsDead', 'runs_dead'],
];

/**
 * Options of `createMetrics`.
 *
 * @example
 * import type { MetricsOptions } from './metrics.ts';
 * const options: MetricsOptions = { queueDepth: async () => ({ inboxPending: 0, runsQueued: 0, runsRunning: 0, runsSleeping: 0, runsDead: 0 }) };
 */
export interface MetricsOptions {
  /** Read on every scrape for the queue-depth gauges (usually `() => store.queueDepth()`). */
  queueDepth?: () => Promise<QueueDepth>;
  /** Node process metrics (CPU, memory, event-loop lag, GC); default true. */
  processMetrics?: boolean;
}

/**
 * The Prometheus metrics of one hotpilot process, in its own registry (several instances can live in one test).
 *
 * @example
 * import { createMetrics } from './metrics.ts';
 * const metrics = createMetrics();
 * metrics.ingest('stored', 3.2);
 * const text = await metrics.registry.metrics();
 */
export interface HotpilotMetrics {
  readonly registry: Registry;
  /** Handed to `createEngine({ metrics })`. */
  readonly engine: EngineMetrics;
  /** Counts one webhook delivery; `ms` (time to answer) feeds the ack histogram for acknowledged deliveries. */
  ingest(outcome: IngestOutcome, ms?: number): void;
  /** Prometheus text exposition of every metric. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * Builds the registry: webhook deliveries by outcome, ack latency, queue depths read from the store on scrape, run
 * outcomes, step durations and dispatch counts (through the `engine` adapter), plus Node process metrics.
 *
 * @example
 * import { createMetrics } from './metrics.ts';
 * const metrics = createMetrics({ queueDepth: () => store.queueDepth() });
 * const engine = createEngine({ store, workflows, metrics: metrics.engine });
 */
export function createMetrics(options: MetricsOptions = {}): HotpilotMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const deliveries = new Counter({
    name: 'hotpilot_webhook_deliveries_total',
    help: 'Webhook deliveries received, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: 'hotpilot_webhook_ack_duration_ms',
    help: 'Time from request to acknowledgement (after the durable commit) of accepted deliveries, in milliseconds.',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [registry],
  });
  const queueDepth = options.queueDepth;
  new Gauge({
    name: 'hotpilot_queue_depth',
    help: 'Rows waiting in each queue, read from the store on scrape.',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      if (!queueDepth) return;
      try {
        const current = await queueDepth();
        for (const [key, label] of QUEUES) this.set({ queue: label }, current[key]);
      } catch {
        // A scrape must not fail because the database is down: /readyz reports that. Stale numbers would lie.
        this.reset();
      }
    },
  });
  const runs = new Counter({
    name: 'hotpilot_runs_finished_total',
    help: 'Run attempts finished, by workflow and outcome.',
    labelNames: ['workflow', 'outcome'] as const,
    registers: [registry],
  });
  const steps = new Histogram({
    name: 'hotpilot_step_duration_ms',
    help: 'Step durations, by workflow, step and success, in milliseconds.',
    labelNames: ['workflow', 'step', 'ok'] as const,
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000],
    registers: [registry],
  });
  const dispatched = new Counter({
    name: 'hotpilot_dispatched_total',
    help: 'Inbox rows dispatched, by outcome (event created or quarantined).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  // Children are resolved once: label lookup hashes the label set, which is measurable at 20k deliveries/s.
  const byOutcome = new Map(INGEST_OUTCOMES.map((outcome) => [outcome, deliveries.labels(outcome)] as const));
  // Every outcome is exported from the start (at 0), so rate() and alerts work before the first failure happens.
  for (const counter of byOutcome.values()) counter.inc(0);

  const engine: EngineMetrics = {
    runFinished(workflowId: string, outcome: RunOutcome) {
      runs.inc({ workflow: workflowId, outcome });
    },
    stepFinished(workflowId: string, stepId: string, ms: number, ok: boolean) {
      steps.observe({ workflow: workflowId, step: stepId, ok: ok ? 'true' : 'false' }, ms);
    },
    dispatched(outcome: 'event' | 'quarantine', n: number) {
      dispatched.inc({ outcome }, n);
    },
  };

  return {
    registry,
    engine,
    ingest(outcome, ms) {
      byOutcome.get(outcome)?.inc();
      if (
        ms !== undefined &&
        (outcome === 'stored' || outcome === 'duplicate' || outcome === 'quarantined')
      ) {
        ackLatency.observe(ms);
      }
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
