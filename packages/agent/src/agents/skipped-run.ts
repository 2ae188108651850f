/**
 * The output of an agent's run that had nothing to do (agent turned off, a duplicate delivery, a cart already
 * paid for…). Such runs complete normally but earn no time-saved credit.
 *
 * @example
 * import type { SkippedRun } from './skipped-run.ts';
 * const output: SkippedRun = { skipped: 'agent disabled' };
 */
export interface SkippedRun {
  skipped: string;
  [detail: string]: unknown;
}

/**
 * Builds a {@link SkippedRun} output with its reason and optional details.
 *
 * @example
 * import { skippedRun } from './skipped-run.ts';
 * skippedRun('duplicate delivery', { transaction: 'HP123' }); // { skipped: 'duplicate delivery', transaction: 'HP123' }
 */
export function skippedRun(reason: string, details: Record<string, unknown> = {}): SkippedRun {
  return { ...details, skipped: reason };
}

/**
 * Whether a run's stored output says it was skipped.
 *
 * @example
 * import { isSkippedRun } from './skipped-run.ts';
 * isSkippedRun({ skipped: 'agent disabled' }); // true
 * isSkippedRun({ dealId: '42' }); // false
 */
export function isSkippedRun(output: unknown): output is SkippedRun {
  return (
    typeof output === 'object' &&
    output !== null &&
    typeof (output as { skipped?: unknown }).skipped === 'string'
  );
}
