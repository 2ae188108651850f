/**
 * How a claimed run's attempt ended, as seen by the worker that ran it (`lost`: the lease moved on, or the outcome
 * could not be written; the run is someone else's now).
 *
 * @example
 * import type { RunOutcome } from './metrics.ts';
 * const failed = (outcome: RunOutcome) => outcome === 'retry' || outcome === 'dead';
 */
export type RunOutcome = 'completed' | 'retry' | 'dead' | 'sleeping' | 'cancelled' | 'lost';

/**
 * Counters the engine reports; the server adapts them to Prometheus. Every method is optional.
 *
 * @example
 * import type { EngineMetrics } from './metrics.ts';
 * const metrics: EngineMetrics = {
 *   runFinished: (workflowId, outcome) => console.log(workflowId, outcome),
 * };
 */
export interface EngineMetrics {
  runFinished?(workflowId: string, outcome: RunOutcome): void;
  stepFinished?(workflowId: string, stepId: string, ms: number, ok: boolean): void;
  dispatched?(outcome: 'event' | 'quarantine', n: number): void;
}
